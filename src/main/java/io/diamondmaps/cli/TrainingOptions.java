package io.diamondmaps.cli;

import io.diamondmaps.train.Optimizer;
import io.diamondmaps.train.Trainer;
import io.diamondmaps.train.TrainingConfig;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The options every {@link Trainer}-based command shares, and its run loop with progress and resume. */
final class TrainingOptions {
    @Option(names = "--steps", defaultValue = "5000", paramLabel = "N", description = "Training steps. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--batch", defaultValue = "512", paramLabel = "B", description = "Batch size. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S",
            description = "Seed of initialisation and of every step's randomness. Default: ${DEFAULT-VALUE}.")
    int seed;

    @Option(names = "--out", required = true, paramLabel = "CKPT", description = "Checkpoint file (written atomically).")
    Path out;

    @Option(names = "--resume", description = "Continue from --out if it exists (same loss curve as an unbroken run).")
    boolean resume;

    @Option(names = "--width", defaultValue = "256", paramLabel = "W",
            description = "MLP hidden width (vectors). Default: ${DEFAULT-VALUE}.")
    int width;

    @Option(names = "--depth", defaultValue = "3", paramLabel = "D",
            description = "MLP residual hidden layers (vectors). Default: ${DEFAULT-VALUE}.")
    int depth;

    @Option(names = "--lr", defaultValue = "2e-3", paramLabel = "LR", description = "Learning rate. Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--schedule", defaultValue = "cosine", paramLabel = "S",
            description = "Learning-rate schedule: constant, sqrt (lr/√max(step/1000,1)) or cosine. Default: ${DEFAULT-VALUE}.")
    String schedule;

    @Option(names = "--optimizer", defaultValue = "radam", paramLabel = "O",
            description = "adam or radam (spec 3.7). Default: ${DEFAULT-VALUE}.")
    String optimizer;

    @Option(names = "--ema", defaultValue = "0.999", paramLabel = "F",
            description = "EMA decay of the weights used for sampling (spec 3.10). Default: ${DEFAULT-VALUE}.")
    double ema;

    @Option(names = "--clip", defaultValue = "1.0", paramLabel = "C",
            description = "Global gradient-norm clip (0: none). Default: ${DEFAULT-VALUE}.")
    double clip;

    @Option(names = "--checkpoint-every", defaultValue = "500", paramLabel = "K",
            description = "Steps between checkpoints. Default: ${DEFAULT-VALUE}.")
    int checkpointEvery;

    @Option(names = "--learned-weight",
            description = "Learn a log-variance weight w of the loss's times and train on e^-w·loss + w per sample "
                    + "(spec 3.4), which balances the loss across times.")
    boolean learnedWeight;

    /** The training configuration for {@code objective}, 75 % of each batch on the diagonal (3.9). */
    TrainingConfig config(TrainingConfig.Objective objective) {
        if (!List.of("constant", "sqrt", "cosine").contains(schedule)) {
            throw new IllegalArgumentException("unknown --schedule '" + schedule + "' (expected constant, sqrt or cosine)");
        }
        TrainingConfig.Schedule sched = TrainingConfig.Schedule.valueOf(schedule.toUpperCase(Locale.ROOT));
        return new TrainingConfig(objective, steps, batch, lr, sched, 1000, Optimizer.byName(optimizer), clip, ema,
                0.75, checkpointEvery, seed, learnedWeight);
    }

    /** Resumes when asked, trains with a progress bar (loss, steps/s) and reports where the results went. */
    void run(Trainer trainer, String what) throws IOException {
        if (resume && Trainer.exists(out)) {
            trainer.resume();
            System.out.println("resumed " + out + " at step " + trainer.step());
        }
        System.out.printf("training %s, batch %d, %d steps%n", what, batch, steps);
        long start = System.nanoTime();
        long firstStep = trainer.step();
        try (Progress p = Progress.start("train", steps)) {
            trainer.train(step -> {
                p.listener().accept(step);
                if (step % 20 == 0) {
                    var last = trainer.log().get(trainer.log().size() - 1);
                    double rate = (step - firstStep) / ((System.nanoTime() - start) / 1e9);
                    p.message(String.format("loss %.4f, %.1f steps/s", last.loss(), rate));
                }
            });
        }
        var last = trainer.log().get(trainer.log().size() - 1);
        System.out.printf("done: step %d, loss %.5f, %.1f s; wrote %s and %s%n", trainer.step(), last.loss(),
                (System.nanoTime() - start) / 1e9, out, Trainer.logPath(out));
    }
}
