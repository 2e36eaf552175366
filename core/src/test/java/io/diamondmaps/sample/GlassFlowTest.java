package io.diamondmaps.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.diamondmaps.Fixtures;
import io.diamondmaps.eval.SampleDistances;
import io.diamondmaps.eval.SampleStatistics;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.Moments;
import io.diamondmaps.model.StochasticTransition;
import io.diamondmaps.util.Rng;
import io.diamondmaps.util.Tensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GlassFlowTest {
    private static final int N = 20_000;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("d=1 bimodal", Fixtures.bimodal1d(), new double[] {0.2}),
                Arguments.of("d=2", Fixtures.mixture2d(), new double[] {0.3, -0.2}),
                Arguments.of("d=6", Fixtures.mixture6d(), new double[] {0.4, -0.3, 0.2, 0.0, -0.1, 0.5}));
    }

    /**
     * Relative errors of GLASS samples against the exact transition: ‖Δmean‖/√tr(C), ‖ΔC‖_F/‖C‖_F, and the energy
     * distance to exact samples of the same size.
     */
    private static double[] errors(GaussianMixture gmm, double t, double tNext, double[] x, int inner, long seed) {
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(seed);
            NDArray xt = Fixtures.repeatRow(m, x, N);
            GlassFlow glass = new GlassFlow(gmm, inner, OdeSolver.EULER);
            NDArray s = tNext == 1 ? glass.samplePosterior(t, xt, rng) : glass.transition(t, tNext, xt, rng);
            Moments exact = gmm.transitionMoments(t, tNext, x);
            NDArray reference = gmm.transition(t, tNext, xt, rng);
            double trace = 0;
            double frobenius = 0;
            for (int i = 0; i < x.length; i++) {
                trace += exact.covariance()[i][i];
                for (int j = 0; j < x.length; j++) {
                    frobenius += exact.covariance()[i][j] * exact.covariance()[i][j];
                }
            }
            double[] e = {SampleDistances.meanError(s, exact) / Math.sqrt(trace),
                SampleDistances.covarianceError(s, exact) / Math.sqrt(frobenius),
                SampleDistances.energyDistance(s.get("0:5000"), reference.get("0:5000"))};
            System.out.printf("GLASS d=%d t=%.2f->%.2f K=%d: mean %.4f cov %.4f energy %.5f%n", x.length, t, tNext,
                    inner, e[0], e[1], e[2]);
            return e;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void glassPosteriorMatchesTheExactPosterior(String name, GaussianMixture gmm, double[] x) {
        double t = 0.4;
        double[] coarse = errors(gmm, t, 1, x, 2, 21);
        double[] fine = errors(gmm, t, 1, x, 128, 21);
        assertTrue(fine[0] < 0.02, name + " relative mean error " + fine[0]);
        assertTrue(fine[1] < 0.035, name + " relative covariance error " + fine[1]);
        assertTrue(fine[2] < 4e-3, name + " energy distance " + fine[2]);
        assertTrue(coarse[0] + coarse[1] > 2 * (fine[0] + fine[1]), name + ": error must fall with inner steps");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void glassTransitionMatchesTheExactDdpmTransition(String name, GaussianMixture gmm, double[] x) {
        // A short step far from the origin, where γ(t, t')·x_t is large (γ = 0.53 here).
        double[] fine = errors(gmm, 0.5, 0.6, scaled(x, 3), 128, 22);
        assertTrue(fine[0] < 0.02, name + " relative mean error " + fine[0]);
        assertTrue(fine[1] < 0.035, name + " relative covariance error " + fine[1]);
        assertTrue(fine[2] < 4e-3, name + " energy distance " + fine[2]);
    }

    private static double[] scaled(double[] x, double factor) {
        return java.util.Arrays.stream(x).map(v -> v * factor).toArray();
    }

    @Test
    void glassErrorFallsAsInnerStepsGrow() {
        GaussianMixture gmm = Fixtures.mixture2d();
        double[] x = {0.3, -0.2};
        double previous = Double.MAX_VALUE;
        for (int inner : new int[] {1, 4, 16}) {
            double[] e = errors(gmm, 0.4, 1, x, inner, 23);
            double total = e[0] + e[1];
            assertTrue(total < previous, "error " + total + " at " + inner + " inner steps");
            previous = total;
        }
    }

    @Test
    void heunIsRejectedWhereTheInnerVelocityIsSingular() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GlassFlow(Fixtures.mixture2d(), 4, OdeSolver.HEUN));
        assertTrue(e.getMessage().contains("singular"), e.getMessage());
    }

    @Test
    void midpointInnerSolverBeatsEulerAtEqualEvaluations() {
        GaussianMixture gmm = Fixtures.mixture2d();
        double[] x = {0.3, -0.2};
        Moments exact = gmm.transitionMoments(0.4, 1, x);
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(26);
            NDArray xt = Fixtures.repeatRow(m, x, N);
            double euler = SampleDistances.covarianceError(new GlassFlow(gmm, 8, OdeSolver.EULER).samplePosterior(0.4, xt, rng), exact);
            GlassFlow mid = new GlassFlow(gmm, 4, OdeSolver.MIDPOINT);
            assertEquals(8, mid.evaluationsPerSample());
            double midpoint = SampleDistances.covarianceError(mid.samplePosterior(0.4, xt, rng), exact);
            assertTrue(midpoint < euler / 3, "midpoint " + midpoint + " vs Euler " + euler + " at 8 evaluations");
        }
    }

    @Test
    void glassWithTheTrigonometricScheduleIsExactToo() {
        GaussianMixture gmm = Fixtures.mixture2d().withInterpolant(Interpolant.byName("trig"));
        double[] e = errors(gmm, 0.4, 1, new double[] {0.3, -0.2}, 128, 24);
        assertTrue(e[0] < 0.02 && e[1] < 0.035, "trig GLASS errors " + e[0] + ", " + e[1]);
    }

    /** Cov(x_t, x_{t'}) of pairs where x_t ~ p_t and x_{t'} comes from {@code kernel}. */
    private static double[][] jointCovariance(GaussianMixture g, StochasticTransition kernel, double t, double tn,
            NDManager m, Rng rng) {
        NDArray x1 = g.sample(m, 200_000, rng);
        NDArray noise = rng.normal(m, x1.getShape(), x1.getDataType());
        NDArray xt = g.interpolant().interpolate(Tensors.times(x1, t), noise, x1);
        NDArray next = kernel.transition(t, tn, xt, rng);
        return SampleStatistics.moments(xt.concat(next, 1)).covariance();
    }

    @Test
    void earlyStopReadoutGivesTheDdpmJointCovariance() {
        // Spec §4.8: data N(0.7, 0.3), t = 0.3 → t' = 0.6, true joint [[0.517, 0.134], [0.134, 0.268]].
        GaussianMixture g = Fixtures.gaussian1d();
        double t = 0.3;
        double tn = 0.6;
        double[] joint = Fixtures.gaussian1dDdpmJoint(t, tn);
        double varT = joint[0];
        double cross = joint[1];
        double varN = joint[2];
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(25);
            StochasticTransition exactReadout = new EarlyStopTransition(g.interpolant(), PosteriorFlow.interpolating(g));
            StochasticTransition glassReadout = new EarlyStopTransition(g.interpolant(), new GlassFlow(g, 200, OdeSolver.EULER));
            for (StochasticTransition k : new StochasticTransition[] {exactReadout, glassReadout}) {
                double[][] c = jointCovariance(g, k, t, tn, m, rng);
                assertEquals(varT, c[0][0], 6e-3);
                assertEquals(cross, c[0][1], 6e-3);
                assertEquals(varN, c[1][1], 6e-3);
            }
            // Predict-then-renoise (ρ = 0) has the right marginals but loses the noise correlation: it must fail.
            StochasticTransition renoise = new RenoiseTransition(g.interpolant(), g);
            double[][] wrong = jointCovariance(g, renoise, t, tn, m, rng);
            assertTrue(Math.abs(wrong[0][1] - cross) > 0.03, "renoise cross covariance " + wrong[0][1]);
        }
    }

    @Test
    void glassSamplingDoesNotGrowTheCallersManager() {
        GaussianMixture gmm = Fixtures.mixture2d();
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(1);
            NDArray xt = Fixtures.repeatRow(m, new double[] {0.1, 0.2}, 8);
            int before = m.getManagedArrays().size();
            NDArray a = new GlassFlow(gmm, 50, OdeSolver.EULER).transition(0.2, 0.6, xt, rng);
            NDArray b = new EarlyStopTransition(gmm.interpolant(), new GlassFlow(gmm, 50, OdeSolver.EULER)).transition(0.2, 0.6, xt, rng);
            NDArray c = new DdpmTransition(gmm).transition(0.2, 0.6, xt, rng);
            assertEquals(before + 3, m.getManagedArrays().size());
            a.close();
            b.close();
            c.close();
        }
    }
}
