package io.diamondmaps.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code diamond train …}: the trainable models, one subcommand each. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model and write a checkpoint (weights, provenance) that the other commands load.",
        subcommands = {TrainFlowCommand.Flow.class, TrainFlowCommand.FlowMap.class, TrainDiamondCommand.class,
            TrainClassifierCommand.class})
final class TrainCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
