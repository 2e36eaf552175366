package io.diamondmaps.sample;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.model.VelocityField;
import io.diamondmaps.util.Tensors;

/**
 * One-step rules for dx/ds = f(s, x), shared by the probability-flow ODE (f = the velocity b(t, x), §2.2) and the GLASS
 * inner flow (f = the inner velocity (4.9)): Euler (first order, the reference code's), explicit midpoint and Heun
 * (both second order, two evaluations per step). Midpoint never evaluates f at the end of a step, which keeps it clear
 * of the singular end s = 1 of the posterior inner flow; Heun does evaluate there.
 */
public enum OdeSolver {
    EULER {
        @Override
        public NDArray step(Rate f, double s, double h, NDArray x) {
            return x.add(Tensors.mul(f.at(s, x), h));
        }
    },
    MIDPOINT {
        @Override
        public NDArray step(Rate f, double s, double h, NDArray x) {
            NDArray k1 = f.at(s, x);
            return x.add(Tensors.mul(f.at(s + h / 2, x.add(Tensors.mul(k1, h / 2))), h));
        }
    },
    HEUN {
        @Override
        public NDArray step(Rate f, double s, double h, NDArray x) {
            NDArray k1 = f.at(s, x);
            NDArray predictor = x.add(Tensors.mul(k1, h));
            NDArray k2 = f.at(s + h, predictor);
            return x.add(Tensors.mul(k1.add(k2), h / 2));
        }
    };

    /** The right-hand side f(s, x) of the ODE. */
    @FunctionalInterface
    public interface Rate {
        NDArray at(double s, NDArray x);
    }

    /** Velocity evaluations per step. */
    public int evaluationsPerStep() {
        return this == EULER ? 1 : 2;
    }

    /** Whether a step evaluates f at its end point s + h. */
    public boolean evaluatesEndPoint() {
        return this == HEUN;
    }

    /** One step of size h from (s, x). */
    public abstract NDArray step(Rate f, double s, double h, NDArray x);

    /** The velocity field as the ODE's right-hand side: b(t, x) with per-sample times. */
    static Rate of(VelocityField field) {
        return (t, x) -> field.velocity(Tensors.times(x, t), x);
    }

    /**
     * Integrates from t0 to t1 on a uniform grid of {@code steps} steps. Each step runs in its own NDManager scope;
     * {@code x} is left untouched and the result belongs to x's manager.
     */
    public NDArray integrate(VelocityField field, NDArray x, double t0, double t1, int steps) {
        return integrate(field, x, TimeGrid.uniform(t0, t1, steps));
    }

    /** Integrates over the times of {@code grid}. */
    public NDArray integrate(VelocityField field, NDArray x, TimeGrid grid) {
        Rate f = of(field);
        return FixedStep.run((t, tNext, y) -> step(f, t, tNext - t, y), x, grid);
    }
}
