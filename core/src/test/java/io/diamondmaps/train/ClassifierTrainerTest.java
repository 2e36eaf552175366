package io.diamondmaps.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.Fixtures;
import io.diamondmaps.data.FashionMnist;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.model.neural.ImageClassifier;
import io.diamondmaps.model.neural.UNet;
import io.diamondmaps.reward.ClassifierReward;
import io.diamondmaps.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassifierTrainerTest {
    @TempDir
    Path dir;

    /** Noisy 8×8 images of a bright 3×3 square at the top-left (class 0) or bottom-right (class 1). */
    private static FashionMnist.Split squares(NDManager m, int n, Rng rng) {
        NDArray images = rng.normal(m, 0.3f, new Shape(n, 1, 8, 8), DataType.FLOAT32).sub(0.5);
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            int o = i % 2 == 0 ? 1 : 4;
            images.set(new NDIndex(i + ", 0, " + o + ":" + (o + 3) + ", " + o + ":" + (o + 3)), 0.8f);
        }
        try (NDArray y = m.create(labels)) {
            return new FashionMnist.Split(images, y.duplicate());
        }
    }

    @Test
    void learnsTwoClassesReloadsAndServesAsReward() throws IOException {
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(5);
            FashionMnist.Split train = squares(m, 256, rng);
            FashionMnist.Split test = squares(m, 200, rng);
            ImageClassifier net = new ImageClassifier(new ImageClassifier.Config(1, 8, 8, 4, 16, 2), m);
            ClassifierTrainer.Config config = new ClassifierTrainer.Config(80, 32, 3e-3, 9);
            ClassifierTrainer.Result result = ClassifierTrainer.train(net, train, test, config, s -> { });
            assertTrue(result.testAccuracy() > 0.97, "test accuracy " + result.testAccuracy());

            Path ckpt = dir.resolve("clf.ckpt");
            ClassifierTrainer.save(net, config, result, "squares", ckpt);
            ImageClassifier loaded = ImageClassifier.load(ckpt, m);
            NDArray x = test.images().get("0:10");
            assertEquals(0, loaded.logits(x).sub(net.logits(x)).abs().max().getFloat(), 0, "bit-exact round trip");
            assertEquals(16, loaded.features(x).getShape().get(1));

            // log p(class 1 | x) is high on class-1 images and low on class-0 ones.
            ClassifierReward reward = new ClassifierReward(loaded::logits, 1, 64, "squares classifier");
            float[] r = reward.value(x).toFloatArray();
            assertTrue(r[1] > Math.log(0.9) && r[0] < Math.log(0.1), java.util.Arrays.toString(r));
        }
    }

    @Test
    void rejectsAFlowMapCheckpointAndWrongImages() throws IOException {
        try (NDManager m = Fixtures.manager()) {
            UNet unet = new UNet(new UNet.Config(1, 8, 8, 8, 4, 8), Interpolant.byName("linear"), m);
            Path ckpt = dir.resolve("unet.ckpt");
            java.util.Map<String, NDArray> arrays = new java.util.LinkedHashMap<>();
            unet.parameters().asMap().forEach((k, v) -> arrays.put("param/" + k, v));
            var meta = io.diamondmaps.model.neural.Checkpoint.newMetadata();
            meta.set("architecture", unet.architecture());
            new io.diamondmaps.model.neural.Checkpoint(meta, arrays).write(ckpt);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageClassifier.load(ckpt, m));
            assertTrue(e.getMessage().contains("not an image-classifier checkpoint"), e.getMessage());

            ImageClassifier net = new ImageClassifier(new ImageClassifier.Config(1, 8, 8, 4, 16, 2), m);
            e = assertThrows(IllegalArgumentException.class, () -> net.logits(m.zeros(new Shape(2, 1, 28, 28))));
            assertTrue(e.getMessage().contains("(N, (1, 8, 8))"), e.getMessage());
        }
    }
}
