package io.diamondmaps.sample;

import io.diamondmaps.util.Checks;

/**
 * Times t₀ < t₁ < … < t_K of a fixed-step scheme: the outer grid of generation and alignment, the inner grid of a
 * GLASS flow or of Diamond jumps.
 */
public record TimeGrid(double[] times) {
    public TimeGrid {
        if (times.length < 2) {
            throw new IllegalArgumentException("a time grid needs at least two times, got " + times.length);
        }
        times = times.clone();
        for (int i = 1; i < times.length; i++) {
            if (!(times[i] > times[i - 1])) {
                throw new IllegalArgumentException("grid times must increase, got " + times[i - 1] + " then "
                        + times[i]);
            }
        }
    }

    /** {@code steps} equal steps from {@code from} to {@code to}; the last time is {@code to} exactly. */
    public static TimeGrid uniform(double from, double to, int steps) {
        Checks.positive("steps", steps);
        double[] t = new double[steps + 1];
        for (int i = 0; i < steps; i++) {
            t[i] = from + (to - from) * i / steps;
        }
        t[steps] = to;
        return new TimeGrid(t);
    }

    /** {@code steps} equal steps from noise (t = 0) to data (t = 1) (spec §2.2). */
    public static TimeGrid uniform(int steps) {
        return uniform(0, 1, steps);
    }

    public int steps() {
        return times.length - 1;
    }

    /** t_i. */
    public double at(int i) {
        return times[i];
    }
}
