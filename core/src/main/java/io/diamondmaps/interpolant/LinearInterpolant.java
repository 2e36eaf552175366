package io.diamondmaps.interpolant;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.util.Tensors;

/** α(t) = t, σ(t) = 1 − t (spec §1.1); g⁻¹(y) = 1/(1 + √y) (1.3). */
public final class LinearInterpolant implements Interpolant {
    public static final LinearInterpolant INSTANCE = new LinearInterpolant();

    private LinearInterpolant() {
    }

    @Override
    public String name() {
        return "linear";
    }

    @Override
    public double alpha(double t) {
        return t;
    }

    @Override
    public double sigma(double t) {
        return 1 - t;
    }

    @Override
    public double alphaDot(double t) {
        return 1;
    }

    @Override
    public double sigmaDot(double t) {
        return -1;
    }

    @Override
    public NDArray alpha(NDArray t) {
        return t.duplicate();
    }

    @Override
    public NDArray sigma(NDArray t) {
        return t.neg().add(1);
    }

    @Override
    public NDArray alphaDot(NDArray t) {
        return t.onesLike();
    }

    @Override
    public NDArray sigmaDot(NDArray t) {
        return t.onesLike().neg();
    }

    @Override
    public double gInverse(double y) {
        return 1 / (1 + Math.sqrt(Math.max(y, 0)));
    }

    @Override
    public NDArray gInverse(NDArray y) {
        return Tensors.pow(Tensors.atLeast(y, 0).sqrt().add(1), -1);
    }

    @Override
    public String toString() {
        return name();
    }
}
