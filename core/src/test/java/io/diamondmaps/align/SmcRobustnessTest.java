package io.diamondmaps.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.Fixtures;
import io.diamondmaps.bench.AlignBenchmark;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.load.ModelBundle;
import io.diamondmaps.reward.MeasurementReward;
import io.diamondmaps.reward.Operators;
import io.diamondmaps.reward.RewardTilt;
import io.diamondmaps.sample.TransitionSpec;
import io.diamondmaps.util.Rng;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SMC with a twist sharper than V: the Tweedie plug-in r(D(x))/λ on an 8-D mixture of four components with a sharp
 * two-row measurement (η = 0.25). The plug-in ignores the posterior's spread, so it is deterministic and over-confident
 * (plain twisted SMC keeps 1-5 % ESS after every step). Exact base transitions, so every error is the twist's doing;
 * one output per group, so outputs are independent. One run's distance swings by about 0.05 between seeds, so each
 * number is a mean over {@link #SEEDS} seeds (its standard error about 0.015).
 */
class SmcRobustnessTest {
    private static final GaussianMixture GMM = AlignBenchmark.randomMixture(8, 4, 7);
    private static final RewardTilt TILT = new RewardTilt(new MeasurementReward(Operators.matrix(new double[][] {
        {1, 1, 0, 0, 0, 0, 0, 0}, {0, 0, 1, -1, 0, 0, 0, 0}}), new double[] {1, -1}, 0.25), 1.0);
    private static final int[] PARTICLES = {16, 64, 256};
    private static final int SEEDS = 6;
    private static final int N = 400;

    /** Mean energy distance to the exact tilt over the seeds, per particle count. */
    private static double[] distances(MethodSpec method) {
        double[] out = new double[PARTICLES.length];
        ModelBundle model = ModelBundle.of(GMM, "8-D mixture");
        ValueSpec plugin = ValueSpec.Plugin.of(ValueSpec.Lookahead.TWEEDIE);
        try (NDManager m = Fixtures.manager()) {
            for (int i = 0; i < PARTICLES.length; i++) {
                MethodSpec at = method instanceof MethodSpec.Smc smc
                        ? new MethodSpec.Smc(PARTICLES[i], smc.essThreshold(), smc.resampling(), true, false, 1,
                                smc.twistEss())
                        : new MethodSpec.Sir(PARTICLES[i]);
                AlignmentSpec spec = at instanceof MethodSpec.Sir
                        ? AlignmentSpec.withoutValue(at, new TransitionSpec.Exact(), 8)
                        : new AlignmentSpec(at, plugin, new TransitionSpec.Exact(), 8);
                for (int seed = 0; seed < SEEDS; seed++) {
                    Rng rng = Rng.of(11 + 100 * seed);
                    try (NDArray x = spec.build(model, TILT, new EvaluationCounter()).align(m, new Shape(8), N, rng)
                            .samples()) {
                        out[i] += AlignmentReport.distanceToExactTarget(GMM, TILT, x, rng) / SEEDS;
                    }
                }
            }
        }
        return out;
    }

    @Test
    void temperedTwistsConvergeWithTheParticlesAndKeepUpWithSir() {
        double[] tempered = distances(MethodSpec.Smc.of(1));
        double[] plain = distances(MethodSpec.Smc.of(1).withTwistEss(0));
        double[] sir = distances(new MethodSpec.Sir(1));
        String report = "P " + Arrays.toString(PARTICLES) + ": tempered " + Arrays.toString(tempered) + ", plain "
                + Arrays.toString(plain) + ", SIR " + Arrays.toString(sir);
        System.out.println(report);
        // Measured (untilted: 3.2, floor about 0.01): tempered 0.077, 0.039, 0.009; plain 0.52, 0.92, 0.98 (worse with
        // every particle count); SIR 0.130, 0.038, -0.004. The old default twist ESS 0.3 fails the SIR check (0.170
        // and 0.063 at 16 and 64 particles).
        for (int i = 0; i < PARTICLES.length; i++) {
            assertTrue(plain[i] > 0.3, "the negative control: plain twisted SMC collapses; " + report);
            assertTrue(tempered[i] < plain[i] / 4, report);
            assertTrue(tempered[i] < sir[i] + 0.03, "tempered SMC is not worse than SIR; " + report);
            if (i > 0) {
                assertTrue(tempered[i] < tempered[i - 1] + 0.01, "tempered SMC does not get worse; " + report);
            }
        }
        assertTrue(tempered[2] < tempered[0] / 4, "tempered SMC converges with the particles; " + report);
    }
}
