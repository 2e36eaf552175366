package io.diamondmaps.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.data.FashionMnist;
import io.diamondmaps.eval.FrechetDistance;
import io.diamondmaps.eval.ImageGrid;
import io.diamondmaps.eval.MarkdownTable;
import io.diamondmaps.model.neural.FlowMapNetwork;
import io.diamondmaps.model.neural.ImageClassifier;
import io.diamondmaps.model.neural.NeuralModels;
import io.diamondmaps.model.neural.Checkpoint;
import io.diamondmaps.sample.OdeSolver;
import io.diamondmaps.util.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "fashion-mnist", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sample quality of a Fashion-MNIST flow map: samples at 1, 2, 4 and 8 flow-map jumps and by the "
                + "probability-flow ODE of its diagonal (Euler, 50 steps), scored by the Fréchet distance to test images "
                + "on the features of the trained classifier; the floor is the distance of as many training images. "
                + "Writes fashion-mnist.md and one image grid per method (same noise for every method)."})
final class BenchImagesCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "models/fashion-mnist-flowmap.ckpt", paramLabel = "CKPT",
            description = "Flow-map checkpoint. Default: ${DEFAULT-VALUE}.")
    Path model;

    @Option(names = "--diamond", paramLabel = "CKPT",
            description = "Also sample this Posterior Diamond Map of the flow map by early stop, outer {1, 2} × inner "
                    + "{1, 2, 4} jumps (the paper's E1).")
    Path diamond;

    @Option(names = "--classifier", defaultValue = "models/fashion-mnist-classifier.ckpt", paramLabel = "CKPT",
            description = "Classifier checkpoint whose features the Fréchet distance uses. Default: ${DEFAULT-VALUE}.")
    Path classifier;

    @Mixin
    DataOptions data;

    @Option(names = "--n", defaultValue = "2000", paramLabel = "N",
            description = "Samples per method (and real images per side of the floor). Default: ${DEFAULT-VALUE}.")
    int n;

    @Option(names = "--seed", defaultValue = "7", paramLabel = "S", description = "Seed. Default: ${DEFAULT-VALUE}.")
    int seed;

    @Option(names = "--out-dir", defaultValue = "bench/results", paramLabel = "DIR",
            description = "Output folder. Default: ${DEFAULT-VALUE}.")
    Path outDir;

    private static final int CHUNK = 250;

    @Override
    public Integer call() throws Exception {
        io.diamondmaps.util.Checks.positive("--n", n);
        try (NDManager m = NDManager.newBaseManager()) {
            FlowMapNetwork net = NeuralModels.load(model, m);
            ImageClassifier clf = ImageClassifier.load(classifier, m);
            double accuracy = Checkpoint.read(classifier, m).metadata().path("test_accuracy").asDouble(Double.NaN);
            var provenance = Checkpoint.read(model, m).metadata();
            FashionMnist.Source source = data.source();
            FashionMnist.Split test = source.load(m, "t10k");
            FashionMnist.Split train = source.load(m, "train");
            Engine.getInstance().setRandomSeed(seed);
            long references = Math.min(n, test.images().getShape().get(0));
            NDArray testFeatures = features(clf, test.images().get("0:" + references));
            NDArray trainIdx = m.randomInteger(0, train.images().getShape().get(0), new Shape(n), DataType.INT64);
            double floor = FrechetDistance.between(features(clf, train.images().get(trainIdx)), testFeatures);
            LoadedModel loaded = LoadedModel.of(net, model.toString());
            String diamondNote = "";
            if (diamond != null) {
                loaded = loaded.withDiamond(Samplers.diamond(loaded, diamond.toString(), m), diamond.toString());
                var d = Checkpoint.readMetadata(diamond);
                diamondNote = " Diamond rows: early stop with `" + diamond + "` (" + loaded.diamond().parameters().count()
                        + " parameters, teacher " + d.path("teacher").asText() + ", " + d.path("training").toString()
                        + ", step " + d.path("step").asLong() + "); NFE = outer × inner jumps.";
            }
            MarkdownTable table = new MarkdownTable("method", "NFE", "Fréchet distance", "seconds", "grid");
            table.row("training images (floor)", 0, floor, 0.0, "-");
            List<Samplers.Recipe> recipes = new ArrayList<>();
            for (int k : new int[] {1, 2, 4, 8}) {
                recipes.add(new Samplers.Recipe("flowmap", k, 1, OdeSolver.EULER));
            }
            recipes.add(new Samplers.Recipe("ode", 50, 1, OdeSolver.EULER));
            if (diamond != null) {
                for (int outer : new int[] {1, 2}) {
                    for (int inner : new int[] {1, 2, 4}) {
                        recipes.add(new Samplers.Recipe("diamond", outer, inner, OdeSolver.EULER));
                    }
                }
            }
            for (Samplers.Recipe r : recipes) {
                long start = System.nanoTime();
                NDList feats = new NDList();
                NDArray first = null;
                try (Progress p = Progress.start(r.label(), n)) {
                    for (int from = 0; from < n; from += CHUNK) {
                        int size = Math.min(CHUNK, n - from);
                        // The same noise for every method: chunk c always starts from seed + c.
                        Engine.getInstance().setRandomSeed(seed + 1 + from / CHUNK);
                        try (NDManager scope = m.newSubManager()) {
                            NDArray x = Samplers.generate(loaded, r, scope, size, s -> { });
                            NDArray f = features(clf, x);
                            f.attach(m);
                            feats.add(f);
                            if (first == null) {
                                first = x.get("0:" + Math.min(64, size));
                                first.attach(m);
                            }
                        }
                        p.listener().accept(from + size);
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                String grid = "fashion-mnist-" + r.label().toLowerCase(java.util.Locale.ROOT).replace(' ', '-') + ".png";
                ImageGrid.write(outDir.resolve(grid), first, 8, 2);
                double fd = FrechetDistance.between(NDArrays.concat(feats), testFeatures);
                table.row(r.label(), r.evaluations(), fd, seconds, "[" + grid + "](" + grid + ")");
                System.out.printf("%s: FD %.3f (%.1f s)%n", r.label(), fd, seconds);
            }
            String text = "# Fashion-MNIST flow map: sample quality vs steps\n\nGenerated by `./diamond bench fashion-mnist"
                    + " --n " + n + " --seed " + seed + (diamond != null ? " --diamond " + diamond : "") + "` with `"
                    + model + "` (" + net.parameters().count()
                    + " parameters; " + provenance.path("training").toString()
                    + ", step " + provenance.path("step").asLong() + ").\n\n"
                    + "Fréchet distance between " + n + " samples and " + references + " test images of " + source.describe() + " on the 128 "
                    + "penultimate features of `" + classifier + "` (test accuracy " + String.format("%.4f", accuracy)
                    + "); the floor row compares " + n + " training images with the same test images. NFE = network "
                    + "evaluations per sample; seconds on this machine (" + Runtime.getRuntime().availableProcessors()
                    + " cores). Every method starts from the same noise, so the grids align image by image." + diamondNote
                    + "\n\n" + table;
            AtomicFiles.writeString(outDir.resolve("fashion-mnist.md"), text);
            System.out.println(table);
            System.out.println("wrote " + outDir.resolve("fashion-mnist.md"));
        }
        return 0;
    }

    /** Classifier features (N, 128) in float64, computed in chunks. */
    static NDArray features(ImageClassifier clf, NDArray images) {
        NDList parts = new NDList();
        long total = images.getShape().get(0);
        for (long from = 0; from < total; from += CHUNK) {
            try (NDManager scope = images.getManager().newSubManager()) {
                NDArray chunk = images.get(from + ":" + Math.min(total, from + CHUNK));
                scope.tempAttachAll(chunk);
                NDArray f = clf.features(chunk).toType(DataType.FLOAT64, false);
                f.attach(images.getManager());
                parts.add(f);
            }
        }
        return NDArrays.concat(parts);
    }
}
