package io.diamondmaps.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.util.Rng;

/** A source of data samples x₁ for training: batches of shape (n, sampleShape...) in float32. */
public interface Dataset {
    /** n samples (n, sample shape...) drawn with {@code rng}. */
    NDArray sample(NDManager manager, int n, Rng rng);

    Shape sampleShape();

    /** How the data set is named in checkpoints and on the command line. */
    String describe();
}
