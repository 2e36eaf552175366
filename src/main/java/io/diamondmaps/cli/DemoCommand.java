package io.diamondmaps.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.align.AlignmentResult;
import io.diamondmaps.align.AlignmentSetup;
import io.diamondmaps.align.ExactValue;
import io.diamondmaps.align.Schedule;
import io.diamondmaps.data.FashionMnist;
import io.diamondmaps.model.neural.Checkpoint;
import io.diamondmaps.model.neural.DiamondNetwork;
import io.diamondmaps.model.neural.NeuralModels;
import io.diamondmaps.eval.MarkdownTable;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.reward.MeasurementReward;
import io.diamondmaps.reward.Operators;
import io.diamondmaps.reward.RewardTilt;
import io.diamondmaps.eval.SampleDistances;
import io.diamondmaps.eval.ScatterPlot;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.GaussianMixtureFile;
import io.diamondmaps.model.Moments;
import io.diamondmaps.sample.OdeSolver;
import io.diamondmaps.util.AtomicFiles;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Tensors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the built-in demo: no files, no download, under a minute.",
            "Samples a built-in 2-D Gaussian mixture (six thin components on a ring) exactly, by the probability-flow "
                    + "ODE, by DDPM steps, by GLASS flows driven by the mixture's velocity field and by a built-in "
                    + "Posterior Diamond Map distilled from it (early stop, outer × inner jumps); prints a table of "
                    + "distances to exact samples at equal numbers of velocity evaluations (NFE) and writes a "
                    + "scatter plot and the table to the output folder (samples.png, distances.md).",
            "Then aligns the mixture to a built-in reward r(x) = −(x1 + x2 − 2)²/(2·0.5²) by SMC (GLASS or Diamond "
                    + "values), guidance and sampling-importance-resampling and compares them with the exact tilted target "
                    + "(alignment.png, alignment.md).",
            "With --images, instead: the committed Fashion-MNIST flow map, Posterior Diamond Map and classifier; "
                    + "unaligned samples vs samples aligned by guidance with Diamond values for box inpainting and a "
                    + "class reward (inpainting.png, class.png, images.md). Under a minute."})
final class DemoCommand implements Callable<Integer> {
    static final String MIXTURE_RESOURCE = "demo-mixture.json";
    /**
     * The Diamond Map of the built-in mixture, made by {@code ./diamond train diamond --teacher
     * gmm:src/main/resources/io/diamondmaps/cli/demo-mixture.json --width 128 --steps 8000 --checkpoint-every 8000
     * --out demo-diamond.ckpt} (about 2 minutes on 2 cores).
     */
    static final String DIAMOND_RESOURCE = "demo-diamond.ckpt";

    @Option(names = "--n", defaultValue = "2000", paramLabel = "N",
            description = "Samples per method. Default: ${DEFAULT-VALUE}.")
    int n;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    int seed;

    @Option(names = "--out-dir", defaultValue = "out/demo", paramLabel = "DIR",
            description = "Where the pictures and tables go. Default: ${DEFAULT-VALUE}.")
    Path outDir;

    @Option(names = "--images", description = "Run the Fashion-MNIST image demo instead of the 2-D one.")
    boolean images;

    @Option(names = "--models-dir", defaultValue = "models", paramLabel = "DIR",
            description = "--images: folder of " + ImageDemo.FLOW_MAP + ", " + ImageDemo.DIAMOND + " and "
                    + ImageDemo.CLASSIFIER + ". Default: ${DEFAULT-VALUE}.")
    Path modelsDir;

    @Mixin
    DataOptions data;

    @Option(names = "--class", defaultValue = "1", paramLabel = "K",
            description = "--images: class of the class reward (0 T-shirt, 1 trouser, 2 pullover, 3 dress, 4 coat, "
                    + "5 sandal, 6 shirt, 7 sneaker, 8 bag, 9 ankle boot). Default: ${DEFAULT-VALUE}.")
    int targetClass;

    static GaussianMixture builtInMixture() throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(MIXTURE_RESOURCE)) {
            return GaussianMixtureFile.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), MIXTURE_RESOURCE);
        }
    }

    /** The built-in Diamond Map, frozen, on {@code manager}. */
    static DiamondNetwork builtInDiamond(NDManager manager) throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(DIAMOND_RESOURCE);
                NDManager scope = manager.newSubManager()) {
            Checkpoint c = Checkpoint.read(in.readAllBytes(), DIAMOND_RESOURCE, scope);
            return NeuralModels.loadDiamond(c, DIAMOND_RESOURCE, manager);
        }
    }

    @Override
    public Integer call() throws Exception {
        Checks.positive("--n", n);
        if (images) {
            new ImageDemo(modelsDir, data.source(), outDir, targetClass, seed).run();
            return 0;
        }
        GaussianMixture gmm = builtInMixture();
        try (NDManager diamondManager = NDManager.newBaseManager()) {
            DiamondNetwork diamond = builtInDiamond(diamondManager);
            samplePanel(gmm, diamond);
            alignmentPanel(gmm, diamond);
        }
        return 0;
    }

    /** Every sampler on the built-in mixture against exact samples. */
    private void samplePanel(GaussianMixture gmm, DiamondNetwork diamond) throws IOException {
        LoadedModel demo = LoadedModel.of(gmm, "the built-in mixture").withDiamond(diamond, "the built-in Diamond Map");
        Engine.getInstance().setRandomSeed(seed);
        List<Samplers.Recipe> recipes = List.of(
                new Samplers.Recipe("ode", 4, 1, OdeSolver.HEUN),
                new Samplers.Recipe("ode", 8, 1, OdeSolver.EULER),
                new Samplers.Recipe("ddpm", 8, 1, OdeSolver.HEUN),
                new Samplers.Recipe("glass", 2, 4, OdeSolver.HEUN),
                new Samplers.Recipe("early-stop", 2, 4, OdeSolver.HEUN),
                new Samplers.Recipe("diamond", 2, 2, OdeSolver.HEUN),
                new Samplers.Recipe("diamond", 2, 4, OdeSolver.HEUN),
                new Samplers.Recipe("ode", 50, 1, OdeSolver.HEUN),
                new Samplers.Recipe("ddpm", 100, 1, OdeSolver.HEUN),
                new Samplers.Recipe("glass", 10, 10, OdeSolver.HEUN));
        MarkdownTable table = new MarkdownTable("method", "NFE", "energy distance", "sliced W2", "MMD^2 (h=0.5)",
                "mean error", "cov error");
        List<ScatterPlot.Panel> panels = new ArrayList<>();
        System.out.println("Built-in mixture: " + gmm + "; " + n + " samples per method, seed " + seed);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray reference = gmm.sample(m, n);
            double[][] referenceRows = Tensors.toRows(reference);
            Moments exact = gmm.moments();
            panels.add(new ScatterPlot.Panel("exact", referenceRows, null));
            addRow(table, "exact (second draw: the noise floor)", 0, gmm.sample(m, n), reference, exact);
            try (Progress progress = Progress.start("demo", recipes.size())) {
                int done = 0;
                for (Samplers.Recipe r : recipes) {
                    NDArray s = Samplers.generate(demo, r, m, n, step -> { });
                    addRow(table, r.label(), r.evaluations(), s, reference, exact);
                    if (r.evaluations() == 8) {
                        panels.add(new ScatterPlot.Panel(r.label() + " (NFE 8)", Tensors.toRows(s), referenceRows));
                    }
                    s.close();
                    progress.listener().accept(++done);
                }
            }
        }
        String text = table.toString();
        System.out.println(text);
        Path plot = outDir.resolve("samples.png");
        ScatterPlot.write(plot, panels, 4);
        AtomicFiles.writeString(outDir.resolve("distances.md"), "# Diamond demo: sample distances to exact samples\n\n"
                + "Built-in 2-D mixture, " + n + " samples per method, seed " + seed + ".\n\n" + text);
        System.out.println("wrote " + plot + " and " + outDir.resolve("distances.md"));
    }

    /** The built-in reward of the alignment panel: r(x) = −(x₁ + x₂ − 2)²/(2·0.5²), λ = 1. */
    static RewardTilt builtInReward() {
        return new RewardTilt(new MeasurementReward(Operators.matrix(new double[][] {{1, 1}}), new double[] {2.0}, 0.5),
                1.0);
    }

    /** Exact tilted target vs SMC, guidance and SIR on the built-in mixture and reward. */
    private void alignmentPanel(GaussianMixture gmm, DiamondNetwork diamond) throws IOException {
        RewardTilt tilt = builtInReward();
        GaussianMixture target = ExactValue.tiltedTarget(gmm, tilt);
        Engine.getInstance().setRandomSeed(seed);
        Map<String, AlignmentSetup> methods = new LinkedHashMap<>();
        methods.put("SMC, GLASS values", AlignmentSetup.builder().method(AlignmentSetup.Method.SMC)
                .value(AlignmentSetup.Value.POSTERIOR_MC).mcSamples(2).particles(16).steps(8).innerSteps(2)
                .seed(seed).build());
        methods.put("SMC, Diamond values", AlignmentSetup.builder().method(AlignmentSetup.Method.SMC)
                .value(AlignmentSetup.Value.POSTERIOR_MC).posterior(AlignmentSetup.Posterior.DIAMOND).diamond(diamond)
                .mcSamples(2).mcInnerSteps(Schedule.constant(1)).particles(16).steps(8).innerSteps(2).seed(seed)
                .build());
        methods.put("guidance, exact gradient", AlignmentSetup.builder().method(AlignmentSetup.Method.GUIDANCE)
                .value(AlignmentSetup.Value.EXACT).base(AlignmentSetup.Base.ODE).steps(32).build());
        methods.put("SIR, 16 candidates", AlignmentSetup.builder().method(AlignmentSetup.Method.SIR).particles(16)
                .steps(8).innerSteps(2).seed(seed).build());
        MarkdownTable table = new MarkdownTable("method", "NFE/sample", "energy distance to target", "mean reward");
        List<ScatterPlot.Panel> panels = new ArrayList<>();
        System.out.println("Alignment: reward " + tilt.reward().describe() + ", temperature " + tilt.temperature());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray reference = target.sample(m, n);
            double[][] base = Tensors.toRows(gmm.sample(m, n));
            panels.add(new ScatterPlot.Panel("exact tilted target", Tensors.toRows(reference), base));
            table.row("exact tilted target (second draw: noise floor)", 0,
                    SampleDistances.energyDistance(target.sample(m, n), reference),
                    tilt.reward().value(reference).mean().getDouble());
            for (Map.Entry<String, AlignmentSetup> e : methods.entrySet()) {
                EvaluationCounter counter = new EvaluationCounter();
                AlignmentResult r = e.getValue().build(gmm, null, gmm, tilt, counter)
                        .align(m, new Shape(gmm.dimension()), n);
                table.row(e.getKey(), r.nfePerSample(), SampleDistances.energyDistance(r.samples(), reference),
                        tilt.reward().value(r.samples()).mean().getDouble());
                panels.add(new ScatterPlot.Panel(e.getKey(), Tensors.toRows(r.samples()), base));
            }
        }
        String text = table.toString();
        System.out.println(text);
        Path plot = outDir.resolve("alignment.png");
        ScatterPlot.write(plot, panels, 2);
        AtomicFiles.writeString(outDir.resolve("alignment.md"), "# Diamond demo: alignment\n\nBuilt-in 2-D mixture, "
                + "reward " + tilt.reward().describe() + ", temperature " + tilt.temperature() + ", " + n
                + " samples per method, seed " + seed + "; grey: untilted samples.\n\n" + text);
        System.out.println("wrote " + plot + " and " + outDir.resolve("alignment.md"));
    }

    private static void addRow(MarkdownTable table, String label, int nfe, NDArray s, NDArray reference, Moments exact) {
        table.row(label, nfe, SampleDistances.energyDistance(s, reference),
                SampleDistances.slicedWasserstein2(s, reference, 256), SampleDistances.mmd(s, reference, 0.5),
                SampleDistances.meanError(s, exact), SampleDistances.covarianceError(s, exact));
    }
}
