package io.diamondmaps.cli;

import io.diamondmaps.train.DiamondLoss;
import io.diamondmaps.train.Optimizer;
import io.diamondmaps.train.Trainer;
import io.diamondmaps.train.TrainingConfig;
import io.diamondmaps.train.TrainingListener;
import io.diamondmaps.util.EnumNames;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** The options every {@link Trainer}-based command shares, and its run loop with progress and resume. */
final class TrainingOptions {
    @Option(names = "--steps", paramLabel = "N", description = "Training steps. Default: "
            + TrainingConfig.DEFAULT_STEPS + "; " + DiamondLoss.DEFAULT_STEPS + " for 'train diamond'.")
    Integer steps;

    @Option(names = "--batch", defaultValue = "" + TrainingConfig.DEFAULT_BATCH, paramLabel = "B",
            description = "Batch size. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--seed", defaultValue = "" + TrainingConfig.DEFAULT_SEED, paramLabel = "S",
            description = "Seed of initialisation and of every step's randomness. Default: ${DEFAULT-VALUE}.")
    long seed;

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

    @Option(names = "--lr", defaultValue = "" + TrainingConfig.DEFAULT_LEARNING_RATE, paramLabel = "LR",
            description = "Learning rate. Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--lr-schedule", paramLabel = "S",
            description = "Learning-rate schedule: constant, sqrt (lr/√max(step/" + TrainingConfig.DEFAULT_DECAY_STEPS
                    + ",1)) or cosine. Default: cosine.")
    String schedule;

    @Option(names = "--optimizer", paramLabel = "O", description = "adam or radam (spec 3.7). Default: radam.")
    String optimizer;

    @Option(names = "--ema", defaultValue = "" + TrainingConfig.DEFAULT_EMA_DECAY, paramLabel = "F",
            description = "EMA decay of the weights used for sampling (spec 3.10). Default: ${DEFAULT-VALUE}.")
    double ema;

    @Option(names = "--clip", defaultValue = "" + TrainingConfig.DEFAULT_CLIP_NORM, paramLabel = "C",
            description = "Global gradient-norm clip (0: none). Default: ${DEFAULT-VALUE}.")
    double clip;

    @Option(names = "--checkpoint-every", defaultValue = "" + TrainingConfig.DEFAULT_CHECKPOINT_EVERY, paramLabel = "K",
            description = "Steps between checkpoints. Default: ${DEFAULT-VALUE}.")
    int checkpointEvery;

    @Option(names = "--learned-weight",
            description = "Learn a log-variance weight w of the loss's times and train on e^-w·loss + w per sample "
                    + "(spec 3.4), which balances the loss across times.")
    boolean learnedWeight;

    /**
     * The training configuration for {@code objective}, {@code defaultSteps} steps unless --steps says otherwise; what
     * the options leave out keeps the library's default.
     */
    TrainingConfig config(TrainingConfig.Objective objective, int defaultSteps) {
        TrainingConfig.Builder builder = TrainingConfig.builder(objective).steps(steps != null ? steps : defaultSteps)
                .batch(batch).learningRate(lr)
                .clipNorm(clip).emaDecay(ema).checkpointEvery(checkpointEvery).seed(seed).learnedWeight(learnedWeight);
        if (schedule != null) {
            builder.schedule(EnumNames.parse(TrainingConfig.Schedule.class, "--lr-schedule", schedule));
        }
        if (optimizer != null) {
            builder.optimizer(Optimizer.byName(optimizer));
        }
        return builder.build();
    }

    /**
     * Resumes when asked, trains with a progress bar (loss, steps/s), reports where the results went and closes the
     * trainer.
     */
    void run(Trainer trainer, TrainingConfig config, String what) throws IOException {
        try (trainer) {
            if (resume && Trainer.exists(out)) {
                trainer.resume();
                System.out.println("resumed " + out + " at step " + trainer.step());
            }
            System.out.printf("training %s, batch %d, %d steps%n", what, config.batch(), config.steps());
            long start = System.nanoTime();
            long firstStep = trainer.step();
            Trainer.LogRow[] last = new Trainer.LogRow[1];
            try (Progress p = Progress.start("train", config.steps())) {
                trainer.train(new TrainingListener() {
                    @Override
                    public void stepFinished(Trainer.LogRow row) {
                        last[0] = row;
                        p.listener().accept((int) row.step());
                        if (row.step() % 20 == 0) {
                            double rate = (row.step() - firstStep) / ((System.nanoTime() - start) / 1e9);
                            p.message(String.format("loss %.4f, %.1f steps/s", row.loss(), rate));
                        }
                    }
                });
            }
            System.out.printf("done: step %d%s, %.1f s; wrote %s and %s%n", trainer.step(),
                    last[0] == null ? "" : String.format(", loss %.5f", last[0].loss()),
                    (System.nanoTime() - start) / 1e9, out, Trainer.logPath(out));
        }
    }
}
