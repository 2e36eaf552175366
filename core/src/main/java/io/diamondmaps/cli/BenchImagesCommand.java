package io.diamondmaps.cli;

import io.diamondmaps.bench.ImageSamplingBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "fashion-mnist", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sample quality of a Fashion-MNIST flow map: samples at 1, 2, 4 and 8 flow-map jumps and by the "
                + "probability-flow ODE of its diagonal (Euler, 50 steps), scored by the Fréchet distance to test images "
                + "on the features of the trained classifier; the floor is the distance of as many training images. "
                + "Writes fashion-mnist.md and one image grid per method (same noise for every method)."})
final class BenchImagesCommand implements Callable<Integer> {
    @Mixin DeviceOptions devices;
    @Option(names = "--model", defaultValue = "models/fashion-mnist-flowmap.ckpt", paramLabel = "CKPT") Path model;
    @Option(names = "--diamond", paramLabel = "CKPT") Path diamond;

    @Option(names = "--classifier", defaultValue = "models/fashion-mnist-classifier.ckpt", paramLabel = "CKPT")
    Path classifier;

    @Mixin DataOptions data;
    @Option(names = "--n", defaultValue = "2000", paramLabel = "N") int n;
    @Option(names = "--seed", defaultValue = "7", paramLabel = "S") long seed;
    @Mixin BenchOutputOption output;

    @Override
    public Integer call() throws Exception {
        return Console.print(ImageSamplingBenchmark.run(new ImageSamplingBenchmark.Config(model, diamond, classifier,
                data.source(), n, seed, output.outDir), devices.device(), Console.INSTANCE));
    }
}
