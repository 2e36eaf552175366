package io.diamondmaps.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.Fixtures;
import io.diamondmaps.model.Moments;
import io.diamondmaps.util.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrechetDistanceTest {
    @Test
    void oneDimensionalGaussiansGiveMeanAndStandardDeviationGaps() {
        Moments a = new Moments(new double[] {1}, new double[][] {{4}});
        Moments b = new Moments(new double[] {-2}, new double[][] {{9}});
        assertEquals(9 + 1, FrechetDistance.between(a, b), 1e-12);
        assertEquals(0, FrechetDistance.between(a, a), 1e-12);
    }

    @Test
    void nonFiniteFeaturesAreRejectedWithTheReason() {
        Moments ok = new Moments(new double[] {0}, new double[][] {{1}});
        Moments diverged = new Moments(new double[] {0}, new double[][] {{Double.POSITIVE_INFINITY}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FrechetDistance.between(ok, diverged));
        assertTrue(e.getMessage().contains("feature covariances"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> FrechetDistance.between(new Moments(new double[] {Double.NaN}, new double[][] {{1}}), ok));
    }

    @Test
    void nonCommutingCovariancesMatchTheTwoByTwoClosedForm() {
        // For 2×2 PSD M, tr √M = √(tr M + 2√det M); with M = A^{1/2} B A^{1/2}: tr M = tr AB, det M = det A det B.
        double[][] a = {{1, 0}, {0, 4}};
        double c = Math.cos(0.7);
        double s = Math.sin(0.7);
        double[][] b = {{c * c + 9 * s * s, c * s - 9 * c * s}, {c * s - 9 * c * s, s * s + 9 * c * c}};
        double trAB = a[0][0] * b[0][0] + a[1][1] * b[1][1];
        double detA = 4;
        double detB = b[0][0] * b[1][1] - b[0][1] * b[1][0];
        double expected = 1 + (5 + 10) - 2 * Math.sqrt(trAB + 2 * Math.sqrt(detA * detB));
        Moments ma = new Moments(new double[] {0, 0.5}, a);
        Moments mb = new Moments(new double[] {0, -0.5}, b);
        assertEquals(expected, FrechetDistance.between(ma, mb), 1e-10);
        assertEquals(expected, FrechetDistance.between(mb, ma), 1e-10, "symmetric");
    }

    @Test
    void samplesOfOneGaussianGiveNearZeroAndAShiftGivesItsSquare() {
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(3);
            NDArray x = rng.normal(m, new Shape(20000, 4), DataType.FLOAT64);
            NDArray y = rng.normal(m, new Shape(20000, 4), DataType.FLOAT64);
            double same = FrechetDistance.between(x, y);
            assertEquals(0, same, 0.01);
            // A shift s changes only the mean term: FD(x, y + s) − FD(x, y) = ‖μx − μy − s‖² − ‖μx − μy‖² exactly.
            double[] dm = x.mean(new int[] {0}).sub(y.mean(new int[] {0})).toDoubleArray();
            double change = 0;
            for (double v : dm) {
                change += (v - 0.5) * (v - 0.5) - v * v;
            }
            double shifted = FrechetDistance.between(x, y.add(0.5));
            assertEquals(change, shifted - same, 1e-9);
            // Sampling noise of the mean term is 2·0.5·√(4·2/n) = 0.02; 3σ.
            assertEquals(4 * 0.25, shifted, 0.06);
        }
    }
}
