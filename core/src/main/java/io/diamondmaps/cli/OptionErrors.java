package io.diamondmaps.cli;

import java.util.Comparator;
import java.util.Map;

/**
 * Library errors name parameters ("particles must be a positive integer", "data: unknown data set"); the command line
 * words them with its options. The one place that maps one to the other.
 */
final class OptionErrors {
    private OptionErrors() {
    }

    /** {@code e} as an error about {@code option} as a whole: "OPTION: message". */
    static IllegalArgumentException about(String option, IllegalArgumentException e) {
        return new IllegalArgumentException(option + ": " + e.getMessage(), e);
    }

    /**
     * {@code e} with the option of the parameter its message starts with (the longest of {@code options}' keys that
     * does): "data: …" becomes "--data: …", "particles must …" becomes "--particles: particles must …"; {@code e}
     * itself when none does (or it has no message).
     */
    static IllegalArgumentException named(IllegalArgumentException e, Map<String, String> options) {
        String message = e.getMessage();
        if (message == null) {
            return e;
        }
        return options.entrySet().stream()
                .filter(o -> message.startsWith(o.getKey() + " ") || message.startsWith(o.getKey() + ":"))
                .max(Comparator.comparingInt(o -> o.getKey().length()))
                .map(o -> message.startsWith(o.getKey() + ":")
                        ? new IllegalArgumentException(o.getValue() + message.substring(o.getKey().length()), e)
                        : about(o.getValue(), e))
                .orElse(e);
    }
}
