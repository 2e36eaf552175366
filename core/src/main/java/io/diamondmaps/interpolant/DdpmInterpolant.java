package io.diamondmaps.interpolant;

import io.diamondmaps.util.Checks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A discrete DDPM schedule: a table ᾱ_0 > … > ᾱ_{T−1} (index T − 1 the noisiest), as diffusers' {@code DDPMScheduler}
 * makes it from {@code beta_schedule}, {@code beta_start}, {@code beta_end} and {@code num_train_timesteps}, or given
 * as a list (spec §1.5). As a path in t ∈ [0, 1] the index is k = (1 − t)(T − 1), and between integer steps the
 * log-SNR λ = ln(α/σ) is interpolated linearly in k (as k-diffusion's {@code DiscreteSchedule} interpolates log σ);
 * α² = sigmoid(2λ), σ² = sigmoid(−2λ). The table covers only the SNRs between its ends: t = 0 is its noisiest step,
 * not pure noise, and t = 1 its cleanest, not data; g⁻¹ clamps to [0, 1].
 */
public final class DdpmInterpolant extends ScalarFormulaInterpolant {
    /** diffusers' {@code beta_schedule} names. */
    public static final List<String> BETA_SCHEDULES = List.of("linear", "scaled_linear", "squaredcos_cap_v2");
    public static final String DEFAULT_BETA_SCHEDULE = "linear";
    public static final double DEFAULT_BETA_START = 1e-4;
    public static final double DEFAULT_BETA_END = 0.02;
    public static final int DEFAULT_TIMESTEPS = 1000;

    /** How the table was made: {@code beta_schedule} etc., or {@code alphas_cumprod} itself. */
    private final Map<String, Object> description;
    /** λ_k = ln √(ᾱ_k/(1 − ᾱ_k)), decreasing in k. */
    private final double[] logSnr;

    private DdpmInterpolant(Map<String, Object> description, double[] alphasCumprod) {
        this.description = description;
        if (alphasCumprod.length < 2) {
            throw new IllegalArgumentException("a DDPM table needs at least 2 steps, got " + alphasCumprod.length);
        }
        this.logSnr = new double[alphasCumprod.length];
        for (int k = 0; k < alphasCumprod.length; k++) {
            double a = alphasCumprod[k];
            if (!(a > 0 && a < 1)) {
                throw new IllegalArgumentException("alphas_cumprod must lie in (0, 1), got " + a + " at step " + k);
            }
            if (k > 0 && !(a < alphasCumprod[k - 1])) {
                throw new IllegalArgumentException("alphas_cumprod must decrease (step 0 the cleanest), got "
                        + alphasCumprod[k - 1] + " then " + a + " at step " + k);
            }
            logSnr[k] = 0.5 * Math.log(a / (1 - a));
        }
    }

    /** The table of ᾱ given as a list. */
    public static DdpmInterpolant ofAlphasCumprod(double[] alphasCumprod) {
        Checks.finite("alphas_cumprod", alphasCumprod);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("type", "ddpm");
        List<Double> list = new ArrayList<>();
        for (double a : alphasCumprod) {
            list.add(a);
        }
        d.put("alphas_cumprod", list);
        return new DdpmInterpolant(d, alphasCumprod.clone());
    }

    /** The table diffusers makes from these betas: ᾱ_k = Π_{j ≤ k}(1 − β_j). */
    public static DdpmInterpolant ofBetas(String betaSchedule, double betaStart, double betaEnd, int timesteps) {
        if (!BETA_SCHEDULES.contains(betaSchedule)) {
            throw new IllegalArgumentException("unknown beta_schedule '" + betaSchedule + "' (expected "
                    + String.join(", ", BETA_SCHEDULES) + ")");
        }
        Checks.positive("beta_start", betaStart);
        Checks.positive("beta_end", betaEnd);
        if (!(betaEnd >= betaStart && betaEnd < 1)) {
            throw new IllegalArgumentException("beta_end must lie in [beta_start, 1), got beta_start=" + betaStart
                    + " and beta_end=" + betaEnd);
        }
        Checks.positive("timesteps", timesteps);
        if (timesteps < 2) {
            throw new IllegalArgumentException("timesteps must be at least 2, got " + timesteps);
        }
        double[] betas = betas(betaSchedule, betaStart, betaEnd, timesteps);
        double[] alphasCumprod = new double[timesteps];
        double product = 1;
        for (int k = 0; k < timesteps; k++) {
            product *= 1 - betas[k];
            alphasCumprod[k] = product;
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("type", "ddpm");
        d.put("beta_schedule", betaSchedule);
        if (!betaSchedule.equals("squaredcos_cap_v2")) {
            d.put("beta_start", betaStart);
            d.put("beta_end", betaEnd);
        }
        d.put("timesteps", timesteps);
        return new DdpmInterpolant(d, alphasCumprod);
    }

    /** diffusers' {@code DDPMScheduler} betas (spec §1.5). */
    private static double[] betas(String schedule, double start, double end, int n) {
        double[] b = new double[n];
        for (int k = 0; k < n; k++) {
            double f = (double) k / (n - 1);
            switch (schedule) {
                case "linear":
                    b[k] = start + f * (end - start);
                    break;
                case "scaled_linear": {
                    double r = Math.sqrt(start) + f * (Math.sqrt(end) - Math.sqrt(start));
                    b[k] = r * r;
                    break;
                }
                default: {
                    // betas_for_alpha_bar with the cosine ᾱ of (1.14), s = 0.008, each β capped at 0.999.
                    b[k] = Math.min(1 - cosineAlphaBar((k + 1.0) / n) / cosineAlphaBar((double) k / n), 0.999);
                }
            }
        }
        return b;
    }

    private static double cosineAlphaBar(double tau) {
        double c = Math.cos((tau + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }

    /** ᾱ_k at an integer step. */
    public double alphaCumprod(int k) {
        return sigmoid(2 * logSnr[k]);
    }

    /** The fractional timestep index k = (1 − t)(T − 1) of time t (t = 0 the noisiest step). */
    public double index(double t) {
        return (1 - t) * (logSnr.length - 1);
    }

    /** The time of a fractional index k. */
    public double timeOfIndex(double k) {
        return 1 - k / (logSnr.length - 1);
    }

    @Override
    public String name() {
        return "ddpm";
    }

    /** λ(t), linear in k between the table's steps. */
    private double lambda(double t) {
        double k = Math.min(Math.max(index(t), 0), logSnr.length - 1);
        int i = Math.min((int) Math.floor(k), logSnr.length - 2);
        double f = k - i;
        return (1 - f) * logSnr[i] + f * logSnr[i + 1];
    }

    /** dλ/dt on the piece of t (right-continuous in k). */
    private double lambdaDot(double t) {
        double k = Math.min(Math.max(index(t), 0), logSnr.length - 1);
        int i = Math.min((int) Math.floor(k), logSnr.length - 2);
        return -(logSnr.length - 1) * (logSnr[i + 1] - logSnr[i]);
    }

    private static double sigmoid(double v) {
        return v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
    }

    @Override
    public double alpha(double t) {
        return Math.sqrt(sigmoid(2 * lambda(t)));
    }

    @Override
    public double sigma(double t) {
        return Math.sqrt(sigmoid(-2 * lambda(t)));
    }

    @Override
    public double alphaDot(double t) {
        // dα/dλ = ασ², dσ/dλ = −σα² on a VP path.
        double s = sigma(t);
        return alpha(t) * s * s * lambdaDot(t);
    }

    @Override
    public double sigmaDot(double t) {
        double a = alpha(t);
        return -sigma(t) * a * a * lambdaDot(t);
    }

    @Override
    public double g(double t) {
        Checks.time("t", t);
        return Math.exp(-2 * lambda(t));
    }

    @Override
    public double gInverse(double y) {
        if (y <= 0) {
            return 1;
        }
        double l = -0.5 * Math.log(y);
        int last = logSnr.length - 1;
        if (l >= logSnr[0]) {
            return 1;
        }
        if (l <= logSnr[last]) {
            return 0;
        }
        // The step i with λ_i ≥ l > λ_{i+1} (λ decreases in k).
        int lo = 0;
        int hi = last;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (logSnr[mid] >= l) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double k = lo + (logSnr[lo] - l) / (logSnr[lo] - logSnr[hi]);
        return timeOfIndex(k);
    }

    @Override
    public Map<String, Object> describe() {
        return description;
    }
}
