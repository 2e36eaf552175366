package io.diamondmaps.interpolant;

/**
 * A variance-preserving path α² + σ² = 1 given by its ᾱ(τ) = α², τ = 1 − t the diffusion time (spec §1.5): the
 * continuous VP SDE and the iDDPM cosine schedule (1.14). Everything follows from ᾱ, its derivative and its inverse:
 * α = √ᾱ, σ = √(1 − ᾱ), g = (1 − ᾱ)/ᾱ, and g⁻¹(y) is the t with ᾱ = 1/(1 + y).
 */
abstract class VariancePreservingInterpolant extends ScalarFormulaInterpolant {
    /** ᾱ(τ). */
    abstract double alphaBar(double tau);

    /** dᾱ/dτ. */
    abstract double alphaBarDerivative(double tau);

    /** The τ ∈ [0, 1] with ᾱ(τ) = a (clamped to the ends). */
    abstract double tauOfAlphaBar(double a);

    @Override
    public double alpha(double t) {
        return Math.sqrt(alphaBar(1 - t));
    }

    @Override
    public double sigma(double t) {
        return Math.sqrt(Math.max(1 - alphaBar(1 - t), 0));
    }

    @Override
    public double alphaDot(double t) {
        // dα/dt = −(dᾱ/dτ)/(2α); α > 0 except at the pure-noise end of a schedule that reaches it.
        return -alphaBarDerivative(1 - t) / (2 * Math.max(alpha(t), EPS));
    }

    @Override
    public double sigmaDot(double t) {
        return alphaBarDerivative(1 - t) / (2 * Math.max(sigma(t), EPS));
    }

    @Override
    public double gInverse(double y) {
        return 1 - tauOfAlphaBar(1 / (1 + Math.max(y, 0)));
    }

    static double clampTau(double tau) {
        return Math.min(Math.max(tau, 0), 1);
    }
}
