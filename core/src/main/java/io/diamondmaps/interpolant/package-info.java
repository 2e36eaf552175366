/**
 * Stochastic interpolants x_t = σ(t)x₀ + α(t)x₁ (spec §1): the linear and trigonometric schedules, their derivatives,
 * the conversions between velocity, denoiser, noise and score (1.5)–(1.8), the tilt coefficient κ(t) (1.9), and the
 * GLASS inner interpolant with its sufficient statistic (4.1)–(4.11). Depends on nothing but {@code util}.
 */
package io.diamondmaps.interpolant;
