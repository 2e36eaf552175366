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

    public static final int DEFAULT_STEPS = 5000;
    public static final int DEFAULT_BATCH = 512;
    public static final double DEFAULT_LEARNING_RATE = 2e-3;
    public static final Schedule DEFAULT_SCHEDULE = Schedule.COSINE;
    public static final int DEFAULT_DECAY_STEPS = 1000;
    public static final Optimizer.Kind DEFAULT_OPTIMIZER = Optimizer.Kind.RADAM;
    public static final double DEFAULT_CLIP_NORM = 1.0;
    public static final double DEFAULT_EMA_DECAY = 0.999;
    public static final double DEFAULT_DIAGONAL_FRACTION = 0.75;
    public static final int DEFAULT_CHECKPOINT_EVERY = 500;
    public static final long DEFAULT_SEED = 42;

    public TrainingConfig {
        Checks.positive("steps", steps);
        Checks.positive("batch", batch);
        Checks.positive("learning rate", learningRate);
        Checks.positive("decay steps", decaySteps);
        Checks.positive("checkpoint interval", checkpointEvery);
        if (!(emaDecay >= 0 && emaDecay < 1)) {
            throw new IllegalArgumentException("the EMA decay must be in [0, 1), got " + emaDecay);
        }
        if (!(diagonalFraction > 0 && diagonalFraction <= 1)) {
            throw new IllegalArgumentException("the diagonal fraction must be in (0, 1], got " + diagonalFraction);
        }
        if (objective != Objective.FLOW_MATCHING && batch < 2) {
            throw new IllegalArgumentException("flow-map training needs a batch of at least 2");
        }
    }

    /** A configuration for {@code objective} with every other setting at its default ({@code DEFAULT_…}). */
    public static Builder builder(Objective objective) {
        return new Builder(objective);
    }

    /** A builder that starts from this configuration. */
    public Builder toBuilder() {
        return new Builder(objective).steps(steps).batch(batch).learningRate(learningRate).schedule(schedule)
                .decaySteps(decaySteps).optimizer(optimizer).clipNorm(clipNorm).emaDecay(emaDecay)
                .diagonalFraction(diagonalFraction).checkpointEvery(checkpointEvery).seed(seed)
                .learnedWeight(learnedWeight);
    }

    /** The one place that holds the training defaults. */
    public static final class Builder {
        private final Objective objective;
        private int steps = DEFAULT_STEPS;
        private int batch = DEFAULT_BATCH;
        private double learningRate = DEFAULT_LEARNING_RATE;
        private Schedule schedule = DEFAULT_SCHEDULE;
        private int decaySteps = DEFAULT_DECAY_STEPS;
        private Optimizer.Kind optimizer = DEFAULT_OPTIMIZER;
        private double clipNorm = DEFAULT_CLIP_NORM;
        private double emaDecay = DEFAULT_EMA_DECAY;
        private double diagonalFraction = DEFAULT_DIAGONAL_FRACTION;
        private int checkpointEvery = DEFAULT_CHECKPOINT_EVERY;
        private long seed = DEFAULT_SEED;
        private boolean learnedWeight;

        private Builder(Objective objective) {
            this.objective = objective;
        }

        public Builder steps(int v) {
            steps = v;
            return this;
        }

        public Builder batch(int v) {
            batch = v;
            return this;
        }

        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        public Builder schedule(Schedule v) {
            schedule = v;
            return this;
        }

        /** Steps after which the sqrt schedule starts to decay. */
        public Builder decaySteps(int v) {
            decaySteps = v;
            return this;
        }

        public Builder optimizer(Optimizer.Kind v) {
            optimizer = v;
            return this;
        }

        /** Global gradient-norm clip; 0 for none. */
        public Builder clipNorm(double v) {
            clipNorm = v;
            return this;
        }

        public Builder emaDecay(double v) {
            emaDecay = v;
            return this;
        }

        /** The share of each batch that trains the diagonal (3.9). */
        public Builder diagonalFraction(double v) {
            diagonalFraction = v;
            return this;
        }

        public Builder checkpointEvery(int v) {
            checkpointEvery = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder learnedWeight(boolean v) {
            learnedWeight = v;
            return this;
        }

        public TrainingConfig build() {
            return new TrainingConfig(objective, steps, batch, learningRate, schedule, decaySteps, optimizer, clipNorm,
                    emaDecay, diagonalFraction, checkpointEvery, seed, learnedWeight);
        }
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
