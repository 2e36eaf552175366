package io.diamondmaps.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.diamondmaps.align.AlignmentSpec;
import io.diamondmaps.align.GradientMode;
import io.diamondmaps.align.Guidance;
import io.diamondmaps.align.MethodSpec;
import io.diamondmaps.align.Schedule;
import io.diamondmaps.align.ValueSpec;
import io.diamondmaps.data.FashionMnist;
import io.diamondmaps.eval.ImageGrid;
import io.diamondmaps.eval.MarkdownTable;
import io.diamondmaps.model.load.ModelBundle;
import io.diamondmaps.model.neural.FlowMapNetwork;
import io.diamondmaps.model.neural.ImageClassifier;
import io.diamondmaps.model.neural.NeuralModels;
import io.diamondmaps.reward.MeasurementReward;
import io.diamondmaps.reward.RewardTilt;
import io.diamondmaps.sample.PosteriorSpec;
import io.diamondmaps.sample.TransitionSpec;
import io.diamondmaps.util.AtomicFiles;
import io.diamondmaps.util.Tensors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * {@code demo --images}: the committed Fashion-MNIST flow map, Posterior Diamond Map and classifier on two rewards,
 * unaligned samples next to samples aligned by guidance with one-jump Diamond values, from the same noise.
 */
public final class ImageDemo {
    public static final String FLOW_MAP = "fashion-mnist-flowmap.ckpt";
    public static final String DIAMOND = "fashion-mnist-diamond.ckpt";
    public static final String CLASSIFIER = "fashion-mnist-classifier.ckpt";
    private static final int COLUMNS = 8;
    private static final int BASE_JUMPS = 4;

    /**
     * @param modelsDir folder of the three committed models
     * @param data the Fashion-MNIST images whose test split gives the inpainting ground truths
     * @param outDir where inpainting.png, class.png and images.md go
     * @param targetClass the class of the class reward
     * @param seed the run's seed
     */
    public record Config(Path modelsDir, FashionMnist.Source data, Path outDir, int targetClass, long seed) {
    }

    private final Config config;
    private final Device device;
    private final ProgressReporter progress;

    private ImageDemo(Config config, Device device, ProgressReporter progress) {
        this.config = config;
        this.device = device;
        this.progress = progress;
    }

    /** Both tasks; writes the two grids and images.md. */
    public static Report run(Config config, Device device, ProgressReporter progress) throws IOException {
        return new ImageDemo(config, device, progress).run();
    }

    private Report run() throws IOException {
        for (String f : new String[] {FLOW_MAP, DIAMOND, CLASSIFIER}) {
            if (!Files.isRegularFile(config.modelsDir().resolve(f))) {
                throw new IllegalArgumentException("demo --images needs " + config.modelsDir().resolve(f)
                        + " (committed under models/ in the repository; run it from the repository root or pass "
                        + "--models-dir)");
            }
        }
        try (NDManager m = NDManager.newBaseManager(device)) {
            FlowMapNetwork net = NeuralModels.load(config.modelsDir().resolve(FLOW_MAP), m);
            ModelBundle model = ModelBundle.of(net, FLOW_MAP);
            model = model.withDiamond(config.modelsDir().resolve(DIAMOND), m);
            ImageClassifier clf = ImageClassifier.load(config.modelsDir().resolve(CLASSIFIER), m);
            AlignmentSpec base = AlignmentSpec.withoutValue(new MethodSpec.BestOfN(1), new TransitionSpec.Ode(),
                    BASE_JUMPS);
            // The benchmark's setting (bench/results/fashion-mnist-align.md): 8 guided flow-map jumps, 6 one-jump
            // Diamond posterior draws per value, drift-matched guidance scale.
            AlignmentSpec aligned = new AlignmentSpec(new MethodSpec.Guidance(Guidance.Scale.AUTO, Schedule.constant(1)),
                    new ValueSpec.PosteriorMc(new PosteriorSpec.Diamond(1), Schedule.constant(6), null,
                            GradientMode.PATHWISE), new TransitionSpec.Ode(), 8);
            MarkdownTable table = new MarkdownTable("task", "samples", "NFE/sample", "metric", "unaligned", "aligned");
            inpainting(m, model, base, aligned, table);
            classReward(m, model, clf, base, aligned, table);
            String markdown = "# Diamond demo: image alignment\n\nFashion-MNIST models from " + config.modelsDir()
                    + "; unaligned: the flow map in " + BASE_JUMPS + " jumps; aligned: " + aligned.describe()
                    + " with one-jump Diamond posterior draws; same noise for both, seed " + config.seed()
                    + ". Inpainting ground truths: " + COLUMNS + " test images of " + config.data().describe() + ".\n\n" + table
                    + "\n![inpainting](inpainting.png) ![class](class.png)\n";
            Path md = config.outDir().resolve("images.md");
            AtomicFiles.writeString(md, markdown);
            return new Report(markdown, table.toString(), List.of(md, config.outDir().resolve("inpainting.png"),
                    config.outDir().resolve("class.png")));
        }
    }

    /** Ground truths: random test images of the data source. */
    private NDArray truths(NDManager m) throws IOException {
        FashionMnist.Split test = config.data().load(m, "t10k");
        Random rng = new Random(config.seed());
        NDList picked = new NDList();
        for (int i = 0; i < COLUMNS; i++) {
            int k = rng.nextInt((int) test.images().getShape().get(0));
            picked.add(test.images().get(k + ":" + (k + 1)));
        }
        return NDArrays.concat(picked).toType(DataType.FLOAT64, false);
    }

    /** Rows: ground truth, measurement, unaligned sample, two aligned samples per measurement. */
    private void inpainting(NDManager m, ModelBundle model, AlignmentSpec base, AlignmentSpec aligned,
            MarkdownTable table) throws IOException {
        ImageTasks.Inverse task = ImageTasks.Inverse.INPAINTING;
        NDArray truths = truths(m);
        Random rng = new Random(config.seed() + 1);
        NDList pictures = new NDList();
        NDList unaligned = new NDList();
        NDList first = new NDList();
        NDList second = new NDList();
        double[] psnr = new double[2];
        double[] nfe = new double[2];
        try (ProgressReporter.Task bar = progress.start("inpainting", COLUMNS)) {
            for (int i = 0; i < COLUMNS; i++) {
                NDArray truth = truths.get(i + ":" + (i + 1));
                MeasurementReward reward = task.measure(truth, ImageTasks.NOISE, rng);
                pictures.add(task.picture(reward, truth));
                RewardTilt tilt = new RewardTilt(reward, 1.0);
                ImageTasks.Aligned unalignedDraws = ImageTasks.align(model, base, tilt, m, 2, config.seed() + i);
                ImageTasks.Aligned alignedDraws = ImageTasks.align(model, aligned, tilt, m, 2, config.seed() + i);
                nfe[0] = unalignedDraws.nfePerSample();
                nfe[1] = alignedDraws.nfePerSample();
                NDArray b = unalignedDraws.samples();
                NDArray a = alignedDraws.samples();
                unaligned.add(b.get("0:1"));
                first.add(a.get("0:1"));
                second.add(a.get("1:2"));
                psnr[0] += Tensors.mean(ImageTasks.psnr(b, truth.repeat(0, 2))) / COLUMNS;
                psnr[1] += Tensors.mean(ImageTasks.psnr(a, truth.repeat(0, 2))) / COLUMNS;
                bar.accept(i + 1);
            }
        }
        ImageGrid.write(config.outDir().resolve("inpainting.png"), NDArrays.concat(new NDList(truths,
                NDArrays.concat(pictures), NDArrays.concat(unaligned), NDArrays.concat(first),
                NDArrays.concat(second))), COLUMNS, 2);
        table.row(task.label() + ", σ_y = " + ImageTasks.NOISE, 2 * COLUMNS, nfe[0] + " / " + nfe[1],
                "PSNR to the ground truth (dB)", psnr[0], psnr[1]);
        progress.log("inpainting.png rows: ground truth, measurement (hidden box grey), unaligned, aligned, "
                + "aligned (second draw)");
    }

    /** Rows: two rows of unaligned samples, then two rows aligned to log p(k | x) from the same noise. */
    private void classReward(NDManager m, ModelBundle model, ImageClassifier clf, AlignmentSpec base,
            AlignmentSpec aligned, MarkdownTable table) throws IOException {
        int k = config.targetClass();
        RewardTilt tilt = new RewardTilt(Rewards.classifier(clf, k, CLASSIFIER), 1.0);
        int n = 2 * COLUMNS;
        ImageTasks.Aligned b = ImageTasks.align(model, base, tilt, m, n, config.seed());
        ImageTasks.Aligned a = ImageTasks.align(model, aligned, tilt, m, n, config.seed());
        ImageGrid.write(config.outDir().resolve("class.png"), NDArrays.concat(new NDList(b.samples(), a.samples())),
                COLUMNS, 2);
        table.row("class reward log p(" + k + " | x), λ = 1", n, b.nfePerSample() + " / " + a.nfePerSample(),
                "classified as " + k, ImageTasks.fractionClassifiedAs(clf, b.samples(), k),
                ImageTasks.fractionClassifiedAs(clf, a.samples(), k));
        progress.log("class.png rows: two rows unaligned, two rows aligned to class " + k);
    }
}
