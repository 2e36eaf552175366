package io.diamondmaps.cli;

import io.diamondmaps.bench.ImageDemo;
import io.diamondmaps.bench.MixtureDemo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
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
    @Mixin DeviceOptions devices;
    @Option(names = "--n", defaultValue = "2000", paramLabel = "N") int n;
    @Option(names = "--seed", defaultValue = "42", paramLabel = "S") long seed;
    @Option(names = "--out-dir", defaultValue = "out/demo", paramLabel = "DIR") Path outDir;
    @Option(names = "--images") boolean images;

    @Option(names = "--models-dir", defaultValue = "models", paramLabel = "DIR",
            description = "--images: folder of " + ImageDemo.FLOW_MAP + ", " + ImageDemo.DIAMOND + " and "
                    + ImageDemo.CLASSIFIER + ". Default: ${DEFAULT-VALUE}.")
    Path modelsDir;

    @Mixin DataOptions data;
    @Option(names = "--class", defaultValue = "1", paramLabel = "K") int targetClass;

    @Override
    public Integer call() throws Exception {
        if (images) {
            return Console.print(ImageDemo.run(new ImageDemo.Config(modelsDir, data.source(), outDir, targetClass, seed),
                    devices.device(), Console.INSTANCE));
        }
        return Console.print(MixtureDemo.run(new MixtureDemo.Config(n, seed, outDir), devices.device(),
                Console.INSTANCE));
    }
}
