package io.diamondmaps.contract;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.diamondmaps.Fixtures;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.PosteriorSampler;
import io.diamondmaps.util.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link PosteriorSampler} must do (Hipparchus' integrator test base, for samplers): draw x₁ ~ p(x₁ | x_t)
 * with the exact posterior moments of a multimodal mixture at early and late t, within its own tolerances; keep the
 * shape and manager of its input; give the same draws for the same generator.
 */
abstract class PosteriorSamplerContract {
    private final double[] earlyTolerance;
    private final double[] lateTolerance;

    /**
     * @param earlyTolerance {mean, covariance} relative-error tolerances at t = 0.3, where the posterior is widest and
     *     multimodal
     * @param lateTolerance the same at t = 0.7
     */
    PosteriorSamplerContract(double[] earlyTolerance, double[] lateTolerance) {
        this.earlyTolerance = earlyTolerance;
        this.lateTolerance = lateTolerance;
    }

    /** The sampler for {@code gmm}, on {@code m}. */
    abstract PosteriorSampler sampler(GaussianMixture gmm, NDManager m);

    /** The mixture; the multimodal 2-D test mixture unless the sampler was made for another. */
    GaussianMixture mixture() {
        return Fixtures.mixture2d();
    }

    private void check(double t, double[] tolerance) {
        GaussianMixture gmm = mixture();
        try (NDManager m = Fixtures.manager()) {
            PosteriorSampler sampler = sampler(gmm, m);
            double[] e = MomentCase.errors(MomentCase.states(gmm, t, m), (xt, rng) -> sampler.samplePosterior(t, xt,
                    rng), x -> gmm.transitionMoments(t, 1, x), m);
            assertTrue(e[0] < tolerance[0], getClass().getSimpleName() + " posterior mean error " + e[0] + " at t=" + t);
            assertTrue(e[1] < tolerance[1], getClass().getSimpleName() + " posterior covariance error " + e[1]
                    + " at t=" + t);
        }
    }

    @Test
    void drawsHaveTheExactPosteriorMomentsEarly() {
        check(0.3, earlyTolerance);
    }

    @Test
    void drawsHaveTheExactPosteriorMomentsLate() {
        check(0.7, lateTolerance);
    }

    @Test
    void keepsShapeAndManagerAndIsReproducible() {
        GaussianMixture gmm = mixture();
        try (NDManager m = Fixtures.manager()) {
            PosteriorSampler sampler = sampler(gmm, m);
            NDArray xt = Rng.of(1).normal(m, new ai.djl.ndarray.types.Shape(16, gmm.dimension()), DataType.FLOAT64);
            int before = m.getManagedArrays().size();
            NDArray a = sampler.samplePosterior(0.5, xt, Rng.of(3));
            NDArray b = sampler.samplePosterior(0.5, xt, Rng.of(3));
            assertEquals(xt.getShape(), a.getShape());
            assertEquals(before + 2, m.getManagedArrays().size(), "the draws are the only new arrays on the manager");
            assertArrayEquals(a.toType(DataType.FLOAT64, false).toDoubleArray(),
                    b.toType(DataType.FLOAT64, false).toDoubleArray(), "same generator, same draws");
        }
    }
}
