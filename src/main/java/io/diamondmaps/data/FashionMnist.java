package io.diamondmaps.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fashion-MNIST from IDX files, by default Debian's package {@code dataset-fashion-mnist}
 * ({@value #DEFAULT_DIR}). Images are scaled to [−1, 1] with shape (N, 1, 28, 28); labels are 0–9.
 */
public final class FashionMnist {
    public static final String DEFAULT_DIR = "/usr/share/datasets/fashion-mnist";

    /** Images (N, 1, H, W) in [−1, 1] (float32) and labels (N,) (int64). */
    public record Split(NDArray images, NDArray labels) {
    }

    private FashionMnist() {
    }

    /** Loads the {@code train} or {@code t10k} split from {@code dir}. */
    public static Split load(NDManager manager, Path dir, String split) throws IOException {
        Path images = find(dir, split + "-images-idx3-ubyte");
        Path labels = find(dir, split + "-labels-idx1-ubyte");
        IdxFile.Content img = IdxFile.read(images);
        IdxFile.Content lab = IdxFile.read(labels);
        if (img.dims().length != 3 || lab.dims().length != 1 || img.count() != lab.count()) {
            throw new IOException("inconsistent IDX files in " + dir + ": images " + java.util.Arrays.toString(img.dims())
                    + ", labels " + java.util.Arrays.toString(lab.dims()));
        }
        float[] pixels = new float[img.data().length];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (img.data()[i] & 0xff) / 127.5f - 1f;
        }
        long[] classes = new long[lab.count()];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = lab.data()[i] & 0xff;
        }
        // Copies into engine-owned memory: the wrappers over Java buffers are freed right away (see Tensors.scalar).
        try (NDArray xw = manager.create(pixels, new Shape(img.count(), 1, img.dims()[1], img.dims()[2]));
                NDArray yw = manager.create(classes)) {
            return new Split(xw.duplicate(), yw.duplicate());
        }
    }

    private static Path find(Path dir, String base) throws IOException {
        for (String name : new String[] {base, base + ".gz"}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IOException("Fashion-MNIST file " + base + "[.gz] not found in " + dir
                + ": install Debian's package dataset-fashion-mnist (apt-get install dataset-fashion-mnist) or pass "
                + "--data DIR");
    }

    /** A data set that draws random training images (with replacement) from a loaded split. */
    public static Dataset dataset(Split split) {
        long n = split.images().getShape().get(0);
        Shape shape = split.images().getShape().slice(1);
        return new Dataset() {
            @Override
            public NDArray sample(NDManager manager, int count) {
                try (NDArray idx = manager.randomInteger(0, n, new Shape(count), DataType.INT64)) {
                    NDArray batch = split.images().get(idx);
                    batch.attach(manager);
                    return batch;
                }
            }

            @Override
            public Shape sampleShape() {
                return shape;
            }

            @Override
            public String describe() {
                return "fashion-mnist";
            }
        };
    }
}
