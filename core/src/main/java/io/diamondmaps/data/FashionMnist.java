package io.diamondmaps.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.util.Rng;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fashion-MNIST from IDX files: Debian's package {@code dataset-fashion-mnist} ({@value #DEBIAN_DIR}) when it is
 * installed, else the subset shipped inside Diamond (the first 100 test and 50 training images of each class, MIT
 * licence beside the files), or any folder of IDX files. Images are scaled to [−1, 1] with shape (N, 1, 28, 28);
 * labels are 0–9.
 */
public final class FashionMnist {
    /** Where Debian's {@code dataset-fashion-mnist} puts the full data set. */
    public static final String DEBIAN_DIR = "/usr/share/datasets/fashion-mnist";
    /** The name that selects the shipped subset wherever a data folder is asked for. */
    public static final String SUBSET = "subset";
    /** The data-set name of the full set, as models record it. */
    public static final String DATA_NAME = "fashion-mnist";
    /** The data-set name of the shipped subset, as models trained on it record it. */
    public static final String SUBSET_DATA_NAME = "fashion-mnist-subset";
    private static final String SUBSET_RESOURCE = SUBSET_DATA_NAME + "/";

    /** Images (N, 1, H, W) in [−1, 1] (float32) and labels (N,) (int64). */
    public record Split(NDArray images, NDArray labels) {
    }

    /** Where the IDX files are read from: a folder, or the subset shipped in the jar. */
    public sealed interface Source {
        /** Loads the {@code train} or {@code t10k} split. */
        Split load(NDManager manager, String split) throws IOException;

        /** One line for reports: which set, and where it came from. */
        String describe();

        /** The name a trained model records as its data set ({@code fashion-mnist} or {@code fashion-mnist-subset}). */
        String dataName();
    }

    /** IDX files in a folder, plain or {@code .gz}. */
    public record Folder(Path dir) implements Source {
        @Override
        public Split load(NDManager manager, String split) throws IOException {
            return FashionMnist.load(manager, dir, split);
        }

        @Override
        public String describe() {
            return "Fashion-MNIST from " + dir + (dir.equals(Path.of(DEBIAN_DIR)) ? " (Debian's dataset-fashion-mnist)" : "");
        }

        @Override
        public String dataName() {
            return DATA_NAME;
        }
    }

    /** The subset shipped with Diamond: 1,000 test and 500 training images, 100 and 50 of each class. */
    public record ShippedSubset() implements Source {
        @Override
        public Split load(NDManager manager, String split) throws IOException {
            String images = split + "-images-idx3-ubyte.gz";
            String labels = split + "-labels-idx1-ubyte.gz";
            return FashionMnist.split(manager, read(images), read(labels), "the shipped subset");
        }

        private static IdxFile.Content read(String name) throws IOException {
            try (InputStream in = FashionMnist.class.getResourceAsStream(SUBSET_RESOURCE + name)) {
                if (in == null) {
                    throw new IOException("the shipped Fashion-MNIST subset has no file " + name
                            + " (splits: train, t10k)");
                }
                return IdxFile.read(in, SUBSET_RESOURCE + name);
            }
        }

        @Override
        public String describe() {
            return "the Fashion-MNIST subset shipped with Diamond (1,000 test and 500 training images; install "
                    + "Debian's dataset-fashion-mnist for the full set)";
        }

        @Override
        public String dataName() {
            return SUBSET_DATA_NAME;
        }
    }

    private FashionMnist() {
    }

    /**
     * The source a user asked for: {@code null} or empty picks the full set in {@value #DEBIAN_DIR} when it is
     * installed and the shipped subset when it is not; {@value #SUBSET} picks the subset; anything else is a folder,
     * which must exist.
     */
    public static Source source(String dataDir) {
        if (dataDir == null || dataDir.isEmpty()) {
            return Files.isDirectory(Path.of(DEBIAN_DIR)) ? new Folder(Path.of(DEBIAN_DIR)) : new ShippedSubset();
        }
        if (dataDir.equals(SUBSET)) {
            return new ShippedSubset();
        }
        Path dir = Path.of(dataDir);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("Fashion-MNIST folder " + dir + " does not exist (leave the data folder "
                    + "out to use " + DEBIAN_DIR + " or, without it, the shipped subset; '" + SUBSET
                    + "' selects the subset)");
        }
        return new Folder(dir);
    }

    /** Loads the {@code train} or {@code t10k} split from {@code dir}. */
    public static Split load(NDManager manager, Path dir, String split) throws IOException {
        IdxFile.Content img = IdxFile.read(find(dir, split + "-images-idx3-ubyte"));
        IdxFile.Content lab = IdxFile.read(find(dir, split + "-labels-idx1-ubyte"));
        return split(manager, img, lab, dir.toString());
    }

    private static Split split(NDManager manager, IdxFile.Content img, IdxFile.Content lab, String where) throws IOException {
        if (img.dims().length != 3 || lab.dims().length != 1 || img.count() != lab.count()) {
            throw new IOException("inconsistent IDX files in " + where + ": images "
                    + java.util.Arrays.toString(img.dims()) + ", labels " + java.util.Arrays.toString(lab.dims()));
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
                + ": install Debian's package dataset-fashion-mnist (apt-get install dataset-fashion-mnist), point "
                + "--data-dir at a folder of IDX files, or use --data-dir " + SUBSET + " (the shipped subset)");
    }

    /** A data set that draws random training images (with replacement) from a loaded split. */
    public static Dataset dataset(Split split, String name) {
        long n = split.images().getShape().get(0);
        Shape shape = split.images().getShape().slice(1);
        return new Dataset() {
            @Override
            public NDArray sample(NDManager manager, int count, Rng rng) {
                try (NDArray idx = rng.integers(manager, 0, n, new Shape(count))) {
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
                return name;
            }
        };
    }
}
