package io.diamondmaps.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.diamondmaps.Fixtures;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.reward.LinearReward;
import io.diamondmaps.reward.RewardTilt;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reliability rules on runs whose diagnostics are set by hand. */
class ReliabilityTest {
    private static final RewardTilt TILT = new RewardTilt(new LinearReward(new double[] {1}), 1);

    private static AlignmentSummary smc(double finalEss, double... logZ) {
        try (NDManager m = Fixtures.manager()) {
            NDArray samples = m.zeros(new ai.djl.ndarray.types.Shape(logZ.length, 1));
            List<StepDiagnostics> steps = List.of(new StepDiagnostics(0.5, 0.9, 10, true, 0, 0),
                    new StepDiagnostics(1, finalEss, 10, true, 0, 0));
            AlignmentSummary s = AlignmentSummary.of(new AlignmentResult(samples, new EvaluationCounter(), steps, 1,
                    logZ));
            s.addRewards(samples.get(":, 0"));
            return s;
        }
    }

    @Test
    void smcIsUntrustedWhenItsGroupsDisagreeOrItsFinalWeightsDegenerate() {
        double[] agree = {1.0, 1.1, 0.9, 1.05, 0.95, 1.0, 1.02, 0.98};
        double[] scatter = {1.0, 3.1, -0.9, 1.05, 2.95, -1.0, 1.02, 0.98};
        assertFalse(Reliability.assess(smc(0.8, agree), TILT).untrusted());
        Reliability spread = Reliability.assess(smc(0.8, scatter), TILT);
        assertTrue(spread.untrusted() && spread.warning().contains("spread by"), spread.warning());
        // Four groups say too little about their spread; the final ESS still speaks.
        assertFalse(Reliability.assess(smc(0.8, 1.0, 3.1, -0.9, 2.0), TILT).untrusted());
        Reliability degenerate = Reliability.assess(smc(0.1, agree), TILT);
        assertTrue(degenerate.untrusted() && degenerate.warning().contains("final weights"), degenerate.warning());
    }

    private static Reliability guidance(double[] samples, double[] checkRewards) {
        return Reliability.assess(guidanceSummary(samples, checkRewards), TILT);
    }

    /**
     * Linear reward r = x, λ = 1, base N(0, 1): the tilted target is N(1, 1), mean reward 1. Check draws from the base
     * estimate it by importance weights.
     */
    @Test
    void guidanceIsCheckedAgainstImportanceWeightedUnguidedDraws() {
        java.util.Random r = new java.util.Random(3);
        double[] base = new double[256];
        for (int i = 0; i < base.length; i++) {
            base[i] = r.nextGaussian();
        }
        double[] onTarget = new double[1000];
        double[] offTarget = new double[1000];
        for (int i = 0; i < onTarget.length; i++) {
            onTarget[i] = 1 + r.nextGaussian();
            offTarget[i] = -1 + r.nextGaussian();
        }
        assertFalse(guidance(onTarget, base).untrusted());
        Reliability off = guidance(offTarget, base);
        // Off by two standard deviations: the reward laws and their means both disagree.
        assertTrue(off.untrusted() && off.warning().contains("distributed unlike the target's"), off.warning());
        double[] narrow = new double[1000];
        for (int i = 0; i < narrow.length; i++) {
            narrow[i] = 1 + 0.05 * r.nextGaussian();
        }
        // The right mean with a tenth of the spread: only the distributions disagree.
        Reliability collapsed = guidance(narrow, base);
        assertTrue(collapsed.untrusted() && collapsed.warning().contains("Kolmogorov"), collapsed.warning());
        // Draws that never come near the target cannot check it.
        double[] far = new double[256];
        far[0] = 20;
        for (int i = 1; i < far.length; i++) {
            far[i] = -5 + 0.01 * r.nextGaussian();
        }
        Reliability unknown = guidance(onTarget, far);
        assertTrue(unknown.untrusted() && unknown.warning().contains("cannot be checked"), unknown.warning());
    }

    private static AlignmentSummary guidanceSummary(double[] samples, double[] checkRewards) {
        try (NDManager m = Fixtures.manager()) {
            NDArray x = m.create(samples).reshape(samples.length, 1);
            AlignmentSummary s = AlignmentSummary.of(new AlignmentResult(x, new EvaluationCounter(), List.of(), 1,
                    new double[0], checkRewards));
            s.addRewards(x.get(":, 0"));
            return s;
        }
    }
}
