package io.diamondmaps.cli;

import ai.djl.ndarray.NDManager;
import io.diamondmaps.data.FashionMnist;
import io.diamondmaps.model.neural.ImageClassifier;
import io.diamondmaps.train.ClassifierTrainer;
import io.diamondmaps.util.Rng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code diamond train classifier}: the Fashion-MNIST classifier of Fréchet distances and class rewards. */
@Command(name = "classifier", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train the small image classifier (3 convolutions, 128 features, 10 classes) on the Fashion-MNIST "
                + "training split and report its accuracy on the test split.",
            "Its 128 penultimate features are the feature space of the Fréchet distance in 'diamond bench' (FID's "
                    + "construction with a net trained here); in the library its log-probabilities are a class reward "
                    + "(reward.ClassifierReward)."})
final class TrainClassifierCommand implements Callable<Integer> {
    @Mixin DeviceOptions devices;
    @Mixin DataOptions data;
    @Option(names = "--steps", defaultValue = "2000", paramLabel = "N") int steps;
    @Option(names = "--batch", defaultValue = "128", paramLabel = "B") int batch;
    @Option(names = "--lr", defaultValue = "2e-3", paramLabel = "LR") double lr;
    @Option(names = "--seed", defaultValue = "42", paramLabel = "S") int seed;
    @Option(names = "--out", required = true, paramLabel = "CKPT") Path out;

    @Override
    public Integer call() throws Exception {
        ClassifierTrainer.Config config = new ClassifierTrainer.Config(steps, batch, lr, seed);
        try (NDManager m = devices.newManager()) {
            FashionMnist.Source source = data.source();
            FashionMnist.Split train = source.load(m, "train");
            FashionMnist.Split test = source.load(m, "t10k");
            ImageClassifier net = new ImageClassifier(ImageClassifier.Config.fashionMnist(), m);
            net.parameters().redraw(Rng.of(seed));
            System.out.printf("training classifier: %d parameters, %s, batch %d, %d steps%n",
                    net.parameters().count(), source.dataName(), batch, steps);
            ClassifierTrainer.Result result;
            try (Progress p = Progress.start("train", steps)) {
                result = ClassifierTrainer.train(net, train, test, config, p.listener());
            }
            ClassifierTrainer.save(net, config, result, source.dataName(), out);
            System.out.printf("done: loss %.4f, test accuracy %.4f, %.1f s; wrote %s%n", result.finalLoss(),
                    result.testAccuracy(), result.seconds(), out);
        }
        return 0;
    }
}
