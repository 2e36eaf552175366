package io.diamondmaps.model.load;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.model.FlowMap;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.GaussianMixtureFile;
import io.diamondmaps.model.neural.Checkpoint;
import io.diamondmaps.model.neural.NeuralModels;
import io.diamondmaps.model.torchscript.TorchScriptModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads a {@link ModelBundle} from a model specification: {@code gmm:SPEC.json} (an exact mixture),
 * {@code torchscript:MODEL.pt} (a PyTorch module described by {@code MODEL.json}), a flow or flow-map checkpoint, or a
 * Posterior Diamond Map checkpoint together with the teacher its metadata names. The one place that
 * reads {@value #DIAMOND_PREFIX}CKPT and checks that parts fit together.
 */
public final class ModelLoader {
    /** The prefix that names a Posterior Diamond Map checkpoint where a sampler name is expected. */
    public static final String DIAMOND_PREFIX = "diamond:";
    /** The prefix of an exact mixture given by a JSON spec file. */
    public static final String GMM_PREFIX = "gmm:";
    /** The prefix of a TorchScript module with its description beside it. */
    public static final String TORCHSCRIPT_PREFIX = "torchscript:";

    private ModelLoader() {
    }

    /**
     * The model {@code spec} names, on {@code manager}; {@code interpolant} applies to a {@code gmm:} mixture (a
     * checkpoint records its own).
     */
    public static ModelBundle load(String spec, Interpolant interpolant, NDManager manager) throws IOException {
        if (spec.startsWith(GMM_PREFIX)) {
            GaussianMixture gmm = GaussianMixtureFile.read(Path.of(spec.substring(GMM_PREFIX.length())))
                    .withInterpolant(interpolant);
            return ModelBundle.of(gmm, spec);
        }
        if (spec.startsWith(TORCHSCRIPT_PREFIX)) {
            TorchScriptModel model = TorchScriptModel.load(Path.of(spec.substring(TORCHSCRIPT_PREFIX.length())), manager);
            return new ModelBundle(model, model instanceof FlowMap map ? map : null, null, null,
                    model.description().sampleShape(), spec);
        }
        Path file = Path.of(spec);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("model '" + spec + "' is neither " + GMM_PREFIX
                    + "SPEC.json, " + TORCHSCRIPT_PREFIX + "MODEL.pt nor a checkpoint file");
        }
        // One read of the file: its kind says which network it holds.
        try (NDManager scope = manager.newSubManager()) {
            Checkpoint c = Checkpoint.read(file, scope);
            JsonNode meta = c.metadata();
            if (!"diamond-map".equals(meta.path("kind").asText())) {
                return ModelBundle.of(NeuralModels.load(c, spec, manager), spec);
            }
            String teacher = meta.path("teacher").asText();
            ModelBundle base;
            try {
                base = load(teacher, Interpolant.byName(meta.path("interpolant").asText("linear")), manager);
            } catch (IllegalArgumentException | IOException e) {
                throw new IllegalArgumentException(spec + " was distilled from '" + teacher + "', which cannot be "
                        + "loaded: " + e.getMessage());
            }
            return base.withDiamond(NeuralModels.loadDiamond(c, spec, manager), spec);
        }
    }

    /**
     * What stands before the file in a model spec: {@value #GMM_PREFIX}, {@value #TORCHSCRIPT_PREFIX}, or "" for a
     * plain checkpoint path.
     */
    public static String filePrefix(String spec) {
        for (String prefix : new String[] {GMM_PREFIX, TORCHSCRIPT_PREFIX}) {
            if (spec.startsWith(prefix)) {
                return prefix;
            }
        }
        return "";
    }

    /** The checkpoint a {@value #DIAMOND_PREFIX}CKPT name points at, or null when {@code name} is something else. */
    public static Path diamondFile(String name) {
        return name.startsWith(DIAMOND_PREFIX) ? Path.of(name.substring(DIAMOND_PREFIX.length())) : null;
    }

    /**
     * The one checkpoint that the {@value #DIAMOND_PREFIX}CKPT names among {@code names} point at, or null when none
     * does; two different checkpoints are an error, since one bundle carries one Diamond Map.
     */
    public static Path diamondFile(String... names) {
        Path found = null;
        for (String name : names) {
            Path file = diamondFile(name);
            if (file != null && found != null && !file.equals(found)) {
                throw new IllegalArgumentException("two different Diamond Maps are named (" + found + ", " + file
                        + "); one model carries one");
            }
            found = file != null ? file : found;
        }
        return found;
    }
}
