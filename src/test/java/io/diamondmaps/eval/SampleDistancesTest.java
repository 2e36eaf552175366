package io.diamondmaps.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.Fixtures;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleDistancesTest {

    @Test
    void energyDistanceOfTwoPointMassesIsTwiceTheirDistance() {
        try (NDManager m = Fixtures.manager()) {
            NDArray a = m.zeros(new Shape(10, 3), DataType.FLOAT64);
            NDArray b = a.add(m.create(new double[] {3, 0, 4}));
            assertEquals(10.0, SampleDistances.energyDistance(a, b), 1e-9);
            assertEquals(0.0, SampleDistances.energyDistance(a, a.duplicate()), 1e-12);
        }
    }

    @Test
    void energyDistanceOfShiftedGaussiansMatchesTheClosedForm() {
        // For N(0,1) vs N(δ,1) in 1-D: 2E|X−Y| − E|X−X'| − E|Y−Y'| with E|N(μ, 2)| = 2φ(μ/√2)√2 + μ(2Φ(μ/√2) − 1).
        double delta = 1.0;
        double s = Math.sqrt(2);
        double z = delta / s;
        double phi = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
        double cdf = 0.5 * (1 + org.hipparchus.special.Erf.erf(z / Math.sqrt(2)));
        double cross = 2 * s * phi + delta * (2 * cdf - 1);
        double within = 2 * s / Math.sqrt(2 * Math.PI);
        try (NDManager m = Fixtures.manager()) {
            Fixtures.seed(41);
            NDArray a = m.randomNormal(0, 1, new Shape(6000, 1), DataType.FLOAT64);
            NDArray b = m.randomNormal(0, 1, new Shape(6000, 1), DataType.FLOAT64).add(delta);
            assertEquals(2 * cross - 2 * within, SampleDistances.energyDistance(a, b), 0.02);
        }
    }

    @Test
    void slicedWassersteinOfAShiftIsItsLengthOverRootD() {
        // W2 of the projections is |θ·s|; E(θ·s)² = |s|²/d for θ uniform on the sphere.
        try (NDManager m = Fixtures.manager()) {
            Fixtures.seed(42);
            NDArray a = m.randomNormal(0, 1, new Shape(4000, 4), DataType.FLOAT64);
            NDArray b = a.add(m.create(new double[] {2, 0, 0, 0}));
            assertEquals(1.0, SampleDistances.slicedWasserstein2(a, b, 4000), 0.03);
            NDArray half = b.get("0:2000");
            assertEquals(1.0, SampleDistances.slicedWasserstein2(a, half, 4000), 0.06);
        }
    }

    @Test
    void mmdSeparatesDifferentLawsAndNotEqualOnes() {
        try (NDManager m = Fixtures.manager()) {
            Fixtures.seed(43);
            NDArray a = m.randomNormal(0, 1, new Shape(3000, 2), DataType.FLOAT64);
            NDArray b = m.randomNormal(0, 1, new Shape(3000, 2), DataType.FLOAT64);
            NDArray c = m.randomNormal(0, 1.3f, new Shape(3000, 2), DataType.FLOAT64);
            double same = SampleDistances.mmd(a, b, 1.0);
            double different = SampleDistances.mmd(a, c, 1.0);
            assertTrue(Math.abs(same) < 2e-3, "same-law MMD " + same);
            assertTrue(different > 10 * Math.abs(same) && different > 5e-3, "different-law MMD " + different);
        }
    }

    @Test
    void metricsDoNotGrowTheCallersManager() {
        try (NDManager m = Fixtures.manager()) {
            NDArray a = m.randomNormal(0, 1, new Shape(2500, 2), DataType.FLOAT32);
            NDArray b = m.randomNormal(0, 1, new Shape(2500, 2), DataType.FLOAT32);
            int before = m.getManagedArrays().size();
            SampleDistances.energyDistance(a, b);
            SampleDistances.mmd(a, b, 1);
            SampleDistances.slicedWasserstein2(a, b, 16);
            assertEquals(before, m.getManagedArrays().size());
        }
    }
}
