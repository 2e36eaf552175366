package io.diamondmaps.interpolant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.diamondmaps.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every noise schedule of spec §1.5 against its closed forms: derivatives, the SNR and its inverse, the scalar and
 * array formulas, the DDPM tables as diffusers builds them, and the JSON value that checkpoints and MODEL.json hold.
 */
class SchedulesTest {
    static List<String> schedules() {
        return List.of("linear", "trig", "cosine", "vp", "ddpm",
                "{\"type\":\"ddpm\",\"beta_schedule\":\"scaled_linear\",\"beta_start\":0.00085,\"beta_end\":0.012}",
                "{\"type\":\"ddpm\",\"beta_schedule\":\"squaredcos_cap_v2\",\"timesteps\":50}",
                "{\"type\":\"edm\",\"sigma_min\":0.002,\"sigma_max\":80}",
                "{\"type\":\"vp\",\"beta_min\":0.5,\"beta_max\":8}");
    }

    /** Interior times that sit mid-way between a 1000-step table's knots, where its λ is smooth. */
    private static final double[] TIMES = {1 - 100.5 / 999, 1 - 370.5 / 999, 1 - 500.5 / 999, 1 - 830.5 / 999};

    @ParameterizedTest
    @MethodSource("schedules")
    void derivativesMatchFiniteDifferences(String spec) {
        Interpolant ip = Schedules.parse(spec);
        double h = 1e-7;
        for (double t : TIMES) {
            double scale = Math.max(1, Math.abs(ip.sigmaDot(t)));
            assertEquals((ip.alpha(t + h) - ip.alpha(t - h)) / (2 * h), ip.alphaDot(t), 1e-6 * scale, spec);
            assertEquals((ip.sigma(t + h) - ip.sigma(t - h)) / (2 * h), ip.sigmaDot(t), 1e-6 * scale, spec);
        }
    }

    @ParameterizedTest
    @MethodSource("schedules")
    void gInverseInvertsGOverTheCoveredTimes(String spec) {
        Interpolant ip = Schedules.parse(spec);
        double[] range = ip.coveredTimes();
        for (double f : new double[] {0, 0.013, 0.3, 0.5, 0.77, 0.99, 1}) {
            double t = range[0] + f * (range[1] - range[0]);
            if (ip.alpha(t) == 0 || ip.sigma(t) == 0) {
                continue;
            }
            assertEquals(t, ip.gInverse(ip.g(t)), 1e-9, spec + " at t = " + t);
        }
    }

    @ParameterizedTest
    @MethodSource("schedules")
    void arrayAndScalarFormulasAgree(String spec) {
        Interpolant ip = Schedules.parse(spec);
        try (NDManager m = Fixtures.manager()) {
            double[] ts = {0.05, 0.2, 0.5, 0.9, 0.999};
            NDArray t = m.create(ts);
            double[] a = ip.alpha(t).toDoubleArray();
            double[] s = ip.sigma(t).toDoubleArray();
            double[] ad = ip.alphaDot(t).toDoubleArray();
            double[] sd = ip.sigmaDot(t).toDoubleArray();
            double[] g = ip.g(t).toDoubleArray();
            for (int i = 0; i < ts.length; i++) {
                assertEquals(ip.alpha(ts[i]), a[i], 1e-12);
                assertEquals(ip.sigma(ts[i]), s[i], 1e-12);
                assertEquals(ip.alphaDot(ts[i]), ad[i], 1e-9 * Math.max(1, Math.abs(ad[i])));
                assertEquals(ip.sigmaDot(ts[i]), sd[i], 1e-9 * Math.max(1, Math.abs(sd[i])));
                assertEquals(ip.g(ts[i]), g[i], 1e-9 * Math.max(1, g[i]));
            }
            double[] y = {0.01, 0.5, 4};
            double[] gi = ip.gInverse(m.create(y)).toDoubleArray();
            for (int i = 0; i < y.length; i++) {
                assertEquals(ip.gInverse(y[i]), gi[i], 1e-12);
            }
        }
    }

    /** (D, ε̂) → b → (D, ε̂) through (1.4)–(1.7) and x = αD + σε̂, on every schedule's covered times. */
    @ParameterizedTest
    @MethodSource("schedules")
    void predictionConversionsRoundTrip(String spec) {
        Interpolant ip = Schedules.parse(spec);
        double[] range = ip.coveredTimes();
        try (NDManager m = Fixtures.manager()) {
            io.diamondmaps.util.Rng rng = io.diamondmaps.util.Rng.of(2);
            NDArray t = rng.uniform(m, range[0] + 0.02 * (range[1] - range[0]), range[1] - 0.02 * (range[1]
                    - range[0]), new ai.djl.ndarray.types.Shape(64), ai.djl.ndarray.types.DataType.FLOAT64);
            NDArray d = rng.normal(m, new ai.djl.ndarray.types.Shape(64, 3), ai.djl.ndarray.types.DataType.FLOAT64);
            NDArray e = rng.normal(m, new ai.djl.ndarray.types.Shape(64, 3), ai.djl.ndarray.types.DataType.FLOAT64);
            NDArray x = d.mul(ip.alpha(t).reshape(64, 1)).add(e.mul(ip.sigma(t).reshape(64, 1)));
            NDArray b = ip.velocityFromPredictions(t, d, e);
            NDArray[] back = ip.predictionsFromVelocity(t, x, b);
            assertTrue(back[0].sub(d).abs().max().getDouble() < 1e-8, spec + " denoiser");
            assertTrue(back[1].sub(e).abs().max().getDouble() < 1e-8, spec + " noise");
            assertTrue(ip.velocityFromDenoiser(t, x, d).sub(b).abs().max().getDouble() < 1e-6 * Math.max(1,
                    b.abs().max().getDouble()), spec + " velocity from D");
            assertTrue(ip.noiseFromDenoiser(t, x, d).sub(e).abs().max().getDouble() < 1e-8, spec + " (1.7)");
        }
    }

    @ParameterizedTest
    @MethodSource("schedules")
    void theJsonValueRoundTripsAndSchedulesCompareByValue(String spec) throws Exception {
        Interpolant ip = Schedules.parse(spec);
        Interpolant back = Schedules.fromJson(new ObjectMapper().readTree(Schedules.toJson(ip)));
        assertEquals(ip, back);
        assertEquals(ip.hashCode(), back.hashCode());
        assertEquals(Schedules.toJson(ip), Schedules.toJson(back));
    }

    @Test
    void valuesNotNamesDecideEquality() {
        assertSame(LinearInterpolant.INSTANCE, Schedules.parse("rectified-flow"), "SD3/FLUX's path is ours");
        assertEquals(Schedules.parse("ve"), Schedules.parse("edm"));
        assertNotEquals(Schedules.parse("ddpm"), Schedules.parse("{\"type\":\"ddpm\",\"timesteps\":999}"));
        assertNotEquals(Schedules.parse("cosine"), Schedules.parse("{\"type\":\"cosine\",\"s\":0.01}"));
        assertEquals(Schedules.parse("ddpm"), Schedules.parse("{\"type\":\"ddpm\",\"beta_schedule\":\"linear\","
                + "\"beta_start\":0.0001,\"beta_end\":0.02,\"timesteps\":1000}"));
        assertNotEquals(Schedules.parse("cosine"), Schedules.parse("trig"), "iDDPM's cosine is not our trig");
    }

    /**
     * diffusers' DDPMScheduler: β linear in [1e-4, 0.02] over 1000 steps, ᾱ_k = Π(1 − β_j); at integer steps the path
     * is the table, and its SNR range is the spec's ℓ ∈ [0.0063, 100], linear-interpolant t ∈ [0.0063, 0.990].
     */
    @Test
    void theDdpmTableIsDiffusersAndCoversTheSpecsRange() {
        DdpmInterpolant ddpm = (DdpmInterpolant) Schedules.parse("ddpm");
        double product = 1;
        for (int k = 0; k < 1000; k++) {
            product *= 1 - (1e-4 + (0.02 - 1e-4) * k / 999.0);
            double t = ddpm.timeOfIndex(k);
            assertEquals(product, ddpm.alpha(t) * ddpm.alpha(t), 1e-12 * Math.max(1, 1 / product), "step " + k);
            assertEquals(1 - product, ddpm.sigma(t) * ddpm.sigma(t), 1e-12, "step " + k);
            assertEquals(k, ddpm.index(t), 1e-9);
        }
        assertEquals(0.0063, ddpm.alpha(0) / ddpm.sigma(0), 1e-4);
        assertEquals(100, ddpm.alpha(1) / ddpm.sigma(1), 0.1);
        assertEquals(0.0063, LinearInterpolant.INSTANCE.gInverse(ddpm.g(0)), 1e-4);
        assertEquals(0.990, LinearInterpolant.INSTANCE.gInverse(ddpm.g(1)), 5e-4);
        // Between steps log-SNR is linear in k.
        double mid = ddpm.timeOfIndex(400.25);
        double l400 = Math.log(ddpm.alpha(ddpm.timeOfIndex(400)) / ddpm.sigma(ddpm.timeOfIndex(400)));
        double l401 = Math.log(ddpm.alpha(ddpm.timeOfIndex(401)) / ddpm.sigma(ddpm.timeOfIndex(401)));
        assertEquals(0.75 * l400 + 0.25 * l401, Math.log(ddpm.alpha(mid) / ddpm.sigma(mid)), 1e-12);
        // Beyond its ends the inverse clamps: the table covers no more.
        assertEquals(0, ddpm.gInverse(1e9));
        assertEquals(1, ddpm.gInverse(1e-9));
        DdpmInterpolant scaled = (DdpmInterpolant) Schedules.parse("{\"type\":\"ddpm\",\"beta_schedule\":"
                + "\"scaled_linear\",\"beta_start\":0.00085,\"beta_end\":0.012}");
        double b0 = 0.00085;
        assertEquals(1 - b0, scaled.alphaCumprod(0), 1e-15);
        double b1 = Math.pow(Math.sqrt(b0) + (Math.sqrt(0.012) - Math.sqrt(b0)) / 999, 2);
        assertEquals((1 - b0) * (1 - b1), scaled.alphaCumprod(1), 1e-15);
        double[] list = {0.99, 0.9, 0.5, 0.1};
        DdpmInterpolant explicit = DdpmInterpolant.ofAlphasCumprod(list);
        for (int k = 0; k < list.length; k++) {
            assertEquals(list[k], explicit.alphaCumprod(k), 1e-15);
        }
    }

    /** (1.14) and its inverse; the VP SDE's ᾱ; EDM's σ = (1 − t)/t on our linear SNR. */
    @Test
    void continuousSchedulesHaveTheirClosedForms() {
        CosineInterpolant cosine = new CosineInterpolant(0.008);
        double f0 = Math.pow(Math.cos(0.008 / 1.008 * Math.PI / 2), 2);
        for (double tau : new double[] {0.1, 0.5, 0.9}) {
            double abar = Math.pow(Math.cos((tau + 0.008) / 1.008 * Math.PI / 2), 2) / f0;
            assertEquals(abar, Math.pow(cosine.alpha(1 - tau), 2), 1e-14);
            double inverse = 1.008 * (2 / Math.PI) * Math.acos(Math.sqrt(abar) * Math.cos(0.008 / 1.008 * Math.PI / 2))
                    - 0.008;
            assertEquals(tau, inverse, 1e-12);
            assertEquals(tau, 1 - cosine.gInverse((1 - abar) / abar), 1e-10);
        }
        assertEquals(0, cosine.alpha(0));
        assertEquals(0, cosine.sigma(1), 1e-15);
        VpInterpolant vp = new VpInterpolant(0.1, 20);
        assertEquals(Math.exp(-0.25 * 19.9 / 2 - 0.5 * 0.1), Math.pow(vp.alpha(0.5), 2), 1e-14);
        assertEquals(Math.exp(-(20 + 0.1) / 2), Math.pow(vp.alpha(0), 2), 1e-15, "the VP SDE never reaches noise");
        EdmInterpolant edm = new EdmInterpolant(0.002, 80);
        assertEquals(1 / 81.0, edm.coveredTimes()[0], 1e-15);
        assertEquals(1 / 1.002, edm.coveredTimes()[1], 1e-15);
        for (double t : new double[] {0.2, 0.6}) {
            assertEquals((1 - t) / t, edm.sigma(t), 1e-14);
            assertEquals(LinearInterpolant.INSTANCE.g(t), edm.g(t), 1e-12, "EDM's SNR is the linear one's");
        }
        assertTrue(edm.varianceExploding());
    }

    @Test
    void badSchedulesAreRefusedWithTheReason() {
        assertMessage("unknown schedule type 'karras'", "{\"type\":\"karras\"}");
        assertMessage("unknown field \"sigma_max\" in a vp schedule", "{\"type\":\"vp\",\"sigma_max\":3}");
        assertMessage("unknown beta_schedule 'quadratic'", "{\"type\":\"ddpm\",\"beta_schedule\":\"quadratic\"}");
        assertMessage("beta_end must lie in [beta_start, 1)", "{\"type\":\"ddpm\",\"beta_start\":0.1,\"beta_end\":0.01}");
        assertMessage("alphas_cumprod must decrease", "{\"type\":\"ddpm\",\"alphas_cumprod\":[0.5,0.9]}");
        assertMessage("either \"alphas_cumprod\" or the betas", "{\"type\":\"ddpm\",\"alphas_cumprod\":[0.9,0.5],"
                + "\"timesteps\":2}");
        assertMessage("\"timesteps\" must be an integer", "{\"type\":\"ddpm\",\"timesteps\":10.5}");
        assertMessage("sigma_max must be greater than sigma_min", "{\"type\":\"edm\",\"sigma_min\":2,\"sigma_max\":1}");
        assertMessage("\"s\" must be a finite number", "{\"type\":\"cosine\",\"s\":\"x\"}");
        assertMessage("needs a \"type\"", "{\"s\":0.008}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Schedules.forRun("ve"));
        assertTrue(e.getMessage().contains("no noise end"), e.getMessage());
    }

    private static void assertMessage(String fragment, String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Schedules.parse(spec));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
