package io.diamondmaps.align;

/**
 * What one outer step of an aligner did: the time reached, the effective sample size as a fraction of the particles
 * per group (1 when the method has no weights), the mean number of distinct ancestors per group after the step, whether
 * it resampled, the running log-normaliser estimate (SMC) and the mean value estimate of the particles.
 */
public record StepDiagnostics(double t, double essFraction, double uniqueAncestors, boolean resampled,
        double logNormaliser, double meanValue) {
}
