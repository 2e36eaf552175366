package io.diamondmaps.cli;

import io.diamondmaps.bench.TrainingThroughputBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Training throughput: median time per step of the MLP (2-D data) and the U-Net (28×28 images) at "
                + "batch 64 and 128, for flow matching and for flow-map training with the exact time derivative, with "
                + "the process's peak resident memory. Writes train-throughput.md to the output folder."})
final class BenchTrainCommand implements Callable<Integer> {
    @Mixin DeviceOptions devices;
    @Option(names = "--steps", defaultValue = "20", paramLabel = "N") int steps;
    @Mixin BenchOutputOption output;

    @Override
    public Integer call() throws Exception {
        return Console.print(TrainingThroughputBenchmark.run(new TrainingThroughputBenchmark.Config(steps, output.outDir),
                devices.device(), Console.INSTANCE));
    }
}
