package io.diamondmaps.model.neural;

import ai.djl.ndarray.NDArray;

/** Layers on (value, tangent) pairs shared by the networks (spec §3.4: every layer propagates ∂/∂t'). */
final class Layers {
    private Layers() {
    }

    /** (xW + b, dx·W) with the parameters {@code weight} and {@code bias}. */
    static Dual linear(Parameters params, Dual x, String weight, String bias) {
        NDArray w = params.get(weight);
        NDArray value = x.value().matMul(w).add(params.get(bias));
        return new Dual(value, x.hasTangent() ? x.tangent().matMul(w) : null);
    }

    /** (xW + b, dx·W) with the parameters NAME.w and NAME.b. */
    static Dual linear(Parameters params, Dual x, String name) {
        return linear(params, x, name + ".w", name + ".b");
    }

    /** SiLU y = z·s(z), dy = dz·s·(1 + z(1 − s)). */
    static Dual silu(Dual z) {
        NDArray s = z.value().getNDArrayInternal().sigmoid();
        NDArray value = z.value().mul(s);
        if (!z.hasTangent()) {
            return new Dual(value, null);
        }
        return new Dual(value, z.tangent().mul(s.mul(z.value().mul(s.neg().add(1)).add(1))));
    }
}
