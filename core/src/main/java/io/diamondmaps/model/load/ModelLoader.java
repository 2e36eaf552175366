package io.diamondmaps.model.load;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.interpolant.Schedules;
import io.diamondmaps.model.FlowMap;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.GaussianMixtureFile;
import io.diamondmaps.model.SnrMatched;
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
     * The model {@code spec} names, on {@code manager}, running on the run's interpolant {@code interpolant}: a
     * {@code gmm:} mixture is put on it, a TorchScript module or a network trained on another schedule is SNR-matched
     * to it ({@link SnrMatched}, spec (1.11)), so every time and state of the run means the same whatever the model's
     * convention. A Diamond Map runs on the interpolant it was distilled on (its checkpoint records it).
     * {@code torchscript:MODEL.pt#class=Y,cfg=W} calls a class-conditional module with class Y and classifier-free
     * guidance weight W (default 1; no class: the unconditional model).
     */
    public static ModelBundle load(String spec, Interpolant interpolant, NDManager manager) throws IOException {
        Schedules.requireRunnable(interpolant);
        if (spec.startsWith(GMM_PREFIX)) {
            GaussianMixture gmm = GaussianMixtureFile.read(Path.of(spec.substring(GMM_PREFIX.length())))
                    .withInterpolant(interpolant);
            return ModelBundle.of(gmm, spec);
        }
        if (spec.startsWith(TORCHSCRIPT_PREFIX)) {
            String rest = spec.substring(TORCHSCRIPT_PREFIX.length());
            int hash = rest.indexOf('#');
            TorchScriptModel model = TorchScriptModel.load(Path.of(hash < 0 ? rest : rest.substring(0, hash)),
                    manager, hash < 0 ? null : guidance(rest.substring(hash + 1), spec));
            if (!(model instanceof FlowMap)) {
                NoisiestLevelCheck.check(model, spec, manager);
            }
            return new ModelBundle(SnrMatched.of(model, interpolant),
                    model instanceof FlowMap map ? SnrMatched.flowMap(map, model, interpolant) : null, null, null,
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
                return ModelBundle.of(NeuralModels.load(c, spec, manager), spec, interpolant);
            }
            String teacher = meta.path("teacher").asText();
            ModelBundle base;
            try {
                base = load(teacher, Schedules.fromMetadata(meta), manager);
            } catch (IllegalArgumentException | IOException e) {
                throw new IllegalArgumentException(spec + " was distilled from '" + teacher + "', which cannot be "
                        + "loaded: " + e.getMessage());
            }
            return base.withDiamond(NeuralModels.loadDiamond(c, spec, manager), spec);
        }
    }

    /** {@code class=Y,cfg=W} (either may be left out) as the guidance of a conditional module. */
    static TorchScriptModel.ClassGuidance guidance(String options, String spec) {
        int label = -1;
        double weight = 1;
        for (String part : options.split(",")) {
            String[] kv = part.split("=", 2);
            try {
                if (kv.length == 2 && kv[0].strip().equals("class")) {
                    label = Integer.parseInt(kv[1].strip());
                    continue;
                }
                if (kv.length == 2 && kv[0].strip().equals("cfg")) {
                    weight = Double.parseDouble(kv[1].strip());
                    continue;
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("model '" + spec + "': '" + part + "' is not a number");
            }
            throw new IllegalArgumentException("model '" + spec + "': unknown option '" + part + "' after '#' "
                    + "(expected class=Y and cfg=W, comma-separated)");
        }
        if (label < 0 && weight != 1) {
            throw new IllegalArgumentException("model '" + spec + "': a guidance weight needs a class (class=Y)");
        }
        return new TorchScriptModel.ClassGuidance(label, weight);
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
