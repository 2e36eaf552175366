package io.diamondmaps.model.neural;

import ai.djl.ndarray.NDArray;

/**
 * A value and its tangent ∂/∂t' (forward-mode derivative), propagated layer by layer (spec §3.4; djl-stack notes §1:
 * exact, about twice a plain step, no leak). A null tangent makes every layer a plain forward pass.
 */
record Dual(NDArray value, NDArray tangent) {
    boolean hasTangent() {
        return tangent != null;
    }
}
