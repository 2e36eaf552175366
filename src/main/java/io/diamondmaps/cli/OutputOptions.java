package io.diamondmaps.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import io.diamondmaps.data.SampleCsv;
import io.diamondmaps.util.Checks;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** {@code --n}, {@code --seed} and {@code --out}: how many samples, reproducibly, and where they go. */
final class OutputOptions {
    @Option(names = "--n", defaultValue = "1000", paramLabel = "N",
            description = "Number of samples to draw. Default: ${DEFAULT-VALUE}.")
    int n;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S",
            description = "Random seed; the same seed and options give the same samples. Default: ${DEFAULT-VALUE}.")
    int seed;

    @Option(names = "--out", required = true, paramLabel = "F.csv",
            description = "Output CSV: one sample per row, comma-separated, no header. Written atomically: a failed "
                    + "run leaves no partial file and keeps an earlier one.")
    Path out;

    /** Validates the count and seeds Java and the engine. */
    void begin() {
        Checks.positive("--n", n);
        Engine.getInstance().setRandomSeed(seed);
    }

    void write(NDArray samples) throws IOException {
        SampleCsv.write(out, samples);
        System.out.println("wrote " + samples.getShape().get(0) + " samples to " + out);
    }
}
