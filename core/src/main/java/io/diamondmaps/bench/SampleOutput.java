package io.diamondmaps.bench;

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
import io.diamondmaps.util.Tensors;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.IntUnaryOperator;

/**
 * Where a run's samples go and how many are drawn at once: a CSV (one sample per row, comma-separated, no header)
 * written as the chunks come, or a PNG (an image grid, or a scatter plot of 2-D samples) written at the end. Either is
 * written atomically: a failed run leaves no partial file and keeps an earlier one.
 *
 * @param file the output file; its extension (.png or anything else) chooses the format
 * @param n how many samples
 * @param chunk samples (particles, for alignment) drawn at once, or null for {@link Chunked#defaultRows}
 */
public record SampleOutput(Path file, long n, Integer chunk) {
    public SampleOutput {
        Objects.requireNonNull(file, "output file");
        Checks.positive("samples", n);
        if (chunk != null) {
            Checks.positive("chunk", chunk);
        }
    }

    /**
     * Draws the samples in chunks of {@code outputsPerChunk} (of the chunk size, e.g. whole SMC groups) and writes
     * them; {@code alsoTo} sees each chunk too (summaries, reports).
     */
    public void write(NDManager m, Shape sampleShape, IntUnaryOperator outputsPerChunk, Chunked.Draw draw,
            Chunked.Sink alsoTo, ProgressReporter progress, String task) throws IOException {
        int outputs = outputsPerChunk.applyAsInt(chunk == null ? Chunked.defaultRows(sampleShape) : chunk);
        try (ProgressReporter.Task bar = progress.start(task, n)) {
            long[] done = {0};
            Chunked.Sink tally = samples -> {
                alsoTo.accept(samples);
                done[0] += samples.getShape().get(0);
                bar.accept((int) done[0]);
            };
            if (isPng()) {
                if (sampleShape.dimension() != 3 && !sampleShape.equals(new Shape(2))) {
                    throw new IllegalArgumentException("PNG output is an image grid or a scatter plot of 2-D samples; "
                            + "these have shape " + sampleShape + ": write a .csv instead");
                }
                List<NDArray> kept = new ArrayList<>();
                Chunked.run(m, n, outputs, draw, samples -> {
                    tally.accept(samples);
                    NDArray copy = samples.duplicate();
                    copy.attach(m);
                    kept.add(copy);
                });
                progress.log(writePng(NDArrays.concat(new NDList(kept))));
                return;
            }
            AtomicFiles.write(file, stream -> {
                SampleCsv.Rows rows = new SampleCsv.Rows(stream);
                Chunked.run(m, n, outputs, draw, samples -> {
                    tally.accept(samples);
                    rows.append(samples);
                });
                rows.flush();
            });
            progress.log("wrote " + n + " samples to " + file);
        }
    }

    /** {@link #write(NDManager, Shape, IntUnaryOperator, Chunked.Draw, Chunked.Sink, ProgressReporter, String)}, one
     * sample per chunk row. */
    public void write(NDManager m, Shape sampleShape, Chunked.Draw draw, ProgressReporter progress, String task)
            throws IOException {
        write(m, sampleShape, rows -> rows, draw, samples -> { }, progress, task);
    }

    private boolean isPng() {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png");
    }

    /** An image grid of (N, C, H, W) samples or a scatter plot of (N, 2) ones; returns the line to report. */
    private String writePng(NDArray samples) throws IOException {
        long count = samples.getShape().get(0);
        if (samples.getShape().dimension() == 4) {
            ImageGrid.write(file, samples, (int) Math.ceil(Math.sqrt(count)), 2);
            return "wrote a grid of " + count + " images to " + file;
        }
        ScatterPlot.write(file, List.of(new ScatterPlot.Panel(count + " samples", Tensors.toRows(samples), null)), 1);
        return "wrote a scatter plot of " + count + " samples to " + file;
    }
}
