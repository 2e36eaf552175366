package io.diamondmaps.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.Fixtures;
import io.diamondmaps.data.SampleCsv;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.util.AtomicFiles;
import io.diamondmaps.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkedTest {
    private static final GaussianMixture GMM = Fixtures.mixture2d();

    @TempDir
    Path dir;

    /** A deterministic sampler draws its noise in order from one Rng: any chunking gives the same samples. */
    @Test
    void chunkedOdeSamplesEqualOneShotSamples() throws IOException {
        try (NDManager m = Fixtures.manager()) {
            NDArray whole = ode(m, 50, Rng.of(3));
            List<NDArray> parts = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            Rng rng = Rng.of(3);
            Chunked.run(m, 50, 16, (scope, rows) -> ode(scope, rows, rng), chunk -> {
                sizes.add((int) chunk.getShape().get(0));
                NDArray kept = chunk.duplicate();
                kept.attach(m);
                parts.add(kept);
            });
            assertEquals(List.of(16, 16, 16, 2), sizes);
            assertArrayEquals(whole.toDoubleArray(), NDArrays.concat(new NDList(parts)).toDoubleArray(), 0);
        }
    }

    /** Each chunk's scope closes once the sink has it: memory does not grow with the number of samples. */
    @Test
    void everyChunkIsFreedAfterItsSink() throws IOException {
        try (NDManager m = Fixtures.manager()) {
            List<NDArray> seen = new ArrayList<>();
            Rng rng = Rng.of(1);
            Chunked.run(m, 40, 10, (scope, rows) -> ode(scope, rows, rng), chunk -> {
                assertFalse(chunk.isReleased());
                seen.add(chunk);
            });
            assertEquals(4, seen.size());
            assertTrue(seen.stream().allMatch(NDArray::isReleased));
        }
    }

    /** A run that fails after writing some chunks leaves the earlier file as it was (the CLI streams this way). */
    @Test
    void aRunThatFailsMidwayKeepsTheEarlierFile() throws IOException {
        Path out = dir.resolve("samples.csv");
        Files.writeString(out, "earlier\n");
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(1);
            IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(out, stream -> {
                SampleCsv.Rows rows = new SampleCsv.Rows(stream);
                Chunked.run(m, 30, 10, (scope, n) -> {
                    if (rows.count() >= 20) {
                        throw new IOException("the model failed");
                    }
                    return ode(scope, n, rng);
                }, rows::append);
            }));
            assertTrue(e.getMessage().contains("the model failed"), e.getMessage());
        }
        assertEquals("earlier\n", Files.readString(out));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void defaultChunkHoldsAboutTwoToTheSeventeenValues() {
        assertEquals(2048, Chunked.defaultRows(new Shape(2)));
        assertEquals(167, Chunked.defaultRows(new Shape(1, 28, 28)));
        assertEquals(1, Chunked.defaultRows(new Shape(3, 512, 512)));
    }

    private static NDArray ode(NDManager manager, int rows, Rng rng) {
        NDArray x0 = Generation.noise(manager, new Shape(rows, 2), DataType.FLOAT64, rng);
        return Generation.ode(GMM, x0, 4, OdeSolver.HEUN);
    }
}
