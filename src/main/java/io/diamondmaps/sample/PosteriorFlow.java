package io.diamondmaps.sample;

import ai.djl.ndarray.NDArray;

/**
 * The inner flow of the posterior (t' = 1) GLASS path (spec §4.2): transports the inner state x̄ from inner time s0
 * to s1 given x_t. Run from s = 0 (pure noise) to 1 it draws x₁ ~ p(x₁ | x_t); stopped early at s* it yields the DDPM
 * transition through the sufficient-statistic readout (4.11). GLASS integrates it with Euler steps; a Posterior
 * Diamond Map jumps.
 */
public interface PosteriorFlow {
    NDArray flow(double t, NDArray xt, NDArray xBar, double s0, double s1);
}
