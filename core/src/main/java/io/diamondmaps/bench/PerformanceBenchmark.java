package io.diamondmaps.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.diamondmaps.data.SampleCsv;
import io.diamondmaps.eval.MarkdownTable;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.model.CountingVelocityField;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.model.PosteriorSampler;
import io.diamondmaps.model.load.ModelBundle;
import io.diamondmaps.model.neural.Convolution;
import io.diamondmaps.model.neural.MapMlp;
import io.diamondmaps.model.neural.UNet;
import io.diamondmaps.sample.Chunked;
import io.diamondmaps.sample.OdeSolver;
import io.diamondmaps.sample.PosteriorSpec;
import io.diamondmaps.sample.Samplers;
import io.diamondmaps.util.AtomicFiles;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Rng;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Inference speed and memory of the default 2-D MLP (width 256, 3 residual layers), measured as ratios against
 * references run side by side in the same process or on the same machine at the same time: the same forward math in
 * numpy ({@code bench/numpy_mlp.py}, run between the repeats), and the machine's matrix-product speed. Absolute
 * times on shared machines are noise; the ratios are what the report is for. Writes performance.md.
 */
public final class PerformanceBenchmark {
    /** Multiply-adds of one row through the MLP: in (4 → 256), three 256 × 256 layers, out (256 → 2). */
    private static final double MLP_FLOPS_PER_ROW = 2.0 * (4 * 256 + 3 * 256 * 256 + 256 * 2);
    private static final int JUMPS = 8;
    private static final int GLASS_INNER_STEPS = 8;
    private static final int UNET_BATCH = 64;

    /**
     * @param n samples of the flow-map sampling row (the 400,000)
     * @param sweepN samples of each chunk-size row
     * @param chunks chunk sizes of the sweep; 0 means all samples at once (no chunking)
     * @param posteriorN draws of the GLASS posterior row
     * @param repeats interleaved repeats of each measured pair (the median ratio is reported)
     * @param numpyScript the numpy reference, or null to skip it
     * @param outDir output folder
     */
    public record Config(long n, long sweepN, List<Integer> chunks, long posteriorN, int repeats, Path numpyScript,
            Path outDir) {
        public Config {
            Checks.positive("samples", n);
            Checks.positive("sweep samples", sweepN);
            Checks.positive("posterior draws", posteriorN);
            Checks.positive("repeats", repeats);
            chunks = List.copyOf(chunks);
        }

        /** The full run: 400,000 samples, a sweep over 100,000, three repeats. */
        public static Config standard(Path numpyScript, Path outDir) {
            return new Config(400_000, 100_000, List.of(256, 512, 1024, 2048, 4096, 16384, 0), 50_000, 3, numpyScript,
                    outDir);
        }
    }

    /** One timed run: seconds, network rows evaluated and the process's peak resident memory during it. */
    private record Timing(double seconds, long rows, double peakRssMb) {
        double microsPerRow() {
            return 1e6 * seconds / rows;
        }
    }

    private PerformanceBenchmark() {
    }

    public static Report run(Config config, ProgressReporter progress) throws IOException, InterruptedException {
        Interpolant ip = Interpolant.byName("linear");
        StringBuilder notes = new StringBuilder();
        MarkdownTable speed = new MarkdownTable("what", "Diamond (s)", "reference (s)", "ratio Diamond / reference",
                "Diamond µs per network row", "Diamond GFLOP/s", "peak RSS during the run (MB)");
        MarkdownTable sweep = new MarkdownTable("chunk (samples)", "s", "µs per network row", "GFLOP/s",
                "peak RSS during the run (MB)");
        try (NDManager m = NDManager.newBaseManager()) {
            MapMlp net = new MapMlp(new MapMlp.Config(2, 256, 3), ip, m);
            ModelBundle model = ModelBundle.of(net, "MLP 256x3 (fresh weights: the cost does not depend on them)");
            double peakGflops = matrixProductGflops(m);
            notes.append(String.format(java.util.Locale.ROOT, "Matrix-product peak of this machine (2048 × 2048 "
                    + "float32 products through DJL): %.1f GFLOP/s.%n", peakGflops));

            List<Double> ratios = new ArrayList<>();
            Timing best = null;
            Double numpyBest = null;
            for (int r = 0; r < config.repeats(); r++) {
                Double numpy = numpySeconds(config, config.n(), 8192);
                Timing diamond = flowMapSampling(m, model, config.n(), Chunked.defaultRows(new Shape(2)), null);
                progress.log(String.format("flow-map sampling, repeat %d: Diamond %.2f s, numpy %s", r + 1,
                        diamond.seconds(), numpy == null ? "n/a" : String.format("%.2f s", numpy)));
                if (numpy != null) {
                    ratios.add(diamond.seconds() / numpy);
                    numpyBest = numpyBest == null ? numpy : Math.min(numpyBest, numpy);
                }
                best = best == null || diamond.seconds() < best.seconds() ? diamond : best;
            }
            speed.row("flow-map sampling, " + JUMPS + " jumps, " + config.n() + " samples (network math)",
                    best.seconds(), numpyBest == null ? "n/a" : numpyBest, ratios.isEmpty() ? "n/a" : median(ratios),
                    best.microsPerRow(),
                    gflops(best), best.peakRssMb());

            Path csv = Files.createTempFile("diamond-perf", ".csv");
            try {
                Timing withCsv = flowMapSampling(m, model, config.n(), Chunked.defaultRows(new Shape(2)), csv);
                speed.row("the same, written to a CSV as it goes (`diamond sample`)", withCsv.seconds(),
                        numpyBest == null ? "n/a" : numpyBest,
                        numpyBest == null ? "n/a" : withCsv.seconds() / numpyBest,
                        withCsv.microsPerRow(), gflops(withCsv), withCsv.peakRssMb());
            } finally {
                Files.deleteIfExists(csv);
            }

            Timing glass = glassPosterior(m, model, ip, config.posteriorN());
            double numpyRow = numpyBest == null ? Double.NaN : 1e6 * numpyBest / (config.n() * JUMPS);
            speed.row("GLASS posterior x₁ | x_t, " + GLASS_INNER_STEPS + " midpoint inner steps, "
                    + config.posteriorN() + " draws", glass.seconds(), numpyBest == null ? "n/a"
                    : String.format(java.util.Locale.ROOT, "%.4f µs per row", numpyRow),
                    numpyBest == null ? "n/a" : glass.microsPerRow() / numpyRow, glass.microsPerRow(), gflops(glass),
                    glass.peakRssMb());
            progress.log(String.format("GLASS posterior: %.2f s, %.3f µs per network row", glass.seconds(),
                    glass.microsPerRow()));

            ProcessMemory.resetPeak();
            double[] unet = unetForwardAndConvolutions(m, ip);
            speed.row("U-Net forward, batch " + UNET_BATCH + " (Fashion-MNIST U-Net, base 16); reference: its "
                    + "convolutions alone", unet[0], unet[1], unet[0] / unet[1], 1e6 * unet[0] / UNET_BATCH,
                    unet[2] / unet[0] / 1e9, ProcessMemory.peakRssMb());
            progress.log(String.format("U-Net forward: %.4f s, its convolutions alone %.4f s", unet[0], unet[1]));

            for (int chunk : config.chunks()) {
                int rows = chunk == 0 ? Math.toIntExact(config.sweepN()) : chunk;
                Timing t = flowMapSampling(m, model, config.sweepN(), rows, null);
                sweep.row(chunk == 0 ? "all " + config.sweepN() + " at once" : chunk, t.seconds(), t.microsPerRow(),
                        gflops(t), t.peakRssMb());
                progress.log(String.format("chunk %s: %.2f s", chunk == 0 ? "all" : chunk, t.seconds()));
            }
            notes.append(String.format(java.util.Locale.ROOT, "The MLP's forward pass is %.0f flops per row.%n",
                    MLP_FLOPS_PER_ROW));
        }
        String text = "# Performance\n\nGenerated by `./diamond bench performance` on this machine ("
                + Runtime.getRuntime().availableProcessors() + " cores, fp32, DJL PyTorch CPU, oneDNN "
                + System.getenv().getOrDefault("DNNL_MAX_CPU_ISA", "at its default") + "). The MLP is the default "
                + "vector network (width 256, 3 residual layers, 2-D samples). Diamond and the numpy reference "
                + "(`bench/numpy_mlp.py`: the same forward math, OpenBLAS, chunks of 8,192 rows, no output) run "
                + "alternately, " + config.repeats() + " times each; the table shows the fastest run of each and the "
                + "median of the per-repeat ratios. The GLASS row compares time per network row with the numpy "
                + "forward's. The U-Net row times one forward pass against the convolutions it ran, replayed alone on inputs of "
                + "the same shapes (`Convolution.trace`); its GFLOP/s counts the convolutions' flops only. Peak RSS is the process's high-water mark, reset before each run (JVM heap and engine "
                + "included).\n\n" + notes + "\n" + speed
                + "\n## Chunk size\n\nFlow-map sampling of " + config.sweepN() + " samples in chunks of each size "
                + "(the default is " + Chunked.defaultRows(new Shape(2)) + " for vectors): small chunks keep each "
                + "layer's activations in the CPU caches; all at once is what every command did before streaming.\n\n"
                + sweep;
        Path md = config.outDir().resolve("performance.md");
        AtomicFiles.writeString(md, text);
        return new Report(text, speed + "\n" + sweep, List.of(md));
    }

    /** N samples by {@value #JUMPS} flow-map jumps in chunks of {@code rows}; written to {@code csv} when not null. */
    private static Timing flowMapSampling(NDManager m, ModelBundle model, long n, int rows, Path csv)
            throws IOException {
        Samplers.Recipe recipe = new Samplers.Recipe("flowmap", JUMPS, 1, OdeSolver.EULER);
        EvaluationCounter counter = new EvaluationCounter();
        Rng rng = Rng.of(1);
        ProcessMemory.resetPeak();
        long start = System.nanoTime();
        Chunked.Draw draw = (scope, size) -> Samplers.generate(model, recipe, scope, size, rng, counter);
        if (csv == null) {
            Chunked.run(m, n, rows, draw, samples -> samples.sum().getFloat());
        } else {
            AtomicFiles.write(csv, out -> {
                SampleCsv.Rows writer = new SampleCsv.Rows(out);
                Chunked.run(m, n, rows, draw, writer::append);
                writer.flush();
            });
        }
        return new Timing((System.nanoTime() - start) / 1e9, counter.modelRows(), ProcessMemory.peakRssMb());
    }

    /** GLASS posterior draws x₁ | x_t at t = 0.5 from standard-normal states, in default chunks. */
    private static Timing glassPosterior(NDManager m, ModelBundle model, Interpolant ip, long n) throws IOException {
        EvaluationCounter counter = new EvaluationCounter();
        PosteriorSampler glass = new PosteriorSpec.Glass(GLASS_INNER_STEPS, OdeSolver.MIDPOINT).create(model,
                new CountingVelocityField(model.field(), counter), counter);
        Rng rng = Rng.of(2);
        ProcessMemory.resetPeak();
        long start = System.nanoTime();
        Chunked.run(m, n, Chunked.defaultRows(new Shape(2)), (scope, rows) -> glass.samplePosterior(0.5,
                rng.normal(scope, new Shape(rows, 2), DataType.FLOAT32), rng), samples -> samples.sum().getFloat());
        return new Timing((System.nanoTime() - start) / 1e9, counter.modelRows(), ProcessMemory.peakRssMb());
    }

    /**
     * The best of five U-Net forward passes (inference, fresh weights) and the best of five replays of the
     * convolutions it ran ({@link Convolution#trace}) on inputs of the same shapes, in seconds, and their flops.
     */
    private static double[] unetForwardAndConvolutions(NDManager m, Interpolant ip) {
        try (NDManager scope = m.newSubManager()) {
            UNet net = new UNet(new UNet.Config(1, 28, 28, 16, 8, 32), ip, scope);
            Rng rng = Rng.of(5);
            NDArray x = rng.normal(scope, new Shape(UNET_BATCH, 1, 28, 28), DataType.FLOAT32);
            NDArray t = rng.uniform(scope, 0, 0.5, new Shape(UNET_BATCH), DataType.FLOAT32);
            NDArray tNext = t.add(0.25);
            Runnable forward = () -> {
                try (NDManager pass = scope.newSubManager()) {
                    pass.tempAttachAll(x, t, tNext);
                    net.map(t, tNext, x);
                }
            };
            List<Convolution.Call> calls = Convolution.trace(forward);
            List<NDArray[]> inputs = new ArrayList<>();
            long multiplyAdds = 0;
            for (Convolution.Call c : calls) {
                inputs.add(new NDArray[] {rng.normal(scope, c.input(), DataType.FLOAT32),
                    rng.normal(scope, c.weight(), DataType.FLOAT32),
                    c.bias() ? rng.normal(scope, new Shape(c.weight().get(0)), DataType.FLOAT32) : null});
                multiplyAdds += c.multiplyAdds();
            }
            Runnable convolutions = () -> {
                try (NDManager pass = scope.newSubManager()) {
                    for (int i = 0; i < calls.size(); i++) {
                        NDArray[] in = inputs.get(i);
                        pass.tempAttachAll(in[0]);
                        Convolution.conv2d(in[0], in[1], in[2], calls.get(i).stride(), calls.get(i).pad());
                    }
                }
            };
            return new double[] {bestOfFive(forward), bestOfFive(convolutions), 2.0 * multiplyAdds};
        }
    }

    private static double bestOfFive(Runnable run) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < 6; i++) {
            long start = System.nanoTime();
            run.run();
            // The first run warms the allocator and oneDNN's kernel cache.
            best = i == 0 ? best : Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        return best;
    }

    /** The best of five 2048 × 2048 float32 products, in GFLOP/s: the machine's practical peak. */
    static double matrixProductGflops(NDManager m) {
        try (NDManager scope = m.newSubManager()) {
            Rng rng = Rng.of(3);
            NDArray a = rng.normal(scope, new Shape(2048, 2048), DataType.FLOAT32);
            NDArray b = rng.normal(scope, new Shape(2048, 2048), DataType.FLOAT32);
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                try (NDArray c = a.matMul(b)) {
                    c.getFloat(0, 0);
                }
                best = Math.min(best, (System.nanoTime() - start) / 1e9);
            }
            return 2.0 * 2048 * 2048 * 2048 / best / 1e9;
        }
    }

    private static double gflops(Timing t) {
        return MLP_FLOPS_PER_ROW * t.rows() / t.seconds() / 1e9;
    }

    /** The numpy reference's seconds for n samples, or null where python3 with numpy is not there. */
    private static Double numpySeconds(Config config, long n, int chunk) throws IOException, InterruptedException {
        if (config.numpyScript() == null || !Files.isRegularFile(config.numpyScript())) {
            return null;
        }
        Process p;
        try {
            p = new ProcessBuilder("python3", config.numpyScript().toString(), "--n", Long.toString(n), "--steps",
                    Integer.toString(JUMPS), "--chunk", Integer.toString(chunk)).redirectErrorStream(true).start();
        } catch (IOException e) {
            return null;
        }
        try (OutputStream ignored = p.getOutputStream()) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                return null;
            }
            String last = out.strip().lines().reduce((a, b) -> b).orElse("");
            JsonNode json = new ObjectMapper().readTree(last);
            return json.path("seconds").asDouble();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
