package io.diamondmaps.cli;

import io.diamondmaps.bench.OneDnnBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "onednn", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"oneDNN at each instruction-set cap (AVX, AVX2, AVX-512, AVX-512 bf16, none), each in its own "
                + "JVM: the U-Net's convolutions forward and backward in float32 against float64, through oneDNN "
                + "alone and through the library's convolution, and U-Net training steps. Writes onednn.md to the "
                + "output folder. About 10 minutes on 2 cores."})
final class BenchOneDnnCommand implements Callable<Integer> {
    @Option(names = "--steps", defaultValue = "10", paramLabel = "N") int steps;
    @Option(names = "--repeats", defaultValue = "2", paramLabel = "R") int repeats;
    @Mixin BenchOutputOption output;

    @Override
    public Integer call() throws Exception {
        OneDnnBenchmark.Config standard = OneDnnBenchmark.Config.standard(output.outDir);
        return Console.print(OneDnnBenchmark.run(new OneDnnBenchmark.Config(standard.caps(), steps, repeats,
                output.outDir), Console.INSTANCE));
    }
}
