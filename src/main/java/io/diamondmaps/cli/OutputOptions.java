package io.diamondmaps.cli;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.data.SampleCsv;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Rng;
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

    @Option(names = "--out", required = true, paramLabel = "F.csv|F.png",
            description = "Output: CSV (one sample per row, comma-separated, no header) or, for 2-D samples, a PNG "
                    + "scatter plot. Written atomically: a failed run leaves no partial file and keeps an earlier one.")
    Path out;

    /** Validates the count; returns the run's randomness, made from --seed. */
    Rng begin() {
        Checks.positive("--n", n);
        return Rng.of(seed);
    }

    void write(NDArray samples) throws IOException {
        if (out.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png")) {
            if (samples.getShape().dimension() == 4) {
                io.diamondmaps.eval.ImageGrid.write(out, samples, (int) Math.ceil(Math.sqrt(samples.getShape().get(0))), 2);
                System.out.println("wrote a grid of " + samples.getShape().get(0) + " images to " + out);
                return;
            }
            if (samples.getShape().dimension() != 2 || samples.getShape().get(1) != 2) {
                throw new IllegalArgumentException("PNG output is an image grid or a scatter plot of 2-D samples; these have shape "
                        + samples.getShape() + ": write a .csv instead");
            }
            io.diamondmaps.eval.ScatterPlot.write(out, java.util.List.of(new io.diamondmaps.eval.ScatterPlot.Panel(
                    samples.getShape().get(0) + " samples", io.diamondmaps.util.Tensors.toRows(samples), null)), 1);
            System.out.println("wrote a scatter plot of " + samples.getShape().get(0) + " samples to " + out);
            return;
        }
        SampleCsv.write(out, samples);
        System.out.println("wrote " + samples.getShape().get(0) + " samples to " + out);
    }
}
