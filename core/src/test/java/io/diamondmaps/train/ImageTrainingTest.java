package io.diamondmaps.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.Fixtures;
import io.diamondmaps.data.FashionMnist;
import io.diamondmaps.eval.ImageGrid;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.model.neural.FlowMapNetwork;
import io.diamondmaps.model.neural.InnerRange;
import io.diamondmaps.model.neural.NeuralModels;
import io.diamondmaps.model.neural.UNet;
import io.diamondmaps.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageTrainingTest {
    @TempDir
    Path dir;

    @Test
    void uNetFlowMapTrainsOnTinyImagesAndReloads() throws IOException {
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(111);
            // Tiny 8×8 "images": a bright square at one of two places.
            NDArray images = m.zeros(new Shape(64, 1, 8, 8), DataType.FLOAT32).sub(1);
            for (int i = 0; i < 64; i++) {
                int o = i % 2 == 0 ? 1 : 4;
                images.set(new ai.djl.ndarray.index.NDIndex(i + ", 0, " + o + ":" + (o + 3) + ", " + o + ":" + (o + 3)), 1f);
            }
            NDArray labels = m.zeros(new Shape(64), DataType.INT64);
            UNet net = new UNet(new UNet.Config(1, 8, 8, 8, 4, 8), Interpolant.byName("linear"), m);
            Path ckpt = dir.resolve("unet.ckpt");
            TrainingConfig cfg = TrainingConfig.builder(TrainingConfig.Objective.LSD).steps(60).batch(16)
                    .schedule(TrainingConfig.Schedule.CONSTANT).emaDecay(0.9).checkpointEvery(30).seed(3).build();
            Trainer trainer = new Trainer(net, FashionMnist.dataset(new FashionMnist.Split(images, labels), "test images"),
                    cfg, ckpt, m);
            trainer.train(step -> { });
            double first = trainer.log().subList(0, 10).stream().mapToDouble(Trainer.LogRow::diagonal).average().orElseThrow();
            double last = trainer.log().subList(50, 60).stream().mapToDouble(Trainer.LogRow::diagonal).average().orElseThrow();
            assertTrue(last < first, "flow-matching loss must fall: " + first + " -> " + last);
            FlowMapNetwork loaded = NeuralModels.load(ckpt, m);
            assertEquals(new Shape(1, 8, 8), loaded.sampleShape());
            NDArray x = rng.normal(m, new Shape(4, 1, 8, 8), DataType.FLOAT32);
            NDArray a = loaded.jump(0, 1, x);
            net.parameters().copyFrom(trainer.ema(m));
            assertEquals(0, a.sub(net.jump(0, 1, x)).abs().max().getFloat(), 0, "the checkpoint holds the EMA weights");
            Path grid = dir.resolve("grid.png");
            ImageGrid.write(grid, a, 2, 3);
            assertTrue(Files.size(grid) > 100);
        }
    }

    @Test
    void uNetDiamondMapDistilsFromAnImageFlowMapAndSamples() throws IOException {
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(112);
            NDArray images = rng.uniform(m, -1, 1, new Shape(32, 1, 8, 8), DataType.FLOAT32);
            var data = FashionMnist.dataset(new FashionMnist.Split(images, m.zeros(new Shape(32), DataType.INT64)), "test images");
            UNet teacher = new UNet(new UNet.Config(1, 8, 8, 8, 4, 8), Interpolant.byName("linear"), m);
            TrainingConfig cfg = TrainingConfig.builder(TrainingConfig.Objective.LSD).steps(20).batch(8)
                    .schedule(TrainingConfig.Schedule.CONSTANT).emaDecay(0.9).checkpointEvery(20).seed(3).build();
            new Trainer(teacher, data, cfg, dir.resolve("teacher.ckpt"), m).train(step -> { });
            // A range other than the default, which the checkpoint must carry to the loaded sampler.
            InnerRange range = new InnerRange(0.0, 0.9);
            io.diamondmaps.model.neural.DiamondUNet student = new io.diamondmaps.model.neural.DiamondUNet(
                    teacher.config(), teacher.interpolant(), range, m, DataType.FLOAT32);
            student.initialiseFrom(teacher);
            Path ckpt = dir.resolve("diamond.ckpt");
            Trainer trainer = new Trainer(new DiamondLoss(student, teacher, DataType.FLOAT32, "teacher.ckpt",
                    DiamondLoss.Config.posterior()), data, cfg, ckpt, m);
            trainer.train(step -> { });
            assertTrue(trainer.log().stream().allMatch(r -> Double.isFinite(r.loss()) && r.offDiagonal() > 0),
                    "both terms are trained");
            var loaded = NeuralModels.loadDiamond(ckpt, m);
            assertEquals(range, loaded.innerRange());
            NDArray xt = rng.normal(m, new Shape(4, 1, 8, 8), DataType.FLOAT32);
            NDArray x1 = new io.diamondmaps.sample.DiamondSampler(loaded, 1).samplePosterior(0.5, xt, rng);
            assertEquals(new Shape(4, 1, 8, 8), x1.getShape());
            NDArray next = new io.diamondmaps.sample.DiamondSampler(loaded, 2).transition(0.3, 0.7, xt, rng);
            assertTrue(Float.isFinite(next.abs().sum().getFloat()));
        }
    }
}
