package io.diamondmaps.interpolant;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.util.Tensors;

/**
 * The GLASS inner interpolant of a transition x_t → x_{t'} (spec §4.1–§4.5), for per-sample outer times t, t' of
 * shape (N,) and inner times s ∈ [0, 1].
 *
 * <p>x̄_s = ᾱ(s)·x₁ + γ·x_t + σ̄(s)·ε̄ (4.5) runs from γx_t + ε̄ (known given x_t) at s = 0 to a draw of
 * p(x_{t'} | x_t) at s = 1 under the DDPM coupling ρ (4.1). With t' = 1 it is the linear interpolant from pure
 * noise to a posterior sample x₁ | x_t.
 */
public final class GlassInterpolant {
    /** Floor of the variances that vanish at the endpoints (σ_t at t = 1, σ̄ at s = 1 for t' = 1). */
    private static final double VARIANCE_FLOOR = 1e-12;

    private final Interpolant outer;
    private final NDArray alphaT;
    private final NDArray sigmaT;
    private final NDArray gamma;
    /** σ̄(1) = √(σ_{t'}²(1 − ρ²)) (4.3). */
    private final NDArray sigmaBarEnd;
    /** ᾱ̇ = α_{t'} − γα_t (4.4). */
    private final NDArray alphaBarDot;

    public GlassInterpolant(Interpolant outer, NDArray t, NDArray tNext) {
        this.outer = outer;
        this.alphaT = outer.alpha(t);
        this.sigmaT = outer.sigma(t);
        NDArray alphaNext = outer.alpha(tNext);
        NDArray sigmaNext = outer.sigma(tNext);
        // (4.1) ρ = α_t σ_{t'} / (α_{t'} σ_t): the forward-Markov (DDPM) coupling; (4.2) γ = ρ σ_{t'} / σ_t.
        NDArray rho = alphaT.mul(sigmaNext).div(Tensors.atLeast(alphaNext.mul(sigmaT), Interpolant.EPS));
        this.gamma = rho.mul(sigmaNext).div(Tensors.atLeast(sigmaT, Interpolant.EPS));
        this.sigmaBarEnd = Tensors.atLeast(sigmaNext.square().mul(rho.square().neg().add(1)), 0).sqrt();
        this.alphaBarDot = alphaNext.sub(gamma.mul(alphaT));
    }

    /** γ(t, t') (4.2), shape (N,). */
    public NDArray gamma() {
        return gamma;
    }

    /** σ̄(s) = (1 − s) + s·σ̄(1) (4.3), σ̄₀ = 1. */
    public NDArray sigmaBar(NDArray s) {
        return s.neg().add(1).add(s.mul(sigmaBarEnd));
    }

    /** σ̄̇ = σ̄(1) − 1 (4.3). */
    public NDArray sigmaBarDot() {
        return sigmaBarEnd.sub(1);
    }

    /** ᾱ(s) = s·(α_{t'} − γα_t) (4.4). */
    public NDArray alphaBar(NDArray s) {
        return s.mul(alphaBarDot);
    }

    public NDArray alphaBarDot() {
        return alphaBarDot;
    }

    /** The inner starting point x̄₀ = γ·x_t + σ̄(0)·ε̄ with σ̄(0) = 1 (B.2, step 1). */
    public NDArray start(NDArray xt, NDArray noise) {
        return xt.mul(Tensors.perSample(gamma, xt)).add(noise);
    }

    /** x̄_s = ᾱ(s)x₁ + γx_t + σ̄(s)ε̄ (4.5), used to build training pairs with the true x₁. */
    public NDArray interpolate(NDArray s, NDArray x1, NDArray xt, NDArray noise) {
        return x1.mul(Tensors.perSample(alphaBar(s), x1))
                .add(xt.mul(Tensors.perSample(gamma, xt)))
                .add(noise.mul(Tensors.perSample(sigmaBar(s), noise)));
    }

    /** The sufficient statistic S and its precision P (4.6)–(4.7). */
    public record Statistic(NDArray s, NDArray precision) {
    }

    /**
     * (4.6)–(4.7) in decorrelated form: (x_t, x̄_s − γx_t) are two independent Gaussian observations of x₁ with
     * gains (α_t, ᾱ) and variances (σ_t², σ̄²), so P = α_t²/σ_t² + ᾱ²/σ̄² and S = (α_t x_t/σ_t² + ᾱ(x̄ − γx_t)/σ̄²)/P.
     * It equals μᵀC⁻¹z/μᵀC⁻¹μ exactly (an invertible linear map of z leaves the GLS estimate unchanged) and needs no
     * jitter on C.
     */
    public Statistic sufficientStatistic(NDArray s, NDArray xt, NDArray xBar) {
        NDArray varT = Tensors.atLeast(sigmaT.square(), VARIANCE_FLOOR);
        NDArray aBar = alphaBar(s);
        NDArray varBar = Tensors.atLeast(sigmaBar(s).square(), VARIANCE_FLOOR);
        NDArray gainT = alphaT.div(varT);
        NDArray gainBar = aBar.div(varBar);
        NDArray precision = Tensors.atLeast(alphaT.mul(gainT).add(aBar.mul(gainBar)), Interpolant.EPS);
        NDArray innovation = xBar.sub(xt.mul(Tensors.perSample(gamma, xt)));
        NDArray numerator = xt.mul(Tensors.perSample(gainT, xt))
                .add(innovation.mul(Tensors.perSample(gainBar, innovation)));
        return new Statistic(numerator.div(Tensors.perSample(precision, numerator)), precision);
    }

    /**
     * Reparametrised time of the statistic (4.8): S is distributed like x_τ/α(τ) with g(τ) = 1/P, so the pretrained
     * model is queried at τ = g⁻¹(1/P) and x_τ = α(τ)·S. Returns {τ, x_τ}.
     */
    public NDArray[] denoiserQuery(Statistic stat) {
        NDArray tau = outer.gInverse(Tensors.pow(stat.precision(), -1));
        NDArray xTau = stat.s().mul(Tensors.perSample(outer.alpha(tau), stat.s()));
        return new NDArray[] {tau, xTau};
    }

    /** Inner velocity (4.9): v = w₁x̄ + w₂D + w₃x_t with w₁ = σ̄̇/σ̄, w₂ = ᾱ̇ − ᾱw₁, w₃ = −γw₁. */
    public NDArray velocity(NDArray s, NDArray xt, NDArray xBar, NDArray denoised) {
        NDArray w1 = sigmaBarDot().div(Tensors.atLeast(sigmaBar(s), Interpolant.EPS));
        NDArray w2 = alphaBarDot.sub(alphaBar(s).mul(w1));
        NDArray w3 = gamma.mul(w1).neg();
        return xBar.mul(Tensors.perSample(w1, xBar))
                .add(denoised.mul(Tensors.perSample(w2, denoised)))
                .add(xt.mul(Tensors.perSample(w3, xt)));
    }

    /**
     * Early-stop inner time (4.10): s* = g_lin⁻¹(g(t)g(t')/(g(t) − g(t'))), the inner time of the posterior flow
     * whose inner SNR s²/(1−s)² equals SNR(t') − SNR(t); 1 when t' = 1. The inner path is always linear, so the
     * linear inverse is used whatever the outer schedule (spec §12.8).
     */
    public static double earlyStopTime(Interpolant outer, double t, double tNext) {
        double gt = outer.g(t);
        double gn = outer.g(tNext);
        if (gn <= 0) {
            return 1;
        }
        return LinearInterpolant.INSTANCE.gInverse(gt * gn / (gt - gn));
    }
}
