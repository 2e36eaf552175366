/**
 * Samplers built on {@code model}: ODE solvers, DDPM, GLASS transitions and posteriors, early-stop readout, Posterior
 * Diamond Map jumps, predict-then-renoise, generation chains, and {@link io.diamondmaps.sample.Samplers}, the one
 * factory that maps every sampler name to one construction with one default.
 */
package io.diamondmaps.sample;
