package io.diamondmaps.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import io.diamondmaps.data.FashionMnist;
import io.diamondmaps.eval.FrechetDistance;
import io.diamondmaps.eval.ImageGrid;
import io.diamondmaps.eval.MarkdownTable;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.model.load.ModelBundle;
import io.diamondmaps.model.neural.Checkpoint;
import io.diamondmaps.model.neural.FlowMapNetwork;
import io.diamondmaps.model.neural.ImageClassifier;
import io.diamondmaps.model.neural.NeuralModels;
import io.diamondmaps.sample.OdeSolver;
import io.diamondmaps.sample.Samplers;
import io.diamondmaps.util.AtomicFiles;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Rng;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sample quality of a Fashion-MNIST flow map (the paper's E1 analogue): 1, 2, 4 and 8 flow-map jumps and the
 * probability-flow ODE of its diagonal (Euler, 50 steps), optionally early-stop sampling of a Posterior Diamond Map,
 * scored by the Fréchet distance to test images on the features of a trained classifier. Writes fashion-mnist.md and
 * one image grid per method, every method from the same noise.
 */
public final class ImageSamplingBenchmark {
    /** Samples per chunk: chunk c always starts from the noise of seed + 1 + c, whatever the method. */
    private static final int CHUNK = 250;

    /**
     * @param model flow-map checkpoint
     * @param diamond a Posterior Diamond Map of the flow map to sample by early stop too, or null
     * @param classifier classifier checkpoint whose features the Fréchet distance uses
     * @param data the images (test split: the reference; training split: the floor)
     * @param n samples per method
     * @param seed the run's seed
     * @param outDir output folder
     */
    public record Config(Path model, Path diamond, Path classifier, FashionMnist.Source data, int n, long seed,
            Path outDir) {
        public Config {
            Checks.positive("n", n);
        }
    }

    private ImageSamplingBenchmark() {
    }

    public static Report run(Config config, Device device, ProgressReporter progress) throws IOException {
        int n = config.n();
        try (NDManager m = NDManager.newBaseManager(device)) {
            Checkpoint flowMap = Checkpoint.read(config.model(), m);
            FlowMapNetwork net = NeuralModels.load(flowMap, config.model().toString(), m);
            JsonNode provenance = flowMap.metadata();
            Checkpoint classifierCheckpoint = Checkpoint.read(config.classifier(), m);
            ImageClassifier clf = ImageClassifier.load(classifierCheckpoint, config.classifier().toString(), m);
            double accuracy = classifierCheckpoint.metadata().path("test_accuracy").asDouble(Double.NaN);
            FashionMnist.Split test = config.data().load(m, "t10k");
            FashionMnist.Split train = config.data().load(m, "train");
            Rng rng = Rng.of(config.seed());
            long references = Math.min(n, test.images().getShape().get(0));
            NDArray testFeatures = ImageTasks.features(clf, test.images().get("0:" + references));
            NDArray trainIdx = rng.integers(m, 0, train.images().getShape().get(0), new Shape(n));
            double floor = FrechetDistance.between(ImageTasks.features(clf, train.images().get(trainIdx)),
                    testFeatures);
            ModelBundle loaded = ModelBundle.of(net, config.model().toString());
            String diamondNote = "";
            if (config.diamond() != null) {
                loaded = loaded.withDiamond(config.diamond(), m);
                JsonNode d = Checkpoint.readMetadata(config.diamond());
                diamondNote = " Diamond rows: early stop with `" + config.diamond() + "` ("
                        + loaded.diamond().parameters().count() + " parameters, teacher " + d.path("teacher").asText()
                        + ", " + d.path("training") + ", step " + d.path("step").asLong() + "); NFE = outer × inner "
                        + "jumps.";
            }
            MarkdownTable table = new MarkdownTable("method", "NFE", "Fréchet distance", "seconds", "grid");
            table.row("training images (floor)", 0, floor, 0.0, "-");
            List<Path> files = new ArrayList<>();
            for (Samplers.Recipe r : recipes(config.diamond() != null)) {
                long start = System.nanoTime();
                EvaluationCounter counter = new EvaluationCounter();
                NDList feats = new NDList();
                NDArray first = null;
                try (ProgressReporter.Task task = progress.start(r.label(), n)) {
                    for (int from = 0; from < n; from += CHUNK) {
                        int size = Math.min(CHUNK, n - from);
                        try (NDManager scope = m.newSubManager()) {
                            NDArray x = Samplers.generate(loaded, r, scope, size,
                                    Rng.of(config.seed() + 1 + from / CHUNK), counter);
                            NDArray f = ImageTasks.features(clf, x);
                            f.attach(m);
                            feats.add(f);
                            if (first == null) {
                                first = x.get("0:" + Math.min(64, size));
                                first.attach(m);
                            }
                        }
                        task.accept(from + size);
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                String grid = "fashion-mnist-" + r.label().toLowerCase(Locale.ROOT).replace(' ', '-') + ".png";
                ImageGrid.write(config.outDir().resolve(grid), first, 8, 2);
                files.add(config.outDir().resolve(grid));
                double fd = FrechetDistance.between(NDArrays.concat(feats), testFeatures);
                table.row(r.label(), MarkdownTable.count(counter.nfePerSample(n)), fd, seconds, "[" + grid + "](" + grid + ")");
                progress.log(String.format("%s: FD %.3f (%.1f s)", r.label(), fd, seconds));
            }
            String text = "# Fashion-MNIST flow map: sample quality vs steps\n\nGenerated by `./diamond bench "
                    + "fashion-mnist --n " + n + " --seed " + config.seed()
                    + (config.diamond() != null ? " --diamond " + config.diamond() : "") + "` with `" + config.model()
                    + "` (" + net.parameters().count() + " parameters; " + provenance.path("training")
                    + ", step " + provenance.path("step").asLong() + ").\n\n"
                    + "Fréchet distance between " + n + " samples and " + references + " test images of "
                    + config.data().describe() + " on the 128 penultimate features of `" + config.classifier()
                    + "` (test accuracy " + String.format("%.4f", accuracy) + "); the floor row compares " + n
                    + " training images with the same test images. NFE = network evaluations per sample; seconds on "
                    + "this machine (" + Runtime.getRuntime().availableProcessors() + " cores). Every method starts "
                    + "from the same noise, so the grids align image by image." + diamondNote + "\n\n" + table;
            Path md = config.outDir().resolve("fashion-mnist.md");
            AtomicFiles.writeString(md, text);
            files.add(0, md);
            return new Report(text, table.toString(), files);
        }
    }

    /** Flow-map jumps 1, 2, 4, 8 and the diagonal's ODE; with a Diamond Map, outer {1, 2} × inner {1, 2, 4}. */
    private static List<Samplers.Recipe> recipes(boolean diamond) {
        List<Samplers.Recipe> recipes = new ArrayList<>();
        for (int k : new int[] {1, 2, 4, 8}) {
            recipes.add(new Samplers.Recipe("flowmap", k, 1, OdeSolver.EULER));
        }
        recipes.add(new Samplers.Recipe("ode", 50, 1, OdeSolver.EULER));
        if (diamond) {
            for (int outer : new int[] {1, 2}) {
                for (int inner : new int[] {1, 2, 4}) {
                    recipes.add(new Samplers.Recipe("diamond", outer, inner, OdeSolver.EULER));
                }
            }
        }
        return recipes;
    }
}
