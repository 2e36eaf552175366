package io.diamondmaps.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Tensors;

/**
 * The Gaussian measurement log-likelihood of an inverse problem (10.1): r(x) = −‖A(x) − y‖²/(2η²), η² floored at 1e-8.
 * Inpainting, super-resolution and denoising are choices of A.
 */
public final class MeasurementReward implements Reward {
    private final LinearOperator operator;
    private final double[] y;
    private final double noise;

    public MeasurementReward(LinearOperator operator, double[] y, double noise) {
        if (y.length != operator.outputSize()) {
            throw new IllegalArgumentException("y has " + y.length + " entries but the operator (" + operator.describe()
                    + ") measures " + operator.outputSize());
        }
        Checks.finite("y", y);
        this.operator = operator;
        this.y = y.clone();
        this.noise = Checks.positive("noise", noise);
    }

    /**
     * Inpainting (spec §10.1): A = diag(mask), residual (x − y)⊙mask; entries of y where the mask is 0 are not
     * observed and are ignored.
     */
    public static MeasurementReward inpainting(double[] mask, double[] y, double noise) {
        LinearOperator a = Operators.mask(mask);
        if (y.length != mask.length) {
            throw new IllegalArgumentException("y has " + y.length + " entries but the mask has " + mask.length);
        }
        double[] observed = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            observed[i] = mask[i] * y[i];
        }
        return new MeasurementReward(a, observed, noise);
    }

    public LinearOperator operator() {
        return operator;
    }

    public double[] measurement() {
        return y.clone();
    }

    /** η² as used in (10.1). */
    public double variance() {
        return Math.max(noise * noise, 1e-8);
    }

    @Override
    public NDArray value(NDArray x) {
        NDArray ax = operator.apply(x);
        NDArray residual = ax.sub(Tensors.constant(ax, y, new Shape(1, y.length)));
        return Tensors.div(residual.square().sum(new int[] {1}), -2 * variance());
    }

    @Override
    public long inputSize() {
        return operator.inputSize();
    }

    @Override
    public String describe() {
        return "measurement (" + operator.describe() + ", noise " + noise + ")";
    }
}
