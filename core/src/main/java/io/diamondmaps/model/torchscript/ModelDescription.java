package io.diamondmaps.model.torchscript;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.util.EnumNames;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;

/**
 * What a TorchScript flow model computes, read from the JSON file beside it ({@code MODEL.json} for
 * {@code MODEL.pt}):
 * <pre>{"prediction": "velocity" | "data" | "noise" | "flow-map",
 *  "time": "noise-at-0" | "noise-at-1",
 *  "interpolant": "linear" | "trig",
 *  "shape": [d] or [C, H, W]}</pre>
 *
 * @param prediction what {@code forward} returns
 * @param time which way the module's own time runs
 * @param interpolant α and σ of the model, in our time (noise at t = 0)
 * @param sampleShape the shape of one sample
 */
public record ModelDescription(Prediction prediction, TimeDirection time, Interpolant interpolant, Shape sampleShape) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("prediction", "time", "interpolant", "shape");

    /** What the module's {@code forward} returns. */
    public enum Prediction {
        /** forward(t, x) = b(t, x) (1.4), in the module's own time. */
        VELOCITY,
        /** forward(t, x) = E[x₁ | x_t = x], the clean data (1.5). */
        DATA,
        /** forward(t, x) = E[x₀ | x_t = x], the noise (1.7). */
        NOISE,
        /** forward(t, t', x) = X(t, t', x) (3.1). */
        FLOW_MAP
    }

    /** Which end of the module's time axis is noise. */
    public enum TimeDirection {
        /** Our convention (spec §0.2): t = 0 noise, t = 1 data. */
        NOISE_AT_0,
        /** Most diffusion code: τ = 1 − t, so τ = 1 is noise. */
        NOISE_AT_1
    }

    /** Reads and validates the description file {@code file}. */
    public static ModelDescription read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("the model description " + file + " is missing: a TorchScript model "
                    + "needs a JSON file beside it, e.g. {\"prediction\": \"velocity\", \"time\": \"noise-at-0\", "
                    + "\"interpolant\": \"linear\", \"shape\": [2]}");
        }
        try {
            return parse(JSON.readTree(text));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed model description " + file + ": " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model description " + file + ": " + e.getMessage());
        }
    }

    /** The description file of the module {@code module}: the same name with {@code .json} for {@code .pt}. */
    public static Path fileBeside(Path module) {
        String name = module.getFileName().toString();
        String base = name.endsWith(".pt") ? name.substring(0, name.length() - 3) : name;
        return module.resolveSibling(base + ".json");
    }

    static ModelDescription parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("must be a JSON object");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException("unknown field \"" + f + "\" (expected " + FIELDS + ")");
            }
        }
        Prediction prediction = EnumNames.parse(Prediction.class, "prediction", text(root, "prediction"));
        TimeDirection time = EnumNames.parse(TimeDirection.class, "time", text(root, "time"));
        Interpolant interpolant = Interpolant.byName(text(root, "interpolant"));
        JsonNode shape = root.get("shape");
        if (shape == null || !shape.isArray() || (shape.size() != 1 && shape.size() != 3)) {
            throw new IllegalArgumentException("\"shape\" must be [d] or [C, H, W]");
        }
        long[] dims = new long[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            if (!shape.get(i).canConvertToInt() || !shape.get(i).isIntegralNumber() || shape.get(i).asInt() <= 0) {
                throw new IllegalArgumentException("\"shape\" must hold positive integers, got " + shape);
            }
            dims[i] = shape.get(i).asInt();
        }
        return new ModelDescription(prediction, time, interpolant, new Shape(dims));
    }

    private static String text(JsonNode root, String field) {
        JsonNode v = root.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" is missing or not a string");
        }
        return v.asText();
    }
}
