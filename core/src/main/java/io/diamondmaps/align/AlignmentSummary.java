package io.diamondmaps.align;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.util.Tensors;

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
    private double rewardSum;
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
        samples += n;
        seconds += chunk.seconds();
    }

    /** Folds in the rewards r(x) (N,) of a chunk's samples. */
    public void addRewards(NDArray rewards) {
        rewardSum += Tensors.mean(rewards) * rewards.getShape().get(0);
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

    /** Model evaluations per output sample. */
    public double nfePerSample() {
        return counter.nfePerSample(samples);
    }
}
