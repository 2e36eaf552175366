package io.diamondmaps.interpolant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.Fixtures;
import io.diamondmaps.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InterpolantTest {
    private static Interpolant of(String name) {
        return Interpolant.byName(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear", "trig"})
    void derivativesMatchFiniteDifferences(String name) {
        Interpolant ip = of(name);
        double h = 1e-6;
        for (double t : new double[] {0.1, 0.37, 0.5, 0.83}) {
            assertEquals((ip.alpha(t + h) - ip.alpha(t - h)) / (2 * h), ip.alphaDot(t), 1e-8);
            assertEquals((ip.sigma(t + h) - ip.sigma(t - h)) / (2 * h), ip.sigmaDot(t), 1e-8);
        }
    }

    /**
     * c²(t, t') = σ'²(1 − ρ²) of the DDPM coupling (4.1): the variance of the DDPM step's Gaussian, all of σ'² from
     * t = 0 (x₀ says nothing), none into t' = 1, and about 2κ(t)(t' − t) for a short step (spec §6.4).
     */
    @ParameterizedTest
    @ValueSource(strings = {"linear", "trig"})
    void ddpmStepVarianceIsTheVarianceTheStepAdds(String name) {
        Interpolant ip = of(name);
        io.diamondmaps.sample.DdpmTransition ddpm = new io.diamondmaps.sample.DdpmTransition(
                io.diamondmaps.Fixtures.gaussian1d().withInterpolant(ip));
        for (double[] pair : new double[][] {{0.1, 0.3}, {0.4, 0.45}, {0.7, 0.95}}) {
            double std = ddpm.std(pair[0], pair[1]);
            assertEquals(std * std, ip.ddpmStepVariance(pair[0], pair[1]), 1e-12);
        }
        assertEquals(ip.sigma(0.2) * ip.sigma(0.2), ip.ddpmStepVariance(0, 0.2), 1e-12);
        assertEquals(0, ip.ddpmStepVariance(0.8, 1), 1e-12);
        double h = 1e-5;
        assertEquals(2 * ip.kappa(0.4) * h, ip.ddpmStepVariance(0.4, 0.4 + h), 1e-3 * h);
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear", "trig"})
    void gInverseInvertsG(String name) {
        Interpolant ip = of(name);
        for (double t : new double[] {0.05, 0.3, 0.5, 0.77, 0.99}) {
            assertEquals(t, ip.gInverse(ip.g(t)), 1e-12);
        }
        assertEquals(1.0, ip.gInverse(0.0), 1e-15);
    }

    @Test
    void kappaHasTheClosedFormsOfEquation19() {
        Interpolant lin = of("linear");
        Interpolant trig = of("trig");
        for (double t : new double[] {0.1, 0.4, 0.9}) {
            assertEquals((1 - t) / t, lin.kappa(t), 1e-12);
            assertEquals(Math.PI / 2 / Math.tan(Math.PI * t / 2), trig.kappa(t), 1e-12);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear", "trig"})
    void conversionsRoundTrip(String name) {
        Interpolant ip = of(name);
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(1);
            NDArray t = rng.uniform(m, 0.05f, 0.95f, new Shape(64), DataType.FLOAT64);
            NDArray x = rng.normal(m, new Shape(64, 3), DataType.FLOAT64);
            NDArray b = rng.normal(m, new Shape(64, 3), DataType.FLOAT64);
            NDArray d = ip.denoiserFromVelocity(t, x, b);
            assertTrue(ip.velocityFromDenoiser(t, x, d).sub(b).abs().max().getDouble() < 1e-12);
            // x = αD + σE[x₀|x] (1.7) and score = −E[x₀|x]/σ (1.8).
            NDArray noise = ip.noiseFromDenoiser(t, x, d);
            NDArray alpha = ip.alpha(t).reshape(64, 1);
            NDArray sigma = ip.sigma(t).reshape(64, 1);
            assertTrue(d.mul(alpha).add(noise.mul(sigma)).sub(x).abs().max().getDouble() < 1e-12);
            assertTrue(ip.scoreFromDenoiser(t, x, d).add(noise.div(sigma)).abs().max().getDouble() < 1e-10);
        }
    }

    @Test
    void ndArrayAndScalarSchedulesAgree() {
        try (NDManager m = Fixtures.manager()) {
            double[] ts = {0, 0.2, 0.5, 0.9, 1};
            NDArray t = m.create(ts);
            for (String name : new String[] {"linear", "trig"}) {
                Interpolant ip = of(name);
                double[] a = ip.alpha(t).toDoubleArray();
                double[] s = ip.sigma(t).toDoubleArray();
                double[] ad = ip.alphaDot(t).toDoubleArray();
                double[] sd = ip.sigmaDot(t).toDoubleArray();
                for (int i = 0; i < ts.length; i++) {
                    assertEquals(ip.alpha(ts[i]), a[i], 1e-15);
                    assertEquals(ip.sigma(ts[i]), s[i], 1e-15);
                    assertEquals(ip.alphaDot(ts[i]), ad[i], 1e-15);
                    assertEquals(ip.sigmaDot(ts[i]), sd[i], 1e-15);
                }
                double[] y = {0, 0.5, 4};
                double[] gi = ip.gInverse(m.create(y)).toDoubleArray();
                for (int i = 0; i < y.length; i++) {
                    assertEquals(ip.gInverse(y[i]), gi[i], 1e-15);
                }
            }
        }
    }

    @Test
    void timesOutsideTheUnitIntervalAreRejected() {
        Interpolant ip = of("linear");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ip.kappa(1.5));
        assertTrue(e.getMessage().contains("[0, 1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ip.g(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Interpolant.byName("quadratic"));
        IllegalArgumentException ve = assertThrows(IllegalArgumentException.class, () -> Interpolant.byName("edm"));
        assertTrue(ve.getMessage().contains("no noise end"), ve.getMessage());
    }

    @Test
    void earlyStopTimeMatchesTheInnerSnrCondition() {
        Interpolant ip = of("linear");
        double t = 0.3;
        double tn = 0.6;
        double s = GlassInterpolant.earlyStopTime(ip, t, tn);
        // Inner SNR s²/(1−s)² equals SNR(t') − SNR(t) (4.10); spec §4.8 quotes s* = 0.590.
        assertEquals(1 / ip.g(tn) - 1 / ip.g(t), s * s / ((1 - s) * (1 - s)), 1e-10);
        assertEquals(0.590, s, 5e-4);
        assertEquals(1.0, GlassInterpolant.earlyStopTime(ip, t, 1.0), 0);
    }
}
