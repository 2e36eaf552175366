package io.diamondmaps.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diamondmaps.model.neural.Parameters;
import io.diamondmaps.util.Rng;

/**
 * What a {@link Trainer} minimises: the per-sample terms of a batch loss over one network's parameters, drawn with
 * the engine's (reseeded) random generator. The trainer averages them, optionally under the learned weight (3.4).
 */
public interface TrainingLoss {
    /**
     * Per-sample losses ℓ (N,) and the times (t, t') (or (s, s') for a Diamond Map) at which they were drawn, the
     * arguments of the learned weight w.
     */
    record Term(NDArray perSample, NDArray time, NDArray timeNext) {
    }

    /** The diagonal term and the off-diagonal one (null when the batch has none), as in (3.9). */
    record Terms(Term diagonal, Term offDiagonal) {
    }

    Parameters parameters();

    /** The terms for a batch of data x₁, with arrays on {@code scope}, drawing times and noise from {@code rng}. */
    Terms terms(NDManager scope, NDArray x1, TrainingConfig config, Rng rng);

    /** Adds what identifies the trained model to checkpoint metadata: kind, architecture, interpolant, teacher. */
    void describe(ObjectNode metadata);
}
