package io.diamondmaps.sample;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.interpolant.GlassInterpolant;
import io.diamondmaps.model.PosteriorSampler;
import io.diamondmaps.model.StochasticTransition;
import io.diamondmaps.model.VelocityField;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Rng;
import io.diamondmaps.util.Tensors;

/**
 * GLASS flows (spec §4, B.2): exact stochastic transitions x_t → x_{t'} and posterior samples x₁ | x_t from any
 * pretrained velocity field, by fixed-step integration (midpoint by default, or Euler) of the inner ODE (4.9) in s ∈ [sMin, sMax] whose denoiser is the
 * pretrained one queried at the reparametrised time of the sufficient statistic (4.8).
 *
 * <p>Unlike the reference code (spec §12.6) the inner start uses γ(t, t') of the actual step.
 */
public final class GlassFlow implements StochasticTransition, PosteriorSampler, PosteriorFlow {
    /**
     * The inner integrator wherever none is named (sampling, transitions, posteriors, values): midpoint, two
     * evaluations per step and second order, far more accurate than the reference code's Euler at equal evaluations.
     */
    public static final OdeSolver DEFAULT_SOLVER = OdeSolver.MIDPOINT;

    /** Inner steps of a GLASS transition or posterior draw wherever none are named (align's --inner-steps). */
    public static final int DEFAULT_INNER_STEPS = 4;

    private final VelocityField field;
    private final int innerSteps;
    private final OdeSolver solver;
    private final double sMin;
    private final double sMax;

    /** GLASS over s ∈ [0, 1], exact as the number of inner steps grows (spec App. C). */
    public GlassFlow(VelocityField field, int innerSteps, OdeSolver solver) {
        this(field, innerSteps, solver, 0, 1);
    }

    /** GLASS over s ∈ [sMin, sMax]; the reference code uses [0.01, 0.99] (spec §12.10). */
    public GlassFlow(VelocityField field, int innerSteps, OdeSolver solver, double sMin, double sMax) {
        this.field = field;
        this.innerSteps = Checks.positive("inner steps", innerSteps);
        this.solver = solver;
        if (!(sMin >= 0 && sMin < sMax && sMax <= 1)) {
            throw new IllegalArgumentException("need 0 <= sMin < sMax <= 1, got " + sMin + ", " + sMax);
        }
        if (solver.evaluatesEndPoint() && sMax == 1) {
            throw new IllegalArgumentException("the " + solver.name().toLowerCase(java.util.Locale.ROOT) + " inner solver "
                    + "evaluates the inner velocity at s = 1, where it is singular: use midpoint or euler");
        }
        this.sMin = sMin;
        this.sMax = sMax;
    }

    public VelocityField field() {
        return field;
    }

    public int innerSteps() {
        return innerSteps;
    }

    /** Velocity evaluations of one transition or posterior sample. */
    public int evaluationsPerSample() {
        return innerSteps * solver.evaluationsPerStep();
    }

    /** x_{t'} ~ p(x_{t'} | x_t) (B.2): x̄ starts at γx_t + ε̄ and is returned at s = sMax. */
    @Override
    public NDArray transition(double t, double tNext, NDArray xt, Rng rng) {
        Checks.timePair("t", t, "t'", tNext);
        NDArray start = Tensors.scoped(scope -> {
            GlassInterpolant inner = new GlassInterpolant(field.interpolant(), Tensors.times(xt, t),
                    Tensors.times(xt, tNext));
            return inner.start(xt, rng.normalLike(scope, xt));
        }, xt);
        NDArray end = integrate(t, tNext, xt, start, sMin, sMax);
        start.close();
        return end;
    }

    /** x₁ ~ p(x₁ | x_t): the t' = 1 path from pure noise (γ = 0). */
    @Override
    public NDArray samplePosterior(double t, NDArray xt, Rng rng) {
        Checks.time("t", t);
        NDArray noise = rng.normalLike(xt.getManager(), xt);
        NDArray end = integrate(t, 1, xt, noise, sMin, sMax);
        noise.close();
        return end;
    }

    /** The posterior inner flow from s0 to s1, with this flow's number of Euler steps. */
    @Override
    public NDArray flow(double t, NDArray xt, NDArray xBar, double s0, double s1, Rng rng) {
        return integrate(t, 1, xt, xBar, s0, s1);
    }

    private NDArray integrate(double t, double tNext, NDArray xt, NDArray xBar, double s0, double s1) {
        return FixedStep.run((s, sNext, y) -> step(t, tNext, s, sNext - s, xt, y), xBar,
                TimeGrid.uniform(s0, s1, innerSteps), xt);
    }

    /**
     * One inner step from s to s + h. The midpoint rule never evaluates at s + h, so it stays clear of the endpoint
     * s = 1 where the posterior path's w₁ = σ̄̇/σ̄ is singular.
     */
    private NDArray step(double t, double tNext, double s, double h, NDArray xt, NDArray xBar) {
        return solver.step((si, y) -> velocity(t, tNext, si, xt, y), s, h, xBar);
    }

    /** The GLASS inner velocity (4.9) at inner time s: one call of the pretrained denoiser at (τ, x_τ) (4.8). */
    public NDArray velocity(double t, double tNext, double s, NDArray xt, NDArray xBar) {
        return velocity(field, Tensors.times(xt, t), Tensors.times(xt, tNext), Tensors.times(xt, s), xt, xBar);
    }

    /**
     * The GLASS inner velocity (4.9) of {@code field} for per-sample times t, t', s of shape (N,): the teacher of
     * Posterior Diamond Map distillation (5.2).
     */
    public static NDArray velocity(VelocityField field, NDArray t, NDArray tNext, NDArray s, NDArray xt, NDArray xBar) {
        GlassInterpolant inner = new GlassInterpolant(field.interpolant(), t, tNext);
        GlassInterpolant.Statistic stat = inner.sufficientStatistic(s, xt, xBar);
        NDArray[] query = inner.denoiserQuery(stat);
        NDArray denoised = field.denoiser(query[0], query[1]);
        return inner.velocity(s, xt, xBar, denoised);
    }

    /** The DDPM coupling's c² (4.1), which this transition samples exactly when its flow is exact. */
    @Override
    public double stepVariance(double t, double tNext) {
        return field.interpolant().ddpmStepVariance(t, tNext);
    }
}
