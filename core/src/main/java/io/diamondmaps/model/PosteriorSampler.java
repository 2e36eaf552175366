package io.diamondmaps.model;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.util.Rng;

/**
 * Draws x₁ ~ p(x₁ | x_t) (spec §6.2): one draw per row of {@code xt}. The draw is a differentiable function of
 * {@code xt} for fixed internal noise, so a pathwise gradient (6.4) flows through it under autograd.
 */
public interface PosteriorSampler {
    /**
     * @param xt states at time t, shape (N, sample shape...)
     * @param rng the run's randomness
     * @return N draws of x₁, shaped like {@code xt}
     */
    NDArray samplePosterior(double t, NDArray xt, Rng rng);
}
