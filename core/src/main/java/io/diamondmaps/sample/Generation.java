package io.diamondmaps.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.model.StochasticTransition;
import io.diamondmaps.model.VelocityField;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Rng;


/** Generation from noise x₀ ~ N(0, I) at t = 0 to data at t = 1 on a uniform outer grid (spec §2.2). */
public final class Generation {
    private Generation() {
    }

    /** x₀ ~ N(0, I) of the given shape (N, sample shape...). */
    public static NDArray noise(NDManager manager, Shape shape, DataType dtype, Rng rng) {
        return rng.normal(manager, shape, dtype);
    }

    /** Probability-flow ODE from t = 0 to 1. */
    public static NDArray ode(VelocityField field, NDArray x0, int steps, OdeSolver solver) {
        Checks.positive("steps", steps);
        return solver.integrate(field, x0, 0, 1, steps);
    }

    /** Probability-flow ODE over the times of {@code grid}. */
    public static NDArray ode(VelocityField field, NDArray x0, TimeGrid grid, OdeSolver solver) {
        return solver.integrate(field, x0, grid);
    }

    /** A chain of stochastic transitions t_i → t_{i+1}, t_i = i/steps. */
    public static NDArray chain(StochasticTransition kernel, NDArray x0, int steps, Rng rng) {
        return chain(kernel, x0, TimeGrid.uniform(steps), rng);
    }

    /** A chain of stochastic transitions over the times of {@code grid}. */
    public static NDArray chain(StochasticTransition kernel, NDArray x0, TimeGrid grid, Rng rng) {
        return FixedStep.run((t, tNext, x) -> kernel.transition(t, tNext, x, rng), x0, grid);
    }
}
