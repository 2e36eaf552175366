package io.diamondmaps.model;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.interpolant.Interpolant;

/**
 * A velocity field b(t, x) = E[İ_t | x_t = x] (1.4) of a flow model, exact or neural. Times are per sample: t has shape
 * (N,) and x has shape (N, d...). The denoiser and score follow from the velocity by (1.5) and (1.8); models that
 * know them in closed form override them.
 */
public interface VelocityField {
    Interpolant interpolant();

    NDArray velocity(NDArray t, NDArray x);

    /** E[x₁ | x_t = x] (1.5). */
    default NDArray denoiser(NDArray t, NDArray x) {
        return interpolant().denoiserFromVelocity(t, x, velocity(t, x));
    }

    /**
     * (E[x₁ | x_t = x], E[x₀ | x_t = x]) from one model evaluation: the denoiser (1.5) and the noise prediction, whose
     * combination b = α̇D + σ̇ε̂ (1.4) is the velocity without a division at either end of the path.
     */
    default NDArray[] predictions(NDArray t, NDArray x) {
        return interpolant().predictionsFromVelocity(t, x, velocity(t, x));
    }

    /**
     * The times [t_lo, t_hi] of its interpolant where the model is defined (all of [0, 1] unless it says otherwise: a
     * pretrained model of a finite noise range); {@code SnrMatched} serves times outside.
     */
    default double[] coveredTimes() {
        return interpolant().coveredTimes();
    }

    /** Model evaluations one call costs (2 for a classifier-free guided call that runs two predictions). */
    default int evaluationsPerCall() {
        return 1;
    }

    /** ∇ log p_t(x) (1.8). */
    default NDArray score(NDArray t, NDArray x) {
        return interpolant().scoreFromDenoiser(t, x, denoiser(t, x));
    }
}
