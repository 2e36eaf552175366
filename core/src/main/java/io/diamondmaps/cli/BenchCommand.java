package io.diamondmaps.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code diamond bench …}: benchmarks that write tables and plots under bench/results/. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run a benchmark and write its tables (markdown) and plots (PNG) under bench/results/.",
        subcommands = {BenchAlignCommand.class, BenchDiamondCommand.class, BenchDiamondRareCommand.class, BenchTimeGridsCommand.class, BenchDefaultsCommand.class,
            BenchTrainCommand.class, BenchImagesCommand.class, BenchImageAlignCommand.class,
            BenchPerformanceCommand.class, BenchOneDnnCommand.class})
final class BenchCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
