package io.diamondmaps.contract;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.diamondmaps.Fixtures;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.StochasticTransition;
import io.diamondmaps.util.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link StochasticTransition} of the DDPM coupling must do: draw x_{t'} ~ p(x_{t'} | x_t) with the exact
 * conditional moments of a multimodal mixture (spec A.3) on a short early step and a late one, within its own
 * tolerances; keep the shape and manager of its input; give the same draws for the same generator.
 */
abstract class StochasticTransitionContract {
    private final double[] earlyTolerance;
    private final double[] lateTolerance;

    /**
     * @param earlyTolerance {mean, covariance} relative-error tolerances for 0.3 → 0.6
     * @param lateTolerance the same for 0.6 → 0.9
     */
    StochasticTransitionContract(double[] earlyTolerance, double[] lateTolerance) {
        this.earlyTolerance = earlyTolerance;
        this.lateTolerance = lateTolerance;
    }

    abstract StochasticTransition transition(GaussianMixture gmm, NDManager m);

    GaussianMixture mixture() {
        return Fixtures.mixture2d();
    }

    private void check(double t, double tNext, double[] tolerance) {
        GaussianMixture gmm = mixture();
        try (NDManager m = Fixtures.manager()) {
            StochasticTransition kernel = transition(gmm, m);
            double[] e = MomentCase.errors(MomentCase.states(gmm, t, m), (xt, rng) -> kernel.transition(t, tNext, xt,
                    rng), x -> gmm.transitionMoments(t, tNext, x), m);
            String where = getClass().getSimpleName() + " " + t + " -> " + tNext;
            assertTrue(e[0] < tolerance[0], where + ": mean error " + e[0]);
            assertTrue(e[1] < tolerance[1], where + ": covariance error " + e[1]);
        }
    }

    @Test
    void drawsHaveTheExactConditionalMomentsEarly() {
        check(0.3, 0.6, earlyTolerance);
    }

    @Test
    void drawsHaveTheExactConditionalMomentsLate() {
        check(0.6, 0.9, lateTolerance);
    }

    @Test
    void keepsShapeAndManagerAndIsReproducible() {
        GaussianMixture gmm = mixture();
        try (NDManager m = Fixtures.manager()) {
            StochasticTransition kernel = transition(gmm, m);
            NDArray xt = Rng.of(1).normal(m, new ai.djl.ndarray.types.Shape(16, gmm.dimension()), DataType.FLOAT64);
            int before = m.getManagedArrays().size();
            NDArray a = kernel.transition(0.4, 0.7, xt, Rng.of(3));
            NDArray b = kernel.transition(0.4, 0.7, xt, Rng.of(3));
            assertEquals(xt.getShape(), a.getShape());
            assertEquals(before + 2, m.getManagedArrays().size(), "the draws are the only new arrays on the manager");
            assertArrayEquals(a.toType(DataType.FLOAT64, false).toDoubleArray(),
                    b.toType(DataType.FLOAT64, false).toDoubleArray(), "same generator, same draws");
        }
    }
}
