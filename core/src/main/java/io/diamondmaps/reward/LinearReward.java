package io.diamondmaps.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Tensors;

/** r(x) = cᵀx on flattened samples. */
public final class LinearReward implements Reward {
    private final double[] c;

    public LinearReward(double[] c) {
        if (c.length == 0) {
            throw new IllegalArgumentException("a linear reward needs a non-empty c");
        }
        Checks.finite("c", c);
        this.c = c.clone();
    }

    public double[] coefficients() {
        return c.clone();
    }

    @Override
    public NDArray value(NDArray x) {
        NDArray flat = x.reshape(x.getShape().get(0), -1);
        return flat.matMul(Tensors.constant(flat, c, new Shape(c.length, 1))).squeeze(1);
    }

    @Override
    public NDArray gradient(NDArray x) {
        return Tensors.constant(x, c, new Shape(1, c.length)).repeat(0, x.getShape().get(0)).reshape(x.getShape());
    }

    @Override
    public long inputSize() {
        return c.length;
    }

    @Override
    public String describe() {
        return "linear c=" + java.util.Arrays.toString(c);
    }
}
