package io.diamondmaps.cli;

import io.diamondmaps.sample.TimeGrid;

/** {@code --time-grid}: uniform, log-snr or karras; left out, the model's default ({@link TimeGrid.Spacing#defaultFor}). */
final class TimeGridOption {
    private TimeGridOption() {
    }

    static TimeGrid.Spacing parse(String name) {
        if (name == null) {
            return null;
        }
        try {
            return TimeGrid.Spacing.parse(name);
        } catch (IllegalArgumentException e) {
            throw OptionErrors.about("--time-grid", e);
        }
    }
}
