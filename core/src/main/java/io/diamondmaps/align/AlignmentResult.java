package io.diamondmaps.align;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.model.EvaluationCounter;

import java.util.List;

/**
 * Aligned samples (N, d...) with the work it took, per-step diagnostics, for SMC each particle group's final
 * estimate of log Z = log E[exp(r(X₁)/λ)] (empty for other methods), and for guidance the rewards of a few unguided
 * base draws that {@link Reliability} checks the samples against (empty for other methods).
 */
public record AlignmentResult(NDArray samples, EvaluationCounter counter, List<StepDiagnostics> steps,
        double seconds, double[] groupLogNormalisers, double[] checkRewards) {
    /** A result without normaliser estimates. */
    public AlignmentResult(NDArray samples, EvaluationCounter counter, List<StepDiagnostics> steps, double seconds) {
        this(samples, counter, steps, seconds, new double[0]);
    }

    /** A result without unguided check draws ({@link Reliability}). */
    public AlignmentResult(NDArray samples, EvaluationCounter counter, List<StepDiagnostics> steps, double seconds,
            double[] groupLogNormalisers) {
        this(samples, counter, steps, seconds, groupLogNormalisers, new double[0]);
    }

    /** Model evaluations per output sample. */
    public double nfePerSample() {
        return counter.nfePerSample(samples.getShape().get(0));
    }
}
