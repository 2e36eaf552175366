/**
 * The mathematical objects samplers and aligners act on: {@link io.diamondmaps.model.VelocityField},
 * {@link io.diamondmaps.model.FlowMap}, {@link io.diamondmaps.model.PosteriorSampler} and
 * {@link io.diamondmaps.model.StochasticTransition}, evaluation counters, and the exact oracle
 * {@link io.diamondmaps.model.GaussianMixture} (closed-form velocity, posterior, transitions, value functions and
 * tilted targets) that every statistical test compares against.
 */
package io.diamondmaps.model;
