package io.diamondmaps.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.data.SampleCsv;
import io.diamondmaps.eval.ImageGrid;
import io.diamondmaps.eval.ScatterPlot;
import io.diamondmaps.sample.Chunked;
import io.diamondmaps.util.AtomicFiles;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Rng;
import io.diamondmaps.util.Tensors;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * {@code --n}, {@code --seed}, {@code --out} and {@code --chunk}: how many samples, reproducibly, where they go and how
 * many at once.
 */
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

    @Option(names = "--chunk", paramLabel = "R",
            description = "Samples (particles, for align) processed at once: memory depends on R, not on --n. Default: "
                    + "2048 for vector models, about 2^17 values per chunk for images (167 Fashion-MNIST images).")
    Integer chunk;

    /** Validates the count; returns the run's randomness, made from --seed. */
    Rng begin() {
        Checks.positive("--n", n);
        return Rng.of(seed);
    }

    /**
     * Draws --n samples in chunks of {@code outputsPerChunk} (from --chunk, e.g. whole SMC groups) and writes them: a
     * CSV as the chunks come (inside the atomic write, so a failure still leaves no partial file), a PNG at the end.
     * {@code alsoTo} sees each chunk too (reports).
     */
    void write(NDManager m, Shape sampleShape, IntUnaryOperator outputsPerChunk, Chunked.Draw draw, Chunked.Sink alsoTo,
            String task) throws IOException {
        int outputs = outputsPerChunk.applyAsInt(chunk == null ? Chunked.defaultRows(sampleShape)
                : Checks.positive("--chunk", chunk));
        try (Progress progress = Progress.start(task, n)) {
            long[] done = {0};
            Chunked.Sink tally = samples -> {
                alsoTo.accept(samples);
                done[0] += samples.getShape().get(0);
                progress.listener().accept((int) done[0]);
            };
            if (isPng()) {
                if (sampleShape.dimension() != 3 && !sampleShape.equals(new Shape(2))) {
                    throw new IllegalArgumentException("--out: PNG output is an image grid or a scatter plot of 2-D "
                            + "samples; these have shape " + sampleShape + ": write a .csv instead");
                }
                List<NDArray> kept = new ArrayList<>();
                Chunked.run(m, n, outputs, draw, samples -> {
                    tally.accept(samples);
                    NDArray copy = samples.duplicate();
                    copy.attach(m);
                    kept.add(copy);
                });
                writePng(NDArrays.concat(new NDList(kept)));
                return;
            }
            AtomicFiles.write(out, stream -> {
                SampleCsv.Rows rows = new SampleCsv.Rows(stream);
                Chunked.run(m, n, outputs, draw, samples -> {
                    tally.accept(samples);
                    rows.append(samples);
                });
                rows.flush();
            });
            System.out.println("wrote " + n + " samples to " + out);
        }
    }

    /** {@link #write(NDManager, Shape, IntUnaryOperator, Chunked.Draw, Chunked.Sink, String)}, a sample per row. */
    void write(NDManager m, Shape sampleShape, Chunked.Draw draw, String task) throws IOException {
        write(m, sampleShape, rows -> rows, draw, samples -> { }, task);
    }

    private boolean isPng() {
        return out.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png");
    }

    /** An image grid of (N, C, H, W) samples or a scatter plot of 2-D ones. */
    private void writePng(NDArray samples) throws IOException {
        long count = samples.getShape().get(0);
        if (samples.getShape().dimension() == 4) {
            ImageGrid.write(out, samples, (int) Math.ceil(Math.sqrt(count)), 2);
            System.out.println("wrote a grid of " + count + " images to " + out);
            return;
        }
        ScatterPlot.write(out, List.of(new ScatterPlot.Panel(count + " samples", Tensors.toRows(samples), null)), 1);
        System.out.println("wrote a scatter plot of " + count + " samples to " + out);
    }
}
