package io.diamondmaps.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.model.FlowMap;
import io.diamondmaps.model.VelocityField;
import io.diamondmaps.reward.RewardTilt;
import io.diamondmaps.sample.OdeSolver;
import io.diamondmaps.util.Autograd;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Rng;
import io.diamondmaps.util.Tensors;

/**
 * The plug-in baselines (spec §6.2, §9): V̂_t(x) = r(ẑ(x))/λ for a deterministic look-ahead ẑ, with the gradient by
 * autograd through the look-ahead. Tweedie's denoiser gives the DPS-like estimator, an Euler ODE solve from t to 1
 * the flow-guidance one, and a flow-map jump X(t, 1, x) the FMTT-like one. Inconsistent (it ignores the spread of
 * p(x₁ | x_t)), cheap, and the reference the consistent estimators are measured against.
 *
 * <p>Damped ({@link RewardDamping}, spec §6.5): the look-ahead stands for a Gaussian N(ẑ, s²I) with s² the posterior's
 * per-coordinate spread, from Tweedie's second moment Cov[x₁ | x_t] = (σ²/α)∇_x D(t, x) (exact for any data) with its
 * trace by one Hutchinson probe ξ of a finite difference, s² ≈ (σ²/α)·ξᵀ(D(x + εξ) − D(x))/(ε·d): one more denoiser
 * call per row. V̂ = r_s(ẑ)/λ is then the Gaussian value (6.8), no sharper than the posterior allows.
 */
public final class PluginValue implements ValueEstimator {
    /** A deterministic prediction of X₁ from (t, x_t). */
    @FunctionalInterface
    public interface Lookahead {
        NDArray predict(double t, NDArray x);
    }

    private final Lookahead lookahead;
    private final RewardTilt tilt;
    private final EvaluationCounter counter;
    private final String name;
    private final VelocityField spread;
    private final RewardDamping damping;

    public PluginValue(Lookahead lookahead, RewardTilt tilt, EvaluationCounter counter, String name) {
        this(lookahead, tilt, counter, name, null);
    }

    /** @param spread the model whose denoiser measures the posterior spread for damping, or null for none */
    public PluginValue(Lookahead lookahead, RewardTilt tilt, EvaluationCounter counter, String name,
            VelocityField spread) {
        this.lookahead = lookahead;
        this.tilt = tilt;
        this.counter = counter;
        this.name = name;
        this.spread = spread;
        this.damping = spread == null ? null : RewardDamping.of(tilt);
    }

    /** Tweedie's denoiser E[x₁ | x_t] (DPS-like). */
    public static Lookahead tweedie(VelocityField field) {
        return (t, x) -> field.denoiser(Tensors.times(x, t), x);
    }

    /** {@code steps} Euler steps of the ODE from t to 1 (flow guidance). */
    public static Lookahead ode(VelocityField field, int steps) {
        Checks.positive("look-ahead steps", steps);
        return (t, x) -> OdeSolver.EULER.integrate(field, x, t, 1, steps);
    }

    /** One flow-map jump X(t, 1, x) (FMTT-like). */
    public static Lookahead flowMap(FlowMap map) {
        return (t, x) -> map.jump(t, 1, x);
    }

    @Override
    public NDArray value(double t, NDArray x, Rng rng) {
        Checks.time("t", t);
        return Tensors.scoped(s -> logTilt(t, x, damping == null ? null : posteriorSpread(t, x, rng)), x);
    }

    @Override
    public Autograd.ValueAndGradient valueAndGradient(double t, NDArray x, Rng rng) {
        Checks.time("t", t);
        counter.gradient(x.getShape().get(0));
        NDArray h2 = damping == null ? null : posteriorSpread(t, x, rng);
        if (h2 == null) {
            return Autograd.valueAndGradient(x, xx -> logTilt(t, xx, null));
        }
        try (h2) {
            return Autograd.valueAndGradient(x, xx -> logTilt(t, xx, h2), h2);
        }
    }

    private NDArray logTilt(double t, NDArray x, NDArray h2) {
        NDArray z = lookahead.predict(t, x);
        return h2 == null ? tilt.logTilt(z) : damping.logTilt(z, h2);
    }

    /** s² per row (N,), by one Hutchinson probe of Tweedie's covariance (see the class comment); not differentiated. */
    NDArray posteriorSpread(double t, NDArray x, Rng rng) {
        io.diamondmaps.interpolant.Interpolant ip = spread.interpolant();
        double alpha = ip.alpha(t);
        long n = x.getShape().get(0);
        NDManager owner = x.getManager();
        if (alpha <= 0) {
            return owner.zeros(new Shape(n), x.getDataType(), x.getDevice());
        }
        double sigma = ip.sigma(t);
        double eps = 1e-3 * Math.max(sigma, 1e-3);
        NDArray s2 = Tensors.scoped(scope -> {
            NDArray base = x.stopGradient();
            NDArray probe = rng.normalLike(scope, base);
            NDArray times = Tensors.times(base, t);
            NDArray diff = spread.denoiser(times, base.add(Tensors.mul(probe, eps))).sub(spread.denoiser(times, base));
            long d = base.getShape().size() / n;
            NDArray trace = diff.mul(probe).reshape(n, -1).sum(new int[] {1});
            return Tensors.atLeast(Tensors.mul(trace, sigma * sigma / (alpha * eps * d)), 0);
        }, x);
        return s2;
    }

    @Override
    public String describe() {
        return "plugin (" + name + (damping == null ? "" : ", damped") + ")";
    }
}
