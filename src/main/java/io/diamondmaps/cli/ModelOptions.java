package io.diamondmaps.cli;

import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.GaussianMixtureFile;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** {@code --model} and {@code --interpolant}: which model a command runs on. */
final class ModelOptions {
    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "The model: gmm:SPEC.json, an exact Gaussian mixture given by a JSON spec file "
                    + "{\"weights\":[…], \"means\":[[…]…], \"covariances\":[[[…]…]…]}.")
    String model;

    @Option(names = "--interpolant", defaultValue = "linear", paramLabel = "NAME",
            description = "Interpolant of a gmm: model: linear (α=t, σ=1−t) or trig (α=sin(πt/2), σ=cos(πt/2)). "
                    + "Default: ${DEFAULT-VALUE}.")
    String interpolant;

    GaussianMixture mixture() throws IOException {
        if (!model.startsWith("gmm:")) {
            throw new IllegalArgumentException("unsupported --model '" + model + "': expected gmm:SPEC.json");
        }
        return GaussianMixtureFile.read(Path.of(model.substring(4))).withInterpolant(Interpolant.byName(interpolant));
    }
}
