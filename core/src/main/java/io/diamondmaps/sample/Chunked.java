package io.diamondmaps.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.util.Checks;

import java.io.IOException;

/**
 * Draws N samples in chunks of bounded size, each chunk in its own NDManager scope that is closed once the chunk has
 * been handed on, so peak memory depends on the chunk size and not on N. Small chunks also run faster: a chunk's
 * activations stay in the CPU's caches (bench/results/performance.md).
 *
 * <p>Chunks draw from the run's one {@code Rng} in order. A deterministic sampler (ODE, flow-map jumps) gives the same
 * samples for every chunk size; a stochastic one gives the same samples for the same seed and chunk size.
 */
public final class Chunked {
    static final int MAX_DEFAULT_ROWS = 2048;
    static final long DEFAULT_ELEMENTS = 1L << 17;

    /**
     * Rows per chunk when the caller does not choose: 2,048 rows of a vector model (a 256-wide MLP's activations are
     * 2 MiB, and the measured speed is flat from 512 to 2,048 rows and falls off above 4,096), fewer for large samples
     * so that a chunk holds about 2¹⁷ sample elements (167 Fashion-MNIST images).
     */
    public static int defaultRows(Shape sampleShape) {
        long elements = Math.max(1, sampleShape.size());
        return (int) Math.max(1, Math.min(MAX_DEFAULT_ROWS, DEFAULT_ELEMENTS / elements));
    }

    /** Draws one chunk of {@code rows} samples; what it returns may belong to {@code scope}. */
    @FunctionalInterface
    public interface Draw {
        NDArray draw(NDManager scope, int rows) throws IOException;
    }

    /** Takes a finished chunk before its scope closes (writes it, folds it into a summary). */
    @FunctionalInterface
    public interface Sink {
        void accept(NDArray chunk) throws IOException;
    }

    private Chunked() {
    }

    /** Draws {@code n} samples in chunks of {@code rows} (the last may be smaller) and hands each to {@code sink}. */
    public static void run(NDManager manager, long n, int rows, Draw draw, Sink sink) throws IOException {
        Checks.positive("samples", n);
        Checks.positive("chunk rows", rows);
        for (long done = 0; done < n; done += rows) {
            int size = (int) Math.min(rows, n - done);
            try (NDManager scope = manager.newSubManager()) {
                NDArray samples = draw.draw(scope, size);
                if (samples.getShape().get(0) != size) {
                    throw new IllegalStateException("a chunk of " + size + " samples came back with shape "
                            + samples.getShape());
                }
                sink.accept(samples);
            }
        }
    }
}
