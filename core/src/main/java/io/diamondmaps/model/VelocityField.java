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

    /** ∇ log p_t(x) (1.8). */
    default NDArray score(NDArray t, NDArray x) {
        return interpolant().scoreFromDenoiser(t, x, denoiser(t, x));
    }
}
