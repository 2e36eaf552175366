package io.diamondmaps.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.align.AlignmentResult;
import io.diamondmaps.align.AlignmentSpec;
import io.diamondmaps.align.ExactValue;
import io.diamondmaps.align.GradientMode;
import io.diamondmaps.align.MethodSpec;
import io.diamondmaps.align.Schedule;
import io.diamondmaps.align.Smc;
import io.diamondmaps.align.ValueSpec;
import io.diamondmaps.align.WeightedValue;
import io.diamondmaps.eval.LinePlot;
import io.diamondmaps.eval.MarkdownTable;
import io.diamondmaps.eval.SampleDistances;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.load.ModelBundle;
import io.diamondmaps.reward.LinearReward;
import io.diamondmaps.reward.MeasurementReward;
import io.diamondmaps.reward.Operators;
import io.diamondmaps.reward.RewardTilt;
import io.diamondmaps.sample.GlassFlow;
import io.diamondmaps.sample.OdeFlowMap;
import io.diamondmaps.sample.OdeSolver;
import io.diamondmaps.sample.PosteriorSpec;
import io.diamondmaps.sample.TransitionSpec;
import io.diamondmaps.util.AtomicFiles;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Rng;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Alignment on exact Gaussian mixtures: energy distance to the exact tilted target against model evaluations per
 * sample for every method / value pair, on the built-in 2-D ring and a fixed random 8-D mixture, each with a linear
 * and a quadratic reward. Writes align-gmm.md and align-gmm.png.
 */
public final class AlignBenchmark {
    /**
     * @param n aligned samples per run
     * @param seed the run's seed
     * @param outDir output folder
     * @param maxBudget budgets (particles or outer steps) above this are skipped (a quick run; the full one has 128)
     */
    public record Config(int n, long seed, Path outDir, int maxBudget) {
        public Config {
            Checks.positive("n", n);
            Checks.positive("maxBudget", maxBudget);
        }

        /** Every budget. */
        public Config(int n, long seed, Path outDir) {
            this(n, seed, outDir, Integer.MAX_VALUE);
        }
    }

    /** A benchmark problem: a mixture and a reward whose tilted target is known. */
    private record Case(String name, GaussianMixture gmm, RewardTilt tilt) {
    }

    /** A method/value pair and the budgets (particles or steps) it is run at. */
    private record Entry(String label, int[] budgets, IntFunction<AlignmentSpec> setup) {
    }

    private static final int STEPS = 8;
    private static final int INNER = 2;

    private AlignBenchmark() {
    }

    private static List<Entry> entries() {
        TransitionSpec glass = new TransitionSpec.Glass(INNER, GlassFlow.DEFAULT_SOLVER);
        PosteriorSpec posterior = new PosteriorSpec.Glass(INNER, GlassFlow.DEFAULT_SOLVER);
        MethodSpec guidance = MethodSpec.Guidance.kappa();
        ValueSpec tweedie = ValueSpec.Plugin.of(ValueSpec.Lookahead.TWEEDIE);
        return List.of(
                new Entry("best-of-N", new int[] {4, 16, 64},
                        p -> AlignmentSpec.withoutValue(new MethodSpec.BestOfN(p), glass, STEPS)),
                new Entry("SIR", new int[] {4, 16, 64}, p -> AlignmentSpec.withoutValue(new MethodSpec.Sir(p), glass,
                        STEPS)),
                new Entry("guidance plug-in (Tweedie)", new int[] {8, 32, 128},
                        s -> new AlignmentSpec(guidance, tweedie, glass, s)),
                new Entry("guidance GLASS-MC (M=4)", new int[] {8, 32}, s -> new AlignmentSpec(guidance,
                        new ValueSpec.PosteriorMc(posterior, Schedule.constant(4), null,
                                GradientMode.PATHWISE), glass, s)),
                new Entry("guidance GLASS-MC (M=4), damped", new int[] {8, 32}, s -> new AlignmentSpec(guidance,
                        new ValueSpec.PosteriorMc(posterior, Schedule.constant(4), null, GradientMode.PATHWISE, true),
                        glass, s)),
                new Entry("guidance exact", new int[] {8, 32, 128},
                        s -> new AlignmentSpec(guidance, new ValueSpec.Exact(), glass, s)),
                new Entry("SMC plug-in (Tweedie)", new int[] {4, 16, 64}, p -> new AlignmentSpec(smc(p), tweedie, glass,
                        STEPS)),
                new Entry("SMC plug-in (Tweedie), plain twists", new int[] {4, 16, 64}, p -> new AlignmentSpec(
                        smc(p).withTwistEss(0), tweedie, glass, STEPS)),
                new Entry("SMC plug-in (Tweedie), damped", new int[] {4, 16, 64}, p -> new AlignmentSpec(smc(p),
                        new ValueSpec.Plugin(ValueSpec.Lookahead.TWEEDIE, Schedule.constant(1), true), glass, STEPS)),
                new Entry("SMC GLASS-MC (M=2)", new int[] {4, 16, 64}, p -> new AlignmentSpec(smc(p),
                        new ValueSpec.PosteriorMc(posterior, Schedule.constant(2), null,
                                GradientMode.PATHWISE), glass, STEPS)),
                new Entry("SMC weighted (K=4)", new int[] {4, 16}, p -> new AlignmentSpec(smc(p),
                        ValueSpec.Weighted.of(Schedule.constant(4), 1.5), glass, STEPS)),
                new Entry("SMC exact", new int[] {4, 16, 64}, p -> new AlignmentSpec(smc(p), new ValueSpec.Exact(),
                        glass, STEPS)));
    }

    /** SMC with one independent output per group of {@code particles}, so every row's outputs are independent. */
    private static MethodSpec.Smc smc(int particles) {
        return MethodSpec.Smc.of(particles).withOnePerGroup();
    }

    private static List<Case> cases() throws IOException {
        GaussianMixture ring = BuiltIn.mixture();
        GaussianMixture high = randomMixture(8, 4, 7);
        double[] c8 = new double[8];
        for (int i = 0; i < 8; i++) {
            c8[i] = i % 2 == 0 ? 0.4 : -0.4;
        }
        double[][] a8 = new double[2][8];
        a8[0][0] = 1;
        a8[0][1] = 1;
        a8[1][2] = 1;
        a8[1][3] = -1;
        return List.of(
                new Case("2-D ring, linear", ring, new RewardTilt(new LinearReward(new double[] {1.0, 0.5}), 1)),
                new Case("2-D ring, quadratic", ring, new RewardTilt(new MeasurementReward(
                        Operators.matrix(new double[][] {{1, 1}}), new double[] {2.0}, 0.5), 1)),
                new Case("8-D mixture, linear", high, new RewardTilt(new LinearReward(c8), 1)),
                new Case("8-D mixture, quadratic", high, new RewardTilt(new MeasurementReward(Operators.matrix(a8),
                        new double[] {1, -1}, 0.5), 1)));
    }

    /** A reproducible mixture: means N(0, 2²I), covariances 0.1·I + 0.2·WWᵀ/d with W standard normal. */
    public static GaussianMixture randomMixture(int d, int k, long seed) {
        Random r = new Random(seed);
        double[] w = new double[k];
        double[][] mu = new double[k][d];
        double[][][] cov = new double[k][d][d];
        for (int c = 0; c < k; c++) {
            w[c] = 0.5 + r.nextDouble();
            double[][] wm = new double[d][d];
            for (int i = 0; i < d; i++) {
                mu[c][i] = 2 * r.nextGaussian();
                for (int j = 0; j < d; j++) {
                    wm[i][j] = r.nextGaussian();
                }
            }
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double s = 0;
                    for (int l = 0; l < d; l++) {
                        s += wm[i][l] * wm[j][l];
                    }
                    cov[c][i][j] = (i == j ? 0.1 : 0) + 0.2 * s / d;
                }
            }
        }
        return new GaussianMixture(w, mu, cov);
    }

    public static Report run(Config config, Device device, ProgressReporter progress) throws IOException {
        int n = config.n();
        MarkdownTable table = new MarkdownTable("problem", "method", "budget", "NFE/sample", "energy distance",
                "mean reward", "seconds");
        List<LinePlot.Chart> charts = new ArrayList<>();
        List<Case> cases = cases();
        List<Entry> entries = entries();
        int total = 0;
        for (Entry e : entries) {
            for (int b : e.budgets()) {
                total += b <= config.maxBudget() ? cases.size() : 0;
            }
        }
        long started = System.nanoTime();
        try (ProgressReporter.Task task = progress.start("bench align", total);
                NDManager m = NDManager.newBaseManager(device)) {
            int done = 0;
            for (Case c : cases) {
                Rng referenceRng = Rng.of(config.seed());
                GaussianMixture target = ExactValue.tiltedTarget(c.gmm(), c.tilt());
                NDArray reference = target.sample(m, n, referenceRng);
                double floor = SampleDistances.energyDistance(target.sample(m, n, referenceRng), reference);
                table.row(c.name(), "exact target (second draw: noise floor)", "-", 0, floor,
                        c.tilt().reward().value(reference).mean().getDouble(), 0.0);
                // The mixture's accurate ODE flow map (32 Heun steps per unit time) stands in for a distilled one.
                ModelBundle model = ModelBundle.of(c.gmm(), c.name()).withFlowMap(new OdeFlowMap(c.gmm(), 32,
                        OdeSolver.HEUN));
                Map<String, double[][]> series = new LinkedHashMap<>();
                for (Entry e : entries) {
                    List<double[]> points = new ArrayList<>();
                    for (int b = 0; b < e.budgets().length && e.budgets()[b] <= config.maxBudget(); b++) {
                        EvaluationCounter counter = new EvaluationCounter();
                        AlignmentResult r = e.setup().apply(e.budgets()[b]).build(model, c.tilt(), counter)
                                .align(m, new Shape(c.gmm().dimension()), n, Rng.of(config.seed() + b));
                        double ed = SampleDistances.energyDistance(r.samples(), reference);
                        double reward = c.tilt().reward().value(r.samples()).mean().getDouble();
                        table.row(c.name(), e.label(), e.budgets()[b], r.nfePerSample(), ed, reward, r.seconds());
                        points.add(new double[] {r.nfePerSample(), ed});
                        r.samples().close();
                        task.accept(++done);
                    }
                    if (!points.isEmpty()) {
                        series.put(e.label(), points.toArray(double[][]::new));
                    }
                }
                reference.close();
                charts.add(new LinePlot.Chart(c.name(), "model evaluations per sample", "energy distance to target",
                        true, series));
            }
        }
        double minutes = (System.nanoTime() - started) / 6e10;
        String text = "# Alignment on exact Gaussian mixtures\n\n"
                + "Generated by `./diamond bench align --n " + n + " --seed " + config.seed()
                + (config.maxBudget() == Integer.MAX_VALUE ? "" : " --max-budget " + config.maxBudget()) + "` in "
                + String.format("%.1f", minutes) + " minutes on this machine. Energy distance between " + n
                + " aligned samples and " + n + " exact samples of the tilted target p^r ∝ p1·exp(r/λ) (lower is "
                + "better; the first row of each problem is the exact-vs-exact noise floor, and the estimator is "
                + "unbiased so it can dip below 0). NFE counts model (velocity/denoiser/score) evaluations per output "
                + "sample; the exact value and the exact mixture cost none, and a flow-map jump counts as one "
                + "evaluation (the mixture's accurate ODE flow map stands in for a distilled one). Budget is the "
                + "number of particles/candidates (best-of-N, SIR, SMC) or of outer steps (guidance); every output is "
                + "independent (SMC draws one sample per group of particles). Base transitions: GLASS with " + INNER
                + " midpoint inner steps (the default base of `align`), " + STEPS + " outer steps for SMC, SIR and "
                + "best-of-N. SMC tempers its twists to a conditional ESS of " + Smc.DEFAULT_TWIST_ESS
                + " (the default; "
                + "\"plain twists\" without); \"damped\" values integrate the reward over the posterior's spread (spec "
                + "6.5); guidance uses pathwise gradients (the default).\n\n" + table;
        Path md = config.outDir().resolve("align-gmm.md");
        Path png = config.outDir().resolve("align-gmm.png");
        AtomicFiles.writeString(md, text);
        LinePlot.write(png, charts, 2);
        return new Report(text, table.toString(), List.of(md, png));
    }
}
