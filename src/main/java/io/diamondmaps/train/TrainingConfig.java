package io.diamondmaps.train;

import io.diamondmaps.util.Checks;

/**
 * What to train and how (spec §3, B.1). Defaults follow the reference configs where they apply to small models:
 * 75 % diagonal samples, global-norm clip 1.0, RAdam, EMA 0.999.
 *
 * @param objective flow matching (diagonal only, (2.1)), flow map with the Lagrangian self-distillation term
 *     (3.6)–(3.9), or flow map with the derivative-free progressive target X(u, t', X(t, u, x))
 * @param schedule learning-rate schedule: constant, sqrt (lr/√max(step/decaySteps, 1)) or cosine (to 0 at the end)
 * @param learnedWeight wrap every per-sample loss as e^{−w(t,t')}ℓ + w(t,t') with a learned log-variance head (3.4)
 */
public record TrainingConfig(Objective objective, int steps, int batch, double learningRate, Schedule schedule,
        int decaySteps, Optimizer.Kind optimizer, double clipNorm, double emaDecay, double diagonalFraction,
        int checkpointEvery, long seed, boolean learnedWeight) {
    /** The training objective. */
    public enum Objective { FLOW_MATCHING, LSD, PROGRESSIVE }

    /** The learning-rate schedule. */
    public enum Schedule { CONSTANT, SQRT, COSINE }

    public TrainingConfig {
        Checks.positive("--steps", steps);
        Checks.positive("--batch", batch);
        Checks.positive("--lr", learningRate);
        Checks.positive("decay steps", decaySteps);
        Checks.positive("--checkpoint-every", checkpointEvery);
        if (!(emaDecay >= 0 && emaDecay < 1)) {
            throw new IllegalArgumentException("--ema must be in [0, 1), got " + emaDecay);
        }
        if (!(diagonalFraction > 0 && diagonalFraction <= 1)) {
            throw new IllegalArgumentException("the diagonal fraction must be in (0, 1], got " + diagonalFraction);
        }
        if (objective != Objective.FLOW_MATCHING && batch < 2) {
            throw new IllegalArgumentException("flow-map training needs --batch of at least 2");
        }
    }

    /** Without the learned loss weight: every per-sample loss counts as is. */
    public TrainingConfig(Objective objective, int steps, int batch, double learningRate, Schedule schedule,
            int decaySteps, Optimizer.Kind optimizer, double clipNorm, double emaDecay, double diagonalFraction,
            int checkpointEvery, long seed) {
        this(objective, steps, batch, learningRate, schedule, decaySteps, optimizer, clipNorm, emaDecay,
                diagonalFraction, checkpointEvery, seed, false);
    }

    /** Learning rate at a 1-based step. */
    public double learningRate(long step) {
        switch (schedule) {
            case SQRT:
                return learningRate / Math.sqrt(Math.max((double) step / decaySteps, 1));
            case COSINE:
                return learningRate * 0.5 * (1 + Math.cos(Math.PI * Math.min(step, steps) / steps));
            default:
                return learningRate;
        }
    }

    /** Samples of the batch that train the diagonal: all for flow matching, else max(1, ⌊fraction·B⌋) (§3.5). */
    public int diagonalCount() {
        return objective == Objective.FLOW_MATCHING ? batch : Math.max(1, (int) Math.floor(diagonalFraction * batch));
    }
}
