/**
 * Networks: the flow maps {@code MapMlp} (vectors) and {@code UNet} (images) with exact ∂/∂t' by tangent propagation,
 * the Posterior Diamond Maps {@code DiamondMlp} and {@code DiamondUNet} with their trained inner range (each defines
 * only its φ or ψ; {@code ResidualFlowMap} and {@code ResidualDiamondMap} hold the residual form (3.1) once), the image
 * classifier, named parameters, and versioned, checksummed checkpoints.
 */
package io.diamondmaps.model.neural;
