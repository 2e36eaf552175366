package io.diamondmaps.data;

import ai.djl.ndarray.NDManager;
import io.diamondmaps.model.GaussianMixtureFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;

/** Training data sets by the names the command line and checkpoints use. */
public final class Datasets {
    /** The names {@link #named} accepts. */
    public static final String NAMES = "gmm:SPEC.json, toy:NAME, " + FashionMnist.DATA_NAME + " or "
            + FashionMnist.SUBSET_DATA_NAME;

    private Datasets() {
    }

    /**
     * The data set called {@code name}: {@code gmm:SPEC.json} (samples of an exact mixture), {@code toy:NAME},
     * {@code fashion-mnist} (the training images of {@code images}, asked for only then) or
     * {@code fashion-mnist-subset} (the shipped subset, which a model trained on it records).
     */
    public static Dataset named(String name, Supplier<FashionMnist.Source> images, NDManager manager)
            throws IOException {
        if (name.equals(FashionMnist.DATA_NAME) || name.equals(FashionMnist.SUBSET_DATA_NAME)) {
            FashionMnist.Source source = name.equals(FashionMnist.DATA_NAME) ? images.get()
                    : new FashionMnist.ShippedSubset();
            return FashionMnist.dataset(source.load(manager, "train"), source.dataName());
        }
        if (name.startsWith("gmm:")) {
            return ToyDatasets.mixture(GaussianMixtureFile.read(Path.of(name.substring(4))), name);
        }
        if (name.startsWith("toy:")) {
            return ToyDatasets.byName(name.substring(4));
        }
        throw new IllegalArgumentException("unknown data set '" + name + "' (expected " + NAMES + ")");
    }
}
