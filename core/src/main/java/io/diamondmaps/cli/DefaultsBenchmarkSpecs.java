package io.diamondmaps.cli;

import io.diamondmaps.align.AlignmentSpec;

import java.util.ArrayList;
import java.util.List;

/** The spec {@code align} builds from options, so that {@code bench defaults} measures exactly its defaults. */
public final class DefaultsBenchmarkSpecs {
    private DefaultsBenchmarkSpecs() {
    }

    /** What {@code align} runs with these options (model, reward and output stand-ins; the rest as given). */
    public static AlignmentSpec spec(String... options) {
        List<String> args = new ArrayList<>(List.of("--model", "gmm:unused.json", "--reward", "unused.json", "--out",
                "unused.csv"));
        args.addAll(List.of(options));
        return Main.alignTask(args.toArray(String[]::new)).spec();
    }
}
