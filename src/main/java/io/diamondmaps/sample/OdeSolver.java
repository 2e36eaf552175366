package io.diamondmaps.sample;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.model.VelocityField;
import io.diamondmaps.util.Tensors;

/** One-step rules for dx/dt = b(t, x): Euler (first order, the reference FLOW sampler, §2.2) and Heun (second order). */
public enum OdeSolver {
    EULER {
        @Override
        NDArray step(VelocityField field, double t, double h, NDArray x) {
            return x.add(Tensors.mul(field.velocity(Tensors.times(x, t), x), h));
        }
    },
    HEUN {
        @Override
        NDArray step(VelocityField field, double t, double h, NDArray x) {
            NDArray k1 = field.velocity(Tensors.times(x, t), x);
            NDArray predictor = x.add(Tensors.mul(k1, h));
            NDArray k2 = field.velocity(Tensors.times(x, t + h), predictor);
            return x.add(Tensors.mul(k1.add(k2), h / 2));
        }
    };

    /** Velocity evaluations per step. */
    public int evaluationsPerStep() {
        return this == EULER ? 1 : 2;
    }

    abstract NDArray step(VelocityField field, double t, double h, NDArray x);

    /**
     * Integrates from t0 to t1 on a uniform grid of {@code steps} steps. Each step runs in its own NDManager scope;
     * {@code x} is left untouched and the result belongs to x's manager.
     */
    public NDArray integrate(VelocityField field, NDArray x, double t0, double t1, int steps) {
        return FixedStep.run((t, tNext, y) -> step(field, t, tNext - t, y), x, TimeGrid.uniform(t0, t1, steps));
    }

    public static OdeSolver byName(String name) {
        try {
            return valueOf(name.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown ODE solver '" + name + "' (expected euler or heun)");
        }
    }
}
