package io.diamondmaps.interpolant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Noise schedules as data (spec §1.5): every schedule is an {@link Interpolant} (a Gaussian path in t ∈ [0, 1], t = 0
 * the noisiest), read from and written to a small JSON value such as
 * {@code {"type": "ddpm", "beta_schedule": "linear", "beta_start": 0.0001, "beta_end": 0.02, "timesteps": 1000}}.
 * Types: {@code linear} (alias {@code rectified-flow}: SD3 and FLUX's x = (1 − τ)x₁ + τε is ours with τ = 1 − t),
 * {@code trig}, {@code vp}, {@code ddpm}, {@code cosine}, {@code edm} (alias {@code ve}). A name alone means the type
 * with its defaults.
 */
public final class Schedules {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The types, in the order messages list them. */
    public static final List<String> TYPES = List.of("linear", "rectified-flow", "trig", "vp", "ddpm", "cosine", "edm",
            "ve");

    private Schedules() {
    }

    /**
     * The schedule {@code spec} names: a type name ({@code linear}, {@code ddpm}, …, with their defaults) or a JSON
     * object ({@code {"type": "cosine", "s": 0.008}}).
     */
    public static Interpolant parse(String spec) {
        String s = spec.strip();
        if (s.startsWith("{")) {
            try {
                return fromJson(JSON.readTree(s));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("malformed schedule " + spec + ": " + e.getOriginalMessage());
            }
        }
        return fromJson(JSON.createObjectNode().put("type", s));
    }

    /** {@link #parse(String)} for a run: refuses a path with no noise end ({@link Interpolant#varianceExploding()}). */
    public static Interpolant forRun(String spec) {
        return requireRunnable(parse(spec));
    }

    /** {@code ip}, or an error when a run cannot start from noise on it. */
    public static Interpolant requireRunnable(Interpolant ip) {
        if (ip.varianceExploding()) {
            throw new IllegalArgumentException("the " + ip.name() + " schedule has no noise end (σ → ∞), so samplers "
                    + "cannot run on it; run on linear (the default) or another path from noise at t = 0: a model in "
                    + "the " + ip.name() + " convention is converted to the run's interpolant by SNR matching");
        }
        return ip;
    }

    /** The schedule a JSON value describes; unknown types and fields and out-of-range numbers are refused. */
    public static Interpolant fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("a schedule must be a JSON object with a \"type\", got " + node);
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            throw new IllegalArgumentException("a schedule needs a \"type\" (one of " + String.join(", ", TYPES)
                    + ")");
        }
        switch (type.asText()) {
            case "linear":
            case "rectified-flow":
                fields(node);
                return LinearInterpolant.INSTANCE;
            case "trig":
            case "trigonometric":
                fields(node);
                return TrigonometricInterpolant.INSTANCE;
            case "vp":
                fields(node, "beta_min", "beta_max");
                return new VpInterpolant(number(node, "beta_min", VpInterpolant.DEFAULT_BETA_MIN),
                        number(node, "beta_max", VpInterpolant.DEFAULT_BETA_MAX));
            case "cosine":
                fields(node, "s");
                return new CosineInterpolant(number(node, "s", CosineInterpolant.DEFAULT_OFFSET));
            case "edm":
            case "ve":
                fields(node, "sigma_min", "sigma_max");
                return new EdmInterpolant(number(node, "sigma_min", EdmInterpolant.DEFAULT_SIGMA_MIN),
                        number(node, "sigma_max", EdmInterpolant.DEFAULT_SIGMA_MAX));
            case "ddpm":
                return ddpm(node);
            default:
                throw new IllegalArgumentException("unknown schedule type '" + type.asText() + "' (expected "
                        + String.join(", ", TYPES) + ")");
        }
    }

    private static Interpolant ddpm(JsonNode node) {
        fields(node, "beta_schedule", "beta_start", "beta_end", "timesteps", "alphas_cumprod");
        JsonNode table = node.get("alphas_cumprod");
        if (table != null) {
            for (String f : new String[] {"beta_schedule", "beta_start", "beta_end", "timesteps"}) {
                if (node.has(f)) {
                    throw new IllegalArgumentException("a ddpm schedule takes either \"alphas_cumprod\" or the betas, "
                            + "not both (\"" + f + "\" given too)");
                }
            }
            if (!table.isArray()) {
                throw new IllegalArgumentException("\"alphas_cumprod\" must be a list of numbers");
            }
            double[] a = new double[table.size()];
            for (int i = 0; i < a.length; i++) {
                if (!table.get(i).isNumber()) {
                    throw new IllegalArgumentException("\"alphas_cumprod\" must be a list of numbers, got "
                            + table.get(i) + " at " + i);
                }
                a[i] = table.get(i).asDouble();
            }
            return DdpmInterpolant.ofAlphasCumprod(a);
        }
        JsonNode schedule = node.get("beta_schedule");
        if (schedule != null && !schedule.isTextual()) {
            throw new IllegalArgumentException("\"beta_schedule\" must be a string");
        }
        JsonNode steps = node.get("timesteps");
        if (steps != null && !(steps.isIntegralNumber() && steps.canConvertToInt())) {
            throw new IllegalArgumentException("\"timesteps\" must be an integer, got " + steps);
        }
        String name = schedule == null ? DdpmInterpolant.DEFAULT_BETA_SCHEDULE : schedule.asText();
        if (name.equals("squaredcos_cap_v2") && (node.has("beta_start") || node.has("beta_end"))) {
            throw new IllegalArgumentException("beta_schedule squaredcos_cap_v2 takes no beta_start or beta_end");
        }
        return DdpmInterpolant.ofBetas(name, number(node, "beta_start", DdpmInterpolant.DEFAULT_BETA_START),
                number(node, "beta_end", DdpmInterpolant.DEFAULT_BETA_END),
                steps == null ? DdpmInterpolant.DEFAULT_TIMESTEPS : steps.asInt());
    }

    private static void fields(JsonNode node, String... allowed) {
        Set<String> ok = new java.util.HashSet<>(List.of(allowed));
        ok.add("type");
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!ok.contains(f)) {
                throw new IllegalArgumentException("unknown field \"" + f + "\" in a " + node.get("type").asText()
                        + " schedule (expected " + (allowed.length == 0 ? "none" : String.join(", ", allowed))
                        + ")");
            }
        }
    }

    private static double number(JsonNode node, String field, double fallback) {
        JsonNode v = node.get(field);
        if (v == null) {
            return fallback;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw new IllegalArgumentException("\"" + field + "\" must be a finite number, got " + v);
        }
        return v.asDouble();
    }

    /** The schedule's full value as a JSON object (what checkpoints and reports record). */
    public static JsonNode toJsonNode(Interpolant ip) {
        return JSON.valueToTree(new LinkedHashMap<>(ip.describe()));
    }

    /** {@link #toJsonNode} as compact text. */
    public static String toJson(Interpolant ip) {
        try {
            return JSON.writeValueAsString(ip.describe());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The schedule a checkpoint's metadata records: {@code "schedule"} when present, else the older name field. */
    public static Interpolant fromMetadata(JsonNode meta) {
        JsonNode s = meta.get("schedule");
        return s != null ? fromJson(s) : parse(meta.path("interpolant").asText("linear"));
    }

    static Map<String, Object> named(String name) {
        return Map.of("type", name);
    }
}
