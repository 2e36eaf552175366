package io.diamondmaps.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.bench.SampleOutput;
import io.diamondmaps.sample.Chunked;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Rng;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code --n}, {@code --seed}, {@code --out} and {@code --chunk}: how many samples, reproducibly, where they go and how
 * many at once.
 */
final class OutputOptions {
    /** The option behind the parameters {@link SampleOutput} names in its errors (its PNG check). */
    static final java.util.Map<String, String> ERRORS = java.util.Map.of("PNG output", "--out");

    @Option(names = "--n", defaultValue = "1000", paramLabel = "N",
            description = "Number of samples to draw. Default: ${DEFAULT-VALUE}.")
    int n;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S",
            description = "Random seed; the same seed and options give the same samples. Default: ${DEFAULT-VALUE}.")
    int seed;

    @Option(names = "--out", required = true, paramLabel = "F.csv|F.png",
            description = "Output: CSV (one sample per row, comma-separated, no header) or, for 2-D samples, a PNG "
                    + "scatter plot. Written atomically: a failed run leaves no partial file and keeps an earlier one.")
    Path out;

    @Option(names = "--chunk", paramLabel = "R",
            description = "Samples (particles, for align) processed at once: memory depends on R, not on --n. Default: "
                    + "2048 for vector models, about 2^17 values per chunk for images (167 Fashion-MNIST images).")
    Integer chunk;

    /** Validates the count; returns the run's randomness, made from --seed. */
    Rng begin() {
        Checks.positive("--n", n);
        return Rng.of(seed);
    }

    /** The output these options describe; errors name the options. */
    SampleOutput sampleOutput() {
        Checks.positive("--n", n);
        return new SampleOutput(out, n, chunk == null ? null : Checks.positive("--chunk", chunk));
    }

    /** Draws --n samples, a sample per chunk row, and writes them to --out with a progress bar. */
    void write(NDManager m, Shape sampleShape, Chunked.Draw draw, String task) throws IOException {
        try {
            sampleOutput().write(m, sampleShape, draw, Console.INSTANCE, task);
        } catch (IllegalArgumentException e) {
            throw OptionErrors.named(e, ERRORS);
        }
    }
}
