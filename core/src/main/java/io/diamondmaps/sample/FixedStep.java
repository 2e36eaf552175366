package io.diamondmaps.sample;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.util.Tensors;

import java.util.function.IntConsumer;

/**
 * The one fixed-step loop of the library: the ODE solvers, the GLASS inner flow, Diamond jumps and the outer chains of
 * transitions all advance a state over a {@link TimeGrid} through it. Each step runs in its own NDManager scope, so a
 * long loop keeps flat memory; the input is left untouched and the result belongs to its manager.
 */
public final class FixedStep {
    /** One step of a scheme: the state at {@code t} carried to {@code tNext}. */
    @FunctionalInterface
    public interface Step {
        NDArray apply(double t, double tNext, NDArray x);
    }

    private FixedStep() {
    }

    /**
     * x carried over every step of {@code grid}; {@code progress} hears each finished step (1-based). Arrays the step
     * reads besides the state ({@code context}, e.g. the x_t a GLASS flow is conditioned on) join each step's scope,
     * so that what is computed from them is freed with it.
     */
    public static NDArray run(Step step, NDArray x, TimeGrid grid, IntConsumer progress, NDArray... context) {
        NDArray[] inputs = new NDArray[context.length + 1];
        System.arraycopy(context, 0, inputs, 1, context.length);
        NDArray current = x;
        for (int i = 0; i < grid.steps(); i++) {
            double t = grid.at(i);
            double tNext = grid.at(i + 1);
            NDArray prev = current;
            inputs[0] = prev;
            current = Tensors.scoped(scope -> step.apply(t, tNext, prev), inputs);
            if (prev != x) {
                prev.close();
            }
            progress.accept(i + 1);
        }
        return current == x ? x.duplicate() : current;
    }

    /** {@link #run(Step, NDArray, TimeGrid, IntConsumer, NDArray...)} without progress. */
    public static NDArray run(Step step, NDArray x, TimeGrid grid, NDArray... context) {
        return run(step, x, grid, i -> { }, context);
    }
}
