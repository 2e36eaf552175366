package io.diamondmaps.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam and RAdam (spec §3.7: RAdam(β₁ = 0.9, β₂ = 0.999, ε = 1e-8) after global-norm clipping), written on NDArrays
 * so that the moment estimates can be checkpointed (DJL's optimizers keep theirs private) and RAdam exists at all.
 * Updates run outside any gradient collector and change the parameters in place.
 */
public final class Optimizer implements AutoCloseable {
    /** The update rule. */
    public enum Kind { ADAM, RADAM }

    private final Kind kind;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final NDManager manager;
    private final Map<String, NDArray> first = new LinkedHashMap<>();
    private final Map<String, NDArray> second = new LinkedHashMap<>();
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

    /** Scales the gradients in place so that their global L2 norm is at most {@code maxNorm}; returns the norm. */
    public static double clipGlobalNorm(Map<String, NDArray> gradients, double maxNorm) {
        double total = 0;
        for (NDArray g : gradients.values()) {
            total += g.toType(DataType.FLOAT64, false).square().sum().getDouble();
        }
        double norm = Math.sqrt(total);
        if (maxNorm > 0 && norm > maxNorm) {
            double scale = maxNorm / (norm + 1e-12);
            for (NDArray g : gradients.values()) {
                g.muli(scale);
            }
        }
        return norm;
    }

    /** One update of every parameter with its gradient at learning rate {@code lr}. */
    public void update(Map<String, NDArray> params, Map<String, NDArray> gradients, double lr) {
        step++;
        double bias1 = 1 - Math.pow(beta1, step);
        double bias2 = 1 - Math.pow(beta2, step);
        double rhoInf = 2 / (1 - beta2) - 1;
        double rho = rhoInf - 2 * step * Math.pow(beta2, step) / bias2;
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            String name = e.getKey();
            NDArray p = e.getValue();
            NDArray g = gradients.get(name);
            NDArray m = first.computeIfAbsent(name, k -> owned(p.zerosLike()));
            NDArray v = second.computeIfAbsent(name, k -> owned(p.zerosLike()));
            try (NDManager scope = manager.newSubManager()) {
                scope.tempAttachAll(m, v, g);
                m.muli(beta1).addi(g.mul(1 - beta1));
                v.muli(beta2).addi(g.square().mul(1 - beta2));
                NDArray mHat = m.div(bias1);
                NDArray update;
                if (kind == Kind.ADAM) {
                    update = mHat.div(v.div(bias2).sqrt().add(eps)).mul(lr);
                } else if (rho > 5) {
                    // RAdam: rectified adaptive step once the variance of the adaptive rate is tractable.
                    double r = Math.sqrt((rho - 4) * (rho - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rho));
                    update = mHat.mul(Math.sqrt(bias2)).div(v.sqrt().add(eps)).mul(lr * r);
                } else {
                    update = mHat.mul(lr);
                }
                p.subi(update);
            }
        }
    }

    private NDArray owned(NDArray a) {
        a.attach(manager);
        return a;
    }

    /** Moment estimates for a checkpoint, named m/NAME and v/NAME, plus the step count. */
    public Map<String, NDArray> state() {
        Map<String, NDArray> s = new LinkedHashMap<>();
        first.forEach((k, a) -> s.put("m/" + k, a));
        second.forEach((k, a) -> s.put("v/" + k, a));
        return s;
    }

    /** Restores the moments from a checkpoint's arrays and sets the step count. */
    public void restore(Map<String, NDArray> arrays, long steps) {
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            if (e.getKey().startsWith("m/")) {
                first.put(e.getKey().substring(2), owned(e.getValue().duplicate()));
            } else if (e.getKey().startsWith("v/")) {
                second.put(e.getKey().substring(2), owned(e.getValue().duplicate()));
            }
        }
        this.step = steps;
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
