package io.diamondmaps.sample;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.model.StochasticTransition;
import io.diamondmaps.model.VelocityField;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Tensors;

/**
 * The DDPM-style baseline transition: the Gaussian p(x_{t'} | x_t, x₁) of the forward-Markov coupling (4.1) with x₁
 * replaced by the denoiser D(t, x_t). Under that coupling x_t = a·x_{t'} + √c·ξ with a = α/α', c = σ² − a²σ'², so
 * x_{t'} | x_t, x₁ has precision 1/σ'² + a²/c and mean (α'x₁/σ'² + a·x_t/c)/precision. Exact only when p(x₁ | x_t) is a
 * point mass; it is the cheap one-call baseline that GLASS improves on.
 */
public final class DdpmTransition implements StochasticTransition {
    private final VelocityField field;

    public DdpmTransition(VelocityField field) {
        this.field = field;
    }

    @Override
    public NDArray transition(double t, double tNext, NDArray xt) {
        Checks.timePair("t", t, "t'", tNext);
        Interpolant ip = field.interpolant();
        double aNext = ip.alpha(tNext);
        double sNext = ip.sigma(tNext);
        double a = ip.alpha(t) / aNext;
        double c = Math.max(ip.sigma(t) * ip.sigma(t) - a * a * sNext * sNext, 0);
        // Written with v = a²σ'² + c = σ² so that neither σ' = 0 (t' = 1) nor c = 0 divides by zero:
        // mean = (c·α'·x₁ + a·σ'²·x_t)/v, variance = σ'²c/v.
        double v = Math.max(a * a * sNext * sNext + c, Interpolant.EPS);
        double wData = c * aNext / v;
        double wState = a * sNext * sNext / v;
        double std = Math.sqrt(sNext * sNext * c / v);
        return Tensors.scoped(scope -> {
            NDArray d = field.denoiser(Tensors.times(xt, t), xt);
            NDArray noise = scope.randomNormal(0, 1, xt.getShape(), xt.getDataType());
            return d.mul(wData).add(xt.mul(wState)).add(noise.mul(std));
        }, xt);
    }
}
