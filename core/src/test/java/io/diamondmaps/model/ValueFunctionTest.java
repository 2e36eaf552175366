package io.diamondmaps.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.diamondmaps.Fixtures;
import io.diamondmaps.eval.SampleStatistics;
import io.diamondmaps.util.Rng;
import io.diamondmaps.util.Tensors;
import org.junit.jupiter.api.Test;

import java.util.function.BiFunction;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The closed-form value functions and tilted targets (A.4) against brute-force Monte Carlo. */
class ValueFunctionTest {
    private static final double[] C = {0.8, -0.5};
    private static final double[][] A = {{1.0, 0.5}};
    private static final double[] Y = {0.7};
    private static final double VARIANCE = 0.25;

    /** log mean exp(r(x₁)) over exact posterior draws, and the standard error of that estimate. */
    private static double[] monteCarloValue(GaussianMixture g, double t, double[] x,
            Function<NDArray, NDArray> reward, NDManager m, Rng rng) {
        NDArray x1 = g.samplePosterior(t, Fixtures.repeatRow(m, x, 400_000), rng);
        NDArray r = reward.apply(x1);
        double shift = r.max().getDouble();
        NDArray w = r.sub(shift).exp();
        double mean = w.mean().getDouble();
        double se = Math.sqrt(w.sub(mean).square().mean().getDouble() / 400_000) / mean;
        return new double[] {Math.log(mean) + shift, se};
    }

    private static NDArray linear(NDArray x) {
        return x.matMul(x.getManager().create(C).reshape(2, 1)).squeeze(1);
    }

    private static NDArray quadratic(NDArray x) {
        NDArray ax = x.matMul(x.getManager().create(new double[] {1.0, 0.5}).reshape(2, 1)).squeeze(1);
        return ax.sub(Y[0]).square().div(-2 * VARIANCE);
    }

    /** The closed-form value at x against {@link #monteCarloValue} at each t, within five standard errors. */
    private static void assertMatchesMonteCarlo(String what, BiFunction<Double, NDArray, NDArray> exact,
            Function<NDArray, NDArray> reward, double[] times, double[] x, long seed) {
        GaussianMixture g = Fixtures.mixture2d();
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(seed);
            for (double t : times) {
                double closed = exact.apply(t, Fixtures.row(m, x)).getDouble(0);
                double[] mc = monteCarloValue(g, t, x, reward, m, rng);
                assertEquals(mc[0], closed, 5 * mc[1] + 1e-4, what + " value at t=" + t);
            }
        }
    }

    @Test
    void linearValueMatchesMonteCarlo() {
        GaussianMixture g = Fixtures.mixture2d();
        assertMatchesMonteCarlo("linear", (t, x) -> g.valueLinear(t, x, C), ValueFunctionTest::linear,
                new double[] {0.0, 0.3, 0.7}, new double[] {0.4, -0.6}, 31);
    }

    @Test
    void quadraticValueMatchesMonteCarlo() {
        GaussianMixture g = Fixtures.mixture2d();
        assertMatchesMonteCarlo("quadratic", (t, x) -> g.valueQuadratic(t, x, A, Y, VARIANCE),
                ValueFunctionTest::quadratic, new double[] {0.0, 0.5, 0.9}, new double[] {-0.2, 0.5}, 32);
    }

    @Test
    void valueAtTimeOneIsTheReward() {
        GaussianMixture g = Fixtures.mixture2d();
        try (NDManager m = Fixtures.manager()) {
            NDArray x = Fixtures.row(m, 0.3, 0.9);
            assertEquals(linear(x).getDouble(0), g.valueLinear(1, x, C).getDouble(0), 1e-9);
            assertEquals(quadratic(x).getDouble(0), g.valueQuadratic(1, x, A, Y, VARIANCE).getDouble(0), 1e-9);
        }
    }

    @Test
    void valueGradientByAutogradMatchesFiniteDifferences() {
        GaussianMixture g = Fixtures.mixture6d();
        double[][] a = new double[2][6];
        a[0][0] = 1;
        a[1][3] = 0.5;
        a[1][4] = -1;
        double[] y = {0.5, -0.3};
        try (NDManager m = Fixtures.manager()) {
            double[] x = {0.1, -0.2, 0.3, 0.4, -0.5, 0.6};
            NDArray xa = Fixtures.row(m, x);
            xa.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(g.valueQuadratic(0.6, xa, a, y, 0.1).sum());
            }
            double[] grad = xa.getGradient().toDoubleArray();
            double h = 1e-6;
            for (int j = 0; j < 6; j++) {
                double[] xp = x.clone();
                double[] xm = x.clone();
                xp[j] += h;
                xm[j] -= h;
                double fd = (g.valueQuadratic(0.6, Fixtures.row(m, xp), a, y, 0.1).getDouble(0)
                        - g.valueQuadratic(0.6, Fixtures.row(m, xm), a, y, 0.1).getDouble(0)) / (2 * h);
                assertEquals(fd, grad[j], 1e-6);
            }
        }
    }

    /** Self-normalised importance-weighted moments of data samples under weights exp(r). */
    private static Moments tiltedMonteCarlo(GaussianMixture g, java.util.function.Function<NDArray, NDArray> reward,
            NDManager m, Rng rng) {
        NDArray x = g.sample(m, 1_000_000, rng);
        NDArray logW = reward.apply(x);
        NDArray w = logW.sub(logW.max()).exp();
        w = w.div(w.sum()).reshape(-1, 1);
        NDArray mean = x.mul(w).sum(new int[] {0});
        NDArray centred = x.sub(mean);
        NDArray cov = centred.mul(w).transpose().matMul(centred);
        return new Moments(mean.toDoubleArray(), Tensors.toRows(cov));
    }

    @Test
    void tiltedTargetsMatchImportanceWeightedData() {
        GaussianMixture g = Fixtures.mixture2d();
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(33);
            Moments lin = g.tiltLinear(C).moments();
            Moments linMc = tiltedMonteCarlo(g, ValueFunctionTest::linear, m, rng);
            assertTrue(SampleStatistics.meanError(lin, linMc) < 0.01);
            assertTrue(SampleStatistics.covarianceError(lin, linMc) < 0.01);
            Moments quad = g.tiltQuadratic(A, Y, VARIANCE).moments();
            Moments quadMc = tiltedMonteCarlo(g, ValueFunctionTest::quadratic, m, rng);
            assertTrue(SampleStatistics.meanError(quad, quadMc) < 0.01);
            assertTrue(SampleStatistics.covarianceError(quad, quadMc) < 0.01);
            // The tilt must move the distribution: the untilted moments are far off.
            assertTrue(SampleStatistics.meanError(g.moments(), quadMc) > 0.2);
        }
    }

    @Test
    void linearTiltOfAGaussianShiftsTheMeanBySc() {
        GaussianMixture g = Fixtures.gaussian1d();
        Moments tilted = g.tiltLinear(new double[] {2}).moments();
        assertEquals(0.7 + 0.3 * 2, tilted.mean()[0], 1e-12);
        assertEquals(0.3, tilted.covariance()[0][0], 1e-12);
    }
}
