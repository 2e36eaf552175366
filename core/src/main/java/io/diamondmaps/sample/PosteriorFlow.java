package io.diamondmaps.sample;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.model.PosteriorSampler;
import io.diamondmaps.util.Rng;
import io.diamondmaps.util.Tensors;

/**
 * The inner flow of the posterior (t' = 1) GLASS path (spec §4.2): transports the inner state x̄ from inner time s0
 * to s1 given x_t. Run from s = 0 (pure noise) to 1 it draws x₁ ~ p(x₁ | x_t); stopped early at s* it yields the DDPM
 * transition through the sufficient-statistic readout (4.11). GLASS integrates it with Euler steps; a Posterior
 * Diamond Map jumps.
 */
public interface PosteriorFlow {
    /**
     * @param xt the conditioning states at time t, shape (N, sample shape...)
     * @param xBar inner states at s0, shaped like {@code xt}
     * @param rng the run's randomness (deterministic flows ignore it)
     * @return the inner states at s1
     */
    NDArray flow(double t, NDArray xt, NDArray xBar, double s0, double s1, Rng rng);

    /**
     * The inner path of any posterior sampler: with x̄₀ pure noise, x̄_s = s·x₁ + (1 − s)·x̄₀ with x₁ ~ p(x₁ | x_t) has
     * exactly the law of the t' = 1 inner interpolant at s (spec §4.2), which is all that the early-stop readout
     * (4.11) needs (spec A.6). Only flows that start at s0 = 0.
     */
    static PosteriorFlow interpolating(PosteriorSampler sampler) {
        return (t, xt, xBar, s0, s1, rng) -> {
            if (s0 != 0) {
                throw new IllegalArgumentException("an interpolating posterior flow starts at s = 0, got " + s0);
            }
            try (NDArray x1 = sampler.samplePosterior(t, xt, rng)) {
                return Tensors.scoped(scope -> Tensors.mul(x1, s1).add(Tensors.mul(xBar, 1 - s1)), x1, xBar);
            }
        };
    }
}
