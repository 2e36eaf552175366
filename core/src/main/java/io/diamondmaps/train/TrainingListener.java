package io.diamondmaps.train;

import java.nio.file.Path;
import java.util.function.IntConsumer;

/**
 * Hears a training run (DJL's training listeners, in small): every finished step with its log row, every checkpoint
 * written, and a divergence just before the trainer stops with {@link NonFiniteLossException}.
 */
public interface TrainingListener {
    /** A step finished; {@code row} is what the loss log records for it. */
    default void stepFinished(Trainer.LogRow row) {
    }

    /**
     * How long {@code step} took: the loss's forward and backward pass, and the rest (gradient clipping, the
     * optimizer, the EMA), in seconds.
     */
    default void stepTimed(long step, double forwardBackwardSeconds, double updateSeconds) {
    }

    /** The checkpoint (and its CSV loss log) were written after {@code step}. */
    default void checkpointWritten(long step, Path checkpoint) {
    }

    /** The loss or gradient of {@code step} is not finite; nothing was updated or saved. */
    default void diverged(long step, double loss, double gradientNorm) {
    }

    /** A listener that passes each finished step's number to {@code progress}. */
    static TrainingListener progress(IntConsumer progress) {
        return new TrainingListener() {
            @Override
            public void stepFinished(Trainer.LogRow row) {
                progress.accept((int) row.step());
            }
        };
    }
}
