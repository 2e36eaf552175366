package io.diamondmaps.contract;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.diamondmaps.eval.SampleDistances;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.Moments;
import io.diamondmaps.util.Rng;
import io.diamondmaps.util.Tensors;

import java.util.function.BiFunction;

/**
 * The measurement every contract test makes: draws from a conditional law at states x_t of p_t, against that law's
 * exact moments, as relative errors (‖Δμ‖/√tr Σ, ‖ΔΣ‖_F/tr Σ) averaged over the states.
 */
final class MomentCase {
    /** Draws per state. */
    static final int DRAWS = 4000;
    /** States x_t per case, drawn from p_t. */
    static final int STATES = 3;

    private MomentCase() {
    }

    /** The built-in ring mixture, for the built-in Diamond Map. */
    static GaussianMixture builtInMixture() {
        try {
            return io.diamondmaps.bench.BuiltIn.mixture();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The built-in Diamond Map of the ring mixture, on {@code m}. */
    static io.diamondmaps.model.neural.DiamondNetwork builtInDiamond(NDManager m) {
        try {
            return io.diamondmaps.bench.BuiltIn.diamond(m);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** States x_t ~ p_t of {@code gmm}, the same for every implementation (seed 7). */
    static double[][] states(GaussianMixture gmm, double t, NDManager m) {
        Rng rng = Rng.of(7);
        NDArray x1 = gmm.sample(m, STATES, rng);
        return Tensors.toRows(gmm.interpolant().interpolate(Tensors.times(x1, t), rng.normalLike(m, x1), x1));
    }

    /**
     * {mean error, covariance error} of {@code draw}(x_t repeated, rng) against {@code exact}(x_t), averaged over the
     * states.
     */
    static double[] errors(double[][] states, BiFunction<NDArray, Rng, NDArray> draw,
            java.util.function.Function<double[], Moments> exact, NDManager m) {
        double[] sum = new double[2];
        for (int i = 0; i < states.length; i++) {
            try (NDManager scope = m.newSubManager()) {
                NDArray xt = scope.create(states[i]).reshape(1, -1).repeat(0, DRAWS);
                NDArray z = draw.apply(xt, Rng.of(100 + i)).toType(DataType.FLOAT64, false);
                Moments moments = exact.apply(states[i]);
                double trace = 0;
                for (int d = 0; d < states[i].length; d++) {
                    trace += moments.covariance()[d][d];
                }
                sum[0] += SampleDistances.meanError(z, moments) / Math.sqrt(trace) / states.length;
                sum[1] += SampleDistances.covarianceError(z, moments) / trace / states.length;
            }
        }
        return sum;
    }
}
