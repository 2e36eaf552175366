package io.diamondmaps.align;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.util.Autograd;
import io.diamondmaps.util.Rng;

/**
 * An estimate of the value function V_t(x) = log E[exp(r(X₁)/λ) | X_t = x] (6.2) and of its gradient, batched over
 * the rows of x (N, d...). Estimators need t > 0: at t = 0 the state carries no information on X₁, so V₀ is constant.
 */
public interface ValueEstimator {
    /** V̂_t per row, shape (N,), without gradient. */
    NDArray value(double t, NDArray x, Rng rng);

    /** V̂_t and ∇V̂_t per row; the gradient has the shape of x. */
    Autograd.ValueAndGradient valueAndGradient(double t, NDArray x, Rng rng);

    /** A short description for reports. */
    String describe();
}
