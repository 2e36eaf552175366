package io.diamondmaps.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.Fixtures;
import io.diamondmaps.eval.SampleDistances;
import io.diamondmaps.eval.SampleStatistics;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.Moments;
import io.diamondmaps.util.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OdeSamplerTest {

    @Test
    void exactVelocityOdeReproducesTheMixture() {
        GaussianMixture gmm = Fixtures.mixture2d();
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(11);
            int n = 4000;
            NDArray x0 = Generation.noise(m, new Shape(n, 2), DataType.FLOAT64, rng);
            NDArray ode = Generation.ode(gmm, x0, 100, OdeSolver.HEUN);
            NDArray exactA = gmm.sample(m, n, rng);
            NDArray exactB = gmm.sample(m, n, rng);
            double floor = Math.abs(SampleDistances.energyDistance(exactA, exactB));
            double odeDist = SampleDistances.energyDistance(ode, exactA);
            // A one-step Euler sampler lands on the mean: the test must tell it apart.
            double crude = SampleDistances.energyDistance(Generation.ode(gmm, x0, 1, OdeSolver.EULER), exactA);
            assertTrue(odeDist < 3 * floor + 2e-3, "ODE energy distance " + odeDist + " vs floor " + floor);
            assertTrue(crude > 20 * (floor + 2e-3), "crude sampler distance " + crude);
            Moments moments = SampleStatistics.moments(ode);
            assertTrue(SampleStatistics.meanError(moments, gmm.moments()) < 0.06);
            assertTrue(SampleStatistics.covarianceError(moments, gmm.moments()) < 0.1);
        }
    }

    @Test
    void eulerConvergesAtFirstOrderAndMidpointAndHeunAtSecond() {
        GaussianMixture gmm = Fixtures.mixture2d();
        try (NDManager m = Fixtures.manager()) {
            NDArray x0 = Generation.noise(m, new Shape(256, 2), DataType.FLOAT64, Rng.of(12));
            NDArray reference = OdeSolver.HEUN.integrate(gmm, x0, 0, 1, 4096);
            double[] euler = errors(gmm, x0, reference, OdeSolver.EULER, 32);
            double[] heun = errors(gmm, x0, reference, OdeSolver.HEUN, 16);
            double[] midpoint = errors(gmm, x0, reference, OdeSolver.MIDPOINT, 16);
            for (int i = 0; i + 1 < euler.length; i++) {
                System.out.printf("ODE order: Euler %d->%d steps %.3f, Heun %d->%d steps %.3f, midpoint %.3f%n",
                        32 << i, 64 << i, log2(euler[i] / euler[i + 1]), 16 << i, 32 << i,
                        log2(heun[i] / heun[i + 1]), log2(midpoint[i] / midpoint[i + 1]));
                assertEquals(1.0, log2(euler[i] / euler[i + 1]), 0.15, "Euler order at level " + i);
                assertEquals(2.0, log2(heun[i] / heun[i + 1]), 0.2, "Heun order at level " + i);
                assertEquals(2.0, log2(midpoint[i] / midpoint[i + 1]), 0.2, "midpoint order at level " + i);
            }
        }
    }

    private static double[] errors(GaussianMixture gmm, NDArray x0, NDArray reference, OdeSolver solver, int steps) {
        double[] e = new double[3];
        for (int i = 0; i < e.length; i++) {
            NDArray x = solver.integrate(gmm, x0, 0, 1, steps << i);
            e[i] = x.sub(reference).square().sum(new int[] {1}).sqrt().mean().getDouble();
        }
        return e;
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }

    @Test
    void integrationDoesNotGrowTheCallersManager() {
        GaussianMixture gmm = Fixtures.mixture2d();
        try (NDManager m = Fixtures.manager()) {
            NDArray x0 = Generation.noise(m, new Shape(16, 2), DataType.FLOAT64, Rng.of(1));
            int before = m.getManagedArrays().size();
            NDArray x1 = OdeSolver.HEUN.integrate(gmm, x0, 0, 1, 200);
            assertEquals(before + 1, m.getManagedArrays().size());
            x1.close();
        }
    }
}
