package io.diamondmaps.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.Fixtures;
import io.diamondmaps.align.Aligner;
import io.diamondmaps.align.AlignmentResult;
import io.diamondmaps.align.ExactValue;
import io.diamondmaps.align.GradientMode;
import io.diamondmaps.align.Guidance;
import io.diamondmaps.align.PosteriorMcValue;
import io.diamondmaps.align.Resampling;
import io.diamondmaps.align.Schedule;
import io.diamondmaps.align.Smc;
import io.diamondmaps.align.ValueEstimator;
import io.diamondmaps.data.ToyDatasets;
import io.diamondmaps.eval.SampleDistances;
import io.diamondmaps.eval.SampleStatistics;
import io.diamondmaps.model.CountingVelocityField;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.Moments;
import io.diamondmaps.model.PosteriorSampler;
import io.diamondmaps.model.StochasticTransition;
import io.diamondmaps.model.neural.DiamondMlp;
import io.diamondmaps.model.neural.DiamondNetwork;
import io.diamondmaps.model.neural.MapMlp;
import io.diamondmaps.model.neural.NeuralModels;
import io.diamondmaps.reward.MeasurementReward;
import io.diamondmaps.reward.Operators;
import io.diamondmaps.reward.RewardTilt;
import io.diamondmaps.sample.DiamondSampler;
import io.diamondmaps.sample.GlassFlow;
import io.diamondmaps.sample.OdeSolver;
import io.diamondmaps.sample.RenoiseTransition;
import io.diamondmaps.sample.TimeGrid;
import io.diamondmaps.util.Rng;
import io.diamondmaps.util.Tensors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Posterior Diamond Map distilled (6000 steps, about a minute) from the exact 2-D mixture's GLASS flow, checked
 * against the exact posterior and DDPM transition, and as the value estimator of SMC and guidance.
 */
class DiamondDistillationTest {
    private static final GaussianMixture GMM = Fixtures.mixture2d();
    private static final int N = 6000;
    /** A measurement that favours the small third component, as in the aligner tests. */
    private static final MeasurementReward MEASUREMENT = new MeasurementReward(
            Operators.matrix(new double[][] {{1.0, 0.5}}), new double[] {-0.6}, 0.3);

    @TempDir
    static Path dir;

    private static NDManager manager;
    private static DiamondNetwork diamond;

    @BeforeAll
    static void distil() throws IOException {
        manager = Fixtures.manager();
        Rng rng = Rng.of(61);
        DiamondMlp student = new DiamondMlp(new MapMlp.Config(2, 128, 3), GMM.interpolant(), manager);
        DiamondLoss loss = new DiamondLoss(student, GMM, DataType.FLOAT64, "gmm:test", DiamondLoss.Config.posterior());
        TrainingConfig cfg = TrainingConfig.builder(TrainingConfig.Objective.LSD).steps(6000).emaDecay(0.99)
                .checkpointEvery(6000).seed(5).build();
        Path ckpt = dir.resolve("diamond.ckpt");
        new Trainer(loss, ToyDatasets.mixture(GMM, "gmm"), cfg, ckpt, manager).train(step -> { });
        diamond = NeuralModels.loadDiamond(ckpt, manager);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** Relative mean and covariance errors and the energy distance of posterior draws at (t, x). */
    static double[] posteriorErrors(GaussianMixture gmm, PosteriorSampler sampler, double t, double[] x, long seed) {
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(seed);
            NDArray xt = Fixtures.repeatRow(m, x, N);
            NDArray s = sampler.samplePosterior(t, xt, rng).toType(DataType.FLOAT64, false);
            Moments exact = gmm.transitionMoments(t, 1, x);
            NDArray reference = gmm.samplePosterior(t, xt, rng);
            double trace = exact.covariance()[0][0] + exact.covariance()[1][1];
            return new double[] {SampleDistances.meanError(s, exact) / Math.sqrt(trace),
                SampleDistances.covarianceError(s, exact) / trace,
                SampleDistances.energyDistance(s.get("0:3000"), reference.get("0:3000"))};
        }
    }

    private static final double[][] POINTS = {{0.3, -0.2}, {-1.0, 0.4}, {1.2, 1.1}};
    private static final double[] TIMES = {0.2, 0.5, 0.8};

    /**
     * Which of the three checks one-jump draws of {@code map} pass at point i: energy distance and covariance error at
     * most about GLASS-8's, the mean within 0.15 of the posterior's scale √tr Σ (or twice GLASS-8's error).
     */
    private static boolean[] checks(GaussianMixture gmm, DiamondNetwork map, int i) {
        return checks(gmm, map, TIMES[i], POINTS[i], i);
    }

    /** {@link #checks(GaussianMixture, DiamondNetwork, int)} at the state (t, x), seeds from {@code i}. */
    static boolean[] checks(GaussianMixture gmm, DiamondNetwork map, double t, double[] x, int i) {
        double[] d = posteriorErrors(gmm, new DiamondSampler(map, 1), t, x, 70 + i);
        double[] g = posteriorErrors(gmm, new GlassFlow(gmm, 8, OdeSolver.EULER), t, x, 80 + i);
        System.out.printf("t=%.1f: diamond 1 jump %s vs GLASS 8 steps %s%n", t, Arrays.toString(d),
                Arrays.toString(g));
        return new boolean[] {d[2] < 2 * g[2] + 2e-3, d[1] < 2 * g[1] + 0.02, d[0] < Math.max(2 * g[0], 0.15)};
    }

    @Test
    void oneJumpPosteriorMatchesTheExactPosteriorAsWellAsEightStepGlass() {
        for (int i = 0; i < POINTS.length; i++) {
            assertArrayEquals(new boolean[] {true, true, true}, checks(GMM, diamond, i),
                    "energy, covariance and mean checks at t=" + TIMES[i]);
        }
    }

    /** The negative control: the same checks on an untrained map (Y = x̄, its output layer zero) fail. */
    @Test
    void anUntrainedMapFailsTheSameChecks() {
        try (NDManager m = manager.newSubManager()) {
            DiamondMlp untrained = new DiamondMlp(new MapMlp.Config(2, 128, 3), GMM.interpolant(), m);
            for (int i = 0; i < POINTS.length; i++) {
                boolean[] passed = checks(GMM, untrained, i);
                assertFalse(passed[0] || passed[1], "an untrained map passed a check at t=" + TIMES[i] + ": "
                        + Arrays.toString(passed));
            }
        }
    }

    /** Cov of (x_t, x_{t'}) (4×4) for x_t ~ p_t and x_{t'} from {@code kernel}. */
    private static double[][] jointCovariance(StochasticTransition kernel, double t, double tn, NDManager m,
            Rng rng) {
        NDArray x1 = GMM.sample(m, 100_000, rng);
        NDArray noise = rng.normal(m, x1.getShape(), x1.getDataType());
        NDArray xt = GMM.interpolant().interpolate(Tensors.times(x1, t), noise, x1);
        NDArray next = kernel.transition(t, tn, xt, rng).toType(DataType.FLOAT64, false);
        return SampleStatistics.moments(xt.concat(next, 1)).covariance();
    }

    private static double maxDifference(double[][] a, double[][] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                worst = Math.max(worst, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return worst;
    }

    @Test
    void earlyStopTransitionsReproduceTheDdpmJointCovariance() {
        try (NDManager m = manager.newSubManager()) {
            for (double[] tt : new double[][] {{0.3, 0.6}, {0.6, 0.9}}) {
                Rng rng = Rng.of(100);
                double[][] exact = jointCovariance(GMM, tt[0], tt[1], m, rng);
                double[][] twoJumps = jointCovariance(new DiamondSampler(diamond, 2), tt[0], tt[1], m, rng);
                double[][] renoise = jointCovariance(new RenoiseTransition(GMM.interpolant(),
                        new DiamondSampler(diamond, 2)), tt[0], tt[1], m, rng);
                String where = String.format("t=%.1f -> %.1f: diamond %.4f, renoise %.4f", tt[0], tt[1],
                        maxDifference(twoJumps, exact), maxDifference(renoise, exact));
                System.out.println(where);
                // The sampling noise of one entry at 100 000 pairs is about 0.006.
                assertTrue(maxDifference(twoJumps, exact) < 0.03, where);
                if (tt[0] == 0.3) {
                    // Predict-then-renoise drops the DDPM noise correlation (ρ = 0): the same check must fail.
                    assertTrue(maxDifference(renoise, exact) > 0.06, where);
                }
            }
        }
    }

    private static PosteriorMcValue diamondValue(RewardTilt tilt, GradientMode mode,
            EvaluationCounter counter) {
        return new PosteriorMcValue(new DiamondSampler(diamond, 1, counter),
                GMM.interpolant(), tilt, 4, mode, counter);
    }

    private static PosteriorMcValue glassValue(int inner, RewardTilt tilt, GradientMode mode,
            EvaluationCounter counter) {
        return new PosteriorMcValue(new GlassFlow(new CountingVelocityField(GMM, counter), inner, OdeSolver.EULER), GMM.interpolant(),
                tilt, 4, mode, counter);
    }

    /** Energy distance of {@code n} samples of {@code aligner} to the tilted target, and NFE per sample. */
    private static double[] distance(Aligner aligner, RewardTilt tilt, long seed, int n, NDManager m) {
        Rng rng = Rng.of(seed);
        AlignmentResult r = aligner.align(m, new Shape(2), n, rng);
        NDArray exact = ExactValue.tiltedTarget(GMM, tilt).sample(m, n, rng);
        return new double[] {SampleDistances.energyDistance(r.samples(), exact), r.nfePerSample()};
    }

    /** 32-step guidance (exact base), 2000 samples, with the value estimator {@code value} builds on its counter. */
    private static double[] guidanceDistance(Function<EvaluationCounter, ValueEstimator> value, RewardTilt tilt,
            long seed, NDManager m) {
        EvaluationCounter counter = new EvaluationCounter();
        return distance(new Guidance(GMM, value.apply(counter), GMM.interpolant(), counter, TimeGrid.uniform(32),
                Guidance.Scale.KAPPA, Schedule.constant(1)), tilt, seed, 2000, m);
    }

    @Test
    void guidanceWithOneJumpDiamondValuesMatchesEightStepGlassValues() {
        RewardTilt soft = new RewardTilt(MEASUREMENT, 1.0);
        GradientMode score = GradientMode.SCORE;
        double diamondTotal = 0;
        double glassTotal = 0;
        try (NDManager m = manager.newSubManager()) {
            for (long seed = 1; seed <= 2; seed++) {
                double[] d = guidanceDistance(c -> diamondValue(soft, score, c), soft, seed, m);
                double[] g = guidanceDistance(c -> glassValue(8, soft, score, c), soft, seed, m);
                System.out.printf("guidance seed %d: diamond 1 jump NFE %.0f distance %.4f | GLASS 8 NFE %.0f "
                        + "distance %.4f%n", seed, d[1], d[0], g[1], g[0]);
                assertTrue(d[1] * 7 < g[1], "a Diamond value costs an eighth of the GLASS-8 one");
                diamondTotal += d[0];
                glassTotal += g[0];
            }
        }
        // With the score-identity gradient: measured 0.022 and 0.024 vs GLASS-8's 0.036 and 0.042 (noise about
        // 0.005). The pathwise gradient through the map gives 0.064 and 0.044 (GLASS-8: 0.021, 0.008): the map's
        // Jacobian is poor at late t, where the stochastic base takes its tilt at the step's end.
        assertTrue(diamondTotal < glassTotal + 0.02, "diamond " + diamondTotal / 2 + " vs GLASS-8 " + glassTotal / 2);
    }

    /**
     * 6-step SMC (32 particles, exact base), 3200 samples. Plain twisted SMC (no tempering), so that the distance
     * measures the value estimates themselves: tempered twists rescue a poor estimate by flattening it towards SIR.
     */
    private static double[] smcDistance(Function<EvaluationCounter, ValueEstimator> value, RewardTilt tilt, long seed,
            NDManager m) {
        EvaluationCounter counter = new EvaluationCounter();
        return distance(new Smc(GMM, value.apply(counter), tilt, counter, new Smc.Config(TimeGrid.uniform(6), 32, 0.5,
                Resampling.SYSTEMATIC, false, 0)), tilt, seed, 3200, m);
    }

    @Test
    void smcWithDiamondValuesBeatsGlassValuesAtTheSameAndAtTwiceTheCost() {
        // A sharp reward (temperature 0.1): the value estimates steer most of the resampling.
        RewardTilt sharp = new RewardTilt(MEASUREMENT, 0.1);
        GradientMode score = GradientMode.SCORE;
        double[] total = new double[3];
        try (NDManager m = manager.newSubManager()) {
            for (long seed = 1; seed <= 4; seed++) {
                double[] d = smcDistance(c -> diamondValue(sharp, score, c), sharp, seed, m);
                double[] g1 = smcDistance(c -> glassValue(1, sharp, score, c), sharp, seed, m);
                double[] g2 = smcDistance(c -> glassValue(2, sharp, score, c), sharp, seed, m);
                System.out.printf("SMC seed %d: diamond 1 jump NFE %.0f distance %.4f | GLASS 1 NFE %.0f %.4f | "
                        + "GLASS 2 NFE %.0f %.4f%n", seed, d[1], d[0], g1[1], g1[0], g2[1], g2[0]);
                assertEquals(g1[1], d[1], 1e-9, "one jump costs one Euler step");
                total[0] += d[0];
                total[1] += g1[0];
                total[2] += g2[0];
            }
        }
        // Measured on the first two seeds: 0.08, 0.06 (Diamond) vs 0.30, 0.23 (GLASS 1) and 0.07, 0.12 (GLASS 2).
        assertTrue(total[0] < 0.5 * total[1], "same NFE: diamond " + total[0] / 4 + " vs GLASS-1 " + total[1] / 4);
        assertTrue(total[0] < total[2], "half the NFE: diamond " + total[0] / 4 + " vs GLASS-2 " + total[2] / 4);
    }
}
