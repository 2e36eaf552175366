package io.diamondmaps.sample;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.model.FlowMap;
import io.diamondmaps.model.StochasticTransition;
import io.diamondmaps.util.Rng;

/** A deterministic "transition" x_{t'} = X(t, t', x_t): ODE or flow-map steps used as the base of an aligner. */
public final class FlowMapTransition implements StochasticTransition {
    private final FlowMap map;

    public FlowMapTransition(FlowMap map) {
        this.map = map;
    }

    @Override
    public NDArray transition(double t, double tNext, NDArray xt, Rng rng) {
        return map.jump(t, tNext, xt);
    }

    @Override
    public double stepVariance(double t, double tNext) {
        return 0;
    }
}
