package io.diamondmaps.bench;

import ai.djl.ndarray.NDManager;
import io.diamondmaps.Fixtures;
import io.diamondmaps.model.CountingVelocityField;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.load.ModelBundle;
import io.diamondmaps.model.neural.DiamondNetwork;
import io.diamondmaps.sample.DiamondSampler;
import io.diamondmaps.sample.GlassFlow;
import io.diamondmaps.sample.OdeSolver;
import io.diamondmaps.train.DiamondLoss;
import io.diamondmaps.train.Teacher;
import io.diamondmaps.util.Rng;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A one-call Posterior Diamond Map distilled with the defaults of {@code train diamond} (its steps, the teacher's own
 * data at the default component balance) from a 4-D mixture with a rare component (4 %), at states x_t next to that
 * component: within 1.5× of GLASS-8's energy distance to exact posterior draws at t = 0.3 and 0.6. Measured with
 * `bench diamond-rare`: the earlier defaults (5000 steps, the mixture's own weights) gave 0.79× and 2.45×, balanced
 * data alone 0.40× and 2.05×.
 */
class RareModeDistillationTest {
    @Test
    void oneCallMapKeepsUpWithGlassNextToARareComponent() throws IOException {
        GaussianMixture gmm = RareModeBenchmark.fourD().gmm();
        try (NDManager m = Fixtures.manager()) {
            Teacher teacher = new Teacher("gmm:rare", ModelBundle.of(gmm, "gmm:rare"));
            DiamondNetwork map = DiamondBenchmark.distil(gmm, teacher.data(null, null, null, m),
                    DiamondLoss.DEFAULT_STEPS, 42, m, ProgressReporter.SILENT);
            Rng rng = Rng.of(42);
            for (double t : new double[] {0.3, 0.6}) {
                double[][] states = RareModeBenchmark.statesNearRareComponent(gmm, t, 4, m, rng);
                double glass = DiamondBenchmark.average(gmm, t, states,
                        c -> new GlassFlow(new CountingVelocityField(gmm, c), 8, OdeSolver.EULER), 2000, 42, m)[0];
                double diamond = DiamondBenchmark.average(gmm, t, states, c -> new DiamondSampler(map, 1, c), 2000,
                        42, m)[0];
                System.out.printf("t=%.1f: one-call Diamond %.4f, GLASS-8 %.4f%n", t, diamond, glass);
                assertTrue(diamond < 1.5 * glass, "t=" + t + ": one-call Diamond " + diamond + " vs GLASS-8 " + glass);
            }
        }
    }
}
