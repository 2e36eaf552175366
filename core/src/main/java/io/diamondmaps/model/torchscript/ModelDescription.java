package io.diamondmaps.model.torchscript;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.interpolant.DdpmInterpolant;
import io.diamondmaps.interpolant.Schedules;
import io.diamondmaps.util.EnumNames;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;

/**
 * What a TorchScript flow model computes, read from the JSON file beside it ({@code MODEL.json} for
 * {@code MODEL.pt}), in the conventions of real checkpoints:
 * <pre>{"schedule": {"type": "ddpm", "beta_schedule": "linear", "beta_start": 0.0001, "beta_end": 0.02,
 *               "timesteps": 1000},
 *  "time_input": "index", "prediction": "epsilon", "shape": [d] or [C, H, W],
 *  "condition": {"classes": 10, "null": 10}}</pre>
 * The older form {@code {"prediction": …, "time": "noise-at-0" | "noise-at-1", "interpolant": "linear" | "trig",
 * "shape": …}} is still read: it is {@code schedule} = the interpolant with {@code time_input} {@code t} or
 * {@code tau}.
 *
 * @param prediction what {@code forward} returns
 * @param schedule the model's own Gaussian path, as an interpolant in its time t (t = 0 the noisiest)
 * @param timeInput what the module takes as its time argument
 * @param condition the class condition {@code forward(t, x, y)} takes, or null for {@code forward(t, x)}
 * @param sampleShape the shape of one sample
 */
public record ModelDescription(Prediction prediction, Interpolant schedule, TimeInput timeInput, Condition condition,
        Shape sampleShape) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("prediction", "schedule", "time_input", "condition", "shape",
            "time", "interpolant");

    public ModelDescription {
        check(prediction, schedule, timeInput);
    }

    /** The older form's description: {@code schedule} in our time or the reverse. */
    public static ModelDescription of(Prediction prediction, TimeDirection time, Interpolant interpolant, Shape shape) {
        return new ModelDescription(prediction, interpolant, time == TimeDirection.NOISE_AT_1 ? TimeInput.TAU
                : TimeInput.T, null, shape);
    }

    /** What the module's {@code forward} returns (diffusers' {@code prediction_type} names are aliases). */
    public enum Prediction {
        /** forward(u, x) = d x/du in the module's own time input u ({@code t} or {@code tau}) (1.4), (1.13). */
        VELOCITY,
        /** forward(u, x) = E[x₁ | x], the clean data (diffusers' {@code sample}, their x₀) (1.5). */
        DATA,
        /** forward(u, x) = E[x₀ | x], the noise (diffusers' {@code epsilon}; our x₀ is noise) (1.7). */
        NOISE,
        /** forward(u, x) = E[a·ε − s·x₁ | x] (diffusers' {@code v_prediction}), on a variance-preserving path (1.12). */
        V,
        /** forward(u, u', x) = X(u, u', x) (3.1). */
        FLOW_MAP;

        static Prediction parse(String name) {
            switch (name) {
                case "sample":
                    return DATA;
                case "epsilon":
                    return NOISE;
                case "v_prediction":
                    return V;
                default:
                    try {
                        return EnumNames.parse(Prediction.class, "prediction", name);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(e.getMessage().replaceFirst("\\)$",
                                "; or diffusers' sample, epsilon, v_prediction)"));
                    }
            }
        }
    }

    /**
     * What the module takes as its time, from the model's own time t of its schedule (t = 0 noisiest) at noise level
     * σ = s/a: {@code t} itself (ours); {@code tau} = 1 − t (most diffusion and rectified-flow code); {@code index},
     * the float timestep index k = (1 − t)(T − 1) of a DDPM table (T − 1 = noise, diffusers' {@code timesteps});
     * {@code sigma}; {@code log-sigma} = ln σ; {@code c-noise} = ln(σ)/4 (EDM's network input); {@code log-snr} =
     * ln(a²/s²) (VDM's λ). Underscores are accepted for dashes.
     */
    public enum TimeInput {
        T, TAU, INDEX, SIGMA, LOG_SIGMA, C_NOISE, LOG_SNR;

        /** The module's time argument at the model's own time t. */
        public double of(Interpolant schedule, double t) {
            switch (this) {
                case T:
                    return t;
                case TAU:
                    return 1 - t;
                case INDEX:
                    return ((DdpmInterpolant) schedule).index(t);
                default: {
                    double logSigma = Math.log(schedule.sigma(t) / schedule.alpha(t));
                    return this == SIGMA ? Math.exp(logSigma) : this == LOG_SIGMA ? logSigma
                            : this == C_NOISE ? logSigma / 4 : -2 * logSigma;
                }
            }
        }
    }

    /** The older form's time field: which end of the module's time axis is noise. */
    public enum TimeDirection {
        /** Our convention (spec §0.2): t = 0 noise, t = 1 data. */
        NOISE_AT_0,
        /** Most diffusion code: τ = 1 − t, so τ = 1 is noise. */
        NOISE_AT_1
    }

    /**
     * A class-conditional module: {@code forward(t, x, y)} with y an int64 class index in [0, classes), or
     * {@code nullLabel} for the unconditional model that classifier-free guidance needs (−1 when it has none).
     */
    public record Condition(int classes, int nullLabel) {
        public Condition {
            if (classes < 1) {
                throw new IllegalArgumentException("\"condition\": \"classes\" must be at least 1, got " + classes);
            }
            if (nullLabel < -1) {
                throw new IllegalArgumentException("\"condition\": \"null\" must be a label ≥ 0, got " + nullLabel);
            }
        }

        public boolean hasNull() {
            return nullLabel >= 0;
        }
    }

    /** Reads and validates the description file {@code file}. */
    public static ModelDescription read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("the model description " + file + " is missing: a TorchScript model "
                    + "needs a JSON file beside it, e.g. {\"schedule\": \"linear\", \"time_input\": \"t\", "
                    + "\"prediction\": \"velocity\", \"shape\": [2]}");
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
                throw new IllegalArgumentException("unknown field \"" + f + "\" (expected prediction, schedule, "
                        + "time_input, condition, shape; or the older time and interpolant)");
            }
        }
        Prediction prediction = Prediction.parse(text(root, "prediction"));
        Interpolant schedule;
        TimeInput timeInput;
        if (root.has("interpolant") || root.has("time")) {
            for (String newer : new String[] {"schedule", "time_input"}) {
                if (root.has(newer)) {
                    throw new IllegalArgumentException("\"" + newer + "\" and the older \"time\"/\"interpolant\" "
                            + "cannot be mixed: describe the model by \"schedule\" and \"time_input\"");
                }
            }
            TimeDirection time = EnumNames.parse(TimeDirection.class, "time", text(root, "time"));
            schedule = schedule(root, "interpolant", root.get("interpolant"));
            timeInput = time == TimeDirection.NOISE_AT_1 ? TimeInput.TAU : TimeInput.T;
        } else {
            JsonNode s = root.get("schedule");
            schedule = schedule(root, "schedule", s);
            timeInput = root.has("time_input")
                    ? EnumNames.parse(TimeInput.class, "time_input", text(root, "time_input").replace('_', '-'))
                    : defaultTimeInput(s.isTextual() ? s.asText() : s.path("type").asText());
        }
        try {
            return new ModelDescription(prediction, schedule, timeInput, condition(root.get("condition")),
                    shape(root.get("shape")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /**
     * The time input a schedule's models take unless told: {@code index} for DDPM tables, {@code sigma} for EDM/VE,
     * {@code tau} for rectified flow and the VP and cosine schedules, {@code t} for ours.
     */
    static TimeInput defaultTimeInput(String type) {
        switch (type) {
            case "ddpm":
                return TimeInput.INDEX;
            case "edm":
            case "ve":
                return TimeInput.SIGMA;
            case "rectified-flow":
            case "vp":
            case "cosine":
                return TimeInput.TAU;
            default:
                return TimeInput.T;
        }
    }

    private static Interpolant schedule(JsonNode root, String field, JsonNode node) {
        if (node == null) {
            throw new IllegalArgumentException("\"" + field + "\" is missing");
        }
        try {
            return node.isTextual() ? Schedules.parse(node.asText()) : Schedules.fromJson(node);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + field + "\": " + e.getMessage());
        }
    }

    private static Condition condition(JsonNode c) {
        if (c == null) {
            return null;
        }
        if (!c.isObject() || !c.path("classes").isIntegralNumber()) {
            throw new IllegalArgumentException("\"condition\" must be {\"classes\": C, \"null\": N} with integers");
        }
        for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("classes") && !f.equals("null")) {
                throw new IllegalArgumentException("unknown field \"" + f + "\" in \"condition\" (expected classes, "
                        + "null)");
            }
        }
        JsonNode n = c.get("null");
        if (n != null && !n.isIntegralNumber()) {
            throw new IllegalArgumentException("\"condition\": \"null\" must be an integer label, got " + n);
        }
        return new Condition(c.get("classes").asInt(), n == null ? -1 : n.asInt());
    }

    private static Shape shape(JsonNode shape) {
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
        return new Shape(dims);
    }

    /** Combinations that cannot be right, each an error naming the field. */
    private static void check(Prediction prediction, Interpolant schedule, TimeInput timeInput) {
        String input = EnumNames.of(timeInput).replace('-', '_');
        if (timeInput == TimeInput.INDEX && !(schedule instanceof DdpmInterpolant)) {
            throw new IllegalArgumentException("\"time_input\": \"index\" needs a discrete schedule (\"type\": "
                    + "\"ddpm\"), not " + Schedules.toJson(schedule));
        }
        if (timeInput != TimeInput.T && timeInput != TimeInput.TAU && timeInput != TimeInput.INDEX) {
            double[] range = schedule.coveredTimes();
            for (double t : range) {
                double sigma = schedule.sigma(t) / schedule.alpha(t);
                if (!(sigma > 0 && Double.isFinite(sigma))) {
                    throw new IllegalArgumentException("\"time_input\": \"" + input + "\" needs a schedule whose "
                            + "noise level σ = s/a stays finite and positive (ddpm, edm, ve); "
                            + Schedules.toJson(schedule) + " reaches σ = " + sigma + " at t = " + t);
                }
            }
        }
        if ((prediction == Prediction.VELOCITY || prediction == Prediction.FLOW_MAP)
                && timeInput != TimeInput.T && timeInput != TimeInput.TAU) {
            throw new IllegalArgumentException("\"prediction\": \"" + EnumNames.of(prediction) + "\" is a derivative "
                    + "in the module's own time, which must be \"t\" or \"tau\", not \"" + input + "\"");
        }
        if (prediction == Prediction.FLOW_MAP) {
            double[] range = schedule.coveredTimes();
            if (range[0] != 0 || range[1] != 1 || schedule.alpha(0) != 0 || schedule.sigma(1) != 0) {
                throw new IllegalArgumentException("a flow-map module must cover the whole time axis, from pure noise "
                        + "to data (linear, trig, cosine, rectified-flow); " + Schedules.toJson(schedule)
                        + " does not");
            }
        }
        if (prediction == Prediction.V) {
            for (double t : new double[] {0.1, 0.5, 0.9}) {
                double a = schedule.alpha(t);
                double s = schedule.sigma(t);
                if (Math.abs(a * a + s * s - 1) > 1e-9) {
                    throw new IllegalArgumentException("\"prediction\": \"v\" needs a variance-preserving schedule "
                            + "(a² + s² = 1: ddpm, vp, cosine, trig), not " + Schedules.toJson(schedule));
                }
            }
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode v = root.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" is missing or not a string");
        }
        return v.asText();
    }
}
