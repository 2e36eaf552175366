package io.diamondmaps.sample;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.model.FlowMap;
import io.diamondmaps.model.VelocityField;
import io.diamondmaps.util.Checks;

/**
 * The flow map of a velocity field by numerical integration: X(t, t', x) by {@code stepsPerUnitTime}·(t' − t) steps
 * (at least one) of the given solver. With the exact mixture's field and enough steps it is the reference flow map for
 * the flow-map-based estimators.
 */
public final class OdeFlowMap implements FlowMap {
    private final VelocityField field;
    private final int stepsPerUnitTime;
    private final OdeSolver solver;

    public OdeFlowMap(VelocityField field, int stepsPerUnitTime, OdeSolver solver) {
        this.field = field;
        this.stepsPerUnitTime = Checks.positive("steps per unit time", stepsPerUnitTime);
        this.solver = solver;
    }

    public int steps(double t, double tNext) {
        return Math.max(1, (int) Math.ceil(stepsPerUnitTime * (tNext - t) - 1e-9));
    }

    @Override
    public NDArray jump(double t, double tNext, NDArray x) {
        return solver.integrate(field, x, t, tNext, steps(t, tNext));
    }
}
