package io.diamondmaps.interpolant;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.util.Tensors;

/**
 * α(t) = sin(πt/2), σ(t) = cos(πt/2) (spec §1.1); g⁻¹(y) = (2/π)·atan(1/√y) (1.3), which the reference code lacks
 * (spec §12.8), so GLASS and early stopping also work with this schedule here.
 */
public final class TrigonometricInterpolant implements Interpolant {
    public static final TrigonometricInterpolant INSTANCE = new TrigonometricInterpolant();
    private static final double HALF_PI = Math.PI / 2;

    private TrigonometricInterpolant() {
    }

    @Override
    public String name() {
        return "trig";
    }

    @Override
    public double alpha(double t) {
        return Math.sin(HALF_PI * t);
    }

    @Override
    public double sigma(double t) {
        // cos(π/2) is 6e-17, not 0: snap the endpoint so that x_1 is exactly data.
        return t == 1 ? 0 : Math.cos(HALF_PI * t);
    }

    @Override
    public double alphaDot(double t) {
        return HALF_PI * sigma(t);
    }

    @Override
    public double sigmaDot(double t) {
        return -HALF_PI * alpha(t);
    }

    @Override
    public NDArray alpha(NDArray t) {
        return Tensors.mul(t, HALF_PI).sin();
    }

    @Override
    public NDArray sigma(NDArray t) {
        return Tensors.atLeast(Tensors.mul(t, HALF_PI).cos(), 0);
    }

    @Override
    public NDArray alphaDot(NDArray t) {
        return Tensors.mul(sigma(t), HALF_PI);
    }

    @Override
    public NDArray sigmaDot(NDArray t) {
        return Tensors.mul(alpha(t), -HALF_PI);
    }

    @Override
    public double gInverse(double y) {
        // atan(1/√y) = π/2 − atan(√y), which is finite at y = 0.
        return 1 - Math.atan(Math.sqrt(Math.max(y, 0))) / HALF_PI;
    }

    @Override
    public NDArray gInverse(NDArray y) {
        return Tensors.div(Tensors.atLeast(y, 0).sqrt().atan(), -HALF_PI).add(1);
    }

    @Override
    public String toString() {
        return name();
    }
}
