package io.diamondmaps.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.Fixtures;
import io.diamondmaps.eval.SampleDistances;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.interpolant.LinearInterpolant;
import io.diamondmaps.interpolant.Schedules;
import io.diamondmaps.sample.Generation;
import io.diamondmaps.sample.GlassFlow;
import io.diamondmaps.sample.OdeFlowMap;
import io.diamondmaps.sample.OdeSolver;
import io.diamondmaps.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SNR matching (1.11) against closed forms: the exact mixture on a model's path, run on another interpolant through
 * {@link SnrMatched}, must be the mixture on that interpolant (its velocity, denoiser, score, ODE samples, GLASS
 * posteriors and flow map), for every pair of schedules; outside a finite range the hold rules of spec §1.5 must be
 * right in the limit.
 */
class SnrMatchedTest {
    private static final GaussianMixture GMM = Fixtures.mixture2d();

    static List<String[]> pairs() {
        return List.of(new String[] {"trig", "linear"}, new String[] {"cosine", "linear"},
                new String[] {"linear", "trig"}, new String[] {"ddpm", "linear"}, new String[] {"vp", "trig"},
                new String[] {"edm", "linear"}, new String[] {"{\"type\":\"ddpm\",\"beta_schedule\":\"scaled_linear\","
                        + "\"beta_start\":0.00085,\"beta_end\":0.012}", "cosine"});
    }

    private static double maxAbsDiff(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getDouble();
    }

    @ParameterizedTest
    @MethodSource("pairs")
    void theMixtureOnAModelsPathIsTheMixtureOnTheRunsInterpolant(String model, String run) {
        Interpolant modelPath = Schedules.parse(model);
        Interpolant runPath = Schedules.parse(run);
        try (NDManager m = Fixtures.manager()) {
            VelocityField matched = SnrMatched.of(GMM.withInterpolant(modelPath), runPath);
            GaussianMixture exact = GMM.withInterpolant(runPath);
            double[] range = matched.coveredTimes();
            Rng rng = Rng.of(3);
            NDArray[] tx = Fixtures.timesAndStatesIn(m, range, 256, rng);
            NDArray t = tx[0];
            NDArray x = tx[1];
            assertTrue(maxAbsDiff(matched.denoiser(t, x), exact.denoiser(t, x)) < 1e-8, "denoiser");
            assertTrue(maxAbsDiff(matched.velocity(t, x), exact.velocity(t, x)) < 1e-7, "velocity");
            assertTrue(maxAbsDiff(matched.score(t, x), exact.score(t, x)) < 1e-6, "score");
        }
    }

    /**
     * The rules outside a table's range (DDPM: linear t ∈ [0.0063, 0.990]) are right in the limit: the velocity at the
     * ends errs by O(ℓ_min) and O(1/ℓ_max), and samplers started at pure noise land on the mixture.
     */
    @Test
    void outsideAFiniteRangeTheHoldRulesAreRightInTheLimit() {
        try (NDManager m = Fixtures.manager()) {
            Interpolant ddpm = Schedules.parse("ddpm");
            VelocityField matched = SnrMatched.of(GMM.withInterpolant(ddpm), LinearInterpolant.INSTANCE);
            GaussianMixture exact = GMM;
            double[] range = matched.coveredTimes();
            assertEquals(0.0063, range[0], 1e-4);
            assertEquals(0.990, range[1], 1e-3);
            int n = 512;
            NDArray x = Rng.of(4).normal(m, new Shape(n, 2), DataType.FLOAT64);
            for (double[] tAndBound : new double[][] {{0, 0.05}, {0.003, 0.05}, {0.995, 0.05}, {1, 0.05}}) {
                NDArray t = Fixtures.times(m, n, tAndBound[0]);
                // Compared as the denoiser D (the velocity near t = 1 divides by σ → 0 in both).
                double error = maxAbsDiff(matched.denoiser(t, x), exact.denoiser(t, x));
                assertTrue(error < tAndBound[1], "t = " + tAndBound[0] + ": " + error);
                assertTrue(Double.isFinite(matched.velocity(t, x).sum().getDouble()));
            }
            // At t = 1 the held noise prediction gives D = x exactly (σ = 0).
            NDArray one = Fixtures.times(m, n, 1);
            assertTrue(maxAbsDiff(matched.denoiser(one, x), x) < 1e-12);
            NDArray x0 = Generation.noise(m, new Shape(2000, 2), DataType.FLOAT64, Rng.of(5));
            NDArray samples = Generation.ode(matched, x0, 64, OdeSolver.HEUN);
            NDArray reference = Generation.ode(exact, x0, 64, OdeSolver.HEUN);
            assertTrue(maxAbsDiff(samples, reference) < 0.05, "ODE: " + maxAbsDiff(samples, reference));
            double distance = SampleDistances.energyDistance(samples, exact.sample(m, 2000, Rng.of(6)));
            double floor = SampleDistances.energyDistance(exact.sample(m, 2000, Rng.of(7)), exact.sample(m, 2000,
                    Rng.of(6)));
            assertTrue(distance < 3 * Math.abs(floor) + 5e-3, "energy distance " + distance + ", floor " + floor);
            NDArray xt = Fixtures.repeatRow(m, new double[] {0.3, 0.2}, 2000);
            NDArray glass = new GlassFlow(matched, 8, GlassFlow.DEFAULT_SOLVER).samplePosterior(0.4, xt, Rng.of(8));
            NDArray glassExact = new GlassFlow(exact, 8, GlassFlow.DEFAULT_SOLVER).samplePosterior(0.4, xt,
                    Rng.of(8));
            assertTrue(maxAbsDiff(glass, glassExact) < 0.05, "GLASS: " + maxAbsDiff(glass, glassExact));
        }
    }

    /** A flow map of one path jumps on another as X(t, t', x) = X^m(u*(t), u*(t'), c(t)x)/c(t'). */
    @Test
    void aFlowMapOfAnotherPathJumpsLikeTheRunsExactFlow() {
        try (NDManager m = Fixtures.manager()) {
            Interpolant cosine = Schedules.parse("cosine");
            GaussianMixture onCosine = GMM.withInterpolant(cosine);
            FlowMap matched = SnrMatched.flowMap(new OdeFlowMap(onCosine, 2000, OdeSolver.HEUN), onCosine,
                    LinearInterpolant.INSTANCE);
            NDArray x = Rng.of(9).normal(m, new Shape(128, 2), DataType.FLOAT64);
            NDArray jumped = matched.jump(0.2, 0.7, x);
            NDArray exact = OdeSolver.HEUN.integrate(GMM, x, 0.2, 0.7, 2000);
            assertTrue(maxAbsDiff(jumped, exact) < 1e-4, "flow map: " + maxAbsDiff(jumped, exact));
            assertSame(onCosine, SnrMatched.of(onCosine, cosine), "a model on the run's own path is itself");
        }
    }
}
