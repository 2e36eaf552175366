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
 * one output per group, so outputs are independent.
 */
class SmcRobustnessTest {
    private static final GaussianMixture GMM = AlignBenchmark.randomMixture(8, 4, 7);
    private static final RewardTilt TILT = new RewardTilt(new MeasurementReward(Operators.matrix(new double[][] {
        {1, 1, 0, 0, 0, 0, 0, 0}, {0, 0, 1, -1, 0, 0, 0, 0}}), new double[] {1, -1}, 0.25), 1.0);
    private static final int[] PARTICLES = {16, 64, 256};
    private static final int N = 400;

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
                Rng rng = Rng.of(11);
                NDArray x = spec.build(model, TILT, new EvaluationCounter()).align(m, new Shape(8), N, rng).samples();
                out[i] = AlignmentReport.distanceToExactTarget(GMM, TILT, x, rng);
            }
        }
        return out;
    }

    @Test
    void temperedTwistsConvergeWithTheParticlesWherePlainTwistsCollapse() {
        double[] tempered = distances(MethodSpec.Smc.of(1));
        double[] plain = distances(MethodSpec.Smc.of(1).withTwistEss(0));
        double[] sir = distances(new MethodSpec.Sir(1));
        String report = "P " + Arrays.toString(PARTICLES) + ": tempered " + Arrays.toString(tempered) + ", plain "
                + Arrays.toString(plain) + ", SIR " + Arrays.toString(sir);
        System.out.println(report);
        // Measured (untilted: 3.2, floor about 0.01): tempered 0.124, 0.056, 0.007; plain 0.45, 0.71, 1.03 (worse with
        // every particle count); SIR 0.134, 0.032, 0.001. At 64 particles tempered SMC is still 0.02 behind SIR.
        for (int i = 1; i < PARTICLES.length; i++) {
            assertTrue(plain[i] > 0.3, "the negative control: plain twisted SMC collapses; " + report);
            assertTrue(tempered[i] < plain[i] / 4, report);
        }
        assertTrue(tempered[2] < tempered[0] / 4, "tempered SMC converges with the particles; " + report);
        assertTrue(tempered[2] < sir[2] + 0.02, report);
    }
}
