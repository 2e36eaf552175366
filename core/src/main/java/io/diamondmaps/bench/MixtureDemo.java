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
import io.diamondmaps.align.ValueSpec;
import io.diamondmaps.eval.MarkdownTable;
import io.diamondmaps.eval.SampleDistances;
import io.diamondmaps.eval.ScatterPlot;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.Moments;
import io.diamondmaps.model.load.ModelBundle;
import io.diamondmaps.reward.RewardTilt;
import io.diamondmaps.sample.GlassFlow;
import io.diamondmaps.sample.OdeSolver;
import io.diamondmaps.sample.PosteriorSpec;
import io.diamondmaps.sample.Samplers;
import io.diamondmaps.sample.TransitionSpec;
import io.diamondmaps.util.AtomicFiles;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Rng;
import io.diamondmaps.util.Tensors;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in demo on the built-in 2-D mixture (no files, no download): every sampler against exact samples at
 * equal numbers of evaluations, then alignment to the built-in reward against the exact tilted target.
 */
public final class MixtureDemo {
    /**
     * @param n samples per method
     * @param seed the run's seed
     * @param outDir where samples.png, distances.md, alignment.png and alignment.md go
     */
    public record Config(int n, long seed, Path outDir) {
        public Config {
            Checks.positive("n", n);
        }
    }

    private MixtureDemo() {
    }

    /** Both panels; the report holds both tables. */
    public static Report run(Config config, Device device, ProgressReporter progress) throws IOException {
        GaussianMixture gmm = BuiltIn.mixture();
        try (NDManager diamondManager = NDManager.newBaseManager(device)) {
            ModelBundle model = ModelBundle.of(gmm, "the built-in mixture").withDiamond(BuiltIn.diamond(diamondManager),
                    "the built-in Diamond Map");
            Report samples = samplePanel(config, model, device, progress);
            Report alignment = alignmentPanel(config, model, device, progress);
            List<Path> files = new ArrayList<>(samples.files());
            files.addAll(alignment.files());
            return new Report(samples.markdown() + "\n" + alignment.markdown(),
                    samples.tables() + "\n" + alignment.tables(), files);
        }
    }

    /** The samplers of the first panel, at NFE 4, 8 and 100 (GLASS rows with Euler inner steps: NFE as stated). */
    static List<Samplers.Recipe> recipes() {
        return List.of(
                new Samplers.Recipe("ode", 4, 1, OdeSolver.HEUN),
                new Samplers.Recipe("ode", 8, 1, OdeSolver.EULER),
                new Samplers.Recipe("ddpm", 8, 1, OdeSolver.HEUN),
                new Samplers.Recipe("glass", 2, 4, OdeSolver.HEUN, OdeSolver.EULER),
                new Samplers.Recipe("early-stop", 2, 4, OdeSolver.HEUN, OdeSolver.EULER),
                new Samplers.Recipe("diamond", 2, 2, OdeSolver.HEUN),
                new Samplers.Recipe("diamond", 2, 4, OdeSolver.HEUN),
                new Samplers.Recipe("ode", 50, 1, OdeSolver.HEUN),
                new Samplers.Recipe("ddpm", 100, 1, OdeSolver.HEUN),
                new Samplers.Recipe("glass", 10, 10, OdeSolver.HEUN, OdeSolver.EULER));
    }

    /** Every sampler on the built-in mixture against exact samples. */
    private static Report samplePanel(Config config, ModelBundle demo, Device device, ProgressReporter progress)
            throws IOException {
        int n = config.n();
        GaussianMixture gmm = demo.exact();
        Rng rng = Rng.of(config.seed());
        List<Samplers.Recipe> recipes = recipes();
        MarkdownTable table = new MarkdownTable("method", "NFE", "energy distance", "sliced W2", "MMD^2 (h=0.5)",
                "mean error", "cov error");
        List<ScatterPlot.Panel> panels = new ArrayList<>();
        progress.log("Built-in mixture: " + gmm + "; " + n + " samples per method, seed " + config.seed());
        try (NDManager m = NDManager.newBaseManager(device)) {
            NDArray reference = gmm.sample(m, n, rng);
            double[][] referenceRows = Tensors.toRows(reference);
            Moments exact = gmm.moments();
            panels.add(new ScatterPlot.Panel("exact", referenceRows, null));
            addRow(table, "exact (second draw: the noise floor)", 0, gmm.sample(m, n, rng), reference, exact, rng);
            try (ProgressReporter.Task task = progress.start("demo", recipes.size())) {
                int done = 0;
                for (Samplers.Recipe r : recipes) {
                    EvaluationCounter counter = new EvaluationCounter();
                    NDArray s = Samplers.generate(demo, r, m, n, rng, counter);
                    double nfe = counter.nfePerSample(n);
                    addRow(table, r.label(), nfe, s, reference, exact, rng);
                    if (nfe == 8) {
                        panels.add(new ScatterPlot.Panel(r.label() + " (NFE 8)", Tensors.toRows(s), referenceRows));
                    }
                    s.close();
                    task.accept(++done);
                }
            }
        }
        Path plot = config.outDir().resolve("samples.png");
        ScatterPlot.write(plot, panels, 4);
        Path md = config.outDir().resolve("distances.md");
        String text = "# Diamond demo: sample distances to exact samples\n\nBuilt-in 2-D mixture, " + n
                + " samples per method, seed " + config.seed() + ".\n\n" + table;
        AtomicFiles.writeString(md, text);
        return new Report(text, table.toString(), List.of(md, plot));
    }

    /** Exact tilted target vs SMC, guidance and SIR on the built-in mixture and reward. */
    private static Report alignmentPanel(Config config, ModelBundle model, Device device,
            ProgressReporter progress)
            throws IOException {
        int n = config.n();
        GaussianMixture gmm = model.exact();
        RewardTilt tilt = BuiltIn.reward();
        GaussianMixture target = ExactValue.tiltedTarget(gmm, tilt);
        Rng rng = Rng.of(config.seed());
        TransitionSpec glass = new TransitionSpec.Glass(2, GlassFlow.DEFAULT_SOLVER);
        Map<String, AlignmentSpec> methods = new LinkedHashMap<>();
        MethodSpec smc = MethodSpec.Smc.of(MethodSpec.Smc.DEFAULT_PARTICLES);
        // The particle and guidance rows answer their values from align's default pool of the run's own draws (6.9).
        methods.put("SMC, GLASS values", new AlignmentSpec(smc, new ValueSpec.PosteriorMc(
                new PosteriorSpec.Glass(2, GlassFlow.DEFAULT_SOLVER), Schedule.constant(2), null,
                GradientMode.PATHWISE), glass, 8).withPool(AlignmentSpec.Pool.DEFAULT));
        methods.put("SMC, Diamond values", new AlignmentSpec(smc, new ValueSpec.PosteriorMc(
                new PosteriorSpec.Diamond(1), Schedule.constant(2), null, GradientMode.PATHWISE),
                glass, 8).withPool(AlignmentSpec.Pool.DEFAULT));
        MethodSpec guidance = MethodSpec.Guidance.kappa();
        methods.put("guidance, align's defaults", new AlignmentSpec(guidance, new ValueSpec.PosteriorMc(
                new PosteriorSpec.Glass(4, GlassFlow.DEFAULT_SOLVER), Schedule.constant(4), null,
                GradientMode.PATHWISE), new TransitionSpec.Ddpm(), guidance.defaultSteps())
                .withPool(AlignmentSpec.Pool.DEFAULT));
        methods.put("guidance, exact gradient", new AlignmentSpec(guidance, new ValueSpec.Exact(),
                new TransitionSpec.Ode(), 32));
        methods.put("SIR, 16 candidates", AlignmentSpec.withoutValue(new MethodSpec.Sir(16), glass, 8));
        MarkdownTable table = new MarkdownTable("method", "NFE/sample", "energy distance to target", "mean reward");
        List<ScatterPlot.Panel> panels = new ArrayList<>();
        progress.log("Alignment: reward " + tilt.reward().describe() + ", temperature " + tilt.temperature());
        try (NDManager m = NDManager.newBaseManager(device)) {
            NDArray reference = target.sample(m, n, rng);
            double[][] base = Tensors.toRows(gmm.sample(m, n, rng));
            panels.add(new ScatterPlot.Panel("exact tilted target", Tensors.toRows(reference), base));
            table.row("exact tilted target (second draw: noise floor)", 0,
                    SampleDistances.energyDistance(target.sample(m, n, rng), reference),
                    tilt.reward().value(reference).mean().getDouble());
            for (Map.Entry<String, AlignmentSpec> e : methods.entrySet()) {
                EvaluationCounter counter = new EvaluationCounter();
                AlignmentResult r = e.getValue().build(model, tilt, counter)
                        .align(m, new Shape(gmm.dimension()), n, rng);
                table.row(e.getKey(), r.nfePerSample(), SampleDistances.energyDistance(r.samples(), reference),
                        tilt.reward().value(r.samples()).mean().getDouble());
                panels.add(new ScatterPlot.Panel(e.getKey(), Tensors.toRows(r.samples()), base));
            }
        }
        Path plot = config.outDir().resolve("alignment.png");
        ScatterPlot.write(plot, panels, 2);
        Path md = config.outDir().resolve("alignment.md");
        String text = "# Diamond demo: alignment\n\nBuilt-in 2-D mixture, reward " + tilt.reward().describe()
                + ", temperature " + tilt.temperature() + ", " + n + " samples per method, seed " + config.seed()
                + "; grey: untilted samples.\n\n" + table;
        AtomicFiles.writeString(md, text);
        return new Report(text, table.toString(), List.of(md, plot));
    }

    private static void addRow(MarkdownTable table, String label, double nfe, NDArray s, NDArray reference,
            Moments exact,
            Rng rng) {
        table.row(label, MarkdownTable.count(nfe), SampleDistances.energyDistance(s, reference),
                SampleDistances.slicedWasserstein2(s, reference, 256, rng), SampleDistances.mmd(s, reference, 0.5),
                SampleDistances.meanError(s, exact), SampleDistances.covarianceError(s, exact));
    }
}
