package io.diamondmaps.align;

import io.diamondmaps.reward.RewardTilt;

import java.util.Locale;

/**
 * Whether a run's samples can be trusted, judged from the run's own work, with one line that says why not and what to
 * try. Thresholds chosen on the tuning half of {@code bench defaults} (bench/results/defaults.md), judged on the
 * held-out half.
 * <ul>
 *   <li>SMC and SIR (each output's candidates a group): the spread (standard deviation) of the particle groups' estimates of log Z = log E[exp(r/λ)]. Each group
 *       estimates the same number; when the twists fail to carry the particles to where the target's mass is, a few
 *       groups find it and the rest do not, and the estimates scatter by nats. Untrusted above
 *       {@value #MAX_LOG_NORMALISER_SPREAD} with at least {@value #MIN_GROUPS_FOR_SPREAD} groups. And the ESS of the
 *       final weights exp(r/λ − φ), which correct the last twist to the reward: when they degenerate the twists did not
 *       know where the reward is. Untrusted below {@value #MIN_FINAL_ESS} of the particles.</li>
 *   <li>Guidance: its samples' rewards against the target's, whose law is the importance-weighted law of a few
 *       unguided draws of the base chain (weights e^{r/λ}, {@link Guidance.Check}): untrusted when the mean rewards
 *       differ by more than {@value #MAX_REWARD_Z} combined standard errors, when the Kolmogorov-Smirnov distance of
 *       the two reward distributions exceeds {@value #MAX_REWARD_KS} times its null spread √(1/n + 1/ESS) (a
 *       chance of about 7e-4 under the null), or when the draws cannot say (their importance ESS below
 *       {@value #MIN_CHECK_ESS}: the target sits where the model's own samples hardly go). On the tuning half of
 *       the suite at 64 draws and 4 standard errors it missed most failures and flagged passing runs, so the draws are
 *       256 and the bounds are set where a correct run almost never crosses them.</li>
 * </ul>
 *
 * @param untrusted whether the samples cannot be trusted
 * @param measured what was measured, e.g. "log-normaliser spread 0.21 over 63 groups"
 * @param warning the warning line when untrusted (with a suggestion), else ""
 */
public record Reliability(boolean untrusted, String measured, String warning) {
    public static final double MAX_LOG_NORMALISER_SPREAD = 1.0;
    /** Groups below which the spread of their estimates says too little to act on. */
    public static final int MIN_GROUPS_FOR_SPREAD = 8;
    /** The final weights' ESS fraction (exp(r/λ − φ) after the last twist) below which SMC is untrusted. */
    public static final double MIN_FINAL_ESS = 0.25;
    public static final double MAX_REWARD_Z = 5.0;
    /** The scaled Kolmogorov-Smirnov distance of the reward distributions above which guidance is untrusted. */
    public static final double MAX_REWARD_KS = 2.0;
    public static final double MIN_CHECK_ESS = 5.0;

    /** The assessment of a (possibly chunked) run. */
    public static Reliability assess(AlignmentSummary run, RewardTilt tilt) {
        double[] logZ = run.groupLogNormalisers();
        if (logZ.length > 0) {
            double spread = logZ.length > 1 ? std(logZ) : 0;
            java.util.List<StepDiagnostics> steps = run.steps();
            StepDiagnostics last = steps.get(steps.size() - 1);
            String measured = String.format(Locale.ROOT, "log-normaliser spread %.3g over %d groups, final ESS %.3f, "
                    + "final unique ancestors %.1f", spread, logZ.length, last.essFraction(), last.uniqueAncestors());
            if (logZ.length >= MIN_GROUPS_FOR_SPREAD && spread > MAX_LOG_NORMALISER_SPREAD) {
                return new Reliability(true, measured, String.format(Locale.ROOT, "the %d particle groups' estimates "
                        + "of log E[exp(r/λ)] spread by %.2f nats (trusted up to %.1f): the twists did not carry the "
                        + "particles to the target, so the samples cannot be trusted; try more --particles, more "
                        + "--mc-samples or --steps", logZ.length, spread, MAX_LOG_NORMALISER_SPREAD));
            }
            if (last.essFraction() < MIN_FINAL_ESS) {
                return new Reliability(true, measured, String.format(Locale.ROOT, "the final weights exp(r/λ − V̂) "
                        + "keep an ESS of %.0f %% of the particles (trusted from %.0f %%): the value estimates missed "
                        + "where the reward is, so the samples cannot be trusted; try more --particles, more "
                        + "--mc-samples or --steps", 100 * last.essFraction(), 100 * MIN_FINAL_ESS));
            }
            return new Reliability(false, measured, "");
        }
        double[] check = run.checkRewards();
        if (check.length > 0) {
            double lambda = tilt.temperature();
            double max = Double.NEGATIVE_INFINITY;
            for (double r : check) {
                max = Math.max(max, r / lambda);
            }
            double sw = 0;
            double sw2 = 0;
            double swr = 0;
            for (double r : check) {
                double w = Math.exp(r / lambda - max);
                sw += w;
                sw2 += w * w;
                swr += w * r;
            }
            double mean = swr / sw;
            double var = 0;
            for (double r : check) {
                double w = Math.exp(r / lambda - max) / sw;
                var += w * w * (r - mean) * (r - mean);
            }
            double ess = sw * sw / sw2;
            double guided = run.meanReward();
            double z = (guided - mean) / Math.sqrt(var + Math.pow(run.meanRewardError(), 2) + 1e-300);
            double[] kept = run.keptRewards();
            double ks = kolmogorovSmirnov(kept, check, lambda, max) / Math.sqrt(1.0 / kept.length + 1 / ess);
            String measured = String.format(Locale.ROOT, "mean reward %.4g, target's %.4g from %d unguided draws "
                    + "(ESS %.1f), z = %.2f, ks = %.2f", guided, mean, check.length, ess, z, ks);
            if (ess < MIN_CHECK_ESS) {
                return new Reliability(true, measured, String.format(Locale.ROOT, "%d unguided draws of the model "
                        + "barely reach the target (importance ESS %.1f), so guidance cannot be checked and its samples "
                        + "cannot be trusted; the target sits where the model's own samples hardly go: try --method "
                        + "smc with more --particles", check.length, ess));
            }
            if (ks > MAX_REWARD_KS) {
                return new Reliability(true, measured, String.format(Locale.ROOT, "the guided samples' rewards are "
                        + "distributed unlike the target's (Kolmogorov-Smirnov distance %.2f times its null spread, "
                        + "estimated from %d unguided draws), so the samples cannot be trusted; try --method smc, more "
                        + "--mc-samples, or more --steps", ks, check.length));
            }
            if (Math.abs(z) > MAX_REWARD_Z) {
                return new Reliability(true, measured, String.format(Locale.ROOT, "the guided samples' mean reward "
                        + "%.4g is %.1f standard errors from the target's (%.4g, estimated from %d unguided draws), so "
                        + "the samples cannot be trusted; try --method smc, more --mc-samples, or more --steps",
                        guided, Math.abs(z), mean, check.length));
            }
            return new Reliability(false, measured, "");
        }
        return new Reliability(false, "no check for this method", "");
    }

    /** {@link #assess(AlignmentSummary, RewardTilt)} of one unchunked result. */
    public static Reliability assess(AlignmentResult result, RewardTilt tilt) {
        AlignmentSummary s = AlignmentSummary.of(result);
        try (ai.djl.ndarray.NDArray rewards = tilt.reward().value(result.samples())) {
            s.addRewards(rewards);
        }
        return assess(s, tilt);
    }

    /**
     * sup_r |F_guided(r) − F_target(r)|: the guided rewards' empirical distribution against the importance-weighted
     * one of the check draws (weights e^{r/λ − max}).
     */
    static double kolmogorovSmirnov(double[] guided, double[] check, double lambda, double max) {
        double[] g = guided.clone();
        java.util.Arrays.sort(g);
        Integer[] order = new Integer[check.length];
        double total = 0;
        double[] w = new double[check.length];
        for (int i = 0; i < check.length; i++) {
            order[i] = i;
            w[i] = Math.exp(check[i] / lambda - max);
            total += w[i];
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(check[a], check[b]));
        double worst = 0;
        double cum = 0;
        for (Integer i : order) {
            cum += w[i] / total;
            double r = check[i];
            int below = countBelow(g, r, true);
            worst = Math.max(worst, Math.abs((double) below / g.length - cum));
            // Just below this draw the weighted CDF has not yet taken its step.
            int strictlyBelow = countBelow(g, r, false);
            worst = Math.max(worst, Math.abs((double) strictlyBelow / g.length - (cum - w[i] / total)));
        }
        return worst;
    }

    /** How many of the sorted values are below v ({@code inclusive}: at most v). */
    private static int countBelow(double[] sorted, double v, boolean inclusive) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v || (inclusive && sorted[mid] == v)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static double std(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x / v.length;
        }
        double var = 0;
        for (double x : v) {
            var += (x - mean) * (x - mean) / (v.length - 1);
        }
        return Math.sqrt(var);
    }
}
