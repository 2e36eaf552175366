package io.diamondmaps.util;

import ai.djl.ndarray.NDArray;

/** Argument validation with messages that name the offending value; every public entry point uses these. */
public final class Checks {
    private Checks() {
    }

    /** Requires {@code t} to be a finite time in [0, 1]. */
    public static double time(String name, double t) {
        if (!Double.isFinite(t) || t < 0 || t > 1) {
            throw new IllegalArgumentException(name + " must be a time in [0, 1], got " + t);
        }
        return t;
    }

    /** Requires 0 ≤ t < tNext ≤ 1. */
    public static void timePair(String name, double t, String nextName, double tNext) {
        time(name, t);
        time(nextName, tNext);
        if (!(tNext > t)) {
            throw new IllegalArgumentException(nextName + " must be greater than " + name + ", got " + name + "=" + t
                    + " and " + nextName + "=" + tNext);
        }
    }

    public static int positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + v);
        }
        return v;
    }

    public static long positive(String name, long v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + v);
        }
        return v;
    }

    public static double finite(String name, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be a finite number, got " + v);
        }
        return v;
    }

    public static double positive(String name, double v) {
        if (!Double.isFinite(v) || v <= 0) {
            throw new IllegalArgumentException(name + " must be a positive finite number, got " + v);
        }
        return v;
    }

    /** {@code v} in [0, 1], or an error naming {@code name}. */
    public static double fraction(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + v);
        }
        return v;
    }

    public static void finite(String name, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is not a finite number: " + values[i]);
            }
        }
    }

    /** Requires every entry of {@code a} to be finite (one host sync: use at API boundaries, not in inner loops). */
    public static NDArray finite(String name, NDArray a) {
        if (isFinite(a)) {
            return a;
        }
        throw new IllegalArgumentException(name + " contains NaN or infinite values");
    }

    /** Whether every entry of {@code a} is finite (one host sync). */
    public static boolean isFinite(NDArray a) {
        return !a.isInfinite().logicalOr(a.isNaN()).any().getBoolean();
    }

    /** Requires {@code x} to be a batch of vectors of dimension {@code d}: shape (N, d). */
    public static NDArray vectors(String name, NDArray x, int d) {
        if (x.getShape().dimension() != 2 || x.getShape().get(1) != d) {
            throw new IllegalArgumentException(name + " must have shape (N, " + d + "), got " + x.getShape());
        }
        return x;
    }
}
