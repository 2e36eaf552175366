package io.diamondmaps.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.data.Dataset;
import io.diamondmaps.data.FashionMnist;
import io.diamondmaps.data.ToyDatasets;
import io.diamondmaps.eval.MarkdownTable;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.model.neural.FlowMapNetwork;
import io.diamondmaps.model.neural.MapMlp;
import io.diamondmaps.model.neural.UNet;
import io.diamondmaps.train.Trainer;
import io.diamondmaps.train.TrainingConfig;
import io.diamondmaps.util.AtomicFiles;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Rng;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Training throughput: median time per step of the MLP (2-D data) and the U-Net (28×28 images) at batch 64 and 128,
 * for flow matching and for flow-map training with the exact time derivative, with the process's peak resident
 * memory. Writes train-throughput.md.
 */
public final class TrainingThroughputBenchmark {
    private static final int WARM_UP = 5;

    /**
     * @param steps timed steps per configuration, after {@value #WARM_UP} warm-up steps
     * @param batches the batch sizes
     * @param outDir output folder
     */
    public record Config(int steps, List<Integer> batches, Path outDir) {
        public Config {
            Checks.positive("steps", steps);
            batches = List.copyOf(batches);
        }

        /** Batches 64 and 128. */
        public Config(int steps, Path outDir) {
            this(steps, List.of(64, 128), outDir);
        }
    }

    private TrainingThroughputBenchmark() {
    }

    public static Report run(Config config, ProgressReporter progress) throws IOException {
        int steps = config.steps();
        MarkdownTable table = new MarkdownTable("network", "parameters", "objective", "batch", "ms/step", "steps/s",
                "samples/s", "peak RSS (MB)");
        Interpolant ip = Interpolant.byName("linear");
        for (String network : new String[] {"mlp", "unet"}) {
            for (TrainingConfig.Objective objective : new TrainingConfig.Objective[] {
                TrainingConfig.Objective.FLOW_MATCHING, TrainingConfig.Objective.LSD}) {
                for (int batch : config.batches()) {
                    try (NDManager m = NDManager.newBaseManager()) {
                        FlowMapNetwork net;
                        Dataset data;
                        if (network.equals("mlp")) {
                            net = new MapMlp(new MapMlp.Config(2, 256, 3), ip, m);
                            data = ToyDatasets.byName("checkerboard");
                        } else {
                            net = new UNet(new UNet.Config(1, 28, 28, 16, 8, 32), ip, m);
                            NDArray images = Rng.of(1).uniform(m, -1, 1, new Shape(512, 1, 28, 28), DataType.FLOAT32);
                            data = FashionMnist.dataset(new FashionMnist.Split(images, m.zeros(new Shape(512),
                                    DataType.INT64)), "uniform noise images");
                        }
                        int total = steps + WARM_UP;
                        TrainingConfig cfg = TrainingConfig.builder(objective).steps(total).batch(batch)
                                .learningRate(1e-3).schedule(TrainingConfig.Schedule.CONSTANT)
                                .checkpointEvery(total + 1).seed(1).build();
                        Path tmp = Files.createTempFile("diamond-bench", ".ckpt");
                        long[] stamps = new long[total + 1];
                        stamps[0] = System.nanoTime();
                        try (Trainer trainer = new Trainer(net, data, cfg, tmp, m)) {
                            trainer.train(step -> stamps[step] = System.nanoTime());
                        } finally {
                            Files.deleteIfExists(tmp);
                            Files.deleteIfExists(Trainer.logPath(tmp));
                        }
                        double[] ms = new double[steps];
                        for (int i = 0; i < steps; i++) {
                            ms[i] = (stamps[i + WARM_UP + 1] - stamps[i + WARM_UP]) / 1e6;
                        }
                        Arrays.sort(ms);
                        double median = ms[steps / 2];
                        String label = objective == TrainingConfig.Objective.LSD ? "flow map (diag + LSD, exact d/dt')"
                                : "flow matching";
                        table.row(network, net.parameters().count(), label, batch, median, 1000 / median,
                                1000 * batch / median, peakRssMb());
                        progress.log(String.format("%s, %s, batch %d: %.1f ms/step", network, label, batch, median));
                    }
                }
            }
        }
        String text = "# Training throughput\n\nGenerated by `./diamond bench train --steps " + steps + "` on this "
                + "machine (" + Runtime.getRuntime().availableProcessors() + " cores, fp32, DJL PyTorch CPU, oneDNN "
                + "capped at " + System.getenv().getOrDefault("DNNL_MAX_CPU_ISA", "its default") + "). Median over "
                + steps + " steps after " + WARM_UP + " warm-up steps; one step = forward, backward, global-norm clip, "
                + "RAdam and EMA update. MLP: 3 residual layers of width 256 on 2-D data; U-Net: base 16 channels on "
                + "1×28×28 images. Peak RSS is the whole process's high-water mark so far.\n\n" + table;
        Path md = config.outDir().resolve("train-throughput.md");
        AtomicFiles.writeString(md, text);
        return new Report(text, table.toString(), List.of(md));
    }

    private static double peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
