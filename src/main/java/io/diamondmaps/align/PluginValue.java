package io.diamondmaps.align;

import ai.djl.ndarray.NDArray;
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

    public PluginValue(Lookahead lookahead, RewardTilt tilt, EvaluationCounter counter, String name) {
        this.lookahead = lookahead;
        this.tilt = tilt;
        this.counter = counter;
        this.name = name;
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
        return Tensors.scoped(s -> tilt.logTilt(lookahead.predict(t, x)), x);
    }

    @Override
    public Autograd.ValueAndGradient valueAndGradient(double t, NDArray x, Rng rng) {
        Checks.time("t", t);
        counter.gradient(x.getShape().get(0));
        return Autograd.valueAndGradient(x, xx -> tilt.logTilt(lookahead.predict(t, xx)));
    }

    @Override
    public String describe() {
        return "plugin (" + name + ")";
    }
}
