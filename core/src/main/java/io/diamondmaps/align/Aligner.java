package io.diamondmaps.align;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.util.Rng;

/** An inference-time method that draws N samples approximately from the tilted target p^r ∝ p₁·exp(r/λ) (6.1). */
public interface Aligner {
    /** N aligned samples of the given per-sample shape; the arrays belong to {@code manager}. */
    AlignmentResult align(NDManager manager, Shape sampleShape, long n, Rng rng);

    String describe();
}
