package io.diamondmaps.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.model.PosteriorSampler;
import io.diamondmaps.model.StochasticTransition;
import io.diamondmaps.model.neural.DiamondNetwork;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Rng;
import io.diamondmaps.util.Tensors;

/**
 * Sampling with a Posterior Diamond Map (spec §5.5, B.3): its jumps Y(t, 1, s_k, s_{k+1}, x̄, x_t) on a uniform inner
 * grid replace the GLASS inner ODE. Posterior draws run the inner flow from pure noise at s = 0 to s_max and read x₁
 * out of the sufficient statistic (4.11) (S at the trained s_max, by default 0.99, is x₁ up to N(0, 1e-4) noise, and
 * the map never has to jump into the singular endpoint s = 1); transitions x_t → x_{t'} stop the inner flow early at s* (4.10)
 * ({@code DIAMOND_EARLY_STOP}). Each jump is one network evaluation per row, counted by {@code counter}. Unlike the
 * reference code, the inner grid starts at s = 0, where x̄₀ is drawn (spec §12.10).
 */
public final class DiamondSampler implements PosteriorSampler, PosteriorFlow, StochasticTransition {
    private final DiamondNetwork net;
    private final int innerSteps;
    private final EvaluationCounter counter;
    private final EarlyStopTransition earlyStop;

    public DiamondSampler(DiamondNetwork net, int innerSteps) {
        this(net, innerSteps, new EvaluationCounter());
    }

    /**
     * With {@code innerSteps} jumps per inner flow, never past the s_max the map was trained to
     * ({@link DiamondNetwork#innerRange()}), counting jumps on {@code counter}.
     */
    public DiamondSampler(DiamondNetwork net, int innerSteps, EvaluationCounter counter) {
        this.net = net;
        this.innerSteps = Checks.positive("inner steps", innerSteps);
        this.counter = counter;
        this.earlyStop = new EarlyStopTransition(net.interpolant(), this, net.innerRange().sMax());
    }

    /** x₁ ~ p(x₁ | x_t): the posterior inner flow to s_max, then the sufficient-statistic readout. */
    @Override
    public NDArray samplePosterior(double t, NDArray xt, Rng rng) {
        return earlyStop.transition(t, 1, xt, rng);
    }

    /** x_{t'} ~ p(x_{t'} | x_t) by early stopping (B.3). */
    @Override
    public NDArray transition(double t, double tNext, NDArray xt, Rng rng) {
        return earlyStop.transition(t, tNext, xt, rng);
    }

    /** The posterior (t' = 1) inner flow from s0 to s1 in {@link #innerSteps} jumps, in the dtype of {@code xt}. */
    @Override
    public NDArray flow(double t, NDArray xt, NDArray xBar, double s0, double s1, Rng rng) {
        Checks.time("t", t);
        DataType dtype = xt.getDataType();
        return FixedStep.run((s, sNext, y) -> {
            counter.model(xt.getShape().get(0));
            return Tensors.cast(net.map(Tensors.times(xt, t), Tensors.times(xt, 1), Tensors.times(xt, s),
                    Tensors.times(xt, sNext), y, xt), dtype);
        }, xBar, TimeGrid.uniform(s0, s1, innerSteps), xt);
    }

    /** The DDPM coupling's c² (4.1), which this transition samples exactly when its flow is exact. */
    @Override
    public double stepVariance(double t, double tNext) {
        return net.interpolant().ddpmStepVariance(t, tNext);
    }
}
