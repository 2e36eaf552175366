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
}
