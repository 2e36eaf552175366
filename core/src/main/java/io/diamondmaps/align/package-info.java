/**
 * Reward alignment at inference time (spec §6–§9): value estimators V̂_t(x) of (6.2) (exact, posterior Monte Carlo,
 * plug-in, weighted; score-identity or pathwise gradients; optional reward damping and temperature annealing) and
 * aligners that use them (guidance with the exact tilt of its base step, twisted SMC with tempered twists, SIR,
 * best-of-N, beam search), wired to a model by {@link io.diamondmaps.align.AlignmentSpec}. Every random draw comes from
 * the run's {@link io.diamondmaps.util.Rng}.
 */
package io.diamondmaps.align;
