package io.diamondmaps.util;

import java.util.Locale;

/** Enum constants by their lower-case, dash-separated names ({@code BEST_OF_N} ↔ {@code best-of-n}). */
public final class EnumNames {
    private EnumNames() {
    }

    /** The constant called {@code name}, or an error naming {@code what} and the names it accepts. */
    public static <E extends Enum<E>> E parse(Class<E> type, String what, String name) {
        for (E c : type.getEnumConstants()) {
            if (of(c).equals(name)) {
                return c;
            }
        }
        StringBuilder names = new StringBuilder();
        for (E c : type.getEnumConstants()) {
            names.append(names.length() == 0 ? "" : ", ").append(of(c));
        }
        throw new IllegalArgumentException("unknown " + what + " '" + name + "' (expected " + names + ")");
    }

    /** The name of a constant: lower case, underscores as dashes. */
    public static String of(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
