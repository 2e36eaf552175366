package io.diamondmaps.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.Fixtures;
import io.diamondmaps.data.ToyDatasets;
import io.diamondmaps.eval.SampleDistances;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.neural.Checkpoint;
import io.diamondmaps.model.neural.MapMlp;
import io.diamondmaps.sample.Generation;
import io.diamondmaps.sample.OdeSolver;
import io.diamondmaps.util.Rng;
import io.diamondmaps.util.Tensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {
    @TempDir
    Path dir;

    private static TrainingConfig config(TrainingConfig.Objective objective, int steps, int batch, double lr) {
        return TrainingConfig.builder(objective).steps(steps).batch(batch).learningRate(lr)
                .optimizer(Optimizer.Kind.ADAM).emaDecay(0.99).checkpointEvery(Math.max(1, steps)).seed(7).build();
    }

    /**
     * Trains an MLP of {@code width} with 2 or 3 hidden layers ({@code depth}) on samples of {@code gmm} and leaves its
     * EMA weights in it, as sampling uses them; closes the trainer. Returns the network and its loss log.
     */
    private Trained trainToEma(GaussianMixture gmm, int width, int depth, TrainingConfig config, String file,
            NDManager m) throws IOException {
        MapMlp net = new MapMlp(new MapMlp.Config(gmm.dimension(), width, depth), gmm.interpolant(), m);
        try (Trainer trainer = new Trainer(net, ToyDatasets.mixture(gmm, "gmm"), config, dir.resolve(file), m)) {
            trainer.train(step -> { });
            net.parameters().copyFrom(trainer.ema(m));
            return new Trained(net, List.copyOf(trainer.log()));
        }
    }

    private record Trained(MapMlp net, List<Trainer.LogRow> log) {
    }

    @Test
    void flowMatchingLearnsTheMixtureVelocity() throws IOException {
        GaussianMixture gmm = Fixtures.mixture2d();
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(91);
            MapMlp net = trainToEma(gmm, 128, 3, config(TrainingConfig.Objective.FLOW_MATCHING, 1500, 512, 3e-3),
                    "fm.ckpt", m).net();
            double total = 0;
            for (double t : new double[] {0.2, 0.5, 0.8}) {
                NDArray x1 = gmm.sample(m, 4000, rng);
                NDArray x0 = rng.normal(m, x1.getShape(), DataType.FLOAT64);
                NDArray tt = Tensors.times(x1, t);
                NDArray xt = gmm.interpolant().interpolate(tt, x0, x1);
                NDArray exact = gmm.velocity(tt, xt);
                NDArray learned = net.velocity(tt, xt).toType(DataType.FLOAT64, false);
                double rel = Math.sqrt(learned.sub(exact).square().sum().getDouble() / exact.square().sum().getDouble());
                assertTrue(rel < 0.2, "relative L2 velocity error " + rel + " at t=" + t);
                total += rel;
            }
            NDArray x0 = Generation.noise(m, new Shape(3000, 2), DataType.FLOAT32, rng);
            NDArray samples = Generation.ode(net, x0, 50, OdeSolver.HEUN);
            NDArray exactA = gmm.sample(m, 3000, rng);
            double floor = Math.abs(SampleDistances.energyDistance(gmm.sample(m, 3000, rng), exactA));
            double dist = SampleDistances.energyDistance(samples, exactA);
            assertTrue(dist < 0.02, "ODE samples of the learned field: energy distance " + dist + " (floor " + floor
                    + ", mean relative velocity error " + total / 3 + ")");
            assertTrue(Files.exists(dir.resolve("fm.ckpt")) && Files.exists(Trainer.logPath(dir.resolve("fm.ckpt"))));
        }
    }

    @Test
    void lsdFlowMapOnAGaussianJumpsInOneStep() throws IOException {
        GaussianMixture g = Fixtures.gaussian1d();
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(92);
            Trained trained = trainToEma(g, 64, 2, config(TrainingConfig.Objective.LSD, 1500, 256, 3e-3), "lsd.ckpt", m);
            MapMlp net = trained.net();
            List<Trainer.LogRow> log = trained.log();
            // Exact flow map from t = 0 (A.5): X(0, 1, x) = μ + √S·x; from t = 0.5: α'μ + √(Σ(1)/Σ(.5))(x − αμ).
            NDArray x = rng.normal(m, new Shape(2000, 1), DataType.FLOAT32);
            NDArray oneStep = net.jump(0, 1, x);
            NDArray exact = x.mul(Math.sqrt(0.3)).add(0.7);
            double err = oneStep.sub(exact).abs().mean().toType(DataType.FLOAT64, false).getDouble();
            assertTrue(err < 0.05, "one-step jump error " + err);
            NDArray half = net.jump(0.5, 1, x);
            double s05 = Math.sqrt(0.25 * 0.3 + 0.25);
            NDArray exactHalf = x.sub(0.35).mul(Math.sqrt(0.3) / s05).add(0.7);
            double halfErr = half.sub(exactHalf).abs().mean().toType(DataType.FLOAT64, false).getDouble();
            assertTrue(halfErr < 0.05, "jump from t=0.5: error " + halfErr);
            double early = log.subList(0, 100).stream().mapToDouble(Trainer.LogRow::offDiagonal).average().orElseThrow();
            double late = log.subList(log.size() - 100, log.size()).stream()
                    .mapToDouble(Trainer.LogRow::offDiagonal).average().orElseThrow();
            assertTrue(late < early / 2, "LSD residual " + early + " -> " + late);
        }
    }

    @Test
    void lsdFlowMapOnTheMixtureSamplesInOneAndFourJumps() throws IOException {
        GaussianMixture gmm = Fixtures.mixture2d();
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(93);
            MapMlp net = trainToEma(gmm, 128, 3, config(TrainingConfig.Objective.LSD, 2000, 512, 3e-3), "fmap.ckpt", m)
                    .net();
            NDArray exact = gmm.sample(m, 3000, rng);
            double floor = Math.abs(SampleDistances.energyDistance(gmm.sample(m, 3000, rng), exact));
            NDArray x0 = Generation.noise(m, new Shape(3000, 2), DataType.FLOAT32, rng);
            double ode = SampleDistances.energyDistance(Generation.ode(net, x0, 50, OdeSolver.HEUN), exact);
            double[] jumps = new double[2];
            int[] steps = {1, 4};
            for (int k = 0; k < 2; k++) {
                NDArray x = x0;
                for (int j = 0; j < steps[k]; j++) {
                    x = net.jump((double) j / steps[k], (double) (j + 1) / steps[k], x);
                }
                jumps[k] = SampleDistances.energyDistance(x, exact);
            }
            String what = String.format("energy distance: 1 jump %.4f, 4 jumps %.4f, ODE of the diagonal %.4f, floor %.4f",
                    jumps[0], jumps[1], ode, floor);
            System.out.println(what);
            // Measured 0.0008 for both (the ODE of the diagonal 0.0003); the untrained identity map is at about 0.5.
            assertTrue(jumps[1] < 0.005, what);
            assertTrue(jumps[0] < 0.005, what);
        }
    }

    @Test
    void learnedLossWeightTracksTheLogOfTheExactResidualVariance() throws IOException {
        // 1-D Gaussian N(0.7, 0.3), linear interpolant: the flow-matching residual at t has mean
        // Var(x₁ − x₀ | x_t) = 1.3 − Cov(x₁ − x₀, x_t)²/Var(x_t), and e^{−w}ℓ + w is minimal at w = log of that (3.4).
        GaussianMixture g = Fixtures.gaussian1d();
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(93);
            MapMlp net = new MapMlp(new MapMlp.Config(1, 64, 2), g.interpolant(), m);
            TrainingConfig base = config(TrainingConfig.Objective.FLOW_MATCHING, 1500, 256, 3e-3);
            TrainingConfig cfg = base.toBuilder().learnedWeight(true).build();
            Trainer trainer = new Trainer(net, ToyDatasets.mixture(g, "gauss"), cfg,
                    dir.resolve("w.ckpt"), m);
            trainer.train(step -> { });
            for (double t : new double[] {0.1, 0.5, 0.9}) {
                double cov = t * 0.3 - (1 - t);
                double var = t * t * 0.3 + (1 - t) * (1 - t);
                double expected = Math.log(1.3 - cov * cov / var);
                NDArray tt = m.create(new float[] {(float) t});
                double w = trainer.lossWeight().at(tt, tt).toType(DataType.FLOAT64, false).getDouble(0);
                assertEquals(expected, w, 0.2, "learned log-variance at t=" + t);
            }
        }
    }

    @ParameterizedTest(name = "learned loss weight: {0}")
    @ValueSource(booleans = {false, true})
    void resumeContinuesTheSameLossCurveAndCheckpointsRoundTrip(boolean learnedWeight) throws IOException {
        GaussianMixture gmm = Fixtures.mixture2d();
        Path straight = dir.resolve("straight.ckpt");
        Path resumed = dir.resolve("resumed.ckpt");
        TrainingConfig cfg = TrainingConfig.builder(TrainingConfig.Objective.LSD).steps(40).batch(64).learningRate(1e-3)
                .schedule(TrainingConfig.Schedule.SQRT).decaySteps(10).emaDecay(0.9).checkpointEvery(20).seed(5)
                .learnedWeight(learnedWeight).build();
        List<Trainer.LogRow> full;
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(1);
            MapMlp net = new MapMlp(new MapMlp.Config(2, 32, 2), gmm.interpolant(), m);
            Trainer t = new Trainer(net, ToyDatasets.mixture(gmm, "gmm"), cfg, straight, m);
            t.train(step -> { });
            full = t.log();
        }
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(1);
            MapMlp net = new MapMlp(new MapMlp.Config(2, 32, 2), gmm.interpolant(), m);
            TrainingConfig half = cfg.toBuilder().steps(20).build();
            new Trainer(net, ToyDatasets.mixture(gmm, "gmm"), half, resumed, m).train(step -> { });
        }
        try (NDManager m = Fixtures.manager()) {
            MapMlp net = new MapMlp(new MapMlp.Config(2, 32, 2), gmm.interpolant(), m);
            Trainer t = new Trainer(net, ToyDatasets.mixture(gmm, "gmm"), cfg, resumed, m);
            t.resume();
            assertEquals(20, t.step());
            t.train(step -> { });
            assertEquals(full, t.log(), "a resumed run continues the same loss curve");
            // The final checkpoints hold bit-identical weights.
            Checkpoint a = Checkpoint.read(straight, m);
            Checkpoint b = Checkpoint.read(resumed, m);
            for (String k : a.arrays().keySet()) {
                assertTrue(a.arrays().get(k).contentEquals(b.arrays().get(k)), "array " + k);
            }
            assertEquals(40, b.metadata().get("step").asLong());
            assertEquals("map-mlp", b.metadata().path("architecture").path("type").asText());
        }
    }

    @Test
    void aNonFiniteStepStopsTrainingAndKeepsTheLastCheckpoint() throws IOException {
        GaussianMixture gmm = Fixtures.mixture2d();
        Path ckpt = dir.resolve("nan.ckpt");
        io.diamondmaps.data.Dataset clean = ToyDatasets.mixture(gmm, "gmm");
        int[] calls = {0};
        io.diamondmaps.data.Dataset poisoned = new io.diamondmaps.data.Dataset() {
            @Override
            public NDArray sample(NDManager manager, int n, Rng rng) {
                NDArray x = clean.sample(manager, n, rng);
                return ++calls[0] > 6 ? x.mul(Float.NaN) : x;
            }

            @Override
            public Shape sampleShape() {
                return clean.sampleShape();
            }

            @Override
            public String describe() {
                return "poisoned";
            }
        };
        TrainingConfig cfg = TrainingConfig.builder(TrainingConfig.Objective.LSD).steps(20).batch(32).learningRate(1e-3)
                .schedule(TrainingConfig.Schedule.CONSTANT).decaySteps(10).optimizer(Optimizer.Kind.ADAM).emaDecay(0.9)
                .checkpointEvery(5).seed(5).build();
        try (NDManager m = Fixtures.manager()) {
            MapMlp net = new MapMlp(new MapMlp.Config(2, 16, 2), gmm.interpolant(), m);
            Trainer t = new Trainer(net, poisoned, cfg, ckpt, m);
            List<String> heard = new java.util.ArrayList<>();
            TrainingListener listener = new TrainingListener() {
                @Override
                public void stepFinished(Trainer.LogRow row) {
                    heard.add("step " + row.step());
                }

                @Override
                public void checkpointWritten(long step, Path file) {
                    heard.add("checkpoint " + step);
                }

                @Override
                public void diverged(long step, double loss, double gradientNorm) {
                    heard.add("diverged " + step + (Double.isFinite(loss) ? "" : " with a non-finite loss"));
                }
            };
            NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> t.train(listener));
            assertTrue(e.getMessage().startsWith("step 7:"), e.getMessage());
            assertEquals(List.of("step 1", "step 2", "step 3", "step 4", "step 5", "checkpoint 5", "step 6",
                    "diverged 7 with a non-finite loss"), heard);
            assertEquals(5, Checkpoint.read(ckpt, m).metadata().get("step").asLong(), "the step-5 checkpoint stands");
            for (NDArray p : net.parameters().asMap().values()) {
                assertTrue(Float.isFinite(p.abs().sum().getFloat()), "no NaN reached the weights");
            }
        }
    }

    @Test
    void badCheckpointsAreRejectedWithTheReason() throws IOException {
        Path junk = dir.resolve("junk.ckpt");
        Files.writeString(junk, "this is not a checkpoint at all, just text");
        try (NDManager m = Fixtures.manager()) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(junk, m)).getMessage()
                    .contains("not a Diamond checkpoint"));
            Path good = dir.resolve("good.ckpt");
            new Checkpoint(Checkpoint.newMetadata().put("step", 3), java.util.Map.of("a", m.ones(new Shape(4))))
                    .write(good);
            byte[] bytes = Files.readAllBytes(good);
            Path cut = dir.resolve("cut.ckpt");
            Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 5));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(cut, m)).getMessage()
                    .contains("corrupt or truncated"));
            bytes[bytes.length / 2] ^= 0x5a;
            Path flipped = dir.resolve("flipped.ckpt");
            Files.write(flipped, bytes);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(flipped, m)).getMessage()
                    .contains("corrupt"));
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> Checkpoint.read(dir.resolve("none.ckpt"), m)).getMessage().contains("not found"));
        }
    }
}
