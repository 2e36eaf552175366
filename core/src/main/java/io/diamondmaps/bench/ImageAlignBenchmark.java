package io.diamondmaps.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.align.AlignmentSpec;
import io.diamondmaps.align.GradientMode;
import io.diamondmaps.align.Guidance;
import io.diamondmaps.align.MethodSpec;
import io.diamondmaps.align.Schedule;
import io.diamondmaps.align.ValueSpec;
import io.diamondmaps.align.WeightedValue;
import io.diamondmaps.data.FashionMnist;
import io.diamondmaps.eval.FrechetDistance;
import io.diamondmaps.eval.ImageGrid;
import io.diamondmaps.eval.MarkdownTable;
import io.diamondmaps.eval.SampleDistances;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.model.CountingVelocityField;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.model.PosteriorSampler;
import io.diamondmaps.model.load.ModelBundle;
import io.diamondmaps.model.load.ModelLoader;
import io.diamondmaps.model.neural.ImageClassifier;
import io.diamondmaps.reward.MeasurementReward;
import io.diamondmaps.reward.RewardTilt;
import io.diamondmaps.sample.DiamondSampler;
import io.diamondmaps.sample.GlassFlow;
import io.diamondmaps.sample.OdeSolver;
import io.diamondmaps.sample.PosteriorSpec;
import io.diamondmaps.sample.TransitionSpec;
import io.diamondmaps.util.AtomicFiles;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.EnumNames;
import io.diamondmaps.util.Rng;
import io.diamondmaps.util.Tensors;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Reward alignment on Fashion-MNIST at matched model evaluations per sample (the paper's E2 analogue): guidance with
 * Posterior Diamond Map values, Weighted Diamond values, flow-map plug-in (FMTT-like) and Tweedie (DPS-like) values,
 * SMC with Diamond values and best-of-N, all on the flow map's jumps; tasks: posterior calibration, a class reward,
 * box inpainting and super-resolution ×4. Writes fashion-mnist-align.md and one image grid per task.
 */
public final class ImageAlignBenchmark {
    /** The tasks, in report order. */
    public static final List<String> TASKS = List.of("posterior", "class", "inpainting", "super-resolution");

    /**
     * @param model the flow map: a checkpoint, or torchscript:MODEL.pt with a flow-map description
     * @param diamond Posterior Diamond Map of the flow map
     * @param classifier classifier: the class reward and the features of the Fréchet distance
     * @param data the images (test split)
     * @param tasks a subset of {@link #TASKS}
     * @param targetClass class of the class reward
     * @param classSamples samples per method for the class reward
     * @param measurements ground-truth test images (one measurement each) per inverse problem
     * @param perMeasurement samples per measurement and method
     * @param steps outer steps of the methods with Monte-Carlo values; the others get steps to match their NFE
     * @param mcSamples posterior draws per Diamond value; Weighted Diamond values get (M − 2)/2 particles
     * @param scaleMode guidance scale mode of every guided method
     * @param scale guidance scale of every guided method
     * @param calibrationImages test images of the posterior-calibration task
     * @param calibrationDraws posterior draws per image in the calibration task
     * @param seed the run's seed
     * @param outDir output folder
     */
    public record Config(String model, Path diamond, Path classifier, FashionMnist.Source data, List<String> tasks,
            int targetClass, int classSamples, int measurements, int perMeasurement, int steps, int mcSamples,
            Guidance.Scale scaleMode, double scale, int calibrationImages, int calibrationDraws, long seed,
            Path outDir) {
        public Config {
            Checks.positive("calibrationImages", calibrationImages);
            Checks.positive("calibrationDraws", calibrationDraws);
            Checks.positive("classSamples", classSamples);
            Checks.positive("measurements", measurements);
            Checks.positive("perMeasurement", perMeasurement);
            Checks.positive("mcSamples", mcSamples);
            Checks.positive("steps", steps);
            for (String t : tasks) {
                if (!TASKS.contains(t)) {
                    throw new IllegalArgumentException("unknown task '" + t + "' (expected " + String.join(", ", TASKS)
                            + ")");
                }
            }
            tasks = List.copyOf(tasks);
        }
    }

    /** Images per alignment call of the class task (keeps autograd memory bounded). */
    private static final int CHUNK = 32;
    private static final int GRID_COLUMNS = 8;
    private static final int REFERENCE_IMAGES = 2000;

    private final String model;
    private final Path diamond;
    private final Path classifier;
    private final List<String> tasks;
    private final int targetClass;
    private final int classSamples;
    private final int measurements;
    private final int perMeasurement;
    private final int steps;
    private final int mcSamples;
    private final Guidance.Scale scaleMode;
    private final double scale;
    private final int calibrationImages;
    private final int calibrationDraws;
    private final long seed;
    private final Path outDir;
    private final ProgressReporter progress;

    private final Device device;

    private ImageAlignBenchmark(Config c, Device device, ProgressReporter progress) {
        this.device = device;
        this.model = c.model();
        this.diamond = c.diamond();
        this.classifier = c.classifier();
        this.tasks = c.tasks();
        this.targetClass = c.targetClass();
        this.classSamples = c.classSamples();
        this.measurements = c.measurements();
        this.perMeasurement = c.perMeasurement();
        this.steps = c.steps();
        this.mcSamples = c.mcSamples();
        this.scaleMode = c.scaleMode();
        this.scale = c.scale();
        this.calibrationImages = c.calibrationImages();
        this.calibrationDraws = c.calibrationDraws();
        this.seed = c.seed();
        this.outDir = c.outDir();
        this.progress = progress;
    }

    /** Features of the reference images, the classifier and the models every task shares. */
    private record Context(ModelBundle model, ImageClassifier classifier, FashionMnist.Split test, int references,
            NDArray referenceFeatures) {
    }

    /** A posterior sampler of the calibration table, counting its network evaluations on the counter it is given. */
    private record Sampler(String label, Function<EvaluationCounter, PosteriorSampler> sampler) {
    }

    public static Report run(Config config, Device device, ProgressReporter progress) throws Exception {
        return new ImageAlignBenchmark(config, device, progress).run(config.data());
    }

    private Report run(FashionMnist.Source source) throws Exception {
        StringBuilder report = new StringBuilder();
        StringBuilder tables = new StringBuilder();
        List<Path> files = new ArrayList<>();
        Path md = outDir.resolve("fashion-mnist-align.md");
        files.add(md);
        try (NDManager m = NDManager.newBaseManager(device)) {
            ModelBundle loaded = ModelLoader.load(model, Interpolant.byName("linear"), m);
            if (loaded.flowMap() == null || !loaded.sampleShape().equals(new Shape(1, 28, 28))) {
                throw new IllegalArgumentException("every method here moves by flow-map jumps on 1×28×28 images: "
                        + "--model must be a flow map of Fashion-MNIST (a checkpoint of 'train flowmap' or a TorchScript "
                        + "flow map), not " + model);
            }
            loaded = loaded.withDiamond(diamond, m);
            ImageClassifier clf = ImageClassifier.load(classifier, m);
            FashionMnist.Split test = source.load(m, "t10k");
            // The Fréchet reference and the ground truths of the measurements are disjoint test images.
            int references = (int) Math.min(REFERENCE_IMAGES, test.images().getShape().get(0) / 2);
            NDArray reference = ImageTasks.features(clf, test.images().get("0:" + references));
            Context context = new Context(loaded, clf, test, references, reference);
            Map<String, AlignmentSpec> methods = methods();
            report.append("# Fashion-MNIST reward alignment at matched NFE (E2 analogue)\n\nGenerated by `./diamond bench "
                    + "fashion-mnist-align --tasks " + String.join(",", tasks) + " --class " + targetClass
                    + " --class-samples " + classSamples + " --measurements " + measurements + " --per-measurement "
                    + perMeasurement + " --steps " + steps + " --mc-samples " + mcSamples + " --guidance-scale "
                    + EnumNames.of(scaleMode) + " --scale " + scale + " --calibration-images "
                    + calibrationImages + " --calibration-draws " + calibrationDraws + " --seed " + seed
                    + "` with the flow map `" + model + "`, the Posterior Diamond Map `" + diamond
                    + "` and the classifier `" + classifier + "` on " + source.describe() + ", on "
                    + Runtime.getRuntime().availableProcessors() + " cores.\n\n"
                    + "Every method runs on the flow map's jumps. NFE = network evaluations per output sample (flow "
                    + "map, Diamond Map and velocity calls alike; backward passes through them are not counted, they "
                    + "show in the seconds). Guided methods use the same guidance scale ("
                    + EnumNames.of(scaleMode) + ", " + scale + "); the plug-in methods get more outer steps "
                    + "so that every aligned method spends about the same NFE. Methods:\n\n");
            for (Map.Entry<String, AlignmentSpec> e : methods.entrySet()) {
                report.append("- ").append(e.getKey()).append(": `").append(e.getValue().describe()).append("`\n");
            }
            for (String task : tasks) {
                String section = task.equals("posterior") ? posteriorTask(context)
                        : task.equals("class") ? classTask(context, methods, files)
                        : inverseTask(context, methods, task.equals("inpainting") ? ImageTasks.Inverse.INPAINTING
                                : ImageTasks.Inverse.SUPER_RESOLUTION, files);
                report.append('\n').append(section);
                tables.append(section).append('\n');
                AtomicFiles.writeString(md, report.toString());
            }
        }
        return new Report(report.toString(), tables.toString(), files);
    }

    /** The compared methods, at about the same NFE per sample. */
    private Map<String, AlignmentSpec> methods() {
        // Per guided step (none at t = 0) a Diamond value costs M evaluations, a Weighted Diamond value 2K + 2 (K jumps,
        // K + 2 scores for the weights of 7.5), a plug-in value one. The tables report the counted NFE.
        int budget = steps + (steps - 1) * mcSamples;
        int weightedParticles = Math.max(1, (mcSamples - 2) / 2);
        int pluginSteps = (budget + 1) / 2;
        int baseJumps = 4;
        int candidates = Math.max(2, Math.round((float) budget / baseJumps));
        TransitionSpec jumps = new TransitionSpec.Ode();
        MethodSpec guidance = new MethodSpec.Guidance(scaleMode, Schedule.constant(scale));
        ValueSpec tweedie = ValueSpec.Plugin.of(ValueSpec.Lookahead.TWEEDIE);
        ValueSpec flowMap = ValueSpec.Plugin.of(ValueSpec.Lookahead.FLOW_MAP);
        ValueSpec diamondValues = new ValueSpec.PosteriorMc(new PosteriorSpec.Diamond(1), Schedule.constant(mcSamples),
                null, GradientMode.PATHWISE);
        Map<String, AlignmentSpec> methods = new LinkedHashMap<>();
        methods.put("flow map, " + baseJumps + " jumps (no alignment)", AlignmentSpec.withoutValue(
                new MethodSpec.BestOfN(1), jumps, baseJumps));
        methods.put("best-of-" + candidates + " (flow map, " + baseJumps + " jumps)", AlignmentSpec.withoutValue(
                new MethodSpec.BestOfN(candidates), jumps, baseJumps));
        methods.put("DPS-like: guidance, Tweedie values", new AlignmentSpec(guidance, tweedie, jumps, pluginSteps));
        methods.put("FMTT-like: guidance, flow-map plug-in values", new AlignmentSpec(guidance, flowMap, jumps,
                pluginSteps));
        methods.put("DPS-like at " + steps + " steps (fewer NFE)", new AlignmentSpec(guidance, tweedie, jumps, steps));
        methods.put("FMTT-like at " + steps + " steps (fewer NFE)", new AlignmentSpec(guidance, flowMap, jumps, steps));
        // Both gradients of each Monte-Carlo value (GradientMode): the score identity (robust on multimodal posteriors
        // with a deterministic base) and the pathwise one, the default (the reward's own gradient through the draws).
        for (GradientMode gradient : new GradientMode[] {GradientMode.SCORE, GradientMode.PATHWISE}) {
            String label = ", " + EnumNames.of(gradient) + " gradient";
            methods.put("guidance, Weighted Diamond values (K=" + weightedParticles + ")" + label, new AlignmentSpec(
                    guidance, new ValueSpec.Weighted(Schedule.constant(weightedParticles), 1.5,
                            WeightedValue.Weighting.EXACT, gradient), jumps, steps));
            methods.put("guidance, Diamond values (M=" + mcSamples + ")" + label, new AlignmentSpec(guidance,
                    new ValueSpec.PosteriorMc(new PosteriorSpec.Diamond(1), Schedule.constant(mcSamples), null,
                            gradient), jumps, steps));
        }
        // The paper's own protocol (its official inverse-problem configs: mc_samples 1, mc_inner_steps 1): one posterior
        // draw and one jump per value, at the guidance steps of the Tweedie and plug-in rows above.
        methods.put("paper protocol: guidance, Diamond values (M=1)", new AlignmentSpec(guidance,
                new ValueSpec.PosteriorMc(new PosteriorSpec.Diamond(1), Schedule.constant(1), null,
                        GradientMode.PATHWISE), jumps, steps));
        methods.put("paper protocol: guidance, Weighted Diamond values (K=1)", new AlignmentSpec(guidance,
                new ValueSpec.Weighted(Schedule.constant(1), 1.5, WeightedValue.Weighting.EXACT,
                        GradientMode.PATHWISE), jumps, steps));
        methods.put("SMC, Diamond values (M=" + mcSamples + ", 4 particles)", new AlignmentSpec(MethodSpec.Smc.of(4),
                diamondValues, jumps, steps));
        return methods;
    }

    /** One method on one reward: n samples, in chunks, from the same noise for every method. */
    private static ImageTasks.Aligned run(Context c, AlignmentSpec setup, RewardTilt tilt, int n, long noiseSeed,
            NDManager manager) {
        NDList parts = new NDList();
        double nfe = 0;
        double seconds = 0;
        for (int from = 0; from < n; from += CHUNK) {
            int size = Math.min(CHUNK, n - from);
            try (NDManager scope = manager.newSubManager()) {
                ImageTasks.Aligned chunk = ImageTasks.align(c.model(), setup, tilt, scope, size, noiseSeed + from);
                chunk.samples().attach(manager);
                parts.add(chunk.samples());
                nfe += chunk.nfePerSample() * size;
                seconds += chunk.secondsPerSample() * size;
            }
        }
        return new ImageTasks.Aligned(NDArrays.concat(parts), nfe / n, seconds / n);
    }

    /**
     * Posterior draws z ~ p(x₁ | x_t) from x_t of test images: by the law of total variance a calibrated sampler's mean
     * posterior variance equals the denoiser's error E‖x₁ − D(x_t)‖² (for a denoiser near E[x₁ | x_t]), and its mean
     * of draws sits on D(x_t).
     */
    private String posteriorTask(Context c) {
        int images = calibrationImages;
        int draws = calibrationDraws;
        MarkdownTable table = new MarkdownTable("t", "sampler", "NFE/draw", "posterior variance",
                "denoiser error E‖x₁ − D‖²", "‖mean of draws − D‖²", "‖mean of draws − x₁‖²");
        List<Sampler> samplers = new ArrayList<>();
        for (int jumps : new int[] {1, 2, 4}) {
            samplers.add(new Sampler("Diamond, " + jumps + " jump" + (jumps > 1 ? "s" : ""),
                    counter -> new DiamondSampler(c.model().diamond(), jumps, counter)));
        }
        samplers.add(new Sampler("GLASS, 8 Euler steps", counter -> new GlassFlow(
                new CountingVelocityField(c.model().field(), counter), 8, OdeSolver.EULER)));
        samplers.add(new Sampler("GLASS, 4 midpoint steps", counter -> new GlassFlow(
                new CountingVelocityField(c.model().field(), counter), 4, OdeSolver.MIDPOINT)));
        try (NDManager m = c.test().images().getManager().newSubManager()) {
            Rng rng = Rng.of(seed);
            NDArray x1 = c.test().images().get(c.references() + ":" + (c.references() + images));
            for (double t : new double[] {0.2, 0.5, 0.8}) {
                NDArray xt = c.model().field().interpolant().interpolate(Tensors.times(x1, t),
                        rng.normalLike(m, x1), x1);
                NDArray denoised = c.model().field().denoiser(Tensors.times(xt, t), xt);
                double denoiserError = meanSquare(x1.sub(denoised));
                for (Sampler s : samplers) {
                    EvaluationCounter counter = new EvaluationCounter();
                    NDArray z = s.sampler().apply(counter).samplePosterior(t, xt.repeat(0, draws), rng)
                            .reshape(new Shape(images, draws).addAll(x1.getShape().slice(1)));
                    NDArray mean = z.mean(new int[] {1});
                    table.row(t, s.label(), counter.nfePerSample((long) images * draws), meanSquare(z.sub(mean.expandDims(1))), denoiserError,
                            meanSquare(mean.sub(denoised)), meanSquare(mean.sub(x1)));
                }
            }
        }
        return "## Posterior draws x₁ | x_t (the samples behind Diamond values)\n\n" + images + " test images, x_t drawn "
                + "once per image and t, " + draws + " draws each; squared norms per pixel. By the law of total variance "
                + "a calibrated sampler's posterior variance equals the denoiser's error E‖x₁ − D(x_t)‖², where D is the "
                + "flow map's Tweedie denoiser (as good as the network is), and the mean of its draws sits on D.\n\n"
                + table;
    }

    private static double meanSquare(NDArray a) {
        return Tensors.mean(a.square());
    }

    private String classTask(Context c, Map<String, AlignmentSpec> methods, List<Path> files) throws Exception {
        RewardTilt tilt = new RewardTilt(Rewards.classifier(c.classifier(), targetClass, classifier.toString()), 1.0);
        MarkdownTable table = new MarkdownTable("method", "NFE/sample", "s/sample", "mean log p(k|x)",
                "classified as k", "FD to class k", "KD to class k");
        try (NDManager m = c.test().images().getManager().newSubManager()) {
            NDArray ofClass = c.test().images().get(c.test().labels().eq(targetClass));
            NDArray classFeatures = ImageTasks.features(c.classifier(), ofClass);
            NDList grid = new NDList();
            for (Map.Entry<String, AlignmentSpec> e : methods.entrySet()) {
                progress.log("class " + targetClass + ": " + e.getKey());
                ImageTasks.Aligned o = run(c, e.getValue(), tilt, classSamples, seed, m);
                NDArray f = ImageTasks.features(c.classifier(), o.samples());
                table.row(e.getKey(), o.nfePerSample(), o.secondsPerSample(),
                        Tensors.mean(tilt.reward().value(o.samples())),
                        ImageTasks.fractionClassifiedAs(c.classifier(), o.samples(), targetClass),
                        FrechetDistance.between(f, classFeatures), SampleDistances.kernelDistance(f, classFeatures));
                grid.add(o.samples().get("0:" + GRID_COLUMNS));
            }
            String png = "fashion-mnist-align-class.png";
            ImageGrid.write(outDir.resolve(png), NDArrays.concat(grid), GRID_COLUMNS, 2);
            files.add(outDir.resolve(png));
            return "## Class reward: log p(" + targetClass + " | x), λ = 1\n\n" + classSamples + " samples per method; "
                    + "Fréchet distance on the classifier's features to the " + ofClass.getShape().get(0)
                    + " test images of class " + targetClass + "; KD the kernel distance on the same features (KID's "
                    + "unbiased cubic-kernel MMD², no bias from the sample size). The reward's classifier also judges \"classified as k\", so a method can score well by "
                    + "exploiting it; the distance tells whether the images still look like that class.\n\n" + table
                    + "\n![class grid](" + png + ")\n\nRows of " + png + ": the methods in table order, " + GRID_COLUMNS
                    + " samples each.\n";
        }
    }

    private String inverseTask(Context c, Map<String, AlignmentSpec> methods, ImageTasks.Inverse task, List<Path> files)
            throws Exception {
        MarkdownTable table = new MarkdownTable("method", "NFE/sample", "s/sample", "mean reward", "PSNR (dB)",
                "PSNR of mean (dB)", "MSE / MSE of mean", "residual RMS", "FD", "KD");
        double calibrated = 2.0 * perMeasurement / (perMeasurement + 1);
        try (NDManager m = c.test().images().getManager().newSubManager()) {
            // Ground truths from the test images that the Fréchet reference does not use.
            Random rng = new Random(seed);
            NDList truths = new NDList();
            List<MeasurementReward> rewards = new ArrayList<>();
            NDList pictures = new NDList();
            for (int i = 0; i < measurements; i++) {
                int index = c.references() + rng.nextInt((int) c.test().images().getShape().get(0) - c.references());
                NDArray truth = c.test().images().get(index + ":" + (index + 1));
                truths.add(truth);
                MeasurementReward reward = task.measure(truth, ImageTasks.NOISE, rng);
                rewards.add(reward);
                pictures.add(task.picture(reward, truth));
            }
            NDArray truthBatch = NDArrays.concat(truths).toType(DataType.FLOAT64, false);
            int shown = Math.min(GRID_COLUMNS, measurements);
            NDList grid = new NDList(truthBatch.get("0:" + shown), NDArrays.concat(pictures).get("0:" + shown));
            NDArray truthRepeated = truthBatch.repeat(0, perMeasurement);
            double truthReward = meanOver(rewards, truthBatch, 1);
            table.row("ground truth x*", 0, 0.0, truthReward, "-", "-", "-", residual(task, rewards, truthReward), "-",
                    "-");
            for (Map.Entry<String, AlignmentSpec> e : methods.entrySet()) {
                progress.log(task.fileName() + ": " + e.getKey());
                NDList samples = new NDList();
                NDList means = new NDList();
                double nfe = 0;
                double seconds = 0;
                for (int i = 0; i < measurements; i++) {
                    ImageTasks.Aligned o = run(c, e.getValue(), new RewardTilt(rewards.get(i), 1.0),
                            perMeasurement, seed + 1000 * i, m);
                    samples.add(o.samples());
                    means.add(o.samples().mean(new int[] {0}, true));
                    nfe += o.nfePerSample();
                    seconds += o.secondsPerSample();
                }
                NDArray all = NDArrays.concat(samples);
                NDArray first = all.get("::" + perMeasurement).get("0:" + shown);
                grid.add(first);
                NDArray features = ImageTasks.features(c.classifier(), all);
                double fd = FrechetDistance.between(features, c.referenceFeatures());
                double kd = SampleDistances.kernelDistance(features, c.referenceFeatures());
                double meanReward = meanOver(rewards, all, perMeasurement);
                NDArray meanOfDraws = NDArrays.concat(means);
                double mseRatio = meanSquare(all.sub(truthRepeated)) / meanSquare(meanOfDraws.sub(truthBatch));
                table.row(e.getKey(), nfe / measurements, seconds / measurements, meanReward,
                        Tensors.mean(ImageTasks.psnr(all, truthRepeated)),
                        Tensors.mean(ImageTasks.psnr(meanOfDraws, truthBatch)), mseRatio,
                        residual(task, rewards, meanReward), fd, kd);
            }
            String png = "fashion-mnist-align-" + task.fileName() + ".png";
            ImageGrid.write(outDir.resolve(png), NDArrays.concat(grid), shown, 2);
            files.add(outDir.resolve(png));
            return "## " + capitalised(task.label()) + ", σ_y = " + ImageTasks.NOISE + ", λ = 1\n\n" + measurements
                    + " test images, one noisy measurement each, " + perMeasurement + " samples per measurement and "
                    + "method. PSNR to the ground truth (peak-to-peak 2) per sample, and of the mean of the "
                    + perMeasurement + " samples of a measurement; MSE / MSE of mean: the samples' mean squared error to "
                    + "the ground truth over that of the mean of a measurement's samples, " + String.format(Locale.ROOT,
                            "%.2f", calibrated) + " for draws of the exact posterior (E‖x − x*‖² = 2 tr Σ against (1 + "
                    + "1/K) tr Σ for the mean of K draws; near 1: samples that all sit on one point, the posterior "
                    + "mean's error doubled is what a correct sampler pays in PSNR); residual RMS = ‖A x − y‖/√m over the m observed "
                    + "values (the ground truth's is about σ_y); FD on the classifier's features to " + c.references()
                    + " test images (" + measurements * perMeasurement + " samples, so it is biased high: compare "
                    + "rows, not with the sample-quality table); KD the kernel distance on the same features, without "
                    + "that bias.\n\n" + table + "\n![" + task.fileName() + " grid]("
                    + png + ")\n\nRows of " + png + ": ground truth, measurement, then one sample per method in table "
                    + "order.\n";
        }
    }

    /** Mean reward of samples laid out as {@code per} consecutive rows per measurement. */
    private static double meanOver(List<MeasurementReward> rewards, NDArray samples, int per) {
        double sum = 0;
        for (int i = 0; i < rewards.size(); i++) {
            sum += rewards.get(i).value(samples.get(i * per + ":" + (i + 1) * per)).sum().getDouble();
        }
        return sum / samples.getShape().get(0);
    }

    /** RMS of A x − y over the observed values, from the mean reward: ‖A x − y‖² = −2σ² r. */
    private static double residual(ImageTasks.Inverse task, List<MeasurementReward> rewards, double meanReward) {
        return Math.sqrt(-2 * rewards.get(0).variance() * meanReward / task.observed());
    }

    private static String capitalised(String s) {
        return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
