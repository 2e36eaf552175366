/**
 * Networks: the flow maps {@code MapMlp} (vectors) and {@code UNet} (images) with exact ∂/∂t' by tangent propagation,
 * the Posterior Diamond Maps {@code DiamondMlp} and {@code DiamondUNet} with their trained inner range, the image
 * classifier, named parameters, and versioned, checksummed checkpoints.
 */
package io.diamondmaps.model.neural;
