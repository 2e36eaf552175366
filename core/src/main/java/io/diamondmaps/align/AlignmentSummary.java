package io.diamondmaps.align;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.model.EvaluationCounter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What an alignment run drawn in chunks did, folded chunk by chunk so that no sample need be kept: the work (the
 * counter the aligner counts into), the time, the per-step diagnostics averaged over chunks (weighted by their
 * samples), every SMC group's log-normaliser and the mean reward.
 */
public final class AlignmentSummary {
    private final EvaluationCounter counter;
    private final List<StepDiagnostics> steps = new ArrayList<>();
    private double[] logNormalisers = new double[0];
    private long samples;
    private double seconds;
    private double[] checkRewards = new double[0];
    private double rewardSum;
    private double rewardSquares;
    /** The first {@value #KEPT_REWARDS} rewards, for the distribution check of {@link Reliability}. */
    private double[] keptRewards = new double[0];
    static final int KEPT_REWARDS = 4096;
    private long rewarded;

    /** @param counter the counter the aligner was built with: it holds the work of every chunk */
    public AlignmentSummary(EvaluationCounter counter) {
        this.counter = counter;
    }

    /** The summary of one unchunked result. */
    public static AlignmentSummary of(AlignmentResult result) {
        AlignmentSummary s = new AlignmentSummary(result.counter());
        s.add(result);
        return s;
    }

    /** Folds in one chunk's result (its samples are not kept). */
    public void add(AlignmentResult chunk) {
        long n = chunk.samples().getShape().get(0);
        double w = (double) n / (samples + n);
        List<StepDiagnostics> next = chunk.steps();
        for (int i = 0; i < next.size(); i++) {
            StepDiagnostics d = next.get(i);
            if (i == steps.size()) {
                steps.add(d);
                continue;
            }
            StepDiagnostics a = steps.get(i);
            steps.set(i, new StepDiagnostics(a.t(), mix(a.essFraction(), d.essFraction(), w),
                    mix(a.uniqueAncestors(), d.uniqueAncestors(), w), a.resampled() || d.resampled(),
                    mix(a.logNormaliser(), d.logNormaliser(), w), mix(a.meanValue(), d.meanValue(), w)));
        }
        double[] more = chunk.groupLogNormalisers();
        int had = logNormalisers.length;
        logNormalisers = Arrays.copyOf(logNormalisers, had + more.length);
        System.arraycopy(more, 0, logNormalisers, had, more.length);
        double[] check = chunk.checkRewards();
        int checked = checkRewards.length;
        checkRewards = Arrays.copyOf(checkRewards, checked + check.length);
        System.arraycopy(check, 0, checkRewards, checked, check.length);
        samples += n;
        seconds += chunk.seconds();
    }

    /** Folds in the rewards r(x) (N,) of a chunk's samples. */
    public void addRewards(NDArray rewards) {
        double[] values = rewards.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray();
        for (double r : values) {
            rewardSum += r;
            rewardSquares += r * r;
        }
        int keep = Math.min(values.length, KEPT_REWARDS - keptRewards.length);
        if (keep > 0) {
            int had = keptRewards.length;
            keptRewards = Arrays.copyOf(keptRewards, had + keep);
            System.arraycopy(values, 0, keptRewards, had, keep);
        }
        rewarded += rewards.getShape().get(0);
    }

    private static double mix(double sofar, double chunk, double w) {
        return (1 - w) * sofar + w * chunk;
    }

    public EvaluationCounter counter() {
        return counter;
    }

    public long samples() {
        return samples;
    }

    public double seconds() {
        return seconds;
    }

    public List<StepDiagnostics> steps() {
        return List.copyOf(steps);
    }

    public double[] groupLogNormalisers() {
        return logNormalisers.clone();
    }

    public double meanReward() {
        return rewardSum / rewarded;
    }

    /** The standard error of {@link #meanReward()}. */
    public double meanRewardError() {
        double mean = meanReward();
        double var = Math.max(rewardSquares / rewarded - mean * mean, 0) * rewarded / Math.max(rewarded - 1, 1);
        return Math.sqrt(var / rewarded);
    }

    /** The first rewards folded in (at most {@value #KEPT_REWARDS}). */
    public double[] keptRewards() {
        return keptRewards.clone();
    }

    /** The rewards of every chunk's unguided check draws (guidance; empty otherwise). */
    public double[] checkRewards() {
        return checkRewards.clone();
    }

    /** Model evaluations per output sample. */
    public double nfePerSample() {
        return counter.nfePerSample(samples);
    }
}
