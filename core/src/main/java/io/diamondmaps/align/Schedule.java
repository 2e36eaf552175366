package io.diamondmaps.align;

import io.diamondmaps.data.SampleCsv;

/** A per-step value: one number for every step, or one per step (spec §6.3 schedules). */
public record Schedule(double[] values) {
    public Schedule {
        if (values.length == 0) {
            throw new IllegalArgumentException("a schedule needs at least one value");
        }
        values = values.clone();
    }

    public static Schedule constant(double v) {
        return new Schedule(new double[] {v});
    }

    /** Parses "v" or "v1,v2,…" (one per step). */
    public static Schedule parse(String option, String text) {
        try {
            return new Schedule(SampleCsv.parseVector(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }

    /** Fails unless the schedule broadcasts over {@code steps} steps. */
    public Schedule requireSteps(String option, int steps) {
        if (values.length != 1 && values.length != steps) {
            throw new IllegalArgumentException(option + " has " + values.length + " values; give one or one per step ("
                    + steps + ")");
        }
        return this;
    }

    public double at(int step) {
        return values.length == 1 ? values[0] : values[step];
    }
}
