package io.diamondmaps.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.Fixtures;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.reward.LinearReward;
import io.diamondmaps.reward.MeasurementReward;
import io.diamondmaps.reward.Operators;
import io.diamondmaps.reward.RewardTilt;
import io.diamondmaps.sample.GlassFlow;
import io.diamondmaps.sample.OdeFlowMap;
import io.diamondmaps.sample.OdeSolver;
import io.diamondmaps.util.Autograd;
import io.diamondmaps.util.Rng;
import io.diamondmaps.util.Tensors;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValueEstimatorTest {
    private static final GaussianMixture GMM = Fixtures.mixture2d();
    private static final RewardTilt LINEAR = new RewardTilt(new LinearReward(new double[] {0.8, -0.5}), 1.0);
    private static final RewardTilt QUADRATIC = new RewardTilt(new MeasurementReward(
            Operators.matrix(new double[][] {{1.0, 0.5}}), new double[] {0.7}, 0.5), 2.0);
    /** Between components: the posterior at small t is multimodal. */
    private static final double[] BETWEEN = {0.4, -0.6};
    /** Near the third component's path: the posterior is nearly unimodal for t ≥ 0.6. */
    private static final double[] NEAR = {0.0, -0.9};

    /** Mean and root-mean-square error over {@code reps} independent estimates of V and mean ∇V, against exact. */
    private static double[] stats(ValueEstimator est, RewardTilt tilt, double t, double[] x, int reps, NDManager m,
            Rng rng) {
        NDArray xs = Fixtures.repeatRow(m, x, reps);
        Autograd.ValueAndGradient exact = new ExactValue(GMM, tilt, new EvaluationCounter()).valueAndGradient(t,
                Fixtures.row(m, x), rng);
        Autograd.ValueAndGradient vg = est.valueAndGradient(t, xs, rng);
        double v = exact.value().getDouble(0);
        NDArray err = vg.value().sub(v);
        double bias = err.mean().getDouble();
        double rmse = Math.sqrt(err.square().mean().getDouble());
        double gradErr = vg.gradient().mean(new int[] {0}).sub(exact.gradient().squeeze(0)).norm().getDouble();
        double gradNorm = exact.gradient().norm().getDouble();
        return new double[] {bias, rmse, gradErr / gradNorm};
    }

    @Test
    void posteriorMcErrorShrinksLikeOneOverRootM() {
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(51);
            double[] rmse = new double[3];
            int[] ms = {4, 16, 64};
            for (int i = 0; i < ms.length; i++) {
                PosteriorMcValue est = new PosteriorMcValue(GMM, GMM.interpolant(), QUADRATIC, ms[i],
                        GradientMode.SCORE, new EvaluationCounter());
                double[] s = stats(est, QUADRATIC, 0.5, BETWEEN, 4000, m, rng);
                rmse[i] = s[1];
                if (ms[i] == 64) {
                    assertTrue(s[2] < 0.05, "score-gradient relative error " + s[2] + " at M=" + ms[i]);
                }
            }
            // Quadrupling M halves the RMSE (1/√M); a bias-dominated estimator would not.
            assertEquals(2.0, rmse[0] / rmse[1], 0.35);
            assertEquals(2.0, rmse[1] / rmse[2], 0.35);
        }
    }

    @Test
    void posteriorMcWithGlassHasConsistentValueAndPathwiseGradient() {
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(52);
            for (RewardTilt tilt : new RewardTilt[] {LINEAR, QUADRATIC}) {
                for (double t : new double[] {0.6, 0.8}) {
                    PosteriorMcValue est = new PosteriorMcValue(new GlassFlow(GMM, 32, OdeSolver.EULER), GMM.interpolant(), tilt, 256,
                            GradientMode.PATHWISE, new EvaluationCounter());
                    double[] s = stats(est, tilt, t, NEAR, 200, m, rng);
                    assertTrue(Math.abs(s[0]) < 0.04, "value bias " + s[0] + " at t=" + t);
                    assertTrue(s[2] < 0.06, "pathwise gradient relative error " + s[2] + " at t=" + t);
                }
            }
        }
    }

    @Test
    void scoreGradientWorksThroughAMultimodalPosterior() {
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(54);
            PosteriorMcValue est = new PosteriorMcValue(new GlassFlow(GMM, 32, OdeSolver.EULER), GMM.interpolant(), LINEAR, 64,
                    GradientMode.SCORE, new EvaluationCounter());
            double[] s = stats(est, LINEAR, 0.3, BETWEEN, 300, m, rng);
            assertTrue(Math.abs(s[0]) < 0.04, "value bias " + s[0]);
            assertTrue(s[2] < 0.08, "score gradient relative error " + s[2]);
        }
    }

    /** An estimator that must not be asked (the pool answers every row). */
    private static final ValueEstimator NEVER = new ValueEstimator() {
        @Override
        public NDArray value(double t, NDArray x, Rng rng) {
            throw new AssertionError("the pool should have answered every row");
        }

        @Override
        public Autograd.ValueAndGradient valueAndGradient(double t, NDArray x, Rng rng) {
            throw new AssertionError("the pool should have answered every row");
        }

        @Override
        public String describe() {
            return "never";
        }
    };

    /** A pool of {@code k} exact draws of the mixture and their log-tilts, in {@code m}. */
    private static PooledValue pool(NDManager m, RewardTilt tilt, int k, ValueEstimator fallback, Rng rng) {
        NDArray z = GMM.sample(m, k, rng);
        return new PooledValue(z, Tensors.div(tilt.reward().value(z), tilt.temperature()), GMM.interpolant(), fallback,
                ValuePool.DEFAULT_MIN_ESS);
    }

    @Test
    void pooledValueIsTheExactValueWhereThePoolAnswers() {
        // Early and middle times, between the components (multimodal posterior) and near one: with 20,000 exact
        // draws the pool's value and gradient are the closed form's to Monte-Carlo accuracy (measured: value errors
        // below 0.006, gradient errors below 1.5 %); a sign error in either softmax term misses by far more.
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(61);
            for (RewardTilt tilt : new RewardTilt[] {LINEAR, QUADRATIC}) {
                PooledValue est = pool(m, tilt, 20000, NEVER, rng);
                for (double t : new double[] {0.1, 0.3, 0.5}) {
                    for (double[] x : new double[][] {BETWEEN, NEAR}) {
                        double[] s = stats(est, tilt, t, x, 1, m, rng);
                        assertTrue(Math.abs(s[0]) < 0.02, "value error " + s[0] + " at t=" + t);
                        assertTrue(s[2] < 0.05, "gradient relative error " + s[2] + " at t=" + t);
                    }
                }
            }
        }
    }

    @Test
    void rowsThePoolCannotAnswerTakeTheFallbackInOrder() {
        // Far from every draw the kernel weights fall on one draw (ESS 1): those rows, and only those, get the
        // fallback's answer (here the exact value), back in their own places.
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(62);
            ExactValue exact = new ExactValue(GMM, QUADRATIC, new EvaluationCounter());
            PooledValue est = pool(m, QUADRATIC, 4000, exact, rng);
            NDArray x = Fixtures.row(m, BETWEEN[0], BETWEEN[1], 40, -40, NEAR[0], NEAR[1], -50, 10).reshape(4, 2);
            Autograd.ValueAndGradient pooled = est.valueAndGradient(0.6, x, rng);
            Autograd.ValueAndGradient reference = exact.valueAndGradient(0.6, x, rng);
            double[] v = pooled.value().toDoubleArray();
            double[] e = reference.value().toDoubleArray();
            assertEquals(e[1], v[1], 1e-12, "a far row takes the fallback's value");
            assertEquals(e[3], v[3], 1e-12, "a far row takes the fallback's value");
            assertEquals(0, pooled.gradient().get(1).sub(reference.gradient().get(1)).abs().max().getDouble(), 1e-12);
            assertEquals(0, pooled.gradient().get(3).sub(reference.gradient().get(3)).abs().max().getDouble(), 1e-12);
            assertTrue(Math.abs(v[0] - e[0]) > 1e-9 && Math.abs(v[0] - e[0]) < 0.05,
                    "a near row is the pool's own estimate: " + v[0] + " against " + e[0]);
            assertEquals(e[2], v[2], 0.05);
        }
    }

    @Test
    void pluginValueIsBiasedWherePosteriorSpreadMatters() {
        try (NDManager m = Fixtures.manager()) {
            PluginValue tweedie = new PluginValue(PluginValue.tweedie(GMM), QUADRATIC, new EvaluationCounter(), "tweedie");
            double[] s = stats(tweedie, QUADRATIC, 0.3, BETWEEN, 4, m, Rng.of(55));
            assertEquals(Math.abs(s[0]), s[1], 1e-12, "deterministic: every replicate gives the same value");
            assertTrue(Math.abs(s[0]) > 0.05, "Tweedie plug-in should be visibly biased, bias " + s[0]);
        }
    }

    /** r(x)/λ of the test's QUADRATIC reward, −(A x − y)²/(2σ²λ), by hand. */
    private static double quadraticLogTilt(double[] x) {
        double residual = 1.0 * x[0] + 0.5 * x[1] - 0.7;
        return -residual * residual / (2 * 0.5 * 0.5) / 2.0;
    }

    @Test
    void tweediePluginValueIsTheRewardAtTheExactDenoiser() {
        // V̂ = r(D(t, x))/λ with D = E[x₁ | x_t] in closed form, and ∇V̂ its derivative (checked by differences).
        try (NDManager m = Fixtures.manager()) {
            PluginValue tweedie = new PluginValue(PluginValue.tweedie(GMM), QUADRATIC, new EvaluationCounter(), "tweedie");
            double t = 0.4;
            double[][] xs = {BETWEEN, NEAR, {1.2, 0.3}};
            NDArray x = Tensors.fromRows(m, xs);
            double[][] d = Tensors.toRows(GMM.denoiser(Tensors.times(x, t), x));
            Autograd.ValueAndGradient vg = tweedie.valueAndGradient(t, x, Rng.of(1));
            double[][] grad = Tensors.toRows(vg.gradient());
            double h = 1e-6;
            for (int i = 0; i < xs.length; i++) {
                assertEquals(quadraticLogTilt(d[i]), vg.value().getDouble(i), 1e-10, "value at " + i);
                for (int j = 0; j < 2; j++) {
                    double[] up = xs[i].clone();
                    double[] down = xs[i].clone();
                    up[j] += h;
                    down[j] -= h;
                    double fd = (tweedie.value(t, Fixtures.row(m, up), Rng.of(1)).getDouble(0)
                            - tweedie.value(t, Fixtures.row(m, down), Rng.of(1)).getDouble(0)) / (2 * h);
                    assertEquals(fd, grad[i][j], 1e-5, "gradient " + j + " at " + i);
                }
            }
        }
    }

    @Test
    void odeAndFlowMapLookaheadsLandWhereAnAccurateOdeDoes() {
        // The FMTT-like rows: r at X(t, 1, x) from 64 Euler steps and from a flow-map jump (the mixture's ODE flow
        // map), against 1024 Heun steps of the same ODE; both far from the Tweedie value, which is another quantity.
        try (NDManager m = Fixtures.manager()) {
            double t = 0.3;
            NDArray x = Tensors.fromRows(m, new double[][] {BETWEEN, NEAR});
            double[][] end = Tensors.toRows(OdeSolver.HEUN.integrate(GMM, x, t, 1, 1024));
            PluginValue ode = new PluginValue(PluginValue.ode(GMM, 64), QUADRATIC, new EvaluationCounter(), "ode");
            PluginValue map = new PluginValue(PluginValue.flowMap(new OdeFlowMap(GMM, 256, OdeSolver.HEUN)),
                    QUADRATIC, new EvaluationCounter(), "flow-map");
            PluginValue tweedie = new PluginValue(PluginValue.tweedie(GMM), QUADRATIC, new EvaluationCounter(), "tweedie");
            NDArray odeValue = ode.value(t, x, Rng.of(1));
            NDArray mapValue = map.value(t, x, Rng.of(1));
            NDArray tweedieValue = tweedie.value(t, x, Rng.of(1));
            for (int i = 0; i < 2; i++) {
                double exact = quadraticLogTilt(end[i]);
                assertEquals(exact, odeValue.getDouble(i), 0.02, "ODE look-ahead at " + i);
                assertEquals(exact, mapValue.getDouble(i), 1e-3, "flow-map look-ahead at " + i);
            }
            assertTrue(Math.abs(tweedieValue.getDouble(0) - quadraticLogTilt(end[0])) > 0.05,
                    "between modes the denoiser and the ODE end point differ");
        }
    }

    @Test
    void exactValueDividesTheRewardByTheTemperature() {
        // V_t(x) = log E[exp(c·X₁/λ) | x_t] against exact posterior draws, at λ = 2 and λ = 0.5.
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(57);
            double t = 0.5;
            double[] c = {0.8, -0.5};
            NDArray z = GMM.samplePosterior(t, Fixtures.repeatRow(m, BETWEEN, 200_000), rng);
            for (double lambda : new double[] {2.0, 0.5}) {
                RewardTilt tilt = new RewardTilt(new LinearReward(c), lambda);
                double exact = new ExactValue(GMM, tilt, new EvaluationCounter()).value(t, Fixtures.row(m, BETWEEN),
                        rng).getDouble(0);
                double mc = Math.log(tilt.logTilt(z).exp().mean().getDouble());
                assertEquals(mc, exact, 0.01, "λ = " + lambda);
            }
        }
    }

    @Test
    void weightedExactModeIsConsistentAndRewardSoftmaxIsNot() {
        // Spec §7.2's setting: a 1-D Gaussian, whose flow map is affine (A.5), t = 0.6, x_t = 0.9, λ_snr = 1.5.
        // (On a mixture the flow map's Jacobian blows up near the boundary between modes and the pathwise gradient
        // becomes heavy-tailed; the consistency property is about the weights, which this isolates.)
        GaussianMixture g = Fixtures.gaussian1d();
        RewardTilt tilt = new RewardTilt(new MeasurementReward(Operators.matrix(new double[][] {{1.0}}),
                new double[] {1.6}, 0.4), 1.0);
        OdeFlowMap map = new OdeFlowMap(g, 32, OdeSolver.HEUN);
        double t = 0.6;
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(53);
            NDArray xs = Fixtures.repeatRow(m, new double[] {0.9}, 400);
            Autograd.ValueAndGradient exact = new ExactValue(g, tilt, new EvaluationCounter()).valueAndGradient(t,
                    Fixtures.row(m, 0.9), rng);
            Autograd.ValueAndGradient good = new WeightedValue(map, g, tilt, 64, 1.5, WeightedValue.Weighting.EXACT, GradientMode.PATHWISE, 1,
                    new EvaluationCounter()).valueAndGradient(t, xs, rng);
            double v = exact.value().getDouble(0);
            double dv = exact.gradient().getDouble(0);
            double goodBias = good.value().mean().getDouble() - v;
            double goodGrad = good.gradient().mean().getDouble();
            System.out.printf("weighted: V %.4f bias %.4f grad %.4f vs %.4f%n", v, goodBias, goodGrad, dv);
            assertTrue(Math.abs(goodBias) < 0.03, "weighted value bias " + goodBias);
            assertEquals(dv, goodGrad, 0.05 * Math.abs(dv), "weighted gradient");
            NDArray bad = new WeightedValue(map, g, tilt, 64, 1.5, WeightedValue.Weighting.REWARD_SOFTMAX, GradientMode.PATHWISE, 1,
                    new EvaluationCounter()).value(t, xs, rng);
            double badBias = bad.mean().getDouble() - v;
            System.out.printf("reward-softmax bias %.4f%n", badBias);
            assertTrue(Math.abs(badBias) > 0.05 && Math.abs(badBias) > 5 * Math.abs(goodBias),
                    "reward-softmax value bias " + badBias + " vs exact weighting " + goodBias);
        }
    }

    /** The relative error of the mean of 200 weighted-gradient draws at 20 points of p_t, t = 0.5. */
    private static double weightedGradientError(GradientMode mode, int particles, NDManager m) {
        double t = 0.5;
        int points = 20;
        int reps = 200;
        Rng rng = Rng.of(61);
        NDArray x = GMM.transition(0, t, m.zeros(new Shape(points, 2), DataType.FLOAT64), rng);
        NDArray exact = new ExactValue(GMM, QUADRATIC, new EvaluationCounter()).valueAndGradient(t, x, rng).gradient();
        double scale = exact.square().sum(new int[] {1}).sqrt().mean().getDouble();
        NDArray g = new WeightedValue(new OdeFlowMap(GMM, 32, OdeSolver.HEUN), GMM, QUADRATIC, particles, 1.5,
                WeightedValue.Weighting.EXACT, mode, 1, new EvaluationCounter()).valueAndGradient(t, x.repeat(0, reps),
                rng).gradient();
        NDArray mean = g.reshape(points, reps, 2).mean(new int[] {1});
        return mean.sub(exact).square().sum(new int[] {1}).sqrt().mean().getDouble() / scale;
    }

    /**
     * The weighted estimator's default score-identity gradient on a multimodal mixture converges to ∇V with the
     * particles and beats the pathwise (7.7) one, whose flow-map Jacobian is heavy-tailed between the modes. Measured
     * relative errors of the mean: score 0.35 / 0.22 / 0.15 at K = 16 / 64 / 256, pathwise 0.84 / 0.49 / 0.32 (the
     * rest is the self-normalised weights' O(1/K) bias and the trapezoid Γ of (7.5)).
     */
    @Test
    void weightedScoreGradientConvergesOnAMixture() {
        try (NDManager m = Fixtures.manager()) {
            double coarse = weightedGradientError(GradientMode.SCORE, 16, m);
            double fine = weightedGradientError(GradientMode.SCORE, 64, m);
            double pathwise = weightedGradientError(GradientMode.PATHWISE, 64, m);
            String report = "score K=16 " + coarse + ", K=64 " + fine + ", pathwise K=64 " + pathwise;
            assertTrue(fine < 0.75 * coarse && fine < 0.3, report);
            assertTrue(fine < 0.6 * pathwise, report);
        }
    }

    @Test
    void countersSeeEveryModelCall() {
        try (NDManager m = Fixtures.manager()) {
            EvaluationCounter counter = new EvaluationCounter();
            var field = new io.diamondmaps.model.CountingVelocityField(GMM, counter);
            PosteriorMcValue est = new PosteriorMcValue(new GlassFlow(field, 4, OdeSolver.EULER), GMM.interpolant(), LINEAR, 8,
                    GradientMode.PATHWISE, counter);
            est.valueAndGradient(0.5, Fixtures.repeatRow(m, NEAR, 10), Rng.of(1));
            assertEquals(4 * 10 * 8, counter.modelRows());
            assertEquals(4, counter.modelCalls());
        }
    }

    /**
     * Aligners call an estimator every step on their own manager: each call must leave only its result there (the
     * exact value once kept every intermediate, about 4 GB per SMC run at 100k particles).
     */
    @Test
    void everyEstimatorLeavesOnlyItsResultsOnTheCallersManager() {
        ValueSpec.Parts parts = new ValueSpec.Parts(io.diamondmaps.model.load.ModelBundle.of(GMM, "mixture"), GMM,
                new OdeFlowMap(GMM, 8, OdeSolver.HEUN), QUADRATIC, QUADRATIC, new EvaluationCounter());
        ValueSpec[] specs = {new ValueSpec.Exact(), ValueSpec.Plugin.of(ValueSpec.Lookahead.TWEEDIE),
            new ValueSpec.Plugin(ValueSpec.Lookahead.TWEEDIE, Schedule.constant(1), true),
            new ValueSpec.PosteriorMc(new io.diamondmaps.sample.PosteriorSpec.Glass(4, OdeSolver.MIDPOINT),
                    Schedule.constant(4), null, GradientMode.PATHWISE),
            ValueSpec.Weighted.of(Schedule.constant(4), 1.5)};
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(53);
            NDArray x = Fixtures.repeatRow(m, BETWEEN, 16);
            for (ValueSpec spec : specs) {
                ValueEstimator est = spec.create(0, parts);
                int before = m.getManagedArrays().size();
                try (NDArray v = est.value(0.5, x, rng)) {
                    assertEquals(before + 1, m.getManagedArrays().size(), spec.describe() + ": value");
                }
                Autograd.ValueAndGradient vg = est.valueAndGradient(0.5, x, rng);
                assertEquals(before + 2, m.getManagedArrays().size(), spec.describe() + ": value and gradient");
                vg.value().close();
                vg.gradient().close();
            }
        }
    }
}
