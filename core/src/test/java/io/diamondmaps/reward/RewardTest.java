package io.diamondmaps.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.diamondmaps.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RewardTest {
    @Test
    void everyRewardTypeParsesAndEvaluates() {
        try (NDManager m = Fixtures.manager()) {
            NDArray x = Fixtures.row(m, 1, 2, 3, 4);
            assertEquals(1 - 2 + 3 - 4, RewardFile.parse("{\"type\":\"linear\",\"c\":[1,-1,1,-1]}", "t")
                    .logTilt(x).getDouble(0), 1e-12);
            // −‖x − y‖²/(2η²) with η = 1, divided by λ = 2.
            RewardTilt den = RewardFile.parse("{\"type\":\"denoising\",\"y\":[1,2,3,5],\"noise\":1,\"temperature\":2}", "t");
            assertEquals(-0.25, den.logTilt(x).getDouble(0), 1e-12);
            RewardTilt inp = RewardFile.parse("{\"type\":\"inpainting\",\"mask\":[1,0,0,1],\"y\":[0,9,9,4],\"noise\":1}", "t");
            assertEquals(-0.5, inp.logTilt(x).getDouble(0), 1e-12);
            // A 1×2×2 image pooled by 2 is its mean 2.5.
            RewardTilt sr = RewardFile.parse("{\"type\":\"super-resolution\",\"factor\":2,\"channels\":1,\"height\":2,"
                    + "\"width\":2,\"y\":[1.5],\"noise\":1}", "t");
            assertEquals(-0.5, sr.logTilt(x).getDouble(0), 1e-12);
            RewardTilt sum = RewardFile.parse("{\"type\":\"sum\",\"terms\":[{\"weight\":2,\"reward\":{\"type\":\"linear\","
                    + "\"c\":[1,0,0,0]}},{\"weight\":1,\"reward\":{\"type\":\"quadratic\",\"A\":[[0,0,0,1]],\"y\":[3],"
                    + "\"noise\":1}}]}", "t");
            assertEquals(2 * 1 - 0.5, sum.logTilt(x).getDouble(0), 1e-12);
        }
    }

    @Test
    void gradientsMatchTheClosedForm() {
        try (NDManager m = Fixtures.manager()) {
            NDArray x = Fixtures.row(m, 1, 2);
            MeasurementReward q = new MeasurementReward(Operators.matrix(new double[][] {{1, 1}}), new double[] {1}, 0.5);
            // ∇ = −Aᵀ(Ax − y)/η² = −(3 − 1)/0.25 · [1, 1].
            assertArrayEquals(new double[] {-8, -8}, q.gradient(x).toDoubleArray(), 1e-9);
            assertArrayEquals(new double[] {3, -1}, new LinearReward(new double[] {3, -1}).gradient(x).toDoubleArray(),
                    1e-12);
        }
    }

    @Test
    void operatorsExposeTheirMatrices() {
        double[][] pool = Operators.averagePool(1, 2, 4, 2).matrix();
        assertArrayEquals(new double[] {0.25, 0.25, 0, 0, 0.25, 0.25, 0, 0}, pool[0], 1e-12);
        assertArrayEquals(new double[] {0, 0, 0.25, 0.25, 0, 0, 0.25, 0.25}, pool[1], 1e-12);
        assertArrayEquals(new double[] {0, 1, 0}, Operators.mask(new double[] {0, 1, 1}).matrix()[1], 1e-12);
    }

    @Test
    void badRewardFilesAreRejectedWithTheReason() {
        assertMessage("unknown reward type", "{\"type\":\"blue\"}");
        assertMessage("missing \"type\"", "{\"c\":[1]}");
        assertMessage("\"noise\" must be a finite number", "{\"type\":\"quadratic\",\"A\":[[1]],\"y\":[1]}");
        assertMessage("unknown field", "{\"type\":\"linear\",\"c\":[1],\"colour\":2}");
        assertMessage("y has 2 entries", "{\"type\":\"quadratic\",\"A\":[[1]],\"y\":[1,2],\"noise\":1}");
        assertMessage("must divide", "{\"type\":\"super-resolution\",\"factor\":3,\"channels\":1,\"height\":4,"
                + "\"width\":4,\"y\":[1],\"noise\":1}");
        assertMessage("0 or 1", "{\"type\":\"inpainting\",\"mask\":[0.5],\"y\":[1],\"noise\":1}");
        assertMessage("temperature", "{\"type\":\"linear\",\"c\":[1],\"temperature\":-1}");
        assertMessage("malformed", "[1,");
    }

    @Test
    void aClassifierRewardIsLoadedFromTheFilesFolder(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("models"));
        Files.writeString(dir.resolve("models/clf.ckpt"), "stand-in");
        Path file = dir.resolve("reward.json");
        Files.writeString(file, "{\"type\":\"classifier\",\"checkpoint\":\"models/clf.ckpt\",\"class\":3,"
                + "\"temperature\":0.5}");
        List<String> asked = new ArrayList<>();
        RewardTilt tilt = RewardFile.read(file, classifiers((checkpoint, k) -> {
            asked.add(checkpoint + "#" + k);
            return new LinearReward(new double[] {k, 0});
        }));
        assertEquals(List.of(dir.resolve("models/clf.ckpt") + "#3"), asked);
        assertEquals(0.5, tilt.temperature());
        try (NDManager m = Fixtures.manager()) {
            assertEquals(3 * 2 / 0.5, tilt.logTilt(Fixtures.row(m, 2, 7)).getDouble(0), 1e-12);
        }
        Files.writeString(file, "{\"type\":\"classifier\",\"checkpoint\":\"missing.ckpt\",\"class\":3}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RewardFile.read(file, classifiers((c, k) -> null)));
        assertTrue(e.getMessage().contains("classifier checkpoint not found") && e.getMessage().contains("missing.ckpt"),
                e.getMessage());
        assertMessage("network loader", "{\"type\":\"classifier\",\"checkpoint\":\"c.ckpt\",\"class\":1}");
        Files.writeString(file, "{\"type\":\"classifier\",\"checkpoint\":\"models/clf.ckpt\",\"class\":-1}");
        e = assertThrows(IllegalArgumentException.class, () -> RewardFile.read(file, classifiers((c, k) -> null)));
        assertTrue(e.getMessage().contains("\"class\" must be non-negative"), e.getMessage());
    }

    /** A loader of classifiers only. */
    private static RewardFile.NetworkLoader classifiers(java.util.function.BiFunction<Path, Integer, Reward> load) {
        return new RewardFile.NetworkLoader() {
            @Override
            public Reward classifier(Path checkpoint, int targetClass) {
                return load.apply(checkpoint, targetClass);
            }

            @Override
            public Reward torchscript(Path module) {
                throw new AssertionError("no TorchScript reward expected");
            }
        };
    }

    private static void assertMessage(String fragment, String json) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RewardFile.parse(json, "r.json"));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertTrue(e.getMessage().contains("r.json"), e.getMessage());
    }
}
