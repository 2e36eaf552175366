package io.diamondmaps.sample;

import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.model.VelocityField;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.EnumNames;

/**
 * Times t₀ < t₁ < … < t_K of a fixed-step scheme: the outer grid of generation and alignment, the inner grid of a
 * GLASS flow or of Diamond jumps.
 */
public record TimeGrid(double[] times) {
    public TimeGrid {
        if (times.length < 2) {
            throw new IllegalArgumentException("a time grid needs at least two times, got " + times.length);
        }
        times = times.clone();
        for (int i = 1; i < times.length; i++) {
            if (!(times[i] > times[i - 1])) {
                throw new IllegalArgumentException("grid times must increase, got " + times[i - 1] + " then "
                        + times[i]);
            }
        }
    }

    /** {@code steps} equal steps from {@code from} to {@code to}; the last time is {@code to} exactly. */
    public static TimeGrid uniform(double from, double to, int steps) {
        Checks.positive("steps", steps);
        double[] t = new double[steps + 1];
        for (int i = 0; i < steps; i++) {
            t[i] = from + (to - from) * i / steps;
        }
        t[steps] = to;
        return new TimeGrid(t);
    }

    /** {@code steps} equal steps from noise (t = 0) to data (t = 1) (spec §2.2). */
    public static TimeGrid uniform(int steps) {
        return uniform(0, 1, steps);
    }

    /**
     * How the outer steps of generation and alignment are spaced on the run's axis (spec (1.15)). {@code UNIFORM}:
     * t_i = i/N. {@code LOG_SNR} and {@code KARRAS}: t₀ = 0 and t_N = 1, and between them N − 1 times from the model's
     * noisiest to its cleanest covered level (its range, or ℓ ∈ [{@value #LOG_SNR_END}, 1/{@value #LOG_SNR_END}]
     * for a model of the whole axis), uniform in ln ℓ or on Karras et al.'s ρ = 7 grid in σ = 1/ℓ; the first step
     * takes pure noise to the noisiest level, the last returns the denoised estimate (Euler's last step on the linear
     * interpolant is x + (1 − t)b = D).
     */
    public enum Spacing {
        UNIFORM, LOG_SNR, KARRAS;

        /** Karras et al.'s ρ. */
        public static final double RHO = 7;

        public static Spacing parse(String name) {
            return EnumNames.parse(Spacing.class, "time grid", name);
        }

        /**
         * The default spacing for {@code field}: uniform for every schedule. Measured in {@code bench time-grids}
         * (bench/results/time-grids.md): on the linear run axis the SNR-matched field of a DDPM table, Stable
         * Diffusion's table or EDM is as smooth in t as a linear model's, and the uniform grid had the lowest
         * discretisation error in 79 of 80 runs (Euler and Heun, 4 to 32 steps, two mixtures); log-SNR and Karras
         * grids spend their steps near the ends of the SNR range, where the linear axis needs few. Diffusion code
         * needs Karras' grid because it integrates in σ, where those ends are steep.
         */
        public static Spacing defaultFor(VelocityField field) {
            return UNIFORM;
        }
    }

    /** SNR ℓ = α/σ of the ends of a log-SNR or Karras grid for a model that covers all of [0, 1]. */
    public static final double LOG_SNR_END = 0.005;

    /** {@code steps} steps spaced by {@code spacing} (null: {@link Spacing#defaultFor}) for {@code field}. */
    public static TimeGrid of(Spacing spacing, int steps, VelocityField field) {
        Spacing s = spacing != null ? spacing : Spacing.defaultFor(field);
        return of(s, steps, field.interpolant(), field.coveredTimes());
    }

    /** {@code steps} steps spaced by {@code spacing} on {@code run} for a model covering {@code covered} of it. */
    public static TimeGrid of(Spacing spacing, int steps, Interpolant run, double[] covered) {
        Checks.positive("steps", steps);
        if (spacing == Spacing.UNIFORM || steps == 1) {
            return uniform(steps);
        }
        double lo = covered[0] > 0 ? snr(run, covered[0]) : LOG_SNR_END;
        double hi = covered[1] < 1 ? snr(run, covered[1]) : 1 / LOG_SNR_END;
        double[] t = new double[steps + 1];
        t[steps] = 1;
        int inner = steps - 1;
        for (int i = 0; i < inner; i++) {
            double f = inner == 1 ? 0 : (double) i / (inner - 1);
            double snr;
            if (spacing == Spacing.LOG_SNR) {
                snr = Math.exp(Math.log(lo) + f * (Math.log(hi) - Math.log(lo)));
            } else {
                // (1.15): σ_i = (σ_max^{1/ρ} + f(σ_min^{1/ρ} − σ_max^{1/ρ}))^ρ with σ = 1/ℓ.
                double a = Math.pow(1 / lo, 1 / Spacing.RHO);
                double b = Math.pow(1 / hi, 1 / Spacing.RHO);
                snr = 1 / Math.pow(a + f * (b - a), Spacing.RHO);
            }
            t[i + 1] = run.gInverse(1 / (snr * snr));
        }
        // The noisiest level may be t = 0 itself only for a model whose range starts there; keep the grid increasing.
        for (int i = 1; i < steps; i++) {
            t[i] = Math.min(Math.max(t[i], Math.nextUp(t[i - 1])), Math.nextDown(1.0));
        }
        return new TimeGrid(t);
    }

    private static double snr(Interpolant ip, double t) {
        return ip.alpha(t) / ip.sigma(t);
    }

    public int steps() {
        return times.length - 1;
    }

    /** t_i. */
    public double at(int i) {
        return times[i];
    }
}
