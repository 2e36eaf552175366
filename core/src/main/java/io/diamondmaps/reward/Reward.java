package io.diamondmaps.reward;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.util.Autograd;

/**
 * A reward r(x) on samples x of shape (N, d...), returning (N,). Alignment samples the tilted target
 * p^r(x) ∝ p₁(x)·exp(r(x)/λ) (6.1); the temperature λ lives in {@link RewardTilt}, not here.
 */
public interface Reward {
    /** The {@link #inputSize} of a reward that takes samples of any shape and checks them when called. */
    long ANY_SIZE = -1;

    /** r(x) per row, differentiable under autograd. */
    NDArray value(NDArray x);

    /** ∇r(x), by autograd unless a reward knows it in closed form. */
    default NDArray gradient(NDArray x) {
        Autograd.ValueAndGradient vg = Autograd.valueAndGradient(x, this::value);
        vg.value().close();
        return vg.gradient();
    }

    /** Number of values per sample the reward reads (d, or C·H·W for images), or {@link #ANY_SIZE}. */
    long inputSize();

    /** A short description for reports. */
    String describe();
}
