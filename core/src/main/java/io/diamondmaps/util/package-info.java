/**
 * Shared plumbing below every other package: checks with clear messages, NDArray helpers that keep autograd and
 * memory right ({@link io.diamondmaps.util.Tensors}), autograd, atomic file writes, and
 * {@link io.diamondmaps.util.Rng}, the one source of randomness of a run.
 */
package io.diamondmaps.util;
