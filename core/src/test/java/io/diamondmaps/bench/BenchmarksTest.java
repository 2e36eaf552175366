package io.diamondmaps.bench;

import ai.djl.Device;
import io.diamondmaps.util.Devices;
import io.diamondmaps.align.Guidance;
import io.diamondmaps.data.FashionMnist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every experiment of the {@code bench} package on a tiny configuration, without the command line. */
class BenchmarksTest {
    /** The engine's default device, as a command without --device gets. */
    private static final Device DEVICE = Devices.named(null);
    /** The committed Fashion-MNIST models, read from the repository root (the tests' working directory). */
    private static final Path MODELS = Path.of("models");

    @TempDir
    Path dir;

    private static void assertWrote(Report report, int files) throws IOException {
        assertEquals(files, report.files().size(), report.files().toString());
        for (Path f : report.files()) {
            assertTrue(Files.size(f) > 100, f + " is empty");
        }
        assertTrue(report.markdown().contains(Files.readString(report.files().get(0))), "the first file is the report");
    }

    /** The rows of a Markdown table whose first cell starts with {@code label}. */
    private static long rows(String table, String label) {
        return table.lines().filter(l -> l.startsWith("| " + label)).count();
    }

    @Test
    void mixtureDemoComparesEverySamplerAndAligner() throws IOException {
        Report r = MixtureDemo.run(new MixtureDemo.Config(200, 3, dir), DEVICE, ProgressReporter.SILENT);
        assertWrote(r, 4);
        assertEquals(MixtureDemo.recipes().size(), rows(r.tables(), "ODE") + rows(r.tables(), "DDPM")
                + rows(r.tables(), "glass") + rows(r.tables(), "early-stop") + rows(r.tables(), "diamond"));
        assertTrue(r.tables().contains("SMC, Diamond values") && r.tables().contains("SIR, 16 candidates"));
    }

    @Test
    void alignBenchmarkRunsEveryMethodUpToTheBudget() throws IOException {
        Report r = AlignBenchmark.run(new AlignBenchmark.Config(30, 5, dir, 8), DEVICE, ProgressReporter.SILENT);
        assertWrote(r, 2);
        // Per problem: the floor, best-of-N, SIR and six SMC rows at 4; four guidance rows at 8.
        assertEquals(4 * 13, r.tables().lines().filter(l -> l.contains("ring") || l.contains("8-D")).count());
        assertTrue(r.markdown().contains("--max-budget 8"));
    }

    @Test
    void diamondBenchmarkDistilsAndCountsEvaluations() throws IOException {
        Report r = DiamondBenchmark.run(new DiamondBenchmark.Config(50, 10, null, 5, dir), DEVICE, ProgressReporter.SILENT);
        assertWrote(r, 2);
        // NFE per draw is counted: midpoint with 4 steps makes 8 velocity calls per draw, 2 Diamond jumps 2.
        assertTrue(r.tables().lines().anyMatch(l -> l.contains("GLASS midpoint 4") && l.contains("| 8 ")),
                r.tables());
        assertTrue(r.tables().lines().anyMatch(l -> l.contains("Diamond 2 ") && l.contains("| 2 ")), r.tables());
    }

    /** One Diamond Map per balance and mixture; every one-call row carries its ratio to GLASS-8's distance. */
    @Test
    void rareModeBenchmarkComparesEveryBalanceWithGlass() throws IOException {
        Report r = RareModeBenchmark.run(new RareModeBenchmark.Config(50, 1, 10, new double[] {0, 1}, 5, dir), DEVICE,
                ProgressReporter.SILENT);
        assertWrote(r, 1);
        assertEquals(2 * 2 * 2, r.tables().lines().filter(l -> l.contains("Diamond, 1 call, balance")).count(),
                r.tables());
        assertTrue(r.tables().lines().anyMatch(l -> l.contains("GLASS Euler 8") && l.contains("| 1.0000 ")),
                r.tables());
    }

    /** The suite's problems each get a row, and every method a summary row per half. */
    @Test
    void defaultsBenchmarkReportsBothHalves() throws IOException {
        // align's defaults, made cheap: two steps, one inner step, one posterior draw.
        DefaultsBenchmark.SpecSource specs = options -> {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--steps", "2", "--inner-steps",
                    "1", "--mc-samples", "1"));
            args.addAll(java.util.List.of(options));
            return io.diamondmaps.cli.DefaultsBenchmarkSpecs.spec(args.toArray(String[]::new));
        };
        Report r = DefaultsBenchmark.run(new DefaultsBenchmark.Config(2, 1, 40, 5, dir), specs, DEVICE,
                ProgressReporter.SILENT);
        assertWrote(r, 1);
        assertEquals(2, r.tables().lines().filter(l -> l.startsWith("| #")).count(), r.tables());
        assertEquals(6, r.tables().lines().filter(l -> l.contains("| tuning ") || l.contains("| held out "))
                .filter(l -> !l.startsWith("| #")).count(), r.tables());
    }

    /** Every schedule, solver and step count is a row with the three grids; the reference limit is named. */
    @Test
    void timeGridBenchmarkComparesTheThreeGridsOnEverySchedule() throws IOException {
        Report r = TimeGridBenchmark.run(new TimeGridBenchmark.Config(50, new int[] {2, 4}, 5, dir), DEVICE,
                ProgressReporter.SILENT);
        assertWrote(r, 1);
        assertEquals(2 * TimeGridBenchmark.SCHEDULES.size() * 2 * 2, r.tables().lines().filter(l -> l.contains("| euler")
                || l.contains("| heun")).count(), r.tables());
        assertTrue(r.markdown().contains("Lowest gap, counted over all rows"), r.markdown());
    }

    /**
     * The performance benchmark measures every row on a tiny run; the numpy reference column is filled where
     * python3 with numpy is installed and reads n/a otherwise (a missing script stands for that here).
     */
    @Test
    void performanceBenchmarkMeasuresEveryRow() throws Exception {
        Report r = PerformanceBenchmark.run(new PerformanceBenchmark.Config(3000, 1000, List.of(256, 0), 500, 1,
                dir.resolve("absent.py"), dir), ProgressReporter.SILENT);
        assertWrote(r, 1);
        assertEquals(4, rows(r.tables(), "flow-map sampling") + rows(r.tables(), "the same, written")
                + rows(r.tables(), "GLASS posterior") + rows(r.tables(), "U-Net forward"));
        assertEquals(2, rows(r.tables(), "256") + rows(r.tables(), "all 1000"), r.tables());
        assertTrue(r.tables().contains("n/a"), r.tables());
        assertTrue(r.markdown().contains("GFLOP/s"), r.markdown());
        assertFalse(r.tables().contains("Infinity") || r.tables().contains("NaN"), r.tables());
    }

    @Test
    void imageSamplingBenchmarkScoresFlowMapAndDiamondSamples() throws IOException {
        Report r = ImageSamplingBenchmark.run(new ImageSamplingBenchmark.Config(MODELS.resolve(ImageDemo.FLOW_MAP),
                MODELS.resolve(ImageDemo.DIAMOND), MODELS.resolve(ImageDemo.CLASSIFIER),
                new FashionMnist.ShippedSubset(), 12, 3, dir), DEVICE, ProgressReporter.SILENT);
        // The report, four flow-map grids, the ODE's and six Diamond grids.
        assertWrote(r, 12);
        assertTrue(r.markdown().contains("subset shipped with Diamond"), r.markdown());
    }

    @Test
    void imageAlignmentBenchmarkRunsEveryTask() throws Exception {
        Report r = ImageAlignBenchmark.run(new ImageAlignBenchmark.Config(MODELS.resolve(ImageDemo.FLOW_MAP).toString(),
                MODELS.resolve(ImageDemo.DIAMOND), MODELS.resolve(ImageDemo.CLASSIFIER),
                new FashionMnist.ShippedSubset(), ImageAlignBenchmark.TASKS, 1, 2, 1, 2, 2, 2, Guidance.Scale.AUTO,
                1, 2, 4, 3, dir), DEVICE, ProgressReporter.SILENT);
        assertWrote(r, 4);
        for (String section : List.of("Posterior draws", "Class reward", "Inpainting", "Super-resolution",
                "KD to class k", "MSE / MSE of mean", "paper protocol: guidance, Diamond values (M=1)",
                "paper protocol: guidance, Weighted Diamond values (K=1)")) {
            assertTrue(r.markdown().contains(section), section);
        }
    }

    @Test
    void trainingThroughputBenchmarkTimesBothNetworks() throws IOException {
        Report r = TrainingThroughputBenchmark.run(new TrainingThroughputBenchmark.Config(2, List.of(8),
                List.of("mlp", "unet"), dir),
                DEVICE, ProgressReporter.SILENT);
        assertWrote(r, 1);
        assertEquals(2, rows(r.tables(), "mlp"));
        assertEquals(2, rows(r.tables(), "unet"));
    }
}
