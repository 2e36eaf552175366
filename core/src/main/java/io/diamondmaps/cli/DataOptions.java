package io.diamondmaps.cli;

import ai.djl.ndarray.NDManager;
import io.diamondmaps.data.Dataset;
import io.diamondmaps.data.Datasets;
import io.diamondmaps.data.FashionMnist;
import picocli.CommandLine.Option;

import java.io.IOException;

/** The Fashion-MNIST data option every command that reads images shares. */
final class DataOptions {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Folder of the Fashion-MNIST IDX files, or '" + FashionMnist.SUBSET + "' for the 1,000 test "
                    + "and 500 training images shipped with Diamond. Default: " + FashionMnist.DEBIAN_DIR
                    + " (Debian's dataset-fashion-mnist) when it is installed, else the shipped subset.")
    String dataDir;

    /** The --data set (see {@link Datasets#named}), its images from this option's source; errors name --data. */
    Dataset dataset(String data, NDManager manager) throws IOException {
        try {
            return Datasets.named(data, this::source, manager);
        } catch (IllegalArgumentException e) {
            throw OptionErrors.about("--data", e);
        }
    }

    /** The chosen source, announced on standard output so that every run says which set it used. */
    FashionMnist.Source source() {
        FashionMnist.Source source = FashionMnist.source(dataDir);
        System.out.println("data: " + source.describe());
        return source;
    }
}
