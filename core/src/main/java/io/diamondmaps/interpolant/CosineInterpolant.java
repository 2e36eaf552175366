package io.diamondmaps.interpolant;

import io.diamondmaps.util.Checks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The improved-DDPM cosine schedule (Nichol & Dhariwal 2021), continuous: ᾱ(τ) = f(τ)/f(0), f(τ) = cos²((τ + s)/(1 +
 * s)·π/2) (1.14), τ = 1 − t. Not our {@code trig} (that is s = 0 without the normalisation): describing a cosine
 * model as {@code trig} biases its posteriors.
 */
public final class CosineInterpolant extends VariancePreservingInterpolant {
    public static final double DEFAULT_OFFSET = 0.008;
    private static final double HALF_PI = Math.PI / 2;

    private final double offset;
    private final double cosAtZero;

    public CosineInterpolant(double offset) {
        if (!Double.isFinite(offset) || offset < 0) {
            throw new IllegalArgumentException("s must be a finite number ≥ 0, got " + offset);
        }
        this.offset = offset;
        this.cosAtZero = Math.cos(offset / (1 + offset) * HALF_PI);
    }

    @Override
    public String name() {
        return "cosine";
    }

    private double angle(double tau) {
        return (tau + offset) / (1 + offset) * HALF_PI;
    }

    @Override
    public double alpha(double t) {
        // cos(π/2) is 6e-17, not 0: snap the noise end.
        return t == 0 ? 0 : Math.cos(angle(1 - t)) / cosAtZero;
    }

    @Override
    double alphaBar(double tau) {
        double a = tau == 1 ? 0 : Math.cos(angle(tau)) / cosAtZero;
        return a * a;
    }

    @Override
    double alphaBarDerivative(double tau) {
        double a = Math.cos(angle(tau)) / cosAtZero;
        return -2 * a * Math.sin(angle(tau)) / cosAtZero * HALF_PI / (1 + offset);
    }

    @Override
    public double alphaDot(double t) {
        // dα/dt = sin(θ)·(π/2)/((1 + s)cos θ₀): finite at pure noise, where the generic form divides 0 by 0.
        return Math.sin(angle(1 - t)) / cosAtZero * HALF_PI / (1 + offset);
    }

    @Override
    double tauOfAlphaBar(double a) {
        return clampTau((1 + offset) / HALF_PI * Math.acos(Math.min(Math.sqrt(a) * cosAtZero, 1)) - offset);
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("type", name());
        d.put("s", offset);
        return d;
    }
}
