package io.diamondmaps.util;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;

import java.util.function.Function;

/** Value and gradient of a batched scalar function by one backward pass (DJL allows one collector at a time). */
public final class Autograd {
    private Autograd() {
    }

    /** A per-row value (N,) and its gradient with respect to the input, same shape as the input. */
    public record ValueAndGradient(NDArray value, NDArray gradient) {
    }

    /**
     * Evaluates f on a differentiable copy of x and backpropagates Σ_n f(x)_n; since rows do not interact, the
     * gradient's row n is ∇f_n(x_n). Both results belong to x's manager and carry no graph.
     *
     * @param constants arrays f uses beside x (not differentiated); they lend the scope to f while it runs
     */
    public static ValueAndGradient valueAndGradient(NDArray x, Function<NDArray, NDArray> f, NDArray... constants) {
        NDManager parent = x.getManager();
        try (NDManager scope = parent.newSubManager()) {
            // Arrays f combines with x would otherwise leave their results on their own manager.
            scope.tempAttachAll(constants);
            // Every intermediate of f and of the backward pass belongs to the scope and is freed on return.
            NDArray leaf = x.duplicate();
            leaf.attach(scope);
            leaf.setRequiresGradient(true);
            NDArray value;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = f.apply(leaf);
                gc.backward(out.sum());
                value = out.stopGradient().duplicate();
            }
            NDArray gradient = leaf.getGradient().duplicate();
            value.attach(parent);
            gradient.attach(parent);
            return new ValueAndGradient(value, gradient);
        }
    }
}
