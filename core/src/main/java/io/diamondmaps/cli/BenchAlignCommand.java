package io.diamondmaps.cli;

import io.diamondmaps.bench.AlignBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "align", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Alignment on exact Gaussian mixtures: energy distance to the exact tilted target against model "
                + "evaluations per sample (NFE) for every method/value pair, on a 2-D and an 8-D mixture with a linear "
                + "and a quadratic reward.",
            "Writes align-gmm.md and align-gmm.png to the output folder."})
final class BenchAlignCommand implements Callable<Integer> {
    @Mixin DeviceOptions devices;
    @Option(names = "--n", defaultValue = "1000", paramLabel = "N") int n;
    @Option(names = "--max-budget", defaultValue = "2147483647", paramLabel = "B") int maxBudget;
    @Option(names = "--seed", defaultValue = "42", paramLabel = "S") long seed;
    @Mixin BenchOutputOption output;

    @Override
    public Integer call() throws Exception {
        return Console.print(AlignBenchmark.run(new AlignBenchmark.Config(n, seed, output.outDir, maxBudget),
                devices.device(), Console.INSTANCE));
    }
}
