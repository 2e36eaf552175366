package io.diamondmaps.model.torchscript;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.Fixtures;
import io.diamondmaps.align.AlignmentSpec;
import io.diamondmaps.align.ExactValue;
import io.diamondmaps.cli.Main;
import io.diamondmaps.eval.SampleDistances;
import io.diamondmaps.interpolant.LinearInterpolant;
import io.diamondmaps.model.CountingVelocityField;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.SnrMatched;
import io.diamondmaps.model.VelocityField;
import io.diamondmaps.model.load.ModelBundle;
import io.diamondmaps.model.load.ModelLoader;
import io.diamondmaps.reward.MeasurementReward;
import io.diamondmaps.reward.Operators;
import io.diamondmaps.reward.RewardTilt;
import io.diamondmaps.sample.Generation;
import io.diamondmaps.sample.GlassFlow;
import io.diamondmaps.sample.OdeSolver;
import io.diamondmaps.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pretrained checkpoints in the conventions real ones use, described by MODEL.json alone (spec §1.5): each fixture is
 * the 3-component mixture's exact prediction, written in PyTorch with its schedule coded there independently, and
 * run on our linear interpolant it must be the mixture's exact field, ODE samples, GLASS posteriors and SMC result.
 */
class PretrainedConventionsTest {
    static final String[] CONVENTIONS = {"schedule_ddpm_epsilon", "schedule_ddpm_v", "schedule_ddpm_sample",
        "schedule_edm_sigma", "schedule_edm_c_noise", "schedule_ve_epsilon", "schedule_rectified_flow",
        "schedule_cosine_epsilon", "schedule_vp_v"};
    private static final GaussianMixture GMM = TorchScriptFixtures.mixture();

    @TempDir
    Path dir;

    private static String spec(String name) {
        return ModelLoader.TORCHSCRIPT_PREFIX + TorchScriptFixtures.file(name + ".pt");
    }

    private static ModelBundle load(String name, NDManager m) throws IOException {
        return ModelLoader.load(spec(name), LinearInterpolant.INSTANCE, m);
    }

    private static double maxAbsDiff(NDArray a, NDArray b) {
        return a.toType(DataType.FLOAT64, false).sub(b.toType(DataType.FLOAT64, false)).abs().max().getDouble();
    }

    /** Inside each model's range its field on our time axis is the mixture's exact one. */
    @ParameterizedTest
    @ValueSource(strings = {"schedule_ddpm_epsilon", "schedule_ddpm_v", "schedule_ddpm_sample", "schedule_edm_sigma",
            "schedule_edm_c_noise", "schedule_ve_epsilon", "schedule_rectified_flow", "schedule_cosine_epsilon",
            "schedule_vp_v"})
    void everyConventionIsTheMixturesExactFieldOnTheRunsTimeAxis(String name) throws IOException {
        try (NDManager m = Fixtures.manager()) {
            VelocityField model = load(name, m).field();
            assertEquals(LinearInterpolant.INSTANCE, model.interpolant());
            double[] range = model.coveredTimes();
            Rng rng = Rng.of(5);
            NDArray[] tx = Fixtures.timesAndStatesIn(m, range, 128, rng);
            NDArray t = tx[0];
            NDArray x = tx[1];
            double d = maxAbsDiff(model.denoiser(t, x), GMM.denoiser(t, x));
            double b = maxAbsDiff(model.velocity(t, x), GMM.velocity(t, x));
            // float32 modules: their rounding, amplified by at most 1/σ ≤ 50 at t ≤ 0.98.
            assertTrue(d < 1e-4 && b < 2e-3, name + ": denoiser " + d + ", velocity " + b);
        }
    }

    /**
     * The strong check: ODE samples from pure noise, GLASS posteriors and SMC with default options driven by each
     * module on the linear axis are the oracle's (the tolerance is the sampling floor of two exact sets).
     */
    @Test
    void samplersAndAlignersDrivenByEveryConventionMatchTheExactOracle() throws IOException {
        RewardTilt tilt = new RewardTilt(new MeasurementReward(Operators.matrix(new double[][] {{1.0, 0.5},
            {0.0, 1.0}}), new double[] {1.0, -1.0}, 0.8), 1.0);
        AlignmentSpec smc = Main.alignTask("--model", "gmm:x.json", "--reward", "r.json", "--out", "x.csv").spec();
        try (NDManager m = Fixtures.manager()) {
            int n = 2000;
            NDArray x0 = Generation.noise(m, new Shape(n, 2), DataType.FLOAT64, Rng.of(1));
            NDArray viaOracle = Generation.ode(GMM, x0, 64, OdeSolver.HEUN);
            double floor = SampleDistances.energyDistance(GMM.sample(m, n, Rng.of(2)), GMM.sample(m, n, Rng.of(3)));
            NDArray xt = Fixtures.repeatRow(m, new double[] {0.3, 0.2}, n);
            NDArray posterior = GMM.samplePosterior(0.4, xt, Rng.of(5));
            NDArray glassExact = new GlassFlow(GMM, 8, GlassFlow.DEFAULT_SOLVER).samplePosterior(0.4, xt, Rng.of(4));
            GaussianMixture target = ExactValue.tiltedTarget(GMM, tilt);
            NDArray smcExact = smc.build(ModelBundle.of(GMM, "gmm"), tilt, new EvaluationCounter())
                    .align(m, new Shape(2), 1000, Rng.of(7)).samples();
            double smcExactDistance = SampleDistances.energyDistance(smcExact, target.sample(m, 1000, Rng.of(8)));
            StringBuilder report = new StringBuilder(String.format("gmm twin: SMC %.4f; floor %.4f%n",
                    smcExactDistance, floor));
            for (String name : CONVENTIONS) {
                ModelBundle bundle = load(name, m);
                NDArray viaModule = Generation.ode(bundle.field(), x0, 64, OdeSolver.HEUN);
                double ode = SampleDistances.energyDistance(viaModule, GMM.sample(m, n, Rng.of(2)));
                double odeGap = maxAbsDiff(viaModule, viaOracle);
                NDArray glass = new GlassFlow(bundle.field(), 8, GlassFlow.DEFAULT_SOLVER).samplePosterior(0.4, xt,
                        Rng.of(4));
                double glassGap = maxAbsDiff(glass, glassExact);
                double toPosterior = SampleDistances.energyDistance(glass, posterior);
                NDArray aligned = smc.build(bundle, tilt, new EvaluationCounter()).align(m, new Shape(2), 1000,
                        Rng.of(7)).samples();
                double smcDistance = SampleDistances.energyDistance(aligned, target.sample(m, 1000, Rng.of(8)));
                report.append(String.format("%-26s ODE %.4f (max gap %.1e), GLASS posterior %.4f (max gap %.1e), "
                        + "SMC %.4f%n", name, ode, odeGap, toPosterior, glassGap, smcDistance));
                assertTrue(ode < 3 * Math.abs(floor) + 5e-3, name + " ODE energy distance " + ode);
                // Sample by sample only where the model reaches nearly pure noise: below its noisiest level the run
                // holds D there (spec §1.5), so Stable Diffusion's table (ℓ_min = 0.068) moves single samples by
                // O(ℓ_min) but not the distribution.
                if (bundle.field().coveredTimes()[0] < 0.01) {
                    assertTrue(odeGap < 0.05, name + " ODE gap " + odeGap);
                }
                assertTrue(glassGap < 0.02, name + " GLASS gap " + glassGap);
                assertTrue(toPosterior < 0.05, name + " GLASS posterior distance " + toPosterior);
                assertTrue(smcDistance < smcExactDistance + 0.01, name + " SMC " + smcDistance
                        + " against the gmm twin's " + smcExactDistance);
            }
            System.out.print(report);
        }
    }

    /**
     * A DDPM module described wrongly cannot run silently: the README's old example (trig, noise at 1: the timestep
     * index fed τ ∈ [0, 1]) and a τ time input are refused at load, naming time_input.
     */
    @Test
    void aDdpmModuleWithTheWrongTimeInputIsRefused() throws IOException {
        try (NDManager m = Fixtures.manager()) {
            Path module = dir.resolve("ddpm.pt");
            Files.copy(TorchScriptFixtures.file("schedule_ddpm_epsilon.pt"), module);
            Files.copy(TorchScriptFixtures.file("wrong_time_ddpm.json"), dir.resolve("ddpm.json"));
            assertRefused(module, m);
            Files.writeString(dir.resolve("ddpm.json"), "{\"schedule\": \"ddpm\", \"time_input\": \"tau\", "
                    + "\"prediction\": \"epsilon\", \"shape\": [2]}");
            assertRefused(module, m);
            Files.writeString(dir.resolve("ddpm.json"), "{\"schedule\": \"cosine\", \"time_input\": \"tau\", "
                    + "\"prediction\": \"epsilon\", \"shape\": [2]}");
            assertRefused(module, m);
            // An EDM module given c_noise where it takes σ believes σ ≈ 1 at σ_max.
            Path edm = dir.resolve("edm.pt");
            Files.copy(TorchScriptFixtures.file("schedule_edm_sigma.pt"), edm);
            Files.writeString(dir.resolve("edm.json"), "{\"schedule\": \"edm\", \"time_input\": \"c_noise\", "
                    + "\"prediction\": \"data\", \"shape\": [2]}");
            assertRefused(edm, m);
            // The right description of the same file loads.
            Files.copy(TorchScriptFixtures.file("schedule_ddpm_epsilon.json"), dir.resolve("ddpm.json"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            ModelLoader.load(ModelLoader.TORCHSCRIPT_PREFIX + module, LinearInterpolant.INSTANCE, m);
        }
    }

    private static void assertRefused(Path module, NDManager m) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelLoader.load(
                ModelLoader.TORCHSCRIPT_PREFIX + module, LinearInterpolant.INSTANCE, m));
        assertTrue(e.getMessage().contains("does not act like a denoiser") && e.getMessage().contains("time_input"),
                e.getMessage());
    }

    @Test
    void descriptionsThatCannotBeRightNameTheirField() {
        assertInvalid("{\"schedule\": \"cosine\", \"time_input\": \"index\", \"prediction\": \"epsilon\", "
                + "\"shape\": [2]}", "\"time_input\": \"index\" needs a discrete schedule");
        assertInvalid("{\"schedule\": \"linear\", \"time_input\": \"sigma\", \"prediction\": \"data\", "
                + "\"shape\": [2]}", "\"time_input\": \"sigma\" needs a schedule whose noise level");
        assertInvalid("{\"schedule\": \"vp\", \"time_input\": \"c_noise\", \"prediction\": \"data\", "
                + "\"shape\": [2]}", "\"time_input\": \"c_noise\" needs a schedule whose noise level");
        assertInvalid("{\"schedule\": \"edm\", \"prediction\": \"v\", \"shape\": [2]}",
                "\"prediction\": \"v\" needs a variance-preserving schedule");
        assertInvalid("{\"schedule\": \"ddpm\", \"prediction\": \"velocity\", \"shape\": [2]}",
                "must be \"t\" or \"tau\", not \"index\"");
        assertInvalid("{\"schedule\": \"ddpm\", \"time_input\": \"tau\", \"prediction\": \"flow-map\", "
                + "\"shape\": [2]}", "a flow-map module must cover the whole time axis");
        assertInvalid("{\"schedule\": \"ddpm\", \"time\": \"noise-at-1\", \"prediction\": \"noise\", "
                + "\"shape\": [2]}", "cannot be mixed");
        assertInvalid("{\"schedule\": {\"type\": \"ddpm\", \"betas\": [0.1]}, \"prediction\": \"noise\", "
                + "\"shape\": [2]}", "\"schedule\": unknown field \"betas\" in a ddpm schedule");
        assertInvalid("{\"schedule\": \"ddpm\", \"time_input\": \"step\", \"prediction\": \"noise\", "
                + "\"shape\": [2]}", "unknown time_input 'step'");
        assertInvalid("{\"schedule\": \"ddpm\", \"prediction\": \"noise\", \"shape\": [2], \"condition\": "
                + "{\"classes\": 0}}", "\"classes\" must be at least 1");
        // Aliases and defaults: diffusers' names; ddpm's default time input is the index.
        ModelDescription d = ModelDescription.parse(json("{\"schedule\": \"ddpm\", \"prediction\": \"epsilon\", "
                + "\"shape\": [2]}"));
        assertEquals(ModelDescription.Prediction.NOISE, d.prediction());
        assertEquals(ModelDescription.TimeInput.INDEX, d.timeInput());
        assertEquals(ModelDescription.TimeInput.TAU, ModelDescription.parse(json("{\"schedule\": \"rectified-flow\", "
                + "\"prediction\": \"velocity\", \"shape\": [2]}")).timeInput());
        assertEquals(ModelDescription.Prediction.V, ModelDescription.parse(json("{\"schedule\": \"cosine\", "
                + "\"prediction\": \"v_prediction\", \"shape\": [2]}")).prediction());
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertInvalid(String description, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelDescription.parse(json(description)));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    /**
     * Class-conditional with classifier-free guidance, the classes being the mixture's components: w = 1 samples the
     * component, w = 0 the mixture, and any other w is p(∅) + w(p(y) − p(∅)) from one batched call counted as two.
     */
    @Test
    void classifierFreeGuidanceOnAClassConditionalModule() throws IOException {
        try (NDManager m = Fixtures.manager()) {
            TorchScriptModule module = TorchScriptModule.load(TorchScriptFixtures.file("schedule_ddpm_conditional.pt"),
                    m);
            NDArray[] in = TorchScriptFixtures.inputs("schedule_ddpm_conditional", m);
            in[2] = in[2].toType(DataType.INT64, false);
            assertTrue(maxAbsDiff(module.forward(in), TorchScriptFixtures.output("schedule_ddpm_conditional", m))
                    < 1e-5);

            String spec = spec("schedule_ddpm_conditional");
            int n = 2000;
            NDArray x0 = Generation.noise(m, new Shape(n, 2), DataType.FLOAT64, Rng.of(11));
            for (int k = 0; k < 3; k++) {
                VelocityField field = ModelLoader.load(spec + "#class=" + k, LinearInterpolant.INSTANCE, m).field();
                GaussianMixture component = new GaussianMixture(new double[] {1}, new double[][] {GMM.means()[k]},
                        new double[][][] {GMM.covariances()[k]});
                double d = SampleDistances.energyDistance(Generation.ode(field, x0, 64, OdeSolver.HEUN),
                        component.sample(m, n, Rng.of(12)));
                assertTrue(d < 0.01, "class " + k + ": " + d);
            }
            VelocityField unconditional = ModelLoader.load(spec + "#class=1,cfg=0", LinearInterpolant.INSTANCE, m)
                    .field();
            VelocityField nullLabel = ModelLoader.load(spec, LinearInterpolant.INSTANCE, m).field();
            NDArray mixture = Generation.ode(unconditional, x0, 64, OdeSolver.HEUN);
            assertTrue(SampleDistances.energyDistance(mixture, GMM.sample(m, n, Rng.of(13))) < 0.01);
            assertTrue(maxAbsDiff(mixture, Generation.ode(nullLabel, x0, 64, OdeSolver.HEUN)) < 1e-4);

            NDArray t = Rng.of(14).uniform(m, 0.05, 0.95, new Shape(64), DataType.FLOAT64);
            NDArray x = Rng.of(15).normal(m, new Shape(64, 2), DataType.FLOAT64);
            EvaluationCounter counter = new EvaluationCounter();
            VelocityField guided = new CountingVelocityField(ModelLoader.load(spec + "#class=2,cfg=3",
                    LinearInterpolant.INSTANCE, m).field(), counter);
            NDArray conditional = ModelLoader.load(spec + "#class=2", LinearInterpolant.INSTANCE, m).field()
                    .denoiser(t, x);
            NDArray none = nullLabel.denoiser(t, x);
            NDArray expected = none.add(conditional.sub(none).mul(3));
            assertTrue(maxAbsDiff(guided.denoiser(t, x), expected) < 1e-5);
            assertEquals(128, counter.modelRows(), "a guided call is two evaluations per sample");

            assertLoadError(spec + "#class=3", "class 3 is not one of");
            assertLoadError(spec + "#cfg=2", "a guidance weight needs a class");
            assertLoadError(spec + "#label=1", "unknown option 'label=1'");
            assertLoadError(ModelLoader.TORCHSCRIPT_PREFIX + TorchScriptFixtures.file("schedule_ddpm_epsilon.pt")
                    + "#class=1", "takes no class");
        }
    }

    private static void assertLoadError(String spec, String fragment) {
        try (NDManager m = Fixtures.manager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ModelLoader.load(spec, LinearInterpolant.INSTANCE, m));
            assertTrue(e.getMessage().contains(fragment), e.getMessage());
        }
    }

    /**
     * A C×H×W DDPM module (independent N(−0.5, 0.25) pixels): on the linear axis its denoiser is the Gaussian's
     * μ + αv/(α²v + σ²)(x − αμ), and GLASS posteriors from it have that mean and variance v σ²/(α²v + σ²).
     */
    @Test
    void anImageDdpmModuleIsTheExactGaussianOnTheRunsAxis() throws IOException {
        try (NDManager m = Fixtures.manager()) {
            ModelBundle bundle = load("schedule_ddpm_image", m);
            assertEquals(new Shape(1, 28, 28), bundle.sampleShape());
            double t = 0.5;
            double mu = -0.5;
            double v = 0.25;
            NDArray x = Rng.of(21).normal(m, new Shape(2, 1, 28, 28), DataType.FLOAT64);
            NDArray d = bundle.field().denoiser(Fixtures.times(m, 2, t), x);
            NDArray exact = x.sub(t * mu).mul(t * v / (t * t * v + (1 - t) * (1 - t))).add(mu);
            assertTrue(maxAbsDiff(d, exact) < 1e-4, "denoiser " + maxAbsDiff(d, exact));
            NDArray xt = x.get("0:1").repeat(0, 400);
            NDArray draws = new GlassFlow(bundle.field(), 8, GlassFlow.DEFAULT_SOLVER).samplePosterior(t, xt,
                    Rng.of(22));
            double meanGap = maxAbsDiff(draws.mean(new int[] {0}), exact.get("0:1").squeeze(0));
            double variance = draws.sub(draws.mean(new int[] {0}, true)).square().mean().getDouble() * 400 / 399;
            double exactVariance = v * (1 - t) * (1 - t) / (t * t * v + (1 - t) * (1 - t));
            // 400 draws: the mean's standard error is 0.022 per pixel, the pooled variance's 0.4 %.
            assertTrue(meanGap < 0.11, "posterior mean " + meanGap);
            assertEquals(exactVariance, variance, 0.03 * exactVariance);
        }
    }

    /**
     * A flow-map module of another schedule (the cosine path, in τ) jumps on the linear axis like the exact flow there:
     * X(t, t', x) = X^m(u*(t), u*(t'), c(t)x)/c(t').
     */
    @Test
    void aCosineFlowMapModuleJumpsLikeTheLinearExactFlow() throws IOException {
        try (NDManager m = Fixtures.manager()) {
            ModelBundle bundle = load("cosine_flow_map", m);
            GaussianMixture gaussian = new GaussianMixture(new double[] {1}, new double[][] {{1.0, -0.5}},
                    new double[][][] {{{0.5, 0}, {0, 0.2}}});
            NDArray x = Rng.of(7).normal(m, new Shape(256, 2), DataType.FLOAT64);
            NDArray jumped = bundle.flowMap().jump(0.2, 0.7, x);
            double gap = maxAbsDiff(jumped, OdeSolver.HEUN.integrate(gaussian, x, 0.2, 0.7, 400));
            assertTrue(gap < 1e-4, "flow map " + gap);
            NDArray times = Fixtures.times(m, 256, 0.5);
            double velocity = maxAbsDiff(bundle.field().velocity(times, x), gaussian.velocity(times, x));
            assertTrue(velocity < 2e-3, "its diagonal " + velocity);
        }
    }

    /** A module alone refuses times its prediction cannot serve; SnrMatched serves the whole axis. */
    @Test
    void aModuleAloneRefusesTimesOutsideItsRange() throws IOException {
        try (NDManager m = Fixtures.manager()) {
            TorchScriptModel edm = TorchScriptModel.load(TorchScriptFixtures.file("schedule_edm_sigma.pt"), m);
            NDArray x = m.zeros(new Shape(4, 2), DataType.FLOAT64);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> edm.denoiser(Fixtures.times(m, 4, 0.001), x));
            assertTrue(e.getMessage().contains("covers the times"), e.getMessage());
            VelocityField served = SnrMatched.of(edm, LinearInterpolant.INSTANCE);
            assertTrue(Double.isFinite(served.velocity(Fixtures.times(m, 4, 0), x).sum().getDouble()));
        }
    }
}
