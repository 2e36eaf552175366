package io.diamondmaps.model;

import ai.djl.ndarray.NDArray;

/**
 * Draws x₁ ~ p(x₁ | x_t) (spec §6.2): one draw per row of {@code xt}. The draw is a differentiable function of
 * {@code xt} for fixed internal noise, so a pathwise gradient (6.4) flows through it under autograd.
 */
public interface PosteriorSampler {
    NDArray samplePosterior(double t, NDArray xt);
}
