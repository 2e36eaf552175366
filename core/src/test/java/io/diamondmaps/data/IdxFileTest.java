package io.diamondmaps.data;

import ai.djl.ndarray.NDManager;
import io.diamondmaps.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxFileTest {
    @TempDir
    Path dir;

    private static void writeIdx(Path file, int[] dims, byte[] data, boolean gzip) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
                OutputStream os = gzip ? new GZIPOutputStream(raw) : raw;
                DataOutputStream out = new DataOutputStream(os)) {
            out.writeInt(0x0800 | dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
        }
    }

    @Test
    void readsATinyImageSetAndScalesItToMinusOneOne() throws IOException {
        byte[] pixels = new byte[2 * 2 * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 20);
        }
        pixels[0] = (byte) 255;
        writeIdx(dir.resolve("train-images-idx3-ubyte.gz"), new int[] {2, 2, 3}, pixels, true);
        writeIdx(dir.resolve("train-labels-idx1-ubyte"), new int[] {2}, new byte[] {7, 3}, false);
        try (NDManager m = Fixtures.manager()) {
            FashionMnist.Split split = FashionMnist.load(m, dir, "train");
            assertEquals(new ai.djl.ndarray.types.Shape(2, 1, 2, 3), split.images().getShape());
            assertEquals(1.0, split.images().getFloat(0, 0, 0, 0), 1e-6);
            assertEquals(-1.0 + 20 / 127.5, split.images().getFloat(0, 0, 0, 1), 1e-6);
            assertArrayEquals(new long[] {7, 3}, split.labels().toLongArray());
        }
    }

    @Test
    void missingOrBrokenFilesAreNamed() throws IOException {
        IOException missing = assertThrows(IOException.class,
                () -> FashionMnist.load(Fixtures.manager(), dir, "t10k"));
        assertTrue(missing.getMessage().contains("dataset-fashion-mnist"), missing.getMessage());
        Path truncated = dir.resolve("bad-idx");
        writeIdx(truncated, new int[] {4, 4}, new byte[3], false);
        IOException e = assertThrows(IOException.class, () -> IdxFile.read(truncated));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        Path notIdx = dir.resolve("text");
        Files.writeString(notIdx, "hello world");
        assertTrue(assertThrows(IOException.class, () -> IdxFile.read(notIdx)).getMessage().contains("not"));
    }
}
