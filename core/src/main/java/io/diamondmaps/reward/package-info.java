/**
 * Rewards r(x) with batched values and autograd gradients: linear, Gaussian measurements of linear operators
 * (inpainting, super-resolution, denoising), classifier log-probabilities and weighted sums; the temperature λ of the
 * tilt p₁·exp(r/λ) (6.1) and reward files.
 */
package io.diamondmaps.reward;
