package io.diamondmaps.cli;

import io.diamondmaps.bench.PerformanceBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "performance", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Inference speed and memory of the default MLP as ratios against references run side by side: "
                + "flow-map sampling (8 jumps) and GLASS posteriors against the same forward math in numpy, a sweep "
                + "of chunk sizes, achieved GFLOP/s against the machine's matrix-product speed, peak resident memory "
                + "of each run. Writes performance.md to the output folder. About 5 minutes on 2 cores."})
final class BenchPerformanceCommand implements Callable<Integer> {
    @Option(names = "--n", defaultValue = "400000", paramLabel = "N") long n;
    @Option(names = "--repeats", defaultValue = "3", paramLabel = "R") int repeats;
    @Option(names = "--numpy", defaultValue = "bench/numpy_mlp.py", paramLabel = "PY") Path numpy;
    @Mixin BenchOutputOption output;

    @Override
    public Integer call() throws Exception {
        PerformanceBenchmark.Config standard = PerformanceBenchmark.Config.standard(numpy, output.outDir);
        return Console.print(PerformanceBenchmark.run(new PerformanceBenchmark.Config(n, Math.min(n,
                standard.sweepN()), standard.chunks(), Math.min(n, standard.posteriorN()), repeats, numpy,
                output.outDir), Console.INSTANCE));
    }
}
