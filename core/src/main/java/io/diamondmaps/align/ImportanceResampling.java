package io.diamondmaps.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.reward.RewardTilt;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Rng;

import java.util.List;

/**
 * Best-of-N as a sampler and as a search (spec §9): for each output, P base samples are drawn; sampling-importance-
 * resampling keeps one with probability ∝ exp(r/λ) (consistent for p^r as P → ∞), best-of-N keeps the argmax of r.
 */
public final class ImportanceResampling implements Aligner {
    private final Generator generator;
    private final RewardTilt tilt;
    private final EvaluationCounter counter;
    private final int candidates;
    private final boolean argmax;

    private ImportanceResampling(Generator generator, RewardTilt tilt, EvaluationCounter counter, int candidates,
            boolean argmax) {
        this.generator = generator;
        this.tilt = tilt;
        this.counter = counter;
        this.candidates = Checks.positive("particles", candidates);
        this.argmax = argmax;
    }

    /** Sampling-importance-resampling: keep one of P candidates with probability ∝ exp(r/λ). */
    public static ImportanceResampling sir(Generator generator, RewardTilt tilt, EvaluationCounter counter,
            int candidates) {
        return new ImportanceResampling(generator, tilt, counter, candidates, false);
    }

    /** Best-of-N: keep the candidate of highest reward. */
    public static ImportanceResampling bestOfN(Generator generator, RewardTilt tilt, EvaluationCounter counter,
            int candidates) {
        return new ImportanceResampling(generator, tilt, counter, candidates, true);
    }

    @Override
    public AlignmentResult align(NDManager manager, Shape sampleShape, long n, Rng rng) {
        long start = System.nanoTime();
        int p = candidates;
        NDArray pool = generator.generate(manager, sampleShape, n * p, rng);
        double[] r = Smc.hostValues(tilt.logTilt(pool));
        Groups.requireFinite(r, "the reward");
        int[] keep = new int[Math.toIntExact(n)];
        // Each output's candidates estimate log Z = log E[exp(r/λ)] as the log of their mean weight (SIR's own
        // estimate, which Reliability checks like SMC's groups); best-of-N picks, it does not sample.
        double[] logZ = new double[argmax ? 0 : Math.toIntExact(n)];
        double essSum = 0;
        for (int g = 0; g < n; g++) {
            int from = g * p;
            double[] w = Groups.normalised(r, from, from + p);
            essSum += Groups.ess(w) / p;
            keep[g] = from + (argmax ? argmaxOf(w) : Groups.categorical(w, rng));
            if (!argmax) {
                logZ[g] = Groups.logSumExp(r, from, from + p) - Math.log(p);
            }
        }
        NDArray out = Smc.gather(pool, keep);
        StepDiagnostics d = new StepDiagnostics(1, essSum / n, 1, true, Double.NaN, Double.NaN);
        return new AlignmentResult(out, counter, List.of(d), (System.nanoTime() - start) / 1e9, logZ);
    }

    private static int argmaxOf(double[] w) {
        int best = 0;
        for (int i = 1; i < w.length; i++) {
            if (w[i] > w[best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public String describe() {
        return (argmax ? "best-of-N" : "sampling-importance-resampling") + " (" + candidates + " candidates)";
    }
}
