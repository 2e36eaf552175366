package io.diamondmaps.cli;

import io.diamondmaps.align.Guidance;
import io.diamondmaps.bench.ImageAlignBenchmark;
import io.diamondmaps.util.EnumNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "fashion-mnist-align", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reward alignment on Fashion-MNIST at matched model evaluations per sample (the paper's E2): "
                + "guidance with Posterior Diamond Map values, Weighted Diamond values, flow-map plug-in values "
                + "(FMTT-like) and Tweedie values (DPS-like), SMC with Diamond values, and best-of-N, all on the "
                + "flow map's jumps.",
            "Tasks: a class reward log p(k | x) of the classifier (λ = 1: the target is p(x | k)), box inpainting and "
                    + "super-resolution ×4 with σ_y = 0.05 (λ = 1: the target is the posterior p(x | y)). Reports "
                    + "NFE and seconds per sample, the mean reward, PSNR to the ground truth (of each sample and of "
                    + "the mean of the samples of one measurement), the measurement residual and the Fréchet distance.",
            "Writes fashion-mnist-align.md and one image grid per task."})
final class BenchImageAlignCommand implements Callable<Integer> {
    @Mixin DeviceOptions devices;
    @Option(names = "--model", defaultValue = "models/fashion-mnist-flowmap.ckpt", paramLabel = "MODEL") String model;
    @Option(names = "--diamond", defaultValue = "models/fashion-mnist-diamond.ckpt", paramLabel = "CKPT") Path diamond;

    @Option(names = "--classifier", defaultValue = "models/fashion-mnist-classifier.ckpt", paramLabel = "CKPT")
    Path classifier;

    @Mixin DataOptions data;

    @Option(names = "--tasks", defaultValue = "posterior,class,inpainting,super-resolution", split = ",", paramLabel = "T")
    List<String> tasks;

    @Option(names = "--class", defaultValue = "1", paramLabel = "K") int targetClass;
    @Option(names = "--class-samples", defaultValue = "256", paramLabel = "N") int classSamples;
    @Option(names = "--measurements", defaultValue = "32", paramLabel = "M") int measurements;
    @Option(names = "--per-measurement", defaultValue = "8", paramLabel = "N") int perMeasurement;
    @Option(names = "--steps", defaultValue = "8", paramLabel = "T") int steps;
    @Option(names = "--mc-samples", defaultValue = "6", paramLabel = "M") int mcSamples;
    @Option(names = "--guidance-scale", defaultValue = "auto", paramLabel = "MODE") String scaleMode;
    @Option(names = "--scale", defaultValue = "1", paramLabel = "S") double scale;
    @Option(names = "--calibration-images", defaultValue = "16", paramLabel = "N") int calibrationImages;
    @Option(names = "--calibration-draws", defaultValue = "32", paramLabel = "M") int calibrationDraws;
    @Option(names = "--seed", defaultValue = "11", paramLabel = "S") long seed;
    @Mixin BenchOutputOption output;

    @Override
    public Integer call() throws Exception {
        return Console.print(ImageAlignBenchmark.run(new ImageAlignBenchmark.Config(model, diamond, classifier,
                data.source(), tasks, targetClass, classSamples, measurements, perMeasurement, steps, mcSamples,
                EnumNames.parse(Guidance.Scale.class, "--guidance-scale", scaleMode), scale, calibrationImages,
                calibrationDraws, seed, output.outDir), devices.device(), Console.INSTANCE));
    }
}
