package io.diamondmaps.spark;

import io.diamondmaps.bench.ProgressReporter;
import io.diamondmaps.bench.Report;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SparkBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void aTinyBatchRunsOnEveryRunnerWithTheSameBytes() throws IOException {
        Report report = SparkBenchmark.run(new SparkBenchmark.Config(3, 20, 1, dir), ProgressReporter.SILENT);
        assertEquals(List.of(dir.resolve("spark.md")), report.files());
        String text = Files.readString(dir.resolve("spark.md"));
        assertTrue(text.contains("byte-identical to the warm-up's: yes"), text);
        for (String runner : SparkBenchmark.RUNNERS) {
            assertTrue(report.tables().contains("| " + runner), runner);
        }
    }
}
