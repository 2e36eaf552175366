package io.diamondmaps.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.align.AlignmentResult;
import io.diamondmaps.align.AlignmentSetup;
import io.diamondmaps.align.AlignmentSetup.Base;
import io.diamondmaps.align.AlignmentSetup.Method;
import io.diamondmaps.align.AlignmentSetup.Value;
import io.diamondmaps.align.ExactValue;
import io.diamondmaps.align.PosteriorMcValue;
import io.diamondmaps.eval.LinePlot;
import io.diamondmaps.eval.MarkdownTable;
import io.diamondmaps.eval.SampleDistances;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.reward.LinearReward;
import io.diamondmaps.reward.MeasurementReward;
import io.diamondmaps.reward.Operators;
import io.diamondmaps.reward.RewardTilt;
import io.diamondmaps.util.AtomicFiles;
import io.diamondmaps.util.Checks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;

@Command(name = "align", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Alignment on exact Gaussian mixtures: energy distance to the exact tilted target against model "
                + "evaluations per sample (NFE) for every method/value pair, on a 2-D and an 8-D mixture with a linear "
                + "and a quadratic reward.",
            "Writes align-gmm.md and align-gmm.png to the output folder."})
final class BenchAlignCommand implements Callable<Integer> {
    @Option(names = "--n", defaultValue = "1000", paramLabel = "N",
            description = "Aligned samples per run. Default: ${DEFAULT-VALUE}.")
    int n;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    int seed;

    @Option(names = "--out-dir", defaultValue = "bench/results", paramLabel = "DIR",
            description = "Output folder. Default: ${DEFAULT-VALUE}.")
    Path outDir;

    /** A benchmark problem: a mixture and a reward whose tilted target is known. */
    private record Case(String name, GaussianMixture gmm, RewardTilt tilt) {
    }

    /** A method/value pair and the budgets (particles or steps) it is run at. */
    private record Entry(String label, int[] budgets, IntFunction<AlignmentSetup> setup) {
    }

    private static final int STEPS = 8;
    private static final int INNER = 2;

    private static AlignmentSetup.Builder base() {
        return AlignmentSetup.builder().steps(STEPS).innerSteps(INNER).base(Base.GLASS).flowMapSteps(32).onePerGroup(true);
    }

    private List<Entry> entries() {
        return List.of(
                new Entry("best-of-N", new int[] {4, 16, 64}, p -> base().method(Method.BEST_OF_N).particles(p).build()),
                new Entry("SIR", new int[] {4, 16, 64}, p -> base().method(Method.SIR).particles(p).seed(seed).build()),
                new Entry("guidance plug-in (Tweedie)", new int[] {8, 32, 128}, s -> base().method(Method.GUIDANCE)
                        .value(Value.PLUGIN).base(Base.ODE).steps(s).build()),
                new Entry("guidance GLASS-MC (M=4)", new int[] {8, 32}, s -> base().method(Method.GUIDANCE)
                        .value(Value.POSTERIOR_MC).mcSamples(4).gradient(PosteriorMcValue.GradientMode.SCORE)
                        .base(Base.ODE).steps(s).build()),
                new Entry("guidance exact", new int[] {8, 32, 128}, s -> base().method(Method.GUIDANCE)
                        .value(Value.EXACT).base(Base.ODE).steps(s).build()),
                new Entry("SMC plug-in (Tweedie)", new int[] {4, 16, 64}, p -> base().method(Method.SMC)
                        .value(Value.PLUGIN).particles(p).seed(seed).build()),
                new Entry("SMC GLASS-MC (M=2)", new int[] {4, 16, 64}, p -> base().method(Method.SMC)
                        .value(Value.POSTERIOR_MC).mcSamples(2).particles(p).seed(seed).build()),
                new Entry("SMC weighted (K=4)", new int[] {4, 16}, p -> base().method(Method.SMC)
                        .value(Value.WEIGHTED).mcSamples(4).particles(p).seed(seed).build()),
                new Entry("SMC exact", new int[] {4, 16, 64}, p -> base().method(Method.SMC)
                        .value(Value.EXACT).particles(p).seed(seed).build()));
    }

    private static List<Case> cases() throws Exception {
        GaussianMixture ring = DemoCommand.builtInMixture();
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
    static GaussianMixture randomMixture(int d, int k, long seed) {
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

    @Override
    public Integer call() throws Exception {
        Checks.positive("--n", n);
        MarkdownTable table = new MarkdownTable("problem", "method", "budget", "NFE/sample", "energy distance",
                "mean reward", "seconds");
        List<LinePlot.Chart> charts = new ArrayList<>();
        List<Case> cases = cases();
        List<Entry> entries = entries();
        int total = cases.size() * entries.stream().mapToInt(e -> e.budgets().length).sum();
        long started = System.nanoTime();
        try (Progress progress = Progress.start("bench align", total); NDManager m = NDManager.newBaseManager()) {
            int done = 0;
            for (Case c : cases) {
                Engine.getInstance().setRandomSeed(seed);
                GaussianMixture target = ExactValue.tiltedTarget(c.gmm(), c.tilt());
                NDArray reference = target.sample(m, n);
                double floor = SampleDistances.energyDistance(target.sample(m, n), reference);
                table.row(c.name(), "exact target (second draw: noise floor)", "-", 0, floor,
                        c.tilt().reward().value(reference).mean().getDouble(), 0.0);
                Map<String, double[][]> series = new LinkedHashMap<>();
                for (Entry e : entries) {
                    double[][] points = new double[e.budgets().length][];
                    for (int b = 0; b < e.budgets().length; b++) {
                        Engine.getInstance().setRandomSeed(seed + b);
                        EvaluationCounter counter = new EvaluationCounter();
                        AlignmentResult r = e.setup().apply(e.budgets()[b]).build(c.gmm(), null, c.gmm(), c.tilt(),
                                counter).align(m, new Shape(c.gmm().dimension()), n);
                        double ed = SampleDistances.energyDistance(r.samples(), reference);
                        double reward = c.tilt().reward().value(r.samples()).mean().getDouble();
                        table.row(c.name(), e.label(), e.budgets()[b], r.nfePerSample(), ed, reward, r.seconds());
                        points[b] = new double[] {r.nfePerSample(), ed};
                        r.samples().close();
                        progress.listener().accept(++done);
                    }
                    series.put(e.label(), points);
                }
                reference.close();
                charts.add(new LinePlot.Chart(c.name(), "model evaluations per sample", "energy distance to target",
                        true, series));
            }
        }
        double minutes = (System.nanoTime() - started) / 6e10;
        String text = "# Alignment on exact Gaussian mixtures\n\n"
                + "Generated by `./diamond bench align --n " + n + " --seed " + seed + "` in "
                + String.format("%.1f", minutes) + " minutes on this machine. Energy distance between " + n
                + " aligned samples and " + n + " exact samples of the tilted target p^r ∝ p1·exp(r/λ) (lower is "
                + "better; the first row of each problem is the exact-vs-exact noise floor, and the estimator is "
                + "unbiased so it can dip below 0). NFE counts model (velocity/denoiser/score) evaluations per output "
                + "sample; the exact value and the exact mixture cost none, and a flow-map jump counts as one "
                + "evaluation (the mixture's accurate ODE flow map stands in for a distilled one). Budget is the "
                + "number of particles/candidates (best-of-N, SIR, SMC) or of outer steps (guidance); every output is independent "
                + "(SMC draws one sample per group of particles). Base transitions: "
                + "GLASS with " + INNER + " midpoint inner steps, " + STEPS + " outer steps.\n\n" + table;
        AtomicFiles.writeString(outDir.resolve("align-gmm.md"), text);
        LinePlot.write(outDir.resolve("align-gmm.png"), charts, 2);
        System.out.println(table);
        System.out.println("wrote " + outDir.resolve("align-gmm.md") + " and " + outDir.resolve("align-gmm.png"));
        return 0;
    }
}
