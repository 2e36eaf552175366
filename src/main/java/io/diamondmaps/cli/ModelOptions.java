package io.diamondmaps.cli;

import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.GaussianMixtureFile;
import picocli.CommandLine.Option;

import ai.djl.ndarray.NDManager;
import io.diamondmaps.model.neural.FlowMapNetwork;
import io.diamondmaps.model.neural.NeuralModels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --model} and {@code --interpolant}: which model a command runs on. */
final class ModelOptions {
    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "The model: gmm:SPEC.json, an exact Gaussian mixture given by a JSON spec file "
                    + "{\"weights\":[…], \"means\":[[…]…], \"covariances\":[[[…]…]…]}, or a checkpoint written by "
                    + "'diamond train' (its EMA weights; a flow map is also a velocity field through its diagonal).")
    String model;

    @Option(names = "--interpolant", defaultValue = "linear", paramLabel = "NAME",
            description = "Interpolant of a gmm: model: linear (α=t, σ=1−t) or trig (α=sin(πt/2), σ=cos(πt/2)); a "
                    + "checkpoint records its own. Default: ${DEFAULT-VALUE}.")
    String interpolant;

    LoadedModel load(NDManager manager) throws IOException {
        if (model.startsWith("gmm:")) {
            GaussianMixture gmm = GaussianMixtureFile.read(Path.of(model.substring(4)))
                    .withInterpolant(Interpolant.byName(interpolant));
            return LoadedModel.of(gmm, model);
        }
        Path file = Path.of(model);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--model '" + model + "' is neither gmm:SPEC.json nor a checkpoint file");
        }
        FlowMapNetwork net = NeuralModels.load(file, manager);
        return new LoadedModel(net, net, null, net.sampleShape(), model);
    }
}
