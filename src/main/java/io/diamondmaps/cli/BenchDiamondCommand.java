package io.diamondmaps.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.diamondmaps.data.ToyDatasets;
import io.diamondmaps.eval.LinePlot;
import io.diamondmaps.eval.MarkdownTable;
import io.diamondmaps.eval.SampleDistances;
import io.diamondmaps.model.CountingVelocityField;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.Moments;
import io.diamondmaps.model.PosteriorSampler;
import io.diamondmaps.model.neural.DiamondMlp;
import io.diamondmaps.model.neural.DiamondNetwork;
import io.diamondmaps.model.neural.MapMlp;
import io.diamondmaps.model.neural.NeuralModels;
import io.diamondmaps.sample.DiamondSampler;
import io.diamondmaps.sample.GlassFlow;
import io.diamondmaps.train.DiamondLoss;
import io.diamondmaps.train.Optimizer;
import io.diamondmaps.train.Trainer;
import io.diamondmaps.train.TrainingConfig;
import io.diamondmaps.util.AtomicFiles;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Tensors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

@Command(name = "diamond", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Posterior sampling on the built-in 2-D ring mixture: error of x1 | x_t draws against model "
                + "evaluations per draw (NFE) for GLASS flows (Euler and midpoint, 1-16 inner steps) and a Posterior "
                + "Diamond Map (1, 2, 4 jumps) distilled here from the mixture's exact velocity.",
            "Writes diamond-gmm.md and diamond-gmm.png to the output folder."})
final class BenchDiamondCommand implements Callable<Integer> {
    private static final double[] TIMES = {0.25, 0.5, 0.75};
    private static final int POINTS = 4;

    @Option(names = "--n", defaultValue = "2000", paramLabel = "N",
            description = "Posterior draws per method and point. Default: ${DEFAULT-VALUE}.")
    int n;

    @Option(names = "--steps", defaultValue = "8000", paramLabel = "N",
            description = "Distillation steps (batch 512, MLP 256×3). Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--diamond", paramLabel = "CKPT",
            description = "Use this Diamond Map of the built-in mixture instead of distilling one.")
    Path diamondFile;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    int seed;

    @Option(names = "--out-dir", defaultValue = "bench/results", paramLabel = "DIR",
            description = "Output folder. Default: ${DEFAULT-VALUE}.")
    Path outDir;

    /** A posterior sampler with its label and cost per draw. */
    private record Method(String label, String family, int nfe, Function<EvaluationCounter, PosteriorSampler> sampler) {
    }

    @Override
    public Integer call() throws Exception {
        Checks.positive("--n", n);
        GaussianMixture gmm = DemoCommand.builtInMixture();
        long started = System.nanoTime();
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(seed);
            double distilSeconds = 0;
            DiamondNetwork diamond;
            if (diamondFile != null) {
                diamond = NeuralModels.loadDiamond(diamondFile, m);
            } else {
                long t0 = System.nanoTime();
                diamond = distil(gmm, m);
                distilSeconds = (System.nanoTime() - t0) / 1e9;
            }
            List<Method> methods = methods(gmm, diamond);
            MarkdownTable table = new MarkdownTable("t", "method", "NFE/draw", "energy distance", "mean error",
                    "covariance error");
            List<LinePlot.Chart> charts = new ArrayList<>();
            try (Progress progress = Progress.start("bench diamond", TIMES.length * (methods.size() + 1))) {
                int done = 0;
                for (double t : TIMES) {
                    double[][] points = points(gmm, t, m);
                    double[] floor = average(gmm, t, points, c -> gmm, m);
                    table.row(t, "exact (second draw: noise floor)", 0, floor[0], floor[1], floor[2]);
                    progress.listener().accept(++done);
                    Map<String, List<double[]>> series = new LinkedHashMap<>();
                    for (Method method : methods) {
                        double[] e = average(gmm, t, points, method.sampler(), m);
                        table.row(t, method.label(), method.nfe(), e[0], e[1], e[2]);
                        series.computeIfAbsent(method.family(), k -> new ArrayList<>()).add(new double[] {method.nfe(),
                            Math.max(e[0], 1e-5)});
                        progress.listener().accept(++done);
                    }
                    Map<String, double[][]> chart = new LinkedHashMap<>();
                    series.forEach((k, v) -> chart.put(k, v.toArray(new double[0][])));
                    charts.add(new LinePlot.Chart(String.format("posterior at t = %.2f", t), "model evaluations per draw",
                            "energy distance to exact draws", true, chart));
                }
            }
            double minutes = (System.nanoTime() - started) / 6e10;
            String how = diamondFile != null ? "the Diamond Map " + diamondFile
                    : String.format("a Diamond Map (MLP 256×3) distilled here for %d steps at batch 512 (%.0f s)",
                            steps, distilSeconds);
            String text = "# Posterior sampling: GLASS flows vs a Posterior Diamond Map\n\n"
                    + "Generated by `./diamond bench diamond --n " + n + " --steps " + steps + " --seed " + seed
                    + "` in " + String.format("%.1f", minutes) + " minutes on this machine (2 cores), with " + how
                    + ". Built-in ring mixture (6 thin components, `demo`), linear interpolant. For each t, " + POINTS
                    + " states x_t drawn from p_t; per state " + n + " draws of x1 | x_t compared with " + n
                    + " exact posterior draws (energy distance) and with the exact posterior moments (mean error "
                    + "‖Δμ‖/√tr Σ, covariance error ‖ΔΣ‖_F/tr Σ), averaged over the states. NFE counts velocity "
                    + "evaluations (GLASS; midpoint takes two per step) or network evaluations (Diamond, one per "
                    + "jump). The Diamond Map is a learned approximation: its error floor is set by the distillation, "
                    + "GLASS converges to exact with more steps.\n\n" + table;
            Files.createDirectories(outDir);
            AtomicFiles.writeString(outDir.resolve("diamond-gmm.md"), text);
            LinePlot.write(outDir.resolve("diamond-gmm.png"), charts, 3);
            System.out.println(table);
            System.out.println("wrote " + outDir.resolve("diamond-gmm.md") + " and " + outDir.resolve("diamond-gmm.png"));
        }
        return 0;
    }

    private DiamondNetwork distil(GaussianMixture gmm, NDManager m) throws java.io.IOException {
        Path ckpt = Files.createTempFile("diamond-bench", ".ckpt");
        try {
            DiamondMlp student = new DiamondMlp(new MapMlp.Config(gmm.dimension(), 256, 3), gmm.interpolant(), m);
            DiamondLoss loss = new DiamondLoss(student, gmm, DataType.FLOAT64, "gmm:built-in",
                    DiamondLoss.Config.posterior());
            TrainingConfig config = new TrainingConfig(TrainingConfig.Objective.LSD, steps, 512, 2e-3,
                    TrainingConfig.Schedule.COSINE, 1000, Optimizer.Kind.RADAM, 1.0, 0.999, 0.75, steps, seed);
            Trainer trainer = new Trainer(loss, ToyDatasets.mixture(gmm, "gmm:built-in"), config, ckpt, m);
            try (Progress p = Progress.start("distil", steps)) {
                trainer.train(p.listener());
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
            methods.add(new Method("GLASS Euler " + k, "GLASS Euler", k,
                    c -> new GlassFlow(new CountingVelocityField(gmm, c), k)));
        }
        for (int k : new int[] {1, 2, 4, 8}) {
            methods.add(new Method("GLASS midpoint " + k, "GLASS midpoint", 2 * k,
                    c -> new GlassFlow(new CountingVelocityField(gmm, c), k, GlassFlow.InnerSolver.MIDPOINT)));
        }
        for (int k : new int[] {1, 2, 4}) {
            methods.add(new Method("Diamond " + k, "Diamond", k,
                    c -> new DiamondSampler(diamond, k, DiamondSampler.DEFAULT_S_MAX, c)));
        }
        return methods;
    }

    /** States x_t ~ p_t, drawn once per t. */
    private double[][] points(GaussianMixture gmm, double t, NDManager m) {
        NDArray x1 = gmm.sample(m, POINTS);
        NDArray x0 = m.randomNormal(0, 1, x1.getShape(), x1.getDataType());
        return Tensors.toRows(gmm.interpolant().interpolate(Tensors.times(x1, t), x0, x1));
    }

    /** Energy distance, mean error and covariance error of the sampler's draws, averaged over the states. */
    private double[] average(GaussianMixture gmm, double t, double[][] points,
            Function<EvaluationCounter, PosteriorSampler> sampler, NDManager m) {
        double[] sum = new double[3];
        for (int i = 0; i < points.length; i++) {
            try (NDManager scope = m.newSubManager()) {
                Engine.getInstance().setRandomSeed(seed + 17 * i);
                NDArray xt = scope.create(points[i]).reshape(1, -1).repeat(0, n);
                NDArray draws = sampler.apply(new EvaluationCounter()).samplePosterior(t, xt)
                        .toType(DataType.FLOAT64, false);
                NDArray exact = gmm.samplePosterior(t, xt);
                Moments moments = gmm.transitionMoments(t, 1, points[i]);
                double trace = 0;
                for (int d = 0; d < points[i].length; d++) {
                    trace += moments.covariance()[d][d];
                }
                sum[0] += SampleDistances.energyDistance(draws, exact) / points.length;
                sum[1] += SampleDistances.meanError(draws, moments) / Math.sqrt(trace) / points.length;
                sum[2] += SampleDistances.covarianceError(draws, moments) / trace / points.length;
            }
        }
        return sum;
    }
}
