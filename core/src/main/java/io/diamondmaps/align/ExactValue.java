package io.diamondmaps.align;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.reward.LinearReward;
import io.diamondmaps.reward.MeasurementReward;
import io.diamondmaps.reward.RewardTilt;
import io.diamondmaps.util.Autograd;
import io.diamondmaps.util.Rng;
import io.diamondmaps.util.Tensors;

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
        this.function = closedForm(gmm, tilt,
                c -> (t, x) -> gmm.valueLinear(t, x, c),
                (a, y, variance) -> (t, x) -> gmm.valueQuadratic(t, x, a, y, variance));
    }

    /** The exact tilted target p₁·exp(r/λ)/Z, again a mixture (A.4). */
    public static GaussianMixture tiltedTarget(GaussianMixture gmm, RewardTilt tilt) {
        return closedForm(gmm, tilt, gmm::tiltLinear, gmm::tiltQuadratic);
    }

    private interface QuadraticCase<T> {
        T of(double[][] a, double[] y, double variance);
    }

    /** Dispatches on the reward kind, with λ folded in: c/λ for linear rewards and λη² for measurement rewards. */
    private static <T> T closedForm(GaussianMixture gmm, RewardTilt tilt, Function<double[], T> linear,
            QuadraticCase<T> quadratic) {
        tilt.requireInputSize(gmm.dimension());
        double lambda = tilt.temperature();
        if (tilt.reward() instanceof LinearReward lin) {
            double[] c = lin.coefficients();
            for (int i = 0; i < c.length; i++) {
                c[i] /= lambda;
            }
            return linear.apply(c);
        }
        if (tilt.reward() instanceof MeasurementReward mr) {
            return quadratic.of(mr.operator().matrix(), mr.measurement(), mr.variance() * lambda);
        }
        throw new IllegalArgumentException("the exact value needs a linear or measurement reward, got "
                + tilt.reward().describe());
    }

    @Override
    public NDArray value(double t, NDArray x, Rng rng) {
        // The mixture's closed forms leave their intermediates on x's manager; an aligner calls this every step.
        return Tensors.scoped(scope -> function.at(t, x), x);
    }

    @Override
    public Autograd.ValueAndGradient valueAndGradient(double t, NDArray x, Rng rng) {
        counter.gradient(x.getShape().get(0));
        Function<NDArray, NDArray> f = xx -> function.at(t, xx);
        return Autograd.valueAndGradient(x, f);
    }

    @Override
    public String describe() {
        return "exact (" + gmm + ")";
    }
}
