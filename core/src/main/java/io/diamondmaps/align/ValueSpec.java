package io.diamondmaps.align;

import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.model.FlowMap;
import io.diamondmaps.model.load.ModelBundle;
import io.diamondmaps.reward.RewardTilt;
import io.diamondmaps.sample.PosteriorSpec;
import io.diamondmaps.util.EnumNames;

/**
 * A value estimator V̂_t(x) of (6.2) with its settings, validated when made. Settings that may change over the outer
 * steps are {@link Schedule}s; {@link #create} builds the estimator of one step.
 */
public sealed interface ValueSpec {
    /** The names of the estimators. */
    String NAMES = "exact, posterior-mc, plugin, weighted";

    /** What an estimator is built from: the model's parts, counted, and the reward, counted. */
    record Parts(ModelBundle model, io.diamondmaps.model.VelocityField field, FlowMap flowMap, RewardTilt tilt,
            RewardTilt uncountedTilt, EvaluationCounter counter) {
        /** The same parts with the reward at temperature λ/β (annealing: β < 1 flattens the value). */
        Parts annealed(double beta) {
            return new Parts(model, field, flowMap, new RewardTilt(tilt.reward(), tilt.temperature() / beta),
                    new RewardTilt(uncountedTilt.reward(), uncountedTilt.temperature() / beta), counter);
        }
    }

    /** The estimator used at outer step {@code step}. */
    ValueEstimator create(int step, Parts parts);

    /** Fails unless every schedule has one value or one per step. */
    default void requireSteps(int steps) {
    }

    String describe();

    /** The closed-form value of an exact mixture with a linear or quadratic reward. */
    record Exact() implements ValueSpec {
        @Override
        public ValueEstimator create(int step, Parts parts) {
            // The closed form reads the reward's coefficients; it calls no model and no reward.
            return new ExactValue(parts.model().requireExact("the exact value"), parts.uncountedTilt(),
                    parts.counter());
        }

        @Override
        public String describe() {
            return "exact";
        }
    }

    /**
     * Monte Carlo over {@code samples} posterior draws (6.3), the draws by {@code posterior} with {@code innerSteps}
     * inner steps (or jumps) per step when given.
     *
     * @param innerSteps inner steps of the posterior sampler per outer step, or null for the sampler's own
     * @param damped whether each draw stands for a Gaussian kernel of the draws' spread ({@link RewardDamping})
     */
    record PosteriorMc(PosteriorSpec posterior, Schedule samples, Schedule innerSteps,
            GradientMode gradient, boolean damped) implements ValueSpec {
        public PosteriorMc {
            positiveIntegers("MC samples", samples);
            if (innerSteps != null) {
                positiveIntegers("MC inner steps", innerSteps);
            }
        }

        /** Posterior draws per state by default (align's --mc-samples). */
        public static final int DEFAULT_SAMPLES = 4;

        /** Undamped. */
        public PosteriorMc(PosteriorSpec posterior, Schedule samples, Schedule innerSteps, GradientMode gradient) {
            this(posterior, samples, innerSteps, gradient, false);
        }

        /**
         * The default estimator: {@value #DEFAULT_SAMPLES} GLASS posterior draws of
         * {@value io.diamondmaps.sample.GlassFlow#DEFAULT_INNER_STEPS} inner steps, pathwise gradients.
         */
        public static PosteriorMc defaults() {
            return new PosteriorMc(new PosteriorSpec.Glass(io.diamondmaps.sample.GlassFlow.DEFAULT_INNER_STEPS,
                    io.diamondmaps.sample.GlassFlow.DEFAULT_SOLVER), Schedule.constant(DEFAULT_SAMPLES), null,
                    GradientMode.PATHWISE);
        }

        @Override
        public ValueEstimator create(int step, Parts parts) {
            PosteriorSpec at = innerSteps == null ? posterior : posterior.withInnerSteps((int) innerSteps.at(step));
            // The exact sampler picks a mixture component discretely: no pathwise derivative exists.
            GradientMode mode = posterior instanceof PosteriorSpec.Exact
                    ? GradientMode.SCORE : gradient;
            return new PosteriorMcValue(at.create(parts.model(), parts.field(), parts.counter()),
                    parts.field().interpolant(), parts.tilt(), (int) samples.at(step), mode, damped, parts.counter(),
                    PosteriorMcValue.MAX_ROWS);
        }

        @Override
        public void requireSteps(int steps) {
            samples.requireSteps("MC samples", steps);
            if (innerSteps != null) {
                innerSteps.requireSteps("MC inner steps", steps);
            }
        }

        @Override
        public String describe() {
            return "posterior-mc(" + posterior.describe() + ", M=" + (int) samples.at(0) + (damped ? ", damped" : "")
                    + ")";
        }
    }

    /** Which deterministic look-ahead a plug-in value uses. */
    enum Lookahead { TWEEDIE, ODE, FLOW_MAP }

    /**
     * r/λ at a deterministic look-ahead (FMTT-, DPS-like); {@code odeSteps} Euler steps for the ODE look-ahead;
     * {@code damped}: the Gaussian value around the look-ahead with the posterior's spread ({@link PluginValue}).
     */
    record Plugin(Lookahead lookahead, Schedule odeSteps, boolean damped) implements ValueSpec {
        public Plugin {
            positiveIntegers("look-ahead ODE steps", odeSteps);
        }

        /** Undamped. */
        public Plugin(Lookahead lookahead, Schedule odeSteps) {
            this(lookahead, odeSteps, false);
        }

        /** A look-ahead that needs no ODE steps (Tweedie's denoiser or a flow-map jump), undamped. */
        public static Plugin of(Lookahead lookahead) {
            return new Plugin(lookahead, Schedule.constant(1));
        }

        @Override
        public ValueEstimator create(int step, Parts parts) {
            PluginValue.Lookahead look = switch (lookahead) {
                case TWEEDIE -> PluginValue.tweedie(parts.field());
                case ODE -> PluginValue.ode(parts.field(), (int) odeSteps.at(step));
                case FLOW_MAP -> PluginValue.flowMap(parts.flowMap());
            };
            return new PluginValue(look, parts.tilt(), parts.counter(), EnumNames.of(lookahead),
                    damped ? parts.field() : null);
        }

        @Override
        public void requireSteps(int steps) {
            odeSteps.requireSteps("look-ahead ODE steps", steps);
        }

        @Override
        public String describe() {
            return "plugin(" + EnumNames.of(lookahead) + (damped ? ", damped" : "") + ")";
        }
    }

    /**
     * The Weighted Diamond Map estimator (spec §7) with {@code particles} renoised flow-map look-aheads; {@code
     * gradient} applies to the exact weighting (the reward-softmax heuristic keeps its own, (7.8)).
     */
    record Weighted(Schedule particles, double snrFactor, WeightedValue.Weighting weighting, GradientMode gradient)
            implements ValueSpec {
        public Weighted {
            positiveIntegers("weighted particles", particles);
            WeightedValue.requireSnrFactor(snrFactor);
        }

        /** The defaults: exact weights, pathwise gradient (see {@link GradientMode}). */
        public static Weighted of(Schedule particles, double snrFactor) {
            return new Weighted(particles, snrFactor, WeightedValue.Weighting.EXACT, GradientMode.PATHWISE);
        }

        @Override
        public ValueEstimator create(int step, Parts parts) {
            return new WeightedValue(parts.flowMap(), parts.field(), parts.tilt(), (int) particles.at(step), snrFactor,
                    weighting, gradient, 1.0, parts.counter());
        }

        @Override
        public void requireSteps(int steps) {
            particles.requireSteps("weighted particles", steps);
        }

        @Override
        public String describe() {
            return "weighted(K=" + (int) particles.at(0) + ")";
        }
    }

    private static void positiveIntegers(String what, Schedule s) {
        for (double v : s.values()) {
            if (v < 1 || v != Math.rint(v)) {
                throw new IllegalArgumentException(what + " must be positive integers, got " + v);
            }
        }
    }
}
