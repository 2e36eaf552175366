package io.diamondmaps.align;

/** How a value estimator that draws posterior samples computes ∇V̂. */
public enum GradientMode {
    /**
     * Autograd through the sampler with its noise fixed: Σ_k softmax_k(r/λ)·∇_x r(z_k(x))/λ (6.4), and (7.7) for the
     * weighted estimator. Unbiased for a smooth sampler but heavy-tailed where the posterior is multimodal: a draw near
     * a mode boundary has a large Jacobian.
     */
    PATHWISE,
    /**
     * The score identity ∇V = (α/σ²)(E^r[x₁|x] − E[x₁|x]) (from ∇_x log p(x₁|x) = (αx₁ − x)/σ² − ∇log p_t(x)), both
     * expectations over the same draws: the reward-softmax mean minus the plain (or importance-weighted) mean. No
     * backward pass, defined for samplers that are not differentiable, and bounded by the draws' spread.
     */
    SCORE
}
