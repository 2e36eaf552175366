package io.diamondmaps.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.align.AlignmentResult;
import io.diamondmaps.align.AlignmentSpec;
import io.diamondmaps.align.ExactValue;
import io.diamondmaps.align.Reliability;
import io.diamondmaps.eval.MarkdownTable;
import io.diamondmaps.eval.SampleDistances;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.load.ModelBundle;
import io.diamondmaps.util.AtomicFiles;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Rng;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Defaults on problems nobody tuned them on ({@link DefaultsSuite}): every method with the options a user gets from
 * {@code align} (the caller supplies them, so the command line's own defaults are measured), over several seeds,
 * reported per problem and as the distribution (median, 90th percentile, worst) of the excess energy distance over the
 * exact-vs-exact floor, on the tuning and the held-out half apart, beside SIR at the same NFE as SMC; and how often
 * each run's own reliability check ({@link Reliability}) warned, on runs that failed and on runs that did not.
 * Writes defaults.md.
 */
public final class DefaultsBenchmark {
    /** SMC's excess energy distance that counts as a failure (the goal). */
    public static final double SMC_GOAL = 0.02;
    /** Guidance's. */
    public static final double GUIDANCE_GOAL = 0.05;

    /** The alignment spec {@code align} builds from these options (its defaults for everything else). */
    @FunctionalInterface
    public interface SpecSource {
        AlignmentSpec spec(String... alignOptions);
    }

    /**
     * @param problems how many problems to generate (half of them held out)
     * @param seeds run seeds per problem and method
     * @param n samples per run
     * @param suiteSeed the seed the problems are drawn from
     * @param outDir output folder
     * @param smcOptions {@code align} options added to SMC's (and SIR's) defaults, to try another default
     * @param guidanceOptions the same for guidance
     * @param half which problems run: both, tuning or held-out
     */
    public record Config(int problems, int seeds, int n, long suiteSeed, Path outDir, List<String> smcOptions,
            List<String> guidanceOptions, String half) {
        /** {@code align}'s defaults on both halves. */
        public Config(int problems, int seeds, int n, long suiteSeed, Path outDir) {
            this(problems, seeds, n, suiteSeed, outDir, List.of(), List.of(), "both");
        }

        public Config {
            smcOptions = List.copyOf(smcOptions);
            guidanceOptions = List.copyOf(guidanceOptions);
            if (!List.of("both", "tuning", "held-out").contains(half)) {
                throw new IllegalArgumentException("half must be both, tuning or held-out, got '" + half + "'");
            }
            Checks.positive("problems", problems);
            Checks.positive("seeds", seeds);
            Checks.positive("n", n);
        }
    }

    /** One run: its excess over the floor, its NFE per sample, whether it warned and whether it failed its goal. */
    public record Run(DefaultsSuite.Problem problem, String method, double excess, double nfe, boolean warned,
            boolean worseThanUntilted, boolean failed) {
    }

    private DefaultsBenchmark() {
    }

    public static Report run(Config config, SpecSource specs, Device device, ProgressReporter progress)
            throws IOException {
        long started = System.nanoTime();
        List<DefaultsSuite.Problem> problems = problems(config);
        MarkdownTable perProblem = perProblemTable();
        List<Run> runs;
        try (ProgressReporter.Task task = progress.start("bench defaults", problems.size());
                NDManager m = NDManager.newBaseManager(device)) {
            runs = runs(problems, config, specs, m, perProblem, task);
        }
        MarkdownTable summary = new MarkdownTable("method", "half", "runs", "median excess", "90th percentile",
                "worst", "within goal", "warned: failing runs", "warned: passing runs", "worse than untilted, unwarned");
        for (String method : List.of("SMC", "SIR at SMC's NFE", "guidance")) {
            for (boolean held : new boolean[] {false, true}) {
                List<Run> rs = runs.stream().filter(r -> r.method().equals(method) && r.problem().heldOut() == held)
                        .toList();
                if (rs.isEmpty()) {
                    continue;
                }
                double[] ex = rs.stream().mapToDouble(Run::excess).sorted().toArray();
                long failing = rs.stream().filter(Run::failed).count();
                long warnedFailing = rs.stream().filter(r -> r.failed() && r.warned()).count();
                long passing = rs.size() - failing;
                long warnedPassing = rs.stream().filter(r -> !r.failed() && r.warned()).count();
                long unwarnedWorse = rs.stream().filter(r -> r.worseThanUntilted() && !r.warned()).count();
                summary.row(method, held ? "held out" : "tuning", rs.size(), quantile(ex, 0.5), quantile(ex, 0.9),
                        ex[ex.length - 1], (rs.size() - failing) + " / " + rs.size(),
                        warnedFailing + " / " + failing, warnedPassing + " / " + passing, unwarnedWorse);
            }
        }
        double minutes = (System.nanoTime() - started) / 6e10;
        String text = "# Defaults on problems nobody tuned them on\n\n"
                + "Generated by `./diamond bench defaults --problems " + config.problems() + " --seeds "
                + config.seeds() + " --n " + config.n() + " --suite-seed " + config.suiteSeed()
                + (config.half().equals("both") ? "" : " --half " + config.half())
                + (config.smcOptions().isEmpty() ? "" : " --smc-options '" + String.join(" ", config.smcOptions()) + "'")
                + (config.guidanceOptions().isEmpty() ? "" : " --guidance-options '"
                        + String.join(" ", config.guidanceOptions()) + "'") + "` in "
                + String.format(Locale.ROOT, "%.1f", minutes) + " minutes on this machine. " + config.problems()
                + " problems drawn by `DefaultsSuite` (mixtures of dimension 2–8 with 2–6 components of unequal "
                + "weights and shapes; linear and quadratic rewards from mild to sharp; one in three with its target on "
                + "the lightest component); even-numbered problems are the tuning half, odd-numbered the held-out "
                + "half. Every method runs with `align`'s default options for " + config.seeds() + " seeds and "
                + config.n() + " samples; **excess** is its energy distance to as many exact draws of the tilted "
                + "target minus that of a second exact draw (the floor). SIR gets as many model evaluations per "
                + "sample as SMC used. A run **fails** when its excess exceeds " + SMC_GOAL + " (SMC, SIR) or "
                + GUIDANCE_GOAL + " (guidance); **warned** counts the runs whose own reliability check "
                + "(`Reliability`, printed by `align`) said their samples cannot be trusted.\n\n"
                + summary + "\nPer problem (mean excess over the seeds):\n\n" + perProblem;
        Files.createDirectories(config.outDir());
        Path md = config.outDir().resolve("defaults.md");
        AtomicFiles.writeString(md, text);
        return new Report(text, summary + "\n" + perProblem, List.of(md));
    }

    /** The per-problem table {@link #runs} fills. */
    static MarkdownTable perProblemTable() {
        return new MarkdownTable("problem", "half", "target on lightest", "floor", "untilted", "SMC", "SMC NFE",
                "SIR at SMC's NFE", "guidance", "guidance NFE", "warnings (SMC / guidance)");
    }

    /** Every method's runs on {@code problems}, a row per problem in {@code table} ({@link #perProblemTable}). */
    static List<Run> runs(List<DefaultsSuite.Problem> problems, Config config, SpecSource specs, NDManager m,
            MarkdownTable table, java.util.function.IntConsumer progress) {
        List<Run> runs = new ArrayList<>();
        int done = 0;
        for (DefaultsSuite.Problem p : problems) {
            try (NDManager scope = m.newSubManager()) {
                runs.addAll(runProblem(p, config, specs, scope, table));
            }
            progress.accept(++done);
        }
        return runs;
    }

    private static List<Run> runProblem(DefaultsSuite.Problem p, Config config, SpecSource specs, NDManager m,
            MarkdownTable table) {
        GaussianMixture gmm = p.gmm();
        GaussianMixture target = ExactValue.tiltedTarget(gmm, p.tilt());
        Rng ref = Rng.of(config.suiteSeed() + 7919L * p.index());
        NDArray reference = target.sample(m, config.n(), ref);
        double floor = SampleDistances.energyDistance(target.sample(m, config.n(), ref), reference);
        double untilted = SampleDistances.energyDistance(gmm.sample(m, config.n(), ref), reference);
        ModelBundle model = ModelBundle.of(gmm, p.name());
        Shape shape = new Shape(gmm.dimension());
        Map<String, double[]> mean = new LinkedHashMap<>();
        Map<String, int[]> warnings = new LinkedHashMap<>();
        List<Run> runs = new ArrayList<>();
        AlignmentSpec smc = specs.spec(options(config.smcOptions(), "--method", "smc"));
        AlignmentSpec guidance = specs.spec(options(config.guidanceOptions(), "--method", "guidance"));
        AlignmentSpec sirOne = specs.spec("--method", "sir", "--particles", "1");
        for (int s = 0; s < config.seeds(); s++) {
            long seed = config.suiteSeed() * 31 + 1000L * p.index() + s;
            Run smcRun = one(p, "SMC", smc, model, shape, config.n(), seed, reference, floor, untilted, SMC_GOAL, m);
            runs.add(smcRun);
            // SIR with as many candidates as make its NFE per sample SMC's.
            double perCandidate = nfeOf(sirOne, model, p.tilt(), shape, m, seed);
            int candidates = Math.max(1, (int) Math.round(smcRun.nfe() / perCandidate));
            runs.add(one(p, "SIR at SMC's NFE", specs.spec("--method", "sir", "--particles", "" + candidates), model,
                    shape, config.n(), seed, reference, floor, untilted, SMC_GOAL, m));
            runs.add(one(p, "guidance", guidance, model, shape, config.n(), seed, reference, floor, untilted,
                    GUIDANCE_GOAL, m));
        }
        for (Run r : runs) {
            double[] acc = mean.computeIfAbsent(r.method(), k -> new double[2]);
            acc[0] += r.excess() / config.seeds();
            acc[1] += r.nfe() / config.seeds();
            warnings.computeIfAbsent(r.method(), k -> new int[1])[0] += r.warned() ? 1 : 0;
        }
        table.row(p.name(), p.heldOut() ? "held out" : "tuning", String.format(Locale.ROOT, "%.2f",
                p.targetMassOnLightest()), floor, untilted, mean.get("SMC")[0], mean.get("SMC")[1],
                mean.get("SIR at SMC's NFE")[0], mean.get("guidance")[0], mean.get("guidance")[1],
                warnings.get("SMC")[0] + " / " + warnings.get("guidance")[0] + " of " + config.seeds());
        return runs;
    }

    private static double nfeOf(AlignmentSpec spec, ModelBundle model, io.diamondmaps.reward.RewardTilt tilt,
            Shape shape, NDManager m, long seed) {
        try (NDManager scope = m.newSubManager()) {
            AlignmentResult r = spec.build(model, tilt, new EvaluationCounter()).align(scope, shape, 16,
                    Rng.of(seed));
            return r.nfePerSample();
        }
    }

    private static Run one(DefaultsSuite.Problem p, String method, AlignmentSpec spec, ModelBundle model, Shape shape,
            int n, long seed, NDArray reference, double floor, double untilted, double goal, NDManager m) {
        try (NDManager scope = m.newSubManager()) {
            EvaluationCounter counter = new EvaluationCounter();
            AlignmentResult r = spec.build(model, p.tilt(), counter).align(scope, shape, n, Rng.of(seed));
            double distance = SampleDistances.energyDistance(r.samples(), reference);
            Reliability reliability = Reliability.assess(r, p.tilt());
            boolean warned = reliability.untrusted();
            return new Run(p, method, distance - floor, r.nfePerSample(), warned, distance > untilted,
                    distance - floor > goal);
        }
    }

    /** The suite's problems of the configured half. */
    static List<DefaultsSuite.Problem> problems(Config config) {
        return DefaultsSuite.generate(config.suiteSeed(), config.problems()).stream()
                .filter(p -> config.half().equals("both") || p.heldOut() == config.half().equals("held-out")).toList();
    }

    private static String[] options(List<String> extra, String... base) {
        List<String> all = new ArrayList<>(List.of(base));
        all.addAll(extra);
        return all.toArray(String[]::new);
    }

    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
