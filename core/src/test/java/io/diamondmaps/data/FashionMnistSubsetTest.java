package io.diamondmaps.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Fashion-MNIST subset shipped in the jar is what its LICENSE file and docs/models.md say it is. */
class FashionMnistSubsetTest {
    /** SHA-256 of the files as tools/make_fashion_mnist_subset.py writes them (gzip with a zero timestamp). */
    private static final Map<String, String> SHA256 = Map.of(
            "t10k-images-idx3-ubyte.gz", "04516f9d284037ea6cce7310aafaed77e8f8c1547f1127ef4aa754c46f47f8f5",
            "t10k-labels-idx1-ubyte.gz", "540f63e62544edb8406d1292429a47e6cdb42e4fa2eaa233f072b34e1f6bc46c",
            "train-images-idx3-ubyte.gz", "cb128d6359c99867bed2c2f458aad721b96c0931dcd3618ce48fe8030c6ae9bc",
            "train-labels-idx1-ubyte.gz", "98159d9df2bb02702322125abba61a7ab6cac727811cfe13c42b05ab8ff75f63");

    @Test
    void filesHaveTheirChecksumsAndTheLicenceLiesBesideThem() throws IOException, NoSuchAlgorithmException {
        for (Map.Entry<String, String> e : SHA256.entrySet()) {
            try (InputStream in = FashionMnist.class.getResourceAsStream("fashion-mnist-subset/" + e.getKey())) {
                assertNotNull(in, e.getKey());
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
                assertEquals(e.getValue(), HexFormat.of().formatHex(digest), e.getKey());
            }
        }
        try (InputStream in = FashionMnist.class.getResourceAsStream("fashion-mnist-subset/LICENSE")) {
            String licence = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(licence.contains("Zalando SE") && licence.contains("MIT"), licence);
        }
    }

    @Test
    void testSplitHasOneHundredImagesOfEachClassInMinusOneOne() throws IOException {
        checkSplit("t10k", 100, -0.43003);
    }

    @Test
    void trainingSplitHasFiftyImagesOfEachClass() throws IOException {
        checkSplit("train", 50, -0.43343);
    }

    private static void checkSplit(String name, int perClass, double meanPixel) throws IOException {
        try (NDManager m = Fixtures.manager()) {
            FashionMnist.Split split = new FashionMnist.ShippedSubset().load(m, name);
            assertEquals(new Shape(10L * perClass, 1, 28, 28), split.images().getShape());
            long[] histogram = new long[10];
            for (long label : split.labels().toLongArray()) {
                histogram[(int) label]++;
            }
            long[] expected = new long[10];
            java.util.Arrays.fill(expected, perClass);
            assertArrayEquals(expected, histogram);
            assertEquals(-1.0, split.images().min().getFloat(), 0.0);
            assertEquals(1.0, split.images().max().getFloat(), 0.0);
            assertEquals(meanPixel, split.images().mean().getFloat(), 1e-4);
        }
    }

    @Test
    void sourceIsTheDebianSetWhenInstalledElseTheSubset() throws IOException {
        boolean installed = Files.isDirectory(Path.of(FashionMnist.DEBIAN_DIR));
        FashionMnist.Source auto = FashionMnist.source(null);
        assertEquals(installed ? "fashion-mnist" : "fashion-mnist-subset", auto.dataName());
        assertInstanceOf(FashionMnist.ShippedSubset.class, FashionMnist.source(FashionMnist.SUBSET));
        assertTrue(FashionMnist.source(FashionMnist.SUBSET).describe().contains("subset"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FashionMnist.source("/no/such/folder"));
        assertTrue(e.getMessage().contains("/no/such/folder"), e.getMessage());
        // A model trained on the subset names it: its data set is the subset whatever source the run would pick.
        try (NDManager m = Fixtures.manager()) {
            Dataset recorded = Datasets.named("fashion-mnist-subset", () -> {
                throw new AssertionError("the recorded subset needs no data folder");
            }, m);
            assertEquals("fashion-mnist-subset", recorded.describe());
        }
    }

    /**
     * Where Debian's full set is installed (CI installs it), the subset is exactly its first 100 test images of each
     * class, in file order; elsewhere the checksums above pin the same bytes.
     */
    @Test
    void subsetIsTheFirstHundredTestImagesOfEachClassOfTheFullSetWhereItIsInstalled() throws IOException {
        Path full = Path.of(FashionMnist.DEBIAN_DIR);
        if (!Files.isDirectory(full)) {
            return;
        }
        try (NDManager m = Fixtures.manager()) {
            FashionMnist.Split all = FashionMnist.load(m, full, "t10k");
            FashionMnist.Split subset = new FashionMnist.ShippedSubset().load(m, "t10k");
            long[] labels = all.labels().toLongArray();
            int[] seen = new int[10];
            int next = 0;
            for (int i = 0; i < labels.length && next < 1000; i++) {
                if (seen[(int) labels[i]]++ < 100) {
                    NDArray a = all.images().get(i);
                    NDArray b = subset.images().get(next);
                    assertTrue(a.contentEquals(b), "subset image " + next + " is not test image " + i);
                    assertEquals(labels[i], subset.labels().getLong(next));
                    next++;
                }
            }
            assertEquals(1000, next);
        }
    }
}
