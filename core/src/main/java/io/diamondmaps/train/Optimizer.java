package io.diamondmaps.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam and RAdam (spec §3.7: RAdam(β₁ = 0.9, β₂ = 0.999, ε = 1e-8) after global-norm clipping), written on
 * NDArrays so that the moment estimates can be checkpointed (DJL's optimizers keep theirs private) and RAdam exists at all.
 * Updates run outside any gradient collector and change the parameters in place.
 *
 * <p>The moments live in one flat buffer over all parameters (in the order of the parameter map), and each step's
 * gradients are flattened once: a handful of large operations instead of a dozen small ones per parameter tensor,
 * which dominated the step of small networks (bench/results/train-throughput.md).
 */
public final class Optimizer implements AutoCloseable {
    /** The update rule. */
    public enum Kind { ADAM, RADAM }

    private final Kind kind;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final NDManager manager;
    private FlatLayout layout;
    private NDArray first;
    private NDArray second;
    private long step;

    public Optimizer(Kind kind, NDManager parent) {
        this.kind = kind;
        this.beta1 = 0.9;
        this.beta2 = 0.999;
        this.eps = 1e-8;
        this.manager = parent.newSubManager();
    }

    public long step() {
        return step;
    }

    /** The gradients in one flat (P,) array on {@code scope}, in the parameters' order (fixed by the first call). */
    public NDArray flatten(Map<String, NDArray> gradients, NDManager scope) {
        return layout(gradients).flatten(gradients, scope);
    }

    /** Scales a flat gradient in place to an L2 norm of at most {@code maxNorm} (0: no clip); returns the norm. */
    public static double clipGlobalNorm(NDArray flatGradient, double maxNorm) {
        double norm = Math.sqrt(flatGradient.toType(DataType.FLOAT64, false).square().sum().getDouble());
        if (maxNorm > 0 && norm > maxNorm) {
            flatGradient.muli(maxNorm / (norm + 1e-12));
        }
        return norm;
    }

    /** One update of every parameter with its gradient at learning rate {@code lr}. */
    public void update(Map<String, NDArray> params, Map<String, NDArray> gradients, double lr) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray change = change(flatten(gradients, scope), lr, scope);
            layout(params).subtractFrom(params, change);
        }
    }

    /**
     * One update at learning rate {@code lr}, with the flat gradient of {@link #flatten}, of weights that are flat
     * arrays laid end to end in the gradients' order (a network's {@code Parameters.flat()}, then any further weights):
     * one subtraction per array.
     */
    public void update(List<NDArray> weights, NDArray flatGradient, double lr) {
        long size = weights.stream().mapToLong(w -> w.getShape().size()).sum();
        if (layout == null || size != layout.size() || weights.stream().anyMatch(w -> w.getShape().dimension() != 1)) {
            throw new IllegalStateException("the weights are not flat arrays of the gradients' " + (layout == null ? 0
                    : layout.size()) + " values: " + weights.stream().map(NDArray::getShape).toList());
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray change = change(flatGradient, lr, scope);
            long offset = 0;
            for (NDArray w : weights) {
                long n = w.getShape().size();
                w.subi(weights.size() == 1 ? change : change.get(new NDIndex().addSliceDim(offset, offset + n)));
                offset += n;
            }
        }
    }

    /** Advances the moments by the flat gradient and returns the step to subtract from the weights, on {@code scope}. */
    private NDArray change(NDArray flatGradient, double lr, NDManager scope) {
        step++;
        double bias1 = 1 - Math.pow(beta1, step);
        double bias2 = 1 - Math.pow(beta2, step);
        double rhoInf = 2 / (1 - beta2) - 1;
        double rho = rhoInf - 2 * step * Math.pow(beta2, step) / bias2;
        if (first == null) {
            first = owned(flatGradient.zerosLike());
            second = owned(flatGradient.zerosLike());
        }
        NDArray g = flatGradient;
        // Results attach to their first operand's manager: the step's scope, not the optimizer's.
        scope.tempAttachAll(g, first, second);
        first.muli(beta1).addi(g.mul(1 - beta1));
        second.muli(beta2).addi(g.square().muli(1 - beta2));
        if (kind == Kind.ADAM) {
            return first.div(v(bias2).addi(eps)).muli(lr / bias1);
        } else if (rho > 5) {
            // RAdam: rectified adaptive step once the variance of the adaptive rate is tractable.
            double r = Math.sqrt((rho - 4) * (rho - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rho));
            return first.div(second.sqrt().addi(eps)).muli(lr * r * Math.sqrt(bias2) / bias1);
        }
        return first.mul(lr / bias1);
    }

    /** √(v / bias2), Adam's denominator before ε. */
    private NDArray v(double bias2) {
        return second.div(bias2).sqrt();
    }

    private FlatLayout layout(Map<String, NDArray> arrays) {
        if (layout == null) {
            layout = FlatLayout.of(arrays);
        }
        layout.check(arrays);
        return layout;
    }

    private NDArray owned(NDArray a) {
        a.attach(manager);
        return a;
    }

    /** Moment estimates for a checkpoint, named m/NAME and v/NAME, as arrays on {@code scope}. */
    public Map<String, NDArray> state(NDManager scope) {
        Map<String, NDArray> s = new LinkedHashMap<>();
        if (first != null) {
            layout.unflatten(first, scope).forEach((k, a) -> s.put("m/" + k, a));
            layout.unflatten(second, scope).forEach((k, a) -> s.put("v/" + k, a));
        }
        return s;
    }

    /**
     * Restores the moments from a checkpoint's arrays (m/NAME and v/NAME for every parameter of {@code params}, or
     * none: a checkpoint from before the first update) and sets the step count.
     */
    public void restore(Map<String, NDArray> params, Map<String, NDArray> arrays, long steps) {
        this.step = steps;
        if (arrays.keySet().stream().noneMatch(k -> k.startsWith("m/"))) {
            return;
        }
        Map<String, NDArray> m = new LinkedHashMap<>();
        Map<String, NDArray> v = new LinkedHashMap<>();
        for (String name : params.keySet()) {
            NDArray a = arrays.get("m/" + name);
            NDArray b = arrays.get("v/" + name);
            if (a == null || b == null) {
                throw new IllegalArgumentException("the checkpoint has no optimizer moments of " + name);
            }
            m.put(name, a);
            v.put(name, b);
        }
        FlatLayout l = layout(params);
        if (first != null) {
            first.close();
            second.close();
        }
        first = owned(l.flatten(m, manager));
        second = owned(l.flatten(v, manager));
    }

    public static Kind byName(String name) {
        switch (name) {
            case "adam":
                return Kind.ADAM;
            case "radam":
                return Kind.RADAM;
            default:
                throw new IllegalArgumentException("unknown optimizer '" + name + "' (expected adam or radam)");
        }
    }

    /** Frees the moments. */
    @Override
    public void close() {
        manager.close();
    }
}
