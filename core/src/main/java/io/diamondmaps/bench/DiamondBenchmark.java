package io.diamondmaps.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.data.Dataset;
import io.diamondmaps.data.ToyDatasets;
import io.diamondmaps.eval.LinePlot;
import io.diamondmaps.eval.MarkdownTable;
import io.diamondmaps.eval.SampleDistances;
import io.diamondmaps.model.CountingVelocityField;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.Moments;
import io.diamondmaps.model.PosteriorSampler;
import io.diamondmaps.model.neural.DiamondNetwork;
import io.diamondmaps.model.neural.InnerRange;
import io.diamondmaps.model.neural.NeuralModels;
import io.diamondmaps.sample.DiamondSampler;
import io.diamondmaps.sample.GlassFlow;
import io.diamondmaps.sample.OdeSolver;
import io.diamondmaps.train.DiamondLoss;
import io.diamondmaps.train.Trainer;
import io.diamondmaps.train.TrainingConfig;
import io.diamondmaps.util.AtomicFiles;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Rng;
import io.diamondmaps.util.Tensors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Posterior sampling on the built-in 2-D ring mixture: error of x₁ | x_t draws against model evaluations per draw
 * for GLASS flows (Euler and midpoint) and a Posterior Diamond Map (1, 2, 4 jumps), distilled in the run from the
 * mixture's exact velocity or read from a checkpoint. Writes diamond-gmm.md and diamond-gmm.png.
 */
public final class DiamondBenchmark {
    private static final double[] TIMES = {0.25, 0.5, 0.75};
    private static final int POINTS = 4;

    /**
     * @param n posterior draws per method and state
     * @param steps distillation steps (batch 512, MLP 256×3) when no checkpoint is given
     * @param diamond a Diamond Map of the built-in mixture to use instead of distilling one, or null
     * @param seed the run's seed
     * @param outDir output folder
     */
    public record Config(int n, int steps, Path diamond, long seed, Path outDir) {
        public Config {
            Checks.positive("n", n);
            Checks.positive("steps", steps);
        }
    }

    /** A posterior sampler with its label, drawing its evaluations on the counter it is given. */
    private record Method(String label, String family, Function<EvaluationCounter, PosteriorSampler> sampler) {
    }

    private DiamondBenchmark() {
    }

    public static Report run(Config config, Device device, ProgressReporter progress) throws IOException {
        GaussianMixture gmm = BuiltIn.mixture();
        long started = System.nanoTime();
        try (NDManager m = NDManager.newBaseManager(device)) {
            double distilSeconds = 0;
            DiamondNetwork diamond;
            if (config.diamond() != null) {
                diamond = NeuralModels.loadDiamond(config.diamond(), m);
            } else {
                long t0 = System.nanoTime();
                diamond = distil(gmm, ToyDatasets.mixture(gmm, "gmm:built-in"), config.steps(), config.seed(), m,
                        progress);
                distilSeconds = (System.nanoTime() - t0) / 1e9;
            }
            List<Method> methods = methods(gmm, diamond);
            MarkdownTable table = new MarkdownTable("t", "method", "NFE/draw", "energy distance", "mean error",
                    "covariance error");
            List<LinePlot.Chart> charts = new ArrayList<>();
            Rng rng = Rng.of(config.seed());
            try (ProgressReporter.Task task = progress.start("bench diamond", TIMES.length * (methods.size() + 1))) {
                int done = 0;
                for (double t : TIMES) {
                    double[][] points = points(gmm, t, POINTS, m, rng);
                    double[] floor = average(gmm, t, points, c -> gmm, config.n(), config.seed(), m);
                    table.row(t, "exact (second draw: noise floor)", 0, floor[0], floor[1], floor[2]);
                    task.accept(++done);
                    Map<String, List<double[]>> series = new LinkedHashMap<>();
                    for (Method method : methods) {
                        double[] e = average(gmm, t, points, method.sampler(), config.n(), config.seed(), m);
                        table.row(t, method.label(), MarkdownTable.count(e[3]), e[0], e[1], e[2]);
                        series.computeIfAbsent(method.family(), k -> new ArrayList<>()).add(new double[] {e[3],
                            Math.max(e[0], 1e-5)});
                        task.accept(++done);
                    }
                    Map<String, double[][]> chart = new LinkedHashMap<>();
                    series.forEach((k, v) -> chart.put(k, v.toArray(new double[0][])));
                    charts.add(new LinePlot.Chart(String.format("posterior at t = %.2f", t),
                            "model evaluations per draw", "energy distance to exact draws", true, chart));
                }
            }
            double minutes = (System.nanoTime() - started) / 6e10;
            String how = config.diamond() != null ? "the Diamond Map " + config.diamond()
                    : String.format("a Diamond Map (MLP 256×3) distilled here for %d steps at batch 512 (%.0f s)",
                            config.steps(), distilSeconds);
            String text = "# Posterior sampling: GLASS flows vs a Posterior Diamond Map\n\n"
                    + "Generated by `./diamond bench diamond --n " + config.n() + " --steps " + config.steps()
                    + " --seed " + config.seed() + "` in " + String.format("%.1f", minutes) + " minutes on this "
                    + "machine (" + Runtime.getRuntime().availableProcessors() + " cores), with " + how
                    + ". Built-in ring mixture (6 thin components, `demo`), linear interpolant. For each t, " + POINTS
                    + " states x_t drawn from p_t; per state " + config.n() + " draws of x1 | x_t compared with "
                    + config.n() + " exact posterior draws (energy distance) and with the exact posterior moments "
                    + "(mean error ‖Δμ‖/√tr Σ, covariance error ‖ΔΣ‖_F/tr Σ), averaged over the states. NFE per draw "
                    + "is counted: velocity evaluations (GLASS; midpoint takes two per step) or network evaluations "
                    + "(Diamond, one per jump). The Diamond Map is a learned approximation: its error floor is set by "
                    + "the distillation, GLASS converges to exact with more steps.\n\n" + table;
            Files.createDirectories(config.outDir());
            Path md = config.outDir().resolve("diamond-gmm.md");
            Path png = config.outDir().resolve("diamond-gmm.png");
            AtomicFiles.writeString(md, text);
            LinePlot.write(png, charts, 3);
            return new Report(text, table.toString(), List.of(md, png));
        }
    }

    /**
     * A Posterior Diamond Map (MLP 256×3) with the exact mixture {@code gmm} as teacher, distilled with the library's
     * training defaults for {@code steps} steps on x₁ drawn from {@code data}.
     */
    static DiamondNetwork distil(GaussianMixture gmm, Dataset data, int steps, long seed, NDManager m,
            ProgressReporter progress) throws IOException {
        Path ckpt = Files.createTempFile("diamond-bench", ".ckpt");
        try {
            DiamondNetwork student = NeuralModels.newDiamond(new Shape(gmm.dimension()), gmm.interpolant(), null, 0, 256,
                    3, InnerRange.POSTERIOR, Rng.of(seed), m);
            DiamondLoss loss = new DiamondLoss(student, gmm, DataType.FLOAT64, data.describe(),
                    DiamondLoss.Config.posterior());
            TrainingConfig training = TrainingConfig.builder(TrainingConfig.Objective.LSD).steps(steps)
                    .checkpointEvery(steps).seed(seed).build();
            try (Trainer trainer = new Trainer(loss, data, training, ckpt, m);
                    ProgressReporter.Task task = progress.start("distil", steps)) {
                trainer.train(task);
            }
            return NeuralModels.loadDiamond(ckpt, m);
        } finally {
            Files.deleteIfExists(ckpt);
            Files.deleteIfExists(Trainer.logPath(ckpt));
        }
    }

    private static List<Method> methods(GaussianMixture gmm, DiamondNetwork diamond) {
        List<Method> methods = new ArrayList<>();
        for (int k : new int[] {1, 2, 4, 8, 16}) {
            methods.add(new Method("GLASS Euler " + k, "GLASS Euler",
                    c -> new GlassFlow(new CountingVelocityField(gmm, c), k, OdeSolver.EULER)));
        }
        for (int k : new int[] {1, 2, 4, 8}) {
            methods.add(new Method("GLASS midpoint " + k, "GLASS midpoint",
                    c -> new GlassFlow(new CountingVelocityField(gmm, c), k, OdeSolver.MIDPOINT)));
        }
        for (int k : new int[] {1, 2, 4}) {
            methods.add(new Method("Diamond " + k, "Diamond", c -> new DiamondSampler(diamond, k, c)));
        }
        return methods;
    }

    /** {@code count} states x_t = interpolant at t of x₁ ~ {@code gmm} and fresh noise, under gmm's interpolant. */
    static double[][] points(GaussianMixture gmm, double t, int count, NDManager m, Rng rng) {
        NDArray x1 = gmm.sample(m, count, rng);
        NDArray x0 = rng.normalLike(m, x1);
        return Tensors.toRows(gmm.interpolant().interpolate(Tensors.times(x1, t), x0, x1));
    }

    /**
     * Energy distance, mean error and covariance error of the sampler's draws, averaged over the states, and the
     * counted evaluations per draw. State i draws from the generator of seed + 17i whatever the sampler, so every
     * method meets the same exact draws.
     */
    static double[] average(GaussianMixture gmm, double t, double[][] points,
            Function<EvaluationCounter, PosteriorSampler> sampler, int n, long seed, NDManager m) {
        double[] sum = new double[4];
        for (int i = 0; i < points.length; i++) {
            try (NDManager scope = m.newSubManager()) {
                Rng rng = Rng.of(seed + 17L * i);
                NDArray xt = scope.create(points[i]).reshape(1, -1).repeat(0, n);
                EvaluationCounter counter = new EvaluationCounter();
                NDArray draws = sampler.apply(counter).samplePosterior(t, xt, rng).toType(DataType.FLOAT64, false);
                NDArray exact = gmm.samplePosterior(t, xt, rng);
                Moments moments = gmm.transitionMoments(t, 1, points[i]);
                double trace = 0;
                for (int d = 0; d < points[i].length; d++) {
                    trace += moments.covariance()[d][d];
                }
                sum[0] += SampleDistances.energyDistance(draws, exact) / points.length;
                sum[1] += SampleDistances.meanError(draws, moments) / Math.sqrt(trace) / points.length;
                sum[2] += SampleDistances.covarianceError(draws, moments) / trace / points.length;
                sum[3] += counter.nfePerSample(n) / points.length;
            }
        }
        return sum;
    }
}
