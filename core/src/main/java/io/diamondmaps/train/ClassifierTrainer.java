package io.diamondmaps.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diamondmaps.data.FashionMnist;
import io.diamondmaps.model.neural.Checkpoint;
import io.diamondmaps.model.neural.ImageClassifier;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Rng;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Trains an {@link ImageClassifier} by cross-entropy with Adam and a cosine learning rate. It is the feature network of
 * the Fréchet distance and the classifier of class rewards, so its test accuracy is reported with it.
 */
public final class ClassifierTrainer {
    /** Training length, batch size, peak learning rate and seed. */
    public record Config(int steps, int batch, double learningRate, long seed) {
        public Config {
            Checks.positive("--steps", steps);
            Checks.positive("--batch", batch);
            Checks.positive("--lr", learningRate);
        }
    }

    /** The outcome: last-step loss, test accuracy and wall time. */
    public record Result(double finalLoss, double testAccuracy, double seconds) {
    }

    private ClassifierTrainer() {
    }

    /** Trains on random batches of {@code train} (each step reseeded from (seed, step)) and scores on {@code test}. */
    public static Result train(ImageClassifier net, FashionMnist.Split train, FashionMnist.Split test, Config config,
            IntConsumer progress) {
        long start = System.nanoTime();
        int classes = net.config().classes();
        long n = train.images().getShape().get(0);
        double lastLoss = Double.NaN;
        try (NDManager state = train.images().getManager().newSubManager()) {
            Optimizer adam = new Optimizer(Optimizer.Kind.ADAM, state);
            for (int step = 1; step <= config.steps(); step++) {
                Rng rng = Rng.of(config.seed() * 1_000_003L + step);
                try (NDManager scope = state.newSubManager()) {
                    NDArray idx = rng.integers(scope, 0, n, new Shape(config.batch()));
                    NDArray x = train.images().get(idx);
                    NDArray y = train.labels().get(idx);
                    scope.tempAttachAll(x, y);
                    NDArray lossValue;
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray logp = net.logits(x).logSoftmax(1);
                        NDArray loss = logp.mul(y.oneHot(classes).toType(logp.getDataType(), false)).sum(new int[] {1})
                                .mean().neg();
                        gc.backward(loss);
                        lossValue = loss.stopGradient();
                    }
                    Map<String, NDArray> grads = new LinkedHashMap<>();
                    for (Map.Entry<String, NDArray> e : net.parameters().asMap().entrySet()) {
                        NDArray g = e.getValue().getGradient();
                        g.attach(scope);
                        grads.put(e.getKey(), g);
                    }
                    double lr = config.learningRate() * 0.5 * (1 + Math.cos(Math.PI * step / config.steps()));
                    adam.update(net.parameters().asMap(), grads, lr);
                    for (NDArray g : grads.values()) {
                        g.muli(0);
                    }
                    lastLoss = lossValue.toType(DataType.FLOAT64, false).getDouble();
                }
                progress.accept(step);
            }
        }
        return new Result(lastLoss, accuracy(net, test), (System.nanoTime() - start) / 1e9);
    }

    /** The fraction of {@code split}'s images whose arg-max logit is their label. */
    public static double accuracy(ImageClassifier net, FashionMnist.Split split) {
        long n = split.images().getShape().get(0);
        long correct = 0;
        for (long from = 0; from < n; from += 1000) {
            long to = Math.min(n, from + 1000);
            try (NDManager scope = split.images().getManager().newSubManager()) {
                NDArray x = split.images().get(from + ":" + to);
                NDArray y = split.labels().get(from + ":" + to);
                scope.tempAttachAll(x, y);
                NDArray predicted = net.logits(x).argMax(1).toType(DataType.INT64, false);
                correct += predicted.eq(y).toType(DataType.INT64, false).sum().getLong();
            }
        }
        return (double) correct / n;
    }

    /** Writes the classifier with its provenance (data, steps, seed, test accuracy) atomically. */
    public static void save(ImageClassifier net, Config config, Result result, String data, Path file)
            throws IOException {
        ObjectNode meta = Checkpoint.newMetadata();
        meta.put("kind", "classifier");
        meta.set("architecture", net.architecture());
        meta.put("data", data);
        meta.put("step", config.steps());
        meta.put("seed", config.seed());
        ObjectNode training = meta.putObject("training");
        training.put("steps", config.steps());
        training.put("batch", config.batch());
        training.put("learning_rate", config.learningRate());
        training.put("optimizer", "adam");
        training.put("schedule", "cosine");
        meta.put("test_accuracy", result.testAccuracy());
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        net.parameters().asMap().forEach((k, v) -> arrays.put("param/" + k, v));
        new Checkpoint(meta, arrays).write(file);
    }
}
