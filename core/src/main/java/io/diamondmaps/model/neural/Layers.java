package io.diamondmaps.model.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

/** Layers on (value, tangent) pairs shared by the networks (spec §3.4: every layer propagates ∂/∂t'). */
final class Layers {
    private Layers() {
    }

    /** (xW + b, dx·W) with the parameters {@code weight} and {@code bias}. */
    static Dual linear(Parameters params, Dual x, String weight, String bias) {
        NDArray w = params.get(weight);
        // The product is a fresh array that no backward pass reads: adding the bias in place is safe and saves one
        // activation-sized allocation per layer.
        NDArray value = x.value().matMul(w).addi(params.get(bias));
        return new Dual(value, x.hasTangent() ? x.tangent().matMul(w) : null);
    }

    /** (xW + b, dx·W) with the parameters NAME.w and NAME.b. */
    static Dual linear(Parameters params, Dual x, String name) {
        return linear(params, x, name + ".w", name + ".b");
    }

    /** SiLU y = z·s(z), dy = dz·s·(1 + z(1 − s)). */
    static Dual silu(Dual z) {
        return silu(z, false);
    }

    /**
     * SiLU of a fresh activation that nothing else reads: overwritten in place when no graph is recorded (inference),
     * which saves one activation-sized allocation.
     */
    static Dual siluOfFresh(Dual z) {
        return silu(z, true);
    }

    /** SiLU that may overwrite {@code z} when nothing else reads it ({@code zIsOwned}) and no graph is recorded. */
    private static Dual silu(Dual z, boolean zIsOwned) {
        NDArray s = z.value().getNDArrayInternal().sigmoid();
        if (!z.hasTangent()) {
            return new Dual(zIsOwned && inPlaceAllowed() ? z.value().muli(s) : z.value().mul(s), null);
        }
        NDArray value = z.value().mul(s);
        return new Dual(value, z.tangent().mul(s.mul(z.value().mul(s.neg().add(1)).add(1))));
    }

    /**
     * Whether a layer may overwrite its input: only when no autograd graph is being recorded, which would keep the
     * input for the backward pass (sampling runs outside a gradient collector; training and pathwise gradients inside).
     * Inference then allocates one activation per layer instead of three.
     */
    static boolean inPlaceAllowed() {
        return !JniUtils.isGradMode();
    }

    /**
     * An MLP's input: per-sample times (N,) as columns and states (N, d) side by side, in one concatenation (each
     * libtorch concatenation of narrow columns costs about 0.1 ms at 2,048 rows, so a chain of them shows up in a
     * sampling run).
     */
    static NDArray columns(NDArray... parts) {
        long n = parts[0].getShape().get(0);
        NDList columns = new NDList(parts.length);
        for (NDArray p : parts) {
            columns.add(p.getShape().dimension() == 1 ? p.reshape(n, 1) : p);
        }
        return NDArrays.concat(columns, 1);
    }

    /**
     * Declares the residual SiLU MLP of spec §3.1: in (inputs → width), {@code depth} residual hidden layers and a
     * zero output layer, so the network's ψ starts at 0 and its map at the identity.
     */
    static void declareResidualMlp(Parameters params, long inputs, int width, int depth, int outputs) {
        params.weight("in.w", inputs, width);
        params.zeros("in.b", new Shape(width));
        for (int i = 0; i < depth; i++) {
            params.weight("hidden" + i + ".w", width, width);
            params.zeros("hidden" + i + ".b", new Shape(width));
        }
        params.zeros("out.w", new Shape(width, outputs));
        params.zeros("out.b", new Shape(outputs));
    }

    /**
     * The residual MLP on {@code input} (N, inputs) and, when {@code withTangent}, its derivative along input column
     * {@code seedColumn} (the one time whose derivative the self-distillation term needs).
     */
    static Dual residualMlp(Parameters params, NDArray input, int depth, boolean withTangent, int seedColumn) {
        NDArray inputTangent = null;
        if (withTangent) {
            NDArray seed = input.getManager().zeros(new Shape(1, input.getShape().get(1)), input.getDataType());
            seed.set(new NDIndex(0, seedColumn), 1f);
            inputTangent = seed.repeat(0, input.getShape().get(0));
        }
        // Every activation below is made here and read once more at most: inference may overwrite it.
        Dual h = silu(linear(params, new Dual(input, inputTangent), "in"), true);
        for (int i = 0; i < depth; i++) {
            Dual z = silu(linear(params, h, "hidden" + i), true);
            h = h.hasTangent() ? new Dual(h.value().add(z.value()), h.tangent().add(z.tangent()))
                    : new Dual(inPlaceAllowed() ? h.value().addi(z.value()) : h.value().add(z.value()), null);
        }
        return linear(params, h, "out");
    }
}
