package io.diamondmaps.model;

import ai.djl.ndarray.NDArray;

/** Draws x_{t'} ~ p(x_{t'} | x_t) for 0 ≤ t < t' ≤ 1 (a less noisy state), one draw per row of {@code xt}. */
public interface StochasticTransition {
    NDArray transition(double t, double tNext, NDArray xt);
}
