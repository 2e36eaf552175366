package io.diamondmaps.cli;

import io.diamondmaps.bench.RareModeBenchmark;
import io.diamondmaps.train.DiamondLoss;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "diamond-rare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Rare posterior modes: one-call Posterior Diamond Maps distilled with default settings from a "
                + "2-D and a 4-D mixture with a rare component (3-4 % of the weight), one per component balance of the "
                + "distillation data, against GLASS with 8 Euler steps, at states x_t next to the rare component "
                + "(t = 0.3 and 0.6).",
            "Writes diamond-rare.md to the output folder."})
final class BenchDiamondRareCommand implements Callable<Integer> {
    @Mixin DeviceOptions devices;
    @Option(names = "--n", defaultValue = "2000", paramLabel = "N") int n;
    @Option(names = "--states", defaultValue = "4", paramLabel = "K") int states;
    @Option(names = "--steps", defaultValue = "" + DiamondLoss.DEFAULT_STEPS, paramLabel = "N") int steps;
    @Option(names = "--balances", defaultValue = "0,1", split = ",", paramLabel = "B,...") double[] balances;
    @Option(names = "--seed", defaultValue = "42", paramLabel = "S") long seed;
    @Mixin BenchOutputOption output;

    @Override
    public Integer call() throws Exception {
        return Console.print(RareModeBenchmark.run(new RareModeBenchmark.Config(n, states, steps, balances, seed,
                output.outDir), devices.device(), Console.INSTANCE));
    }
}
