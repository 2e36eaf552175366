package io.diamondmaps.model;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.util.Rng;

/** Draws x_{t'} ~ p(x_{t'} | x_t) for 0 ≤ t < t' ≤ 1 (a less noisy state), one draw per row of {@code xt}. */
public interface StochasticTransition {
    /**
     * @param xt states at time t, shape (N, sample shape...)
     * @param rng the run's randomness
     * @return N draws of x_{t'}, shaped like {@code xt}
     */
    NDArray transition(double t, double tNext, NDArray xt, Rng rng);

    /**
     * The per-coordinate variance c²(t, t') of x_{t'} given x_t and x₁, the noise the step adds: 0 for a deterministic
     * step, {@link io.diamondmaps.interpolant.Interpolant#ddpmStepVariance} under the DDPM coupling. Tilting the step
     * by exp(V) moves its mean by c²∇V (6.7), so guidance needs it to take the exact tilt.
     */
    double stepVariance(double t, double tNext);
}
