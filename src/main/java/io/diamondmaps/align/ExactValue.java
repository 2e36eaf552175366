package io.diamondmaps.align;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.reward.LinearReward;
import io.diamondmaps.reward.MeasurementReward;
import io.diamondmaps.reward.RewardTilt;
import io.diamondmaps.util.Autograd;

import java.util.function.Function;

/** The closed-form value of the exact mixture (A.4) for linear and Gaussian-measurement rewards; ∇V by autograd. */
public final class ExactValue implements ValueEstimator {
    private final GaussianMixture gmm;
    private final EvaluationCounter counter;
    private final ValueFunction function;

    @FunctionalInterface
    private interface ValueFunction {
        NDArray at(double t, NDArray x);
    }

    public ExactValue(GaussianMixture gmm, RewardTilt tilt, EvaluationCounter counter) {
        this.gmm = gmm;
        this.counter = counter;
        tilt.requireInputSize(gmm.dimension());
        double lambda = tilt.temperature();
        if (tilt.reward() instanceof LinearReward lin) {
            double[] c = lin.coefficients();
            for (int i = 0; i < c.length; i++) {
                c[i] /= lambda;
            }
            this.function = (t, x) -> gmm.valueLinear(t, x, c);
        } else if (tilt.reward() instanceof MeasurementReward mr) {
            double[][] a = mr.operator().matrix();
            double[] y = mr.measurement();
            double variance = mr.variance() * lambda;
            this.function = (t, x) -> gmm.valueQuadratic(t, x, a, y, variance);
        } else {
            throw new IllegalArgumentException("the exact value needs a linear or measurement reward, got "
                    + tilt.reward().describe());
        }
    }

    @Override
    public NDArray value(double t, NDArray x) {
        return function.at(t, x);
    }

    @Override
    public Autograd.ValueAndGradient valueAndGradient(double t, NDArray x) {
        counter.gradient(x.getShape().get(0));
        Function<NDArray, NDArray> f = xx -> function.at(t, xx);
        return Autograd.valueAndGradient(x, f);
    }

    @Override
    public String describe() {
        return "exact (" + gmm + ")";
    }
}
