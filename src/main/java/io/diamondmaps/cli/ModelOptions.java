package io.diamondmaps.cli;

import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.GaussianMixtureFile;
import picocli.CommandLine.Option;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.diamondmaps.model.neural.Checkpoint;
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
        return load(model, interpolant, manager);
    }

    /**
     * Loads gmm:SPEC.json (with the named interpolant), a flow or flow-map checkpoint, or a Posterior Diamond Map
     * checkpoint together with the teacher its metadata names (whose field the velocity samplers then use).
     */
    static LoadedModel load(String spec, String interpolantName, NDManager manager) throws IOException {
        if (spec.startsWith("gmm:")) {
            GaussianMixture gmm = GaussianMixtureFile.read(Path.of(spec.substring(4)))
                    .withInterpolant(Interpolant.byName(interpolantName));
            return LoadedModel.of(gmm, spec);
        }
        Path file = Path.of(spec);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("model '" + spec + "' is neither gmm:SPEC.json nor a checkpoint file");
        }
        // One read of the file: its kind says which network it holds.
        try (NDManager scope = manager.newSubManager()) {
            Checkpoint c = Checkpoint.read(file, scope);
            JsonNode meta = c.metadata();
            if (!"diamond-map".equals(meta.path("kind").asText())) {
                return LoadedModel.of(NeuralModels.load(c, spec, manager), spec);
            }
            String teacher = meta.path("teacher").asText();
            LoadedModel base;
            try {
                base = load(teacher, meta.path("interpolant").asText("linear"), manager);
            } catch (IllegalArgumentException | IOException e) {
                throw new IllegalArgumentException(spec + " was distilled from '" + teacher + "', which cannot be "
                        + "loaded: " + e.getMessage());
            }
            return base.withDiamond(NeuralModels.loadDiamond(c, spec, manager), spec);
        }
    }
}
