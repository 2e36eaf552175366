package io.diamondmaps.sample;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.model.GaussianTransition;
import io.diamondmaps.model.VelocityField;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Rng;
import io.diamondmaps.util.Tensors;

/**
 * The DDPM-style baseline transition: the Gaussian p(x_{t'} | x_t, x₁) of the forward-Markov coupling (4.1) with x₁
 * replaced by the denoiser D(t, x_t). Under that coupling x_t = a·x_{t'} + √c·ξ with a = α/α', c = σ² − a²σ'², so
 * x_{t'} | x_t, x₁ has precision 1/σ'² + a²/c and mean (α'x₁/σ'² + a·x_t/c)/precision. Exact only when p(x₁ | x_t) is a
 * point mass; it is the cheap one-call baseline that GLASS improves on.
 */
public final class DdpmTransition implements GaussianTransition {
    private final VelocityField field;

    public DdpmTransition(VelocityField field) {
        this.field = field;
    }

    /**
     * The Gaussian's weights, written with v = a²σ'² + c = σ² so that neither σ' = 0 (t' = 1) nor c = 0 divides by
     * zero: mean = (c·α'·x₁ + a·σ'²·x_t)/v, variance = σ'²c/v. Returns {weight of x₁, weight of x_t, std}.
     */
    private double[] coefficients(double t, double tNext) {
        Checks.timePair("t", t, "t'", tNext);
        Interpolant ip = field.interpolant();
        double aNext = ip.alpha(tNext);
        double sNext = ip.sigma(tNext);
        double a = ip.alpha(t) / aNext;
        double c = Math.max(ip.sigma(t) * ip.sigma(t) - a * a * sNext * sNext, 0);
        double v = Math.max(a * a * sNext * sNext + c, Interpolant.EPS);
        return new double[] {c * aNext / v, a * sNext * sNext / v, Math.sqrt(sNext * sNext * c / v)};
    }

    @Override
    public NDArray mean(double t, double tNext, NDArray xt) {
        double[] k = coefficients(t, tNext);
        return Tensors.scoped(scope -> Tensors.mul(field.denoiser(Tensors.times(xt, t), xt), k[0]).add(Tensors.mul(xt, k[1])), xt);
    }

    @Override
    public double std(double t, double tNext) {
        return coefficients(t, tNext)[2];
    }

    @Override
    public NDArray transition(double t, double tNext, NDArray xt, Rng rng) {
        double std = std(t, tNext);
        NDArray mean = mean(t, tNext, xt);
        NDArray next = Tensors.scoped(scope -> mean.add(Tensors.mul(rng.normalLike(scope, xt), std)), mean);
        mean.close();
        return next;
    }
}
