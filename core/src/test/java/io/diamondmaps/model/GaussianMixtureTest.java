package io.diamondmaps.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.diamondmaps.Fixtures;
import io.diamondmaps.eval.SampleStatistics;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.util.Rng;
import io.diamondmaps.util.Tensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GaussianMixtureTest {

    private static double maxAbs(NDArray a) {
        return a.abs().max().getDouble();
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear", "trig"})
    void closedFormDenoiserAndScoreAgreeWithTheVelocityConversions(String schedule) {
        GaussianMixture gmm = Fixtures.mixture2d().withInterpolant(Interpolant.byName(schedule));
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(3);
            NDArray t = rng.uniform(m, 0.05f, 0.95f, new Shape(200), DataType.FLOAT64);
            NDArray x = rng.normal(m, 1.5f, new Shape(200, 2), DataType.FLOAT64);
            NDArray b = gmm.velocity(t, x);
            Interpolant ip = gmm.interpolant();
            assertTrue(maxAbs(ip.denoiserFromVelocity(t, x, b).sub(gmm.denoiser(t, x))) < 1e-10);
            assertTrue(maxAbs(ip.scoreFromDenoiser(t, x, gmm.denoiser(t, x)).sub(gmm.score(t, x))) < 1e-9);
        }
    }

    /** Balance b raises each weight to 1 − b: 0 keeps the mixture, 1 weighs components equally, ½ their square roots. */
    @Test
    void balancedWeightsInterpolateTowardsEqualComponents() {
        GaussianMixture gmm = Fixtures.mixture2d();
        assertArrayEquals(gmm.weights(), gmm.balanced(0).weights(), 1e-12);
        assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, gmm.balanced(1).weights(), 1e-12);
        double z = Math.sqrt(0.5) + Math.sqrt(0.3) + Math.sqrt(0.2);
        assertArrayEquals(new double[] {Math.sqrt(0.5) / z, Math.sqrt(0.3) / z, Math.sqrt(0.2) / z},
                gmm.balanced(0.5).weights(), 1e-12);
        assertArrayEquals(gmm.means()[2], gmm.balanced(0.5).means()[2], 0);
        assertThrows(IllegalArgumentException.class, () -> gmm.balanced(1.5));
    }

    @Test
    void scoreIsTheGradientOfTheLogDensity() {
        GaussianMixture gmm = Fixtures.mixture6d();
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(4);
            NDArray t = rng.uniform(m, 0.1f, 0.9f, new Shape(50), DataType.FLOAT64);
            NDArray x = rng.normal(m, new Shape(50, 6), DataType.FLOAT64);
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(gmm.logDensity(t, x).sum());
            }
            assertTrue(maxAbs(x.getGradient().sub(gmm.score(t, x))) < 1e-10);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear", "trig"})
    void velocitySatisfiesTheContinuityEquation(String schedule) {
        // ∂_t log p_t + ∇·b + b·∇log p_t = 0, with every derivative by central differences in float64.
        GaussianMixture gmm = Fixtures.mixture2d().withInterpolant(Interpolant.byName(schedule));
        double h = 1e-5;
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(5);
            int n = 40;
            for (double time : new double[] {0.2, 0.5, 0.8}) {
                NDArray x = rng.normal(m, 1.2f, new Shape(n, 2), DataType.FLOAT64);
                NDArray t = Fixtures.times(m, n, time);
                NDArray dLogP = gmm.logDensity(t.add(h), x).sub(gmm.logDensity(t.sub(h), x)).div(2 * h);
                NDArray div = m.zeros(new Shape(n), DataType.FLOAT64);
                for (int j = 0; j < 2; j++) {
                    NDArray e = m.zeros(new Shape(1, 2), DataType.FLOAT64);
                    e.set(new ai.djl.ndarray.index.NDIndex(0, j), h);
                    NDArray db = gmm.velocity(t, x.add(e)).sub(gmm.velocity(t, x.sub(e))).div(2 * h);
                    div = div.add(db.get(":, " + j));
                }
                NDArray transport = gmm.velocity(t, x).mul(gmm.score(t, x)).sum(new int[] {1});
                double residual = maxAbs(dLogP.add(div).add(transport));
                assertTrue(residual < 1e-5, "continuity residual " + residual + " at t=" + time);
            }
        }
    }

    @Test
    void velocityIsFiniteAtBothEndpoints() {
        GaussianMixture gmm = Fixtures.mixture2d();
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(1);
            NDArray x = rng.normal(m, new Shape(10, 2), DataType.FLOAT64);
            for (double t : new double[] {0, 1}) {
                NDArray b = gmm.velocity(Fixtures.times(m, 10, t), x);
                assertTrue(!b.isNaN().any().getBoolean() && !b.isInfinite().any().getBoolean());
            }
            // At t = 0 the velocity is E[x₁] − x₀ = mean − x for the linear schedule.
            double[] mean = gmm.moments().mean();
            NDArray expected = Tensors.fromRows(m, new double[][] {mean}).sub(x);
            assertTrue(maxAbs(gmm.velocity(Fixtures.times(m, 10, 0), x).sub(expected)) < 1e-12);
        }
    }

    @Test
    void dataSamplesHaveTheMixtureMoments() {
        GaussianMixture gmm = Fixtures.mixture2d();
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(6);
            NDArray s = gmm.sample(m, 200_000, rng);
            Moments emp = SampleStatistics.moments(s);
            Moments exact = gmm.moments();
            assertTrue(SampleStatistics.meanError(emp, exact) < 0.01);
            assertTrue(SampleStatistics.covarianceError(emp, exact) < 0.02);
        }
    }

    @Test
    void transitionSamplesHaveTheExactTransitionMoments() {
        GaussianMixture gmm = Fixtures.mixture2d();
        double[] x = {0.3, -0.2};
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(7);
            for (double[] pair : new double[][] {{0.4, 0.7}, {0.4, 1.0}, {0.0, 0.5}}) {
                NDArray xt = Fixtures.repeatRow(m, x, 200_000);
                Moments emp = SampleStatistics.moments(gmm.transition(pair[0], pair[1], xt, rng));
                Moments exact = gmm.transitionMoments(pair[0], pair[1], x);
                assertTrue(SampleStatistics.meanError(emp, exact) < 0.01, "mean at " + pair[0] + "->" + pair[1]);
                assertTrue(SampleStatistics.covarianceError(emp, exact) < 0.01, "cov at " + pair[0] + "->" + pair[1]);
            }
        }
    }

    @Test
    void posteriorMomentsOfAGaussianMatchBayesRule() {
        // N(μ, s) prior, observation x_t = t·x₁ + (1 − t)ε: posterior variance 1/(1/s + t²/(1−t)²).
        GaussianMixture g = Fixtures.gaussian1d();
        double t = 0.3;
        double xt = 0.5;
        Moments post = g.transitionMoments(t, 1, new double[] {xt});
        double prec = 1 / 0.3 + t * t / ((1 - t) * (1 - t));
        assertEquals(1 / prec, post.covariance()[0][0], 1e-12);
        assertEquals((0.7 / 0.3 + t * xt / ((1 - t) * (1 - t))) / prec, post.mean()[0], 1e-12);
        // From t = 0 the posterior is the data distribution itself.
        Moments prior = g.transitionMoments(0, 1, new double[] {123});
        assertEquals(0.7, prior.mean()[0], 1e-12);
        assertEquals(0.3, prior.covariance()[0][0], 1e-12);
    }

    @Test
    void ddpmJointCovarianceOfSpecSection48() {
        GaussianMixture g = Fixtures.gaussian1d();
        // Cov(x_t, x_t') = Cov(x_t, E[x_t'|x_t]) = Var(x_t)·slope of the transition mean (spec §4.8: 0.133).
        double h = 1e-4;
        double slope = (g.transitionMoments(0.3, 0.6, new double[] {h}).mean()[0]
                - g.transitionMoments(0.3, 0.6, new double[] {-h}).mean()[0]) / (2 * h);
        // Closed form α_tα_{t'}Var(x₁) + σ_tσ_{t'}ρ (4.1): 0.054 + 0.080 = 0.134; the spec quotes the Monte-Carlo
        // estimate 0.133 ± 0.001.
        double[] joint = Fixtures.gaussian1dDdpmJoint(0.3, 0.6);
        assertEquals(joint[1], joint[0] * slope, 1e-7);
        assertEquals(0.133, joint[0] * slope, 2e-3);
    }

    @Test
    void invalidSpecificationsAreRejectedWithTheReason() {
        double[][] mu = {{0, 0}};
        assertMessage("positive definite", () -> new GaussianMixture(new double[] {1}, mu,
                new double[][][] {{{1, 2}, {2, 1}}}));
        assertMessage("symmetric", () -> new GaussianMixture(new double[] {1}, mu,
                new double[][][] {{{1, 0.5}, {0.1, 1}}}));
        assertMessage("dimension", () -> new GaussianMixture(new double[] {0.5, 0.5}, new double[][] {{0, 0}, {1}},
                new double[][][] {{{1, 0}, {0, 1}}, {{1, 0}, {0, 1}}}));
        assertMessage("positive", () -> new GaussianMixture(new double[] {-1}, mu,
                new double[][][] {{{1, 0}, {0, 1}}}));
        assertMessage("finite", () -> new GaussianMixture(new double[] {1}, new double[][] {{0, Double.NaN}},
                new double[][][] {{{1, 0}, {0, 1}}}));
        assertMessage("same number", () -> new GaussianMixture(new double[] {1, 1}, mu,
                new double[][][] {{{1, 0}, {0, 1}}}));
    }

    @Test
    void specFilesParseAndReportErrors() {
        GaussianMixture g = GaussianMixtureFile.parse(GaussianMixtureFile.toJson(Fixtures.mixture2d()), "mem");
        assertEquals(3, g.components());
        assertMessage("malformed", () -> GaussianMixtureFile.parse("{\"weights\": [1,", "bad.json"));
        assertMessage("\"covariances\"", () -> GaussianMixtureFile.parse("{\"weights\":[1],\"means\":[[0]]}", "x"));
        assertMessage("positive definite", () -> GaussianMixtureFile.parse(
                "{\"weights\":[1],\"means\":[[0]],\"covariances\":[[[-1]]]}", "x"));
    }

    private static void assertMessage(String fragment, org.junit.jupiter.api.function.Executable code) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, code);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }
}
