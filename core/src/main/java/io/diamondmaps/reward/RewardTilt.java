package io.diamondmaps.reward;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Tensors;

/** A reward and its temperature λ: the log-tilt r(x)/λ of the target p^r ∝ p₁·exp(r/λ) (6.1). */
public record RewardTilt(Reward reward, double temperature) {
    public RewardTilt {
        Checks.positive("temperature", temperature);
    }

    /** r(x)/λ per row. */
    public NDArray logTilt(NDArray x) {
        return Tensors.div(reward.value(x), temperature);
    }

    /** Fails unless samples of {@code inputSize} values per row fit the reward. */
    public void requireInputSize(long size) {
        if (reward.inputSize() != Reward.ANY_SIZE && reward.inputSize() != size) {
            throw new IllegalArgumentException("the reward reads " + reward.inputSize()
                    + " values per sample but the model's samples have " + size);
        }
    }
}
