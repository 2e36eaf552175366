package io.diamondmaps.interpolant;

import io.diamondmaps.util.Checks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A variance-exploding path x = x₁ + σ·ε (EDM, Karras et al. 2022; score-SDE VE), spec §1.5: α = 1 and σ = (1 − t)/t,
 * the σ whose SNR 1/σ is that of our linear interpolant at t, so the EDM state is x_t/t. A model of it covers
 * σ ∈ [σ_min, σ_max] only ({@link #coveredTimes()}). With no noise end (σ → ∞ at t = 0) it describes models, never a
 * run: runs take a path with x₀ at t = 0 ({@link #varianceExploding()}).
 */
public final class EdmInterpolant extends ScalarFormulaInterpolant {
    public static final double DEFAULT_SIGMA_MIN = 0.002;
    public static final double DEFAULT_SIGMA_MAX = 80;

    private final double sigmaMin;
    private final double sigmaMax;

    public EdmInterpolant(double sigmaMin, double sigmaMax) {
        this.sigmaMin = Checks.positive("sigma_min", sigmaMin);
        this.sigmaMax = Checks.positive("sigma_max", sigmaMax);
        if (!(sigmaMax > sigmaMin)) {
            throw new IllegalArgumentException("sigma_max must be greater than sigma_min, got sigma_min=" + sigmaMin
                    + " and sigma_max=" + sigmaMax);
        }
    }

    @Override
    public String name() {
        return "edm";
    }

    /** The time of noise level σ: t = 1/(1 + σ). */
    public static double timeOfSigma(double sigma) {
        return 1 / (1 + sigma);
    }

    @Override
    public double alpha(double t) {
        return 1;
    }

    @Override
    public double sigma(double t) {
        return (1 - t) / Math.max(t, EPS);
    }

    @Override
    public double alphaDot(double t) {
        return 0;
    }

    @Override
    public double sigmaDot(double t) {
        return -1 / Math.max(t * t, EPS);
    }

    @Override
    public double gInverse(double y) {
        return 1 / (1 + Math.sqrt(Math.max(y, 0)));
    }

    @Override
    public boolean varianceExploding() {
        return true;
    }

    @Override
    public double[] coveredTimes() {
        return new double[] {timeOfSigma(sigmaMax), timeOfSigma(sigmaMin)};
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("type", name());
        d.put("sigma_min", sigmaMin);
        d.put("sigma_max", sigmaMax);
        return d;
    }
}
