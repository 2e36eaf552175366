package io.diamondmaps.align;

import ai.djl.ndarray.NDManager;
import io.diamondmaps.Fixtures;
import io.diamondmaps.model.EvaluationCounter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Chunks fold into the summary one run of all their samples would give. */
class AlignmentSummaryTest {
    @Test
    void chunksAverageTheirDiagnosticsBySamplesAndKeepEveryNormaliser() {
        try (NDManager m = Fixtures.manager()) {
            EvaluationCounter counter = new EvaluationCounter();
            AlignmentSummary s = new AlignmentSummary(counter);
            s.add(new AlignmentResult(m.zeros(new ai.djl.ndarray.types.Shape(30, 2)), counter,
                    List.of(new StepDiagnostics(0.5, 0.9, 4, false, -1, 2)), 1.5, new double[] {-1, -2}));
            s.add(new AlignmentResult(m.zeros(new ai.djl.ndarray.types.Shape(10, 2)), counter,
                    List.of(new StepDiagnostics(0.5, 0.5, 8, true, -3, 6)), 0.5, new double[] {-3}));
            s.addRewards(m.create(new double[] {1, 1, 1}));
            s.addRewards(m.create(new double[] {5}));
            assertEquals(40, s.samples());
            assertEquals(2.0, s.seconds(), 1e-12);
            StepDiagnostics d = s.steps().get(0);
            assertEquals(0.8, d.essFraction(), 1e-12);
            assertEquals(5, d.uniqueAncestors(), 1e-12);
            assertTrue(d.resampled());
            assertEquals(-1.5, d.logNormaliser(), 1e-12);
            assertEquals(3, d.meanValue(), 1e-12);
            assertArrayEquals(new double[] {-1, -2, -3}, s.groupLogNormalisers());
            assertEquals(2, s.meanReward(), 1e-12);
        }
    }
}
