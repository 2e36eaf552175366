package io.diamondmaps.cli;

import io.diamondmaps.bench.DiamondBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "diamond", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Posterior sampling on the built-in 2-D ring mixture: error of x1 | x_t draws against model "
                + "evaluations per draw (NFE) for GLASS flows (Euler and midpoint, 1-16 inner steps) and a Posterior "
                + "Diamond Map (1, 2, 4 jumps) distilled here from the mixture's exact velocity.",
            "Writes diamond-gmm.md and diamond-gmm.png to the output folder."})
final class BenchDiamondCommand implements Callable<Integer> {
    @Mixin DeviceOptions devices;
    @Option(names = "--n", defaultValue = "2000", paramLabel = "N") int n;
    @Option(names = "--steps", defaultValue = "8000", paramLabel = "N") int steps;
    @Option(names = "--diamond", paramLabel = "CKPT") Path diamondFile;
    @Option(names = "--seed", defaultValue = "42", paramLabel = "S") long seed;
    @Mixin BenchOutputOption output;

    @Override
    public Integer call() throws Exception {
        return Console.print(DiamondBenchmark.run(new DiamondBenchmark.Config(n, steps, diamondFile, seed, output.outDir),
                devices.device(), Console.INSTANCE));
    }
}
