package io.diamondmaps.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every example runs, on a configuration small enough for the test suite, and does what its documentation says:
 * a broken API, a changed default or a wrong snippet in the README fails here.
 */
class ExamplesTest {
    /** A module the core tests also use: the velocity of a three-component 2-D mixture. */
    private static final Path MODULE = Path.of("core/src/test/resources/torchscript/mixture_velocity.pt");

    @Test
    void smcWithTheDefaultsAlignsTheMixture() {
        AlignMixture.Outcome o = AlignMixture.align(1000, 42);
        // Measured 0.0009 at 1,000 samples, 175 NFE per sample (two exact draws differ by about 0.002).
        assertTrue(o.distance() < 0.02, "distance " + o.distance());
        assertFalse(o.reliability().untrusted(), o.reliability().warning());
        AlignMixture.main(new String[] {"200", "1"});
    }

    @Test
    void guidanceMovesATorchScriptModelTowardsAJavaReward() throws IOException {
        double[] f = TorchScriptWithJavaReward.align(MODULE, 300, 7);
        // Measured at 300 samples: 100 % of guided samples above the threshold, 46 % of unguided ones.
        assertTrue(f[0] > f[1] + 0.2, "guided " + f[0] + ", unguided " + f[1]);
    }

    @Test
    void distilledDiamondValuesAlign() throws IOException {
        double[] d = DistilDiamondValues.distilAndAlign(1500, 1000, 3);
        // SMC is consistent whatever its values: a short distillation still lands near the target, far from untilted
        // (measured 0.0014 against 2.19, 9 s).
        assertTrue(d[0] < 0.03 && d[0] < d[1] / 10, "aligned " + d[0] + ", untilted " + d[1]);
    }
}
