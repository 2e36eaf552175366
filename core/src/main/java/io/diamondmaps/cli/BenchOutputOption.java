package io.diamondmaps.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --out-dir} of every benchmark: where its tables and figures go. */
final class BenchOutputOption {
    @Option(names = "--out-dir", defaultValue = "bench/results", paramLabel = "DIR",
            description = "Output folder. Default: ${DEFAULT-VALUE}.")
    Path outDir;
}
