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
    @Option(names = "--model", defaultValue = "models/fashion-mnist-flowmap.ckpt", paramLabel = "CKPT",
            description = "Flow-map checkpoint. Default: ${DEFAULT-VALUE}.")
    Path model;

    @Option(names = "--diamond", defaultValue = "models/fashion-mnist-diamond.ckpt", paramLabel = "CKPT",
            description = "Posterior Diamond Map of the flow map. Default: ${DEFAULT-VALUE}.")
    Path diamond;

    @Option(names = "--classifier", defaultValue = "models/fashion-mnist-classifier.ckpt", paramLabel = "CKPT",
            description = "Classifier: the class reward and the features of the Fréchet distance. "
                    + "Default: ${DEFAULT-VALUE}.")
    Path classifier;

    @Mixin
    DataOptions data;

    @Option(names = "--tasks", defaultValue = "posterior,class,inpainting,super-resolution", split = ",",
            paramLabel = "T",
            description = "Tasks to run, comma-separated: posterior (calibration of the posterior draws behind the "
                    + "values), class, inpainting, super-resolution. Default: ${DEFAULT-VALUE}.")
    List<String> tasks;

    @Option(names = "--class", defaultValue = "1", paramLabel = "K",
            description = "Class of the class reward (1 = trouser). Default: ${DEFAULT-VALUE}.")
    int targetClass;

    @Option(names = "--class-samples", defaultValue = "256", paramLabel = "N",
            description = "Samples per method for the class reward. Default: ${DEFAULT-VALUE}.")
    int classSamples;

    @Option(names = "--measurements", defaultValue = "32", paramLabel = "M",
            description = "Ground-truth test images (one measurement each) per inverse problem. Default: ${DEFAULT-VALUE}.")
    int measurements;

    @Option(names = "--per-measurement", defaultValue = "8", paramLabel = "N",
            description = "Samples per measurement and method. Default: ${DEFAULT-VALUE}.")
    int perMeasurement;

    @Option(names = "--steps", defaultValue = "8", paramLabel = "T",
            description = "Outer steps of the methods with Monte-Carlo values; the others get steps to match their "
                    + "NFE. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--mc-samples", defaultValue = "6", paramLabel = "M",
            description = "Posterior samples per Diamond value; Weighted Diamond values get (M − 2)/2 renoised "
                    + "particles (at least 1), which costs the same for even M ≥ 4. Default: ${DEFAULT-VALUE}.")
    int mcSamples;

    @Option(names = "--guidance-scale", defaultValue = "auto", paramLabel = "MODE",
            description = "Guidance scale mode of every guided method: kappa, constant or auto (see 'align --help'). "
                    + "Default: ${DEFAULT-VALUE}.")
    String scaleMode;

    @Option(names = "--scale", defaultValue = "1", paramLabel = "S",
            description = "Guidance scale of every guided method. Default: ${DEFAULT-VALUE}.")
    double scale;

    @Option(names = "--calibration-images", defaultValue = "16", paramLabel = "N",
            description = "posterior task: test images whose posterior draws are checked. Default: ${DEFAULT-VALUE}.")
    int calibrationImages;

    @Option(names = "--calibration-draws", defaultValue = "32", paramLabel = "M",
            description = "posterior task: draws per image and sampler. Default: ${DEFAULT-VALUE}.")
    int calibrationDraws;

    @Option(names = "--seed", defaultValue = "11", paramLabel = "S", description = "Seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Mixin
    BenchOutputOption output;

    /** Images per alignment call of the class task (keeps autograd memory bounded). */

    @Override
    public Integer call() throws Exception {
        return Console.print(ImageAlignBenchmark.run(new ImageAlignBenchmark.Config(model, diamond, classifier,
                data.source(), tasks, targetClass, classSamples, measurements, perMeasurement, steps, mcSamples,
                EnumNames.parse(Guidance.Scale.class, "--guidance-scale", scaleMode), scale, calibrationImages,
                calibrationDraws, seed, output.outDir),
                Console.INSTANCE));
    }
}
