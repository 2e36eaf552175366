package io.diamondmaps.reward;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reward files: JSON with a {@code type} and an optional top-level {@code temperature} λ (default 1).
 * <ul>
 *   <li>{@code {"type":"linear","c":[…]}}: r = cᵀx</li>
 *   <li>{@code {"type":"quadratic","A":[[…]…],"y":[…],"noise":η}}: r = −‖Ax − y‖²/(2η²)</li>
 *   <li>{@code {"type":"denoising","y":[…],"noise":η}}: A = I</li>
 *   <li>{@code {"type":"inpainting","mask":[0/1…],"y":[…],"noise":η}}: A = diag(mask)</li>
 *   <li>{@code {"type":"super-resolution","factor":f,"channels":c,"height":h,"width":w,"y":[…],"noise":η}}:
 *       A = average pooling by f</li>
 *   <li>{@code {"type":"classifier","checkpoint":"clf.ckpt","class":k}}: r = log p(k | x) of a trained classifier;
 *       a relative checkpoint path is read from the reward file's folder. With λ = 1 the tilted target is the
 *       class-conditional p(x | k).</li>
 *   <li>{@code {"type":"torchscript","file":"R.pt"}}: a TorchScript module mapping x (N, d...) to r(x) (N,)
 *       ({@link TorchScriptReward}); a relative path is read from the reward file's folder.</li>
 *   <li>{@code {"type":"sum","terms":[{"weight":w,"reward":{…}}…]}}: Σ w_j r_j</li>
 * </ul>
 */
public final class RewardFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RewardFile() {
    }

    /**
     * Builds the rewards that are networks ({@code "classifier"} and {@code "torchscript"} entries): networks hold
     * arrays, so the caller that owns the run's manager (and so its device) loads them.
     */
    public interface NetworkLoader {
        /** log p(targetClass | x) of the classifier in {@code checkpoint}. */
        Reward classifier(Path checkpoint, int targetClass) throws IOException;

        /** The TorchScript reward module in {@code module}. */
        Reward torchscript(Path module) throws IOException;
    }

    /** Reads a reward file that names no network. */
    public static RewardTilt read(Path file) throws IOException {
        return read(file, null);
    }

    /** Reads a reward file; {@code networks} (may be null) loads the networks it names. */
    public static RewardTilt read(Path file, NetworkLoader networks) throws IOException {
        String json;
        try {
            json = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("reward file not found: " + file);
        }
        Path folder = file.toAbsolutePath().getParent();
        return parse(json, file.toString(), new Context(folder, networks));
    }

    /** Parses a reward that names no network. */
    public static RewardTilt parse(String json, String source) {
        try {
            return parse(json, source, new Context(Path.of(""), null));
        } catch (IOException e) {
            throw new IllegalStateException("unreachable: no network to load", e);
        }
    }

    /** Where relative paths start and who loads networks. */
    private record Context(Path folder, NetworkLoader networks) {
        NetworkLoader requireNetworks(String type) {
            if (networks == null) {
                throw new IllegalArgumentException("a " + type + " reward needs a network loader (read the file "
                        + "with RewardFile.read(file, loader))");
            }
            return networks;
        }

        /** The file a relative or absolute path names, which must exist. */
        Path existing(JsonNode node, String field, String what) {
            JsonNode path = node.get(field);
            if (path == null || !path.isTextual() || path.asText().isEmpty()) {
                throw new IllegalArgumentException("\"" + field + "\" must be the path of a " + what);
            }
            Path file = folder.resolve(path.asText());
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(what + " not found: " + file);
            }
            return file;
        }
    }

    private static RewardTilt parse(String json, String source, Context context) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed reward file " + source + ": " + e.getOriginalMessage());
        }
        try {
            double temperature = root.has("temperature") ? number(root, "temperature") : 1.0;
            return new RewardTilt(reward(root, true, context), temperature);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("reward file " + source + ": " + e.getMessage());
        }
    }

    private static Reward reward(JsonNode node, boolean top, Context context) throws IOException {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("a reward must be a JSON object");
        }
        String type = node.path("type").asText("");
        Set<String> common = top ? Set.of("type", "temperature") : Set.of("type");
        switch (type) {
            case "linear":
                allow(node, common, "c");
                return new LinearReward(vector(node, "c"));
            case "quadratic":
                allow(node, common, "A", "y", "noise");
                return new MeasurementReward(Operators.matrix(matrix(node, "A")), vector(node, "y"), number(node, "noise"));
            case "denoising": {
                allow(node, common, "y", "noise");
                double[] y = vector(node, "y");
                return new MeasurementReward(Operators.identity(y.length), y, number(node, "noise"));
            }
            case "inpainting":
                allow(node, common, "mask", "y", "noise");
                return MeasurementReward.inpainting(vector(node, "mask"), vector(node, "y"), number(node, "noise"));
            case "super-resolution":
                allow(node, common, "factor", "channels", "height", "width", "y", "noise");
                return new MeasurementReward(Operators.averagePool(integer(node, "channels"), integer(node, "height"),
                        integer(node, "width"), integer(node, "factor")), vector(node, "y"), number(node, "noise"));
            case "classifier": {
                allow(node, common, "checkpoint", "class");
                NetworkLoader networks = context.requireNetworks(type);
                Path file = context.existing(node, "checkpoint", "classifier checkpoint");
                int targetClass = integer(node, "class");
                if (targetClass < 0) {
                    throw new IllegalArgumentException("\"class\" must be non-negative, got " + targetClass);
                }
                return networks.classifier(file, targetClass);
            }
            case "torchscript": {
                allow(node, common, "file");
                NetworkLoader networks = context.requireNetworks(type);
                return networks.torchscript(context.existing(node, "file", "TorchScript reward module"));
            }
            case "sum": {
                allow(node, common, "terms");
                JsonNode terms = node.get("terms");
                if (terms == null || !terms.isArray()) {
                    throw new IllegalArgumentException("\"terms\" must be an array of {\"weight\":w,\"reward\":{…}}");
                }
                List<WeightedSumReward.Term> list = new ArrayList<>();
                for (JsonNode t : terms) {
                    list.add(new WeightedSumReward.Term(number(t, "weight"), reward(t.get("reward"), false, context)));
                }
                return new WeightedSumReward(list);
            }
            case "":
                throw new IllegalArgumentException("missing \"type\"");
            default:
                throw new IllegalArgumentException("unknown reward type '" + type
                        + "' (expected linear, quadratic, denoising, inpainting, super-resolution, classifier, "
                        + "torchscript or sum)");
        }
    }

    private static void allow(JsonNode node, Set<String> common, String... fields) {
        Set<String> allowed = new java.util.HashSet<>(common);
        allowed.addAll(List.of(fields));
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new IllegalArgumentException("unknown field \"" + f + "\" for a " + node.path("type").asText()
                        + " reward");
            }
        }
    }

    private static double number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw new IllegalArgumentException("\"" + field + "\" must be a finite number");
        }
        return v.asDouble();
    }

    private static int integer(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException("\"" + field + "\" must be an integer");
        }
        return v.asInt();
    }

    private static double[] vector(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isArray() || v.isEmpty()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a non-empty array of numbers");
        }
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            if (!v.get(i).isNumber() || !Double.isFinite(v.get(i).asDouble())) {
                throw new IllegalArgumentException("\"" + field + "\"[" + i + "] must be a finite number");
            }
            out[i] = v.get(i).asDouble();
        }
        return out;
    }

    private static double[][] matrix(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isArray() || v.isEmpty()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a non-empty array of rows");
        }
        double[][] out = new double[v.size()][];
        for (int r = 0; r < out.length; r++) {
            try {
                out[r] = vector(JSON.createObjectNode().set("row", v.get(r)), "row");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("\"" + field + "\" row " + r + " must be a non-empty array of finite numbers");
            }
        }
        return out;
    }
}
