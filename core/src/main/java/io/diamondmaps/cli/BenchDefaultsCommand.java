package io.diamondmaps.cli;

import io.diamondmaps.bench.DefaultsBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "defaults", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Defaults on problems nobody tuned them on: a seeded suite of Gaussian mixtures (2-8 dimensions, "
                + "2-6 unequal components) with linear and quadratic rewards, some with their target on the lightest "
                + "component; SMC and guidance with align's default options and SIR at SMC's NFE, over several seeds; "
                + "the distribution of the excess energy distance on the tuning and the held-out half, and how often "
                + "each run's reliability check warned.",
            "Writes defaults.md to the output folder."})
final class BenchDefaultsCommand implements Callable<Integer> {
    @Mixin DeviceOptions devices;
    @Option(names = "--problems", defaultValue = "24", paramLabel = "P") int problems;
    @Option(names = "--seeds", defaultValue = "3", paramLabel = "S") int seeds;
    @Option(names = "--n", defaultValue = "1000", paramLabel = "N") int n;
    @Option(names = "--suite-seed", defaultValue = "2027", paramLabel = "S") long suiteSeed;
    @Option(names = "--half", defaultValue = "both", paramLabel = "H") String half;
    @Option(names = "--smc-options", defaultValue = "", paramLabel = "OPTS") String smcOptions;
    @Option(names = "--guidance-options", defaultValue = "", paramLabel = "OPTS") String guidanceOptions;
    @Mixin BenchOutputOption output;

    @Override
    public Integer call() throws Exception {
        return Console.print(DefaultsBenchmark.run(new DefaultsBenchmark.Config(problems, seeds, n, suiteSeed,
                output.outDir, words(smcOptions), words(guidanceOptions), half), DefaultsBenchmarkSpecs::spec,
                devices.device(), Console.INSTANCE));
    }

    private static java.util.List<String> words(String options) {
        return options.isBlank() ? java.util.List.of() : java.util.List.of(options.strip().split("\\s+"));
    }
}
