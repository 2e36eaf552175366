package io.diamondmaps.cli;

import io.diamondmaps.bench.TimeGridBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "time-grids", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Time grids per schedule: the exact mixture on the paths of linear, cosine, two DDPM tables and "
                + "EDM, run on the linear axis by SNR matching, sampled by the probability-flow ODE (Euler, Heun) on "
                + "uniform, log-SNR and Karras grids; the discretisation error of each grid and the energy distance "
                + "to exact data.",
            "Writes time-grids.md to the output folder."})
final class BenchTimeGridsCommand implements Callable<Integer> {
    @Mixin DeviceOptions devices;
    @Option(names = "--n", defaultValue = "2000", paramLabel = "N") int n;
    @Option(names = "--steps", defaultValue = "4,8,16,32", split = ",", paramLabel = "N,...") int[] steps;
    @Option(names = "--seed", defaultValue = "42", paramLabel = "S") long seed;
    @Mixin BenchOutputOption output;

    @Override
    public Integer call() throws Exception {
        return Console.print(TimeGridBenchmark.run(new TimeGridBenchmark.Config(n, steps, seed, output.outDir),
                devices.device(), Console.INSTANCE));
    }
}
