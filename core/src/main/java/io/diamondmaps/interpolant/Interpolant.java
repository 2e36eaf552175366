package io.diamondmaps.interpolant;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Tensors;

/**
 * A stochastic interpolant x_t = σ(t)·x₀ + α(t)·x₁ (1.1) with t = 0 noise and t = 1 data (paper convention, spec §0.2),
 * and the conversions between velocity, denoiser, noise prediction and score (1.5)–(1.8).
 *
 * <p>Scalar methods validate t ∈ [0, 1]; the NDArray methods take per-sample times t of shape (N,) and are not
 * validated (they sit in inner loops).
 */
public interface Interpolant {
    /** Floor of the denominators that vanish at the endpoints, as in the reference code (spec App. C). */
    double EPS = 1e-8;

    String name();

    /**
     * The schedule's full value, as its JSON object ({@link Schedules}): what checkpoints and reports record and what
     * two interpolants are compared by.
     */
    default java.util.Map<String, Object> describe() {
        return Schedules.named(name());
    }

    /**
     * True for a path with no noise end (α = 1, σ → ∞ at t = 0: EDM and VE); it describes models, never a run
     * ({@link Schedules#requireRunnable}).
     */
    default boolean varianceExploding() {
        return false;
    }

    /**
     * The times [t_lo, t_hi] a model trained on this schedule is defined at: all of [0, 1] unless the schedule itself
     * is finite (EDM's σ ∈ [σ_min, σ_max]). A discrete table covers all of [0, 1] of its own time, which already stops
     * short of pure noise and of data.
     */
    default double[] coveredTimes() {
        return new double[] {0, 1};
    }

    double alpha(double t);

    double sigma(double t);

    double alphaDot(double t);

    double sigmaDot(double t);

    NDArray alpha(NDArray t);

    NDArray sigma(NDArray t);

    NDArray alphaDot(NDArray t);

    NDArray sigmaDot(NDArray t);

    /** Inverse signal-to-noise ratio g(t) = (σ/α)² (1.2). */
    default double g(double t) {
        Checks.time("t", t);
        double a = Math.max(alpha(t), EPS);
        double s = sigma(t);
        return (s / a) * (s / a);
    }

    /** g(t) for per-sample times of shape (N,). */
    default NDArray g(NDArray t) {
        return sigma(t).div(Tensors.atLeast(alpha(t), EPS)).square();
    }

    /** g⁻¹(y) (1.3): the time whose inverse SNR is y. */
    double gInverse(double y);

    /** g⁻¹ for per-sample values y of shape (N,). */
    NDArray gInverse(NDArray y);

    /** Reward-tilt coefficient κ(t) = σ(α̇σ − ασ̇)/α (1.9): b^r = b + κ·∇V (1.10). */
    default double kappa(double t) {
        Checks.time("t", t);
        double a = alpha(t);
        double s = sigma(t);
        return s * (alphaDot(t) * s - a * sigmaDot(t)) / Math.max(a, EPS);
    }

    /**
     * The variance σ(t')²(1 − ρ²) that x_{t'} keeps given x_t and x₁ under the DDPM coupling, ρ = α(t)σ(t')/(α(t')σ(t))
     * (4.1): the noise a stochastic step adds, and so the gain of its exact reward tilt (6.7).
     */
    default double ddpmStepVariance(double t, double tNext) {
        Checks.timePair("t", t, "t'", tNext);
        double sNext = sigma(tNext);
        double rho = alpha(t) * sNext / Math.max(alpha(tNext) * sigma(t), EPS);
        return Math.max(sNext * sNext * (1 - rho * rho), 0);
    }

    /** x_t = σ(t)x₀ + α(t)x₁ (1.1), per-sample t. */
    default NDArray interpolate(NDArray t, NDArray x0, NDArray x1) {
        return x0.mul(Tensors.perSample(sigma(t), x0)).add(x1.mul(Tensors.perSample(alpha(t), x1)));
    }

    /** İ_t = σ̇(t)x₀ + α̇(t)x₁, the flow-matching target (2.1). */
    default NDArray interpolantVelocity(NDArray t, NDArray x0, NDArray x1) {
        return x0.mul(Tensors.perSample(sigmaDot(t), x0)).add(x1.mul(Tensors.perSample(alphaDot(t), x1)));
    }

    /** Denoiser from velocity (1.5): D = (σb − σ̇x)/(α̇σ − ασ̇), denominator floored at 1e-8. */
    default NDArray denoiserFromVelocity(NDArray t, NDArray x, NDArray b) {
        return predictionsFromVelocity(t, x, b)[0];
    }

    /** Velocity from denoiser (1.6): b = (σ̇/σ)x + (α̇ − ασ̇/σ)D, with σ floored at 1e-8. */
    default NDArray velocityFromDenoiser(NDArray t, NDArray x, NDArray d) {
        NDArray a = Tensors.perSample(alpha(t), x);
        NDArray s = Tensors.atLeast(Tensors.perSample(sigma(t), x), EPS);
        NDArray ad = Tensors.perSample(alphaDot(t), x);
        NDArray sd = Tensors.perSample(sigmaDot(t), x);
        NDArray ratio = sd.div(s);
        return x.mul(ratio).add(d.mul(ad.sub(a.mul(ratio))));
    }

    /**
     * Noise prediction from velocity: x = αD + σε̂ and b = α̇D + σ̇ε̂ (1.1), (1.4) solved for ε̂ = (α̇x − αb)/(α̇σ − ασ̇),
     * finite at both ends of the path, where (1.7) divides by σ.
     */
    default NDArray noiseFromVelocity(NDArray t, NDArray x, NDArray b) {
        return predictionsFromVelocity(t, x, b)[1];
    }

    /**
     * Both predictions from a velocity: x = αD + σε̂ and b = α̇D + σ̇ε̂ solved for (D, ε̂) =
     * ((σb − σ̇x), (α̇x − αb))/(α̇σ − ασ̇) (1.5), the denominator floored at 1e-8.
     */
    default NDArray[] predictionsFromVelocity(NDArray t, NDArray x, NDArray b) {
        NDArray a = Tensors.perSample(alpha(t), x);
        NDArray s = Tensors.perSample(sigma(t), x);
        NDArray ad = Tensors.perSample(alphaDot(t), x);
        NDArray sd = Tensors.perSample(sigmaDot(t), x);
        NDArray den = Tensors.atLeast(ad.mul(s).sub(a.mul(sd)), EPS);
        return new NDArray[] {b.mul(s).sub(x.mul(sd)).div(den), x.mul(ad).sub(b.mul(a)).div(den)};
    }

    /** Velocity from both predictions, b = α̇D + σ̇ε̂ (1.4): no division, so exact at t = 0 and t = 1. */
    default NDArray velocityFromPredictions(NDArray t, NDArray d, NDArray noise) {
        return d.mul(Tensors.perSample(alphaDot(t), d)).add(noise.mul(Tensors.perSample(sigmaDot(t), noise)));
    }

    /** Noise prediction E[x₀|x_t = x] = (x − αD)/σ (1.7). */
    default NDArray noiseFromDenoiser(NDArray t, NDArray x, NDArray d) {
        NDArray a = Tensors.perSample(alpha(t), x);
        NDArray s = Tensors.atLeast(Tensors.perSample(sigma(t), x), EPS);
        return x.sub(d.mul(a)).div(s);
    }

    /** Score ∇log p_t(x) = (αD − x)/σ² (1.8). */
    default NDArray scoreFromDenoiser(NDArray t, NDArray x, NDArray d) {
        NDArray a = Tensors.perSample(alpha(t), x);
        NDArray s = Tensors.atLeast(Tensors.perSample(sigma(t), x), EPS);
        return d.mul(a).sub(x).div(s.square());
    }

    /**
     * The interpolant a run or a training uses: a schedule name ({@code linear}, {@code trig}, {@code cosine},
     * {@code vp}, {@code ddpm}, each with its defaults) or a schedule's JSON value ({@link Schedules}); a path with no
     * noise end is refused.
     */
    static Interpolant byName(String name) {
        return Schedules.forRun(name);
    }
}
