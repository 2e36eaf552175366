package io.diamondmaps.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.Fixtures;
import io.diamondmaps.util.Rng;
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
        // Quantile grids Φ⁻¹((i + ½)/n) instead of random draws: the estimate then converges far faster than a Monte
        // Carlo one (whose spread at n = 6000 is about 0.02), so a tight tolerance tests the formula itself.
        int n = 4000;
        double[] q = new double[n];
        org.hipparchus.distribution.continuous.NormalDistribution normal =
                new org.hipparchus.distribution.continuous.NormalDistribution();
        for (int i = 0; i < n; i++) {
            q[i] = normal.inverseCumulativeProbability((i + 0.5) / n);
        }
        try (NDManager m = Fixtures.manager()) {
            NDArray a = m.create(q).reshape(n, 1);
            NDArray b = a.add(delta);
            assertEquals(2 * cross - 2 * within, SampleDistances.energyDistance(a, b), 2e-3);
        }
    }

    /** Φ⁻¹((i + ½)/n): n standard normal quantiles, a deterministic stand-in for n draws. */
    private static double[] normalQuantiles(int n) {
        org.hipparchus.distribution.continuous.NormalDistribution normal =
                new org.hipparchus.distribution.continuous.NormalDistribution();
        double[] q = new double[n];
        for (int i = 0; i < n; i++) {
            q[i] = normal.inverseCumulativeProbability((i + 0.5) / n);
        }
        return q;
    }

    @Test
    void slicedWassersteinIsTheDistanceNotItsSquare() {
        // In 1-D every slice is ±the line itself: W2(N(0, 1), N(δ, s²)) = √(δ² + (1 − s)²) = √2 for δ = 1, s = 2
        // (the square would be 2).
        double[] q = normalQuantiles(4000);
        double[] shifted = new double[q.length];
        for (int i = 0; i < q.length; i++) {
            shifted[i] = 1 + 2 * q[i];
        }
        try (NDManager m = Fixtures.manager()) {
            double w2 = SampleDistances.slicedWasserstein2(m.create(q).reshape(-1, 1), m.create(shifted).reshape(-1, 1),
                    8, Rng.of(1));
            assertEquals(Math.sqrt(2), w2, 5e-3);
        }
    }

    @Test
    void mmdWithTheGaussianKernelMatchesTheClosedForm() {
        // k(x, y) = exp(−(x − y)²/(2h²)); for N(0, 1) vs N(δ, 1) in 1-D,
        // MMD² = 2·√(h²/(h² + 2))·(1 − exp(−δ²/(2(h² + 2)))): 0.1329 for h = 0.5, δ = 1.
        double h = 0.5;
        double delta = 1;
        double expected = 2 * Math.sqrt(h * h / (h * h + 2)) * (1 - Math.exp(-delta * delta / (2 * (h * h + 2))));
        double[] q = normalQuantiles(3000);
        try (NDManager m = Fixtures.manager()) {
            NDArray a = m.create(q).reshape(-1, 1);
            assertEquals(expected, SampleDistances.mmd(a, a.add(delta), h), 2e-3);
        }
    }

    @Test
    void slicedWassersteinOfAShiftIsItsLengthOverRootD() {
        // W2 of the projections is |θ·s|; E(θ·s)² = |s|²/d for θ uniform on the sphere.
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(42);
            NDArray a = rng.normal(m, new Shape(4000, 4), DataType.FLOAT64);
            NDArray b = a.add(m.create(new double[] {2, 0, 0, 0}));
            assertEquals(1.0, SampleDistances.slicedWasserstein2(a, b, 4000, rng), 0.03);
            NDArray half = b.get("0:2000");
            assertEquals(1.0, SampleDistances.slicedWasserstein2(a, half, 4000, rng), 0.06);
        }
    }

    @Test
    void mmdSeparatesDifferentLawsAndNotEqualOnes() {
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(43);
            NDArray a = rng.normal(m, new Shape(3000, 2), DataType.FLOAT64);
            NDArray b = rng.normal(m, new Shape(3000, 2), DataType.FLOAT64);
            NDArray c = rng.normal(m, 1.3f, new Shape(3000, 2), DataType.FLOAT64);
            double same = SampleDistances.mmd(a, b, 1.0);
            double different = SampleDistances.mmd(a, c, 1.0);
            assertTrue(Math.abs(same) < 2e-3, "same-law MMD " + same);
            assertTrue(different > 10 * Math.abs(same) && different > 5e-3, "different-law MMD " + different);
        }
    }

    @Test
    void kernelDistanceIsTheUnbiasedCubicKernelMmd() {
        try (NDManager m = Fixtures.manager()) {
            // Two point masses: every kernel mean is one value, k(a, b) = (a·b/d + 1)³ with d = 2.
            NDArray a = m.create(new double[] {1, 2}).reshape(1, 2).repeat(0, 5);
            NDArray b = m.create(new double[] {-1, 0.5}).reshape(1, 2).repeat(0, 7);
            double kaa = Math.pow(5 / 2.0 + 1, 3);
            double kbb = Math.pow(1.25 / 2 + 1, 3);
            double kab = Math.pow(0 / 2.0 + 1, 3);
            assertEquals(kaa + kbb - 2 * kab, SampleDistances.kernelDistance(a, b), 1e-9);
            // Two samples of one law: zero on average. Keeping the diagonal would add about 2·(11.5 − 1.75)/50 = 0.39.
            Rng rng = Rng.of(5);
            double mean = 0;
            for (int r = 0; r < 40; r++) {
                mean += SampleDistances.kernelDistance(rng.normal(m, new Shape(50, 4), DataType.FLOAT64),
                        rng.normal(m, new Shape(50, 4), DataType.FLOAT64)) / 40;
            }
            assertEquals(0, mean, 0.08);
            NDArray x = rng.normal(m, new Shape(500, 4), DataType.FLOAT64);
            NDArray shifted = rng.normal(m, new Shape(500, 4), DataType.FLOAT64).add(0.5);
            assertTrue(SampleDistances.kernelDistance(x, shifted) > 0.5, "different laws");
        }
    }

    @Test
    void metricsDoNotGrowTheCallersManager() {
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(1);
            NDArray a = rng.normal(m, new Shape(2500, 2), DataType.FLOAT32);
            NDArray b = rng.normal(m, new Shape(2500, 2), DataType.FLOAT32);
            int before = m.getManagedArrays().size();
            SampleDistances.energyDistance(a, b);
            SampleDistances.mmd(a, b, 1);
            SampleDistances.slicedWasserstein2(a, b, 16, rng);
            assertEquals(before, m.getManagedArrays().size());
        }
    }
}
