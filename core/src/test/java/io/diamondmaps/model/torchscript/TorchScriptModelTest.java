package io.diamondmaps.model.torchscript;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.diamondmaps.Fixtures;
import io.diamondmaps.eval.SampleDistances;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.SnrMatched;
import io.diamondmaps.model.VelocityField;
import io.diamondmaps.reward.MeasurementReward;
import io.diamondmaps.reward.Operators;
import io.diamondmaps.reward.Reward;
import io.diamondmaps.reward.TorchScriptReward;
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
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TorchScript models against PyTorch's own outputs and the Java exact oracle: the fixtures write a Gaussian mixture's
 * posterior mean in PyTorch in three conventions, so every conversion (time direction, velocity sign, data and noise
 * predictions) must land on the mixture's exact velocity, denoiser and samplers.
 */
class TorchScriptModelTest {
    private static final String[] MIXTURE_MODULES = {"mixture_data", "mixture_noise", "mixture_velocity",
        "mixture_velocity_trig"};

    /** The module on its own schedule's path, served over all of [0, 1] as ModelLoader serves it. */
    private static VelocityField load(String name, NDManager m) throws IOException {
        TorchScriptModel model = TorchScriptModel.load(TorchScriptFixtures.file(name + ".pt"), m);
        return SnrMatched.of(model, model.interpolant());
    }

    private static double maxAbsDiff(NDArray a, NDArray b) {
        return a.toType(DataType.FLOAT64, false).sub(b.toType(DataType.FLOAT64, false)).abs().max().getDouble();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mixture_data", "mixture_noise", "mixture_velocity", "mixture_velocity_trig",
            "gaussian_flow_map",
            "image_velocity", "dropout_velocity", "quadratic_reward", "schedule_ddpm_epsilon", "schedule_ddpm_v",
            "schedule_ddpm_sample", "schedule_edm_sigma", "schedule_edm_c_noise", "schedule_ve_epsilon",
            "schedule_rectified_flow", "schedule_cosine_epsilon", "schedule_vp_v", "schedule_ddpm_image",
            "cosine_flow_map"})
    void modulesReproducePyTorchsOutputs(String name) {
        try (NDManager m = Fixtures.manager()) {
            TorchScriptModule module = TorchScriptModule.load(TorchScriptFixtures.file(name + ".pt"), m);
            NDArray out = module.forward(TorchScriptFixtures.inputs(name, m));
            assertTrue(maxAbsDiff(out, TorchScriptFixtures.output(name, m)) < 1e-5, name);
        }
    }

    @Test
    void everyConventionGivesTheMixturesExactVelocityDenoiserAndScore() throws IOException {
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(5);
            int n = 64;
            NDArray t = rng.uniform(m, 0.02, 0.98, new Shape(n), DataType.FLOAT64);
            NDArray x = rng.normal(m, 1.5, new Shape(n, 2), DataType.FLOAT64);
            for (String name : MIXTURE_MODULES) {
                VelocityField model = load(name, m);
                GaussianMixture exact = TorchScriptFixtures.mixture().withInterpolant(model.interpolant());
                assertEquals(name.endsWith("trig") ? "trig" : "linear", model.interpolant().name());
                NDArray b = model.velocity(t, x);
                assertEquals(DataType.FLOAT64, b.getDataType(), "outputs come back in the samples' dtype");
                assertTrue(maxAbsDiff(b, exact.velocity(t, x)) < 2e-4, name + " velocity");
                assertTrue(maxAbsDiff(model.denoiser(t, x), exact.denoiser(t, x)) < 2e-4, name + " denoiser");
                assertTrue(maxAbsDiff(model.score(t, x), exact.score(t, x)) < 5e-3, name + " score");
            }
        }
    }

    /** The strong fixture: ODE samples and GLASS posteriors driven by the PyTorch modules are the oracle's. */
    @Test
    void samplersDrivenByTheModulesMatchTheExactOracle() throws IOException {
        try (NDManager m = Fixtures.manager()) {
            int n = 2000;
            for (String name : MIXTURE_MODULES) {
                VelocityField model = load(name, m);
                GaussianMixture exact = TorchScriptFixtures.mixture().withInterpolant(model.interpolant());
                NDArray x0 = Generation.noise(m, new Shape(n, 2), DataType.FLOAT64, Rng.of(1));
                NDArray viaModule = Generation.ode(model, x0, 64, OdeSolver.HEUN);
                NDArray viaOracle = Generation.ode(exact, x0, 64, OdeSolver.HEUN);
                // Noise and data predictions are read 1e-3 from their singular end (TorchScriptVelocityField.EDGE).
                double tolerance = name.equals("mixture_velocity") || name.endsWith("trig") ? 1e-3 : 2e-2;
                assertTrue(maxAbsDiff(viaModule, viaOracle) < tolerance, name + " ODE: "
                        + maxAbsDiff(viaModule, viaOracle));
                double floor = SampleDistances.energyDistance(exact.sample(m, n, Rng.of(2)), exact.sample(m, n,
                        Rng.of(3)));
                double distance = SampleDistances.energyDistance(viaModule, exact.sample(m, n, Rng.of(2)));
                assertTrue(distance < 3 * Math.abs(floor) + 5e-3, name + " ODE energy distance " + distance);

                double t = 0.4;
                NDArray xt = Fixtures.repeatRow(m, new double[] {0.3, 0.2}, n);
                NDArray glass = new GlassFlow(model, 8, GlassFlow.DEFAULT_SOLVER).samplePosterior(t, xt, Rng.of(4));
                NDArray glassExact = new GlassFlow(exact, 8, GlassFlow.DEFAULT_SOLVER).samplePosterior(t, xt,
                        Rng.of(4));
                assertTrue(maxAbsDiff(glass, glassExact) < 2e-3, name + " GLASS: " + maxAbsDiff(glass, glassExact));
                NDArray posterior = exact.samplePosterior(t, xt, Rng.of(5));
                double toPosterior = SampleDistances.energyDistance(glass, posterior);
                double untilted = SampleDistances.energyDistance(exact.sample(m, n, Rng.of(6)), posterior);
                assertTrue(toPosterior < 0.05 && toPosterior < untilted / 10, name + " GLASS posterior distance "
                        + toPosterior + ", prior's " + untilted);
            }
        }
    }

    @Test
    void aFlowMapModuleJumpsLikeTheExactFlowAndItsDiagonalIsTheVelocity() throws IOException {
        try (NDManager m = Fixtures.manager()) {
            VelocityField model = load("gaussian_flow_map", m);
            TorchScriptFlowMap map = assertInstanceOf(TorchScriptFlowMap.class, model);
            GaussianMixture gaussian = new GaussianMixture(new double[] {1}, new double[][] {{1.0, -0.5}},
                    new double[][][] {{{0.5, 0}, {0, 0.2}}});
            NDArray x = Rng.of(7).normal(m, new Shape(256, 2), DataType.FLOAT64);
            NDArray jumped = map.jump(0.2, 0.7, x);
            assertTrue(maxAbsDiff(jumped, OdeSolver.HEUN.integrate(gaussian, x, 0.2, 0.7, 400)) < 1e-4);
            for (double t : new double[] {0, 0.5, 1}) {
                NDArray times = Fixtures.times(m, 256, t);
                double error = maxAbsDiff(map.velocity(times, x), gaussian.velocity(times, x));
                // Central difference inside, one-sided (first order) at the ends.
                assertTrue(error < (t == 0.5 ? 1e-3 : 1.5e-2), "t = " + t + ": " + error);
            }
        }
    }

    @Test
    void dropoutStaysOffWhateverTheOrderOfCalls() throws IOException {
        try (NDManager m = Fixtures.manager()) {
            TorchScriptModule module = TorchScriptModule.load(TorchScriptFixtures.file("dropout_velocity.pt"), m);
            NDArray[] in = TorchScriptFixtures.inputs("dropout_velocity", m);
            NDArray expected = TorchScriptFixtures.output("dropout_velocity", m);
            for (int i = 0; i < 3; i++) {
                assertTrue(maxAbsDiff(module.forward(in), expected) < 1e-6, "without gradients, call " + i);
                try (GradientCollector g = m.getEngine().newGradientCollector()) {
                    NDArray x = in[1].duplicate();
                    x.setRequiresGradient(true);
                    NDArray out = module.forward(in[0], x);
                    assertTrue(maxAbsDiff(out, expected) < 1e-6, "with gradients, call " + i);
                    g.backward(out.sum());
                    assertTrue(x.getGradient().abs().sum().getFloat() > 0, "the gradient reaches the input");
                }
            }
        }
    }

    @Test
    void aRewardModuleEqualsItsJsonTwinWithGradients() {
        try (NDManager m = Fixtures.manager()) {
            Reward module = TorchScriptReward.load(TorchScriptFixtures.file("quadratic_reward.pt"), m);
            Reward json = new MeasurementReward(Operators.matrix(new double[][] {{1.0, 0.5}, {0.0, 1.0}}),
                    new double[] {1.0, -1.0}, 0.8);
            NDArray x = Rng.of(8).normal(m, 1.5, new Shape(100, 2), DataType.FLOAT64);
            NDArray r = module.value(x);
            assertEquals(new Shape(100), r.getShape());
            assertEquals(DataType.FLOAT64, r.getDataType());
            assertTrue(maxAbsDiff(r, json.value(x)) < 1e-4);
            assertTrue(maxAbsDiff(module.gradient(x), json.gradient(x)) < 1e-4);
            assertEquals(Reward.ANY_SIZE, module.inputSize());
        }
    }

    @Test
    void imageModelsTakeBatchesOfTheirShape() throws IOException {
        try (NDManager m = Fixtures.manager()) {
            VelocityField model = load("image_velocity", m);
            NDArray[] in = TorchScriptFixtures.inputs("image_velocity", m);
            assertTrue(maxAbsDiff(model.velocity(in[0], in[1]), TorchScriptFixtures.output("image_velocity", m))
                    < 1e-5);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.velocity(in[0], in[1].reshape(2, 36)));
            assertTrue(e.getMessage().contains("samples of shape (1, 6, 6)"), e.getMessage());
        }
    }

    @Test
    void brokenModulesAndDescriptionsGetClearErrors(@TempDir Path dir) throws IOException {
        try (NDManager m = Fixtures.manager()) {
            assertMessage("TorchScript module not found", () -> TorchScriptModel.load(dir.resolve("none.pt"), m));
            Path garbage = dir.resolve("garbage.pt");
            Files.writeString(garbage, "not a module");
            Files.copy(TorchScriptFixtures.file("mixture_data.json"), dir.resolve("garbage.json"));
            assertMessage("is not a TorchScript module", () -> TorchScriptModel.load(garbage, m));

            Path module = dir.resolve("m.pt");
            Files.copy(TorchScriptFixtures.file("mixture_data.pt"), module);
            assertMessage("description " + dir.resolve("m.json") + " is missing",
                    () -> TorchScriptModel.load(module, m));
            Files.writeString(dir.resolve("m.json"), "{\"prediction\": \"data\", ");
            assertMessage("malformed model description", () -> TorchScriptModel.load(module, m));
            Files.writeString(dir.resolve("m.json"), "{\"prediction\": \"score\", \"time\": \"noise-at-1\", "
                    + "\"interpolant\": \"linear\", \"shape\": [2]}");
            assertMessage("unknown prediction 'score' (expected velocity, data, noise, v, flow-map; or diffusers' sample, epsilon, "
                    + "v_prediction)",
                    () -> TorchScriptModel.load(module, m));
            Files.writeString(dir.resolve("m.json"), "{\"prediction\": \"data\", \"time\": \"noise-at-1\", "
                    + "\"interpolant\": \"linear\", \"shape\": [2, 2]}");
            assertMessage("\"shape\" must be [d] or [C, H, W]", () -> TorchScriptModel.load(module, m));

            NDArray t = Fixtures.times(m, 4, 0.5);
            VelocityField wrong = load("wrong_shape_velocity", m);
            assertMessage("returned a tensor of shape (4, 3) for inputs of shape (4, 2)",
                    () -> wrong.velocity(t, m.zeros(new Shape(4, 2))));
            VelocityField mixture = load("mixture_data", m);
            assertMessage("described for samples of shape (2)", () -> mixture.velocity(t, m.zeros(new Shape(4, 3))));
            assertMessage("one value per sample", () -> TorchScriptReward.load(
                    TorchScriptFixtures.file("wrong_shape_reward.pt"), m).value(m.ones(new Shape(4, 2))));
            assertMessage("NaN or infinite", () -> TorchScriptReward.load(
                    TorchScriptFixtures.file("non_finite_reward.pt"), m).value(m.ones(new Shape(4, 2)).neg()));
            TorchScriptModule reward = TorchScriptModule.load(TorchScriptFixtures.file("quadratic_reward.pt"), m);
            assertMessage("failed on inputs of shapes (4, 3): RuntimeError: mat1 and mat2 shapes cannot be multiplied",
                    () -> reward.forward(m.ones(new Shape(4, 3))));
        }
    }

    private static void assertMessage(String fragment, org.junit.jupiter.api.function.Executable run) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, run);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void timesOfDiffusionCodeRunTheOtherWay() {
        try (NDManager m = Fixtures.manager()) {
            NDArray t = m.create(new double[] {0, 0.25, 1});
            ModelDescription diffusion = ModelDescription.of(ModelDescription.Prediction.DATA,
                    ModelDescription.TimeDirection.NOISE_AT_1, Interpolant.byName("linear"), new Shape(2));
            assertTrue(maxAbsDiff(TorchScriptModel.moduleTime(diffusion, t), m.create(new double[] {1, 0.75, 0}))
                    == 0);
        }
    }
}
