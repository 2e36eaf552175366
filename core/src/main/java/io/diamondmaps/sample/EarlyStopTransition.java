package io.diamondmaps.sample;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.interpolant.GlassInterpolant;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.model.StochasticTransition;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Rng;
import io.diamondmaps.util.Tensors;

/**
 * Transitions from a posterior flow by early stopping (spec §4.7, B.3): run the t' = 1 inner flow only up to
 * s* (4.10) and read x_{t'} = α(t')·S(t, 1, s*, x_t, x̄_{s*}) out of the sufficient statistic (4.11). Exact when the
 * inner flow is (paper Prop. 4.3; spec §4.8).
 */
public final class EarlyStopTransition implements StochasticTransition {
    private final Interpolant interpolant;
    private final PosteriorFlow flow;
    private final double sMax;

    public EarlyStopTransition(Interpolant interpolant, PosteriorFlow flow) {
        this(interpolant, flow, 1);
    }

    /** With sMax < 1 the inner flow never runs past sMax (the reference code uses 0.99). */
    public EarlyStopTransition(Interpolant interpolant, PosteriorFlow flow, double sMax) {
        this.interpolant = interpolant;
        this.flow = flow;
        this.sMax = sMax;
    }

    @Override
    public NDArray transition(double t, double tNext, NDArray xt, Rng rng) {
        Checks.timePair("t", t, "t'", tNext);
        double sStop = Math.min(sMax, GlassInterpolant.earlyStopTime(interpolant, t, tNext));
        NDArray noise = rng.normalLike(xt.getManager(), xt);
        NDArray xBar = flow.flow(t, xt, noise, 0, sStop, rng);
        noise.close();
        NDArray next = Tensors.scoped(scope -> {
            GlassInterpolant posterior = new GlassInterpolant(interpolant, Tensors.times(xt, t), Tensors.times(xt, 1));
            GlassInterpolant.Statistic stat = posterior.sufficientStatistic(Tensors.times(xt, sStop), xt, xBar);
            return Tensors.mul(stat.s(), interpolant.alpha(tNext));
        }, xt, xBar);
        xBar.close();
        return next;
    }

    /** The DDPM coupling's c² (4.1), which this transition samples exactly when its flow is exact. */
    @Override
    public double stepVariance(double t, double tNext) {
        return interpolant.ddpmStepVariance(t, tNext);
    }
}
