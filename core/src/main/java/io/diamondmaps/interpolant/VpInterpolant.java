package io.diamondmaps.interpolant;

import io.diamondmaps.util.Checks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The continuous variance-preserving SDE (Song et al. 2021): ᾱ(τ) = exp(−τ²(β_max − β_min)/2 − τβ_min) (spec §1.5),
 * τ = 1 − t. It never reaches pure noise: at t = 0, ᾱ = exp(−(β_max + β_min)/2) (4.0e-5 for 0.1, 20).
 */
public final class VpInterpolant extends VariancePreservingInterpolant {
    public static final double DEFAULT_BETA_MIN = 0.1;
    public static final double DEFAULT_BETA_MAX = 20;

    private final double betaMin;
    private final double betaMax;

    public VpInterpolant(double betaMin, double betaMax) {
        this.betaMin = Checks.positive("beta_min", betaMin);
        this.betaMax = Checks.positive("beta_max", betaMax);
        if (betaMax < betaMin) {
            throw new IllegalArgumentException("beta_max must be at least beta_min, got " + betaMin + " and "
                    + betaMax);
        }
    }

    @Override
    public String name() {
        return "vp";
    }

    @Override
    double alphaBar(double tau) {
        return Math.exp(-tau * tau * (betaMax - betaMin) / 2 - tau * betaMin);
    }

    @Override
    double alphaBarDerivative(double tau) {
        return -alphaBar(tau) * (tau * (betaMax - betaMin) + betaMin);
    }

    @Override
    double tauOfAlphaBar(double a) {
        // Solve τ²Δ/2 + τβ_min = −ln ᾱ for the positive root.
        double l = -Math.log(a);
        double delta = betaMax - betaMin;
        double tau = delta == 0 ? l / betaMin
                : (-betaMin + Math.sqrt(betaMin * betaMin + 2 * delta * l)) / delta;
        return clampTau(tau);
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("type", name());
        d.put("beta_min", betaMin);
        d.put("beta_max", betaMax);
        return d;
    }
}
