package io.diamondmaps.align;

import io.diamondmaps.model.CountingFlowMap;
import io.diamondmaps.model.CountingVelocityField;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.model.FlowMap;
import io.diamondmaps.model.GaussianTransition;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.PosteriorSampler;
import io.diamondmaps.model.StochasticTransition;
import io.diamondmaps.model.VelocityField;
import io.diamondmaps.model.neural.DiamondNetwork;
import io.diamondmaps.reward.CountingReward;
import io.diamondmaps.reward.RewardTilt;
import io.diamondmaps.sample.DdpmTransition;
import io.diamondmaps.sample.DiamondSampler;
import io.diamondmaps.sample.EarlyStopTransition;
import io.diamondmaps.sample.FlowMapTransition;
import io.diamondmaps.sample.GlassFlow;
import io.diamondmaps.sample.OdeFlowMap;
import io.diamondmaps.sample.OdeSolver;
import io.diamondmaps.util.Checks;

import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Everything that chooses an aligner: method, value estimator, posterior sampler, base transition and their knobs,
 * with the defaults a user would want. {@link #build} wires them to a model, counting every model and reward call.
 */
public final class AlignmentSetup {
    /** The alignment method. */
    public enum Method { SMC, GUIDANCE, SIR, BEST_OF_N, BEAM }

    /** The value estimator V̂. */
    public enum Value { EXACT, POSTERIOR_MC, PLUGIN, WEIGHTED }

    /** The posterior sampler of {@link Value#POSTERIOR_MC}. */
    public enum Posterior { EXACT, GLASS, DIAMOND }

    /** The base transition between outer steps (and the generator of SIR / best-of-N). */
    public enum Base { GLASS, DDPM, EARLY_STOP, EXACT, ODE, DIAMOND }

    /** The look-ahead of {@link Value#PLUGIN}. */
    public enum Plugin { TWEEDIE, ODE, FLOW_MAP }

    /** Parses a CLI name like "best-of-n" into an enum constant. */
    public static <E extends Enum<E>> E parse(Class<E> type, String option, String name) {
        try {
            return Enum.valueOf(type, name.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            StringBuilder names = new StringBuilder();
            for (E c : type.getEnumConstants()) {
                names.append(names.length() == 0 ? "" : ", ").append(cliName(c));
            }
            throw new IllegalArgumentException("unknown " + option + " '" + name + "' (expected " + names + ")");
        }
    }

    public static String cliName(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private final Method method;
    private final Value value;
    private final Posterior posterior;
    private final Base base;
    private final Plugin plugin;
    private final int steps;
    private final int particles;
    private final Schedule mcSamples;
    private final Schedule mcInnerSteps;
    private final int innerSteps;
    private final GlassFlow.InnerSolver innerSolver;
    private final PosteriorMcValue.GradientMode gradient;
    private final Guidance.Scale scaleMode;
    private final Schedule scale;
    private final double essThreshold;
    private final Resampling resampling;
    private final WeightedValue.Weighting weighting;
    private final double snrFactor;
    private final int expansions;
    private final int flowMapSteps;
    private final boolean onePerGroup;
    private final boolean guided;
    private final DiamondNetwork diamond;

    private AlignmentSetup(Builder b) {
        this.method = b.method;
        this.value = b.value;
        this.posterior = b.posterior;
        this.base = b.base;
        this.plugin = b.plugin;
        this.steps = Checks.positive("--steps", b.steps);
        this.particles = Checks.positive("--particles", b.particles);
        this.mcSamples = positiveIntegers("--mc-samples", b.mcSamples.requireSteps("--mc-samples", b.steps));
        this.innerSteps = Checks.positive("--inner-steps", b.innerSteps);
        this.mcInnerSteps = positiveIntegers("--mc-inner-steps", (b.mcInnerSteps == null
                ? Schedule.constant(b.innerSteps) : b.mcInnerSteps).requireSteps("--mc-inner-steps", b.steps));
        this.innerSolver = b.innerSolver;
        this.gradient = b.gradient;
        this.scaleMode = b.scaleMode;
        this.scale = b.scale.requireSteps("--scale", b.steps);
        this.essThreshold = b.essThreshold;
        this.resampling = b.resampling;
        this.weighting = b.weighting;
        this.snrFactor = b.snrFactor;
        this.expansions = Checks.positive("--expansions", b.expansions);
        this.flowMapSteps = Checks.positive("--flow-map-steps", b.flowMapSteps);
        this.onePerGroup = b.onePerGroup;
        this.guided = b.guided;
        this.diamond = b.diamond;
        boolean needsDiamond = base == Base.DIAMOND
                || posterior == Posterior.DIAMOND && value == Value.POSTERIOR_MC && method != Method.SIR
                && method != Method.BEST_OF_N;
        if (needsDiamond && diamond == null) {
            throw new IllegalArgumentException("a diamond posterior or base needs a Posterior Diamond Map (diamond:CKPT)");
        }
        if (guided && (method != Method.SMC || base != Base.DDPM)) {
            throw new IllegalArgumentException("a guided proposal needs --method smc with a Gaussian base (--base ddpm)");
        }
    }

    private static Schedule positiveIntegers(String option, Schedule s) {
        for (double v : s.values()) {
            if (v < 1 || v != Math.rint(v)) {
                throw new IllegalArgumentException(option + " values must be positive integers, got " + v);
            }
        }
        return s;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Method method() {
        return method;
    }

    public Value value() {
        return value;
    }

    public int particles() {
        return particles;
    }

    public int steps() {
        return steps;
    }

    /**
     * The aligner for a model: its velocity field, optionally a flow map and optionally the exact mixture (needed by
     * the exact value, posterior and base). Without a flow map, the field's accurate ODE flow map
     * ({@code flowMapSteps} Heun steps per unit time) stands in for a distilled one and, like one, is counted as one
     * model evaluation per jump.
     */
    public Aligner build(VelocityField model, FlowMap flowMap, GaussianMixture exact, RewardTilt tilt,
            EvaluationCounter counter) {
        VelocityField field = new CountingVelocityField(model, counter);
        RewardTilt counted = new RewardTilt(new CountingReward(tilt.reward(), counter), tilt.temperature());
        FlowMap map = new CountingFlowMap(flowMap != null ? flowMap : new OdeFlowMap(model, flowMapSteps,
                OdeSolver.HEUN), counter);
        StochasticTransition transition = transition(field, map, exact, counter);
        switch (method) {
            case SIR:
                return ImportanceResampling.sir(Generator.chain(transition, steps), counted, counter, particles);
            case BEST_OF_N:
                return ImportanceResampling.bestOfN(Generator.chain(transition, steps), counted, counter, particles);
            default:
                break;
        }
        IntFunction<ValueEstimator> estimator;
        if (value == Value.EXACT) {
            ExactValue fixed = new ExactValue(requireExact(exact, "--value exact"), tilt, counter);
            estimator = step -> fixed;
        } else {
            estimator = step -> estimator(field, map, exact, counted, counter, (int) mcSamples.at(step),
                    (int) mcInnerSteps.at(step));
        }
        switch (method) {
            case SMC:
                Smc.Config config = new Smc.Config(steps, particles, essThreshold, resampling, onePerGroup);
                Smc.GuidedProposal guide = guided ? new Smc.GuidedProposal((GaussianTransition) transition,
                        field.interpolant(), scale.at(0)) : null;
                return new Smc(transition, estimator, counted, counter, config, guide);
            case GUIDANCE:
                return new Guidance(transition, estimator, field.interpolant(), counter, steps, scaleMode, scale);
            default:
                return new BeamSearch(transition, estimator.apply(0), counted, counter, steps, particles, expansions);
        }
    }

    private StochasticTransition transition(VelocityField field, FlowMap map, GaussianMixture exact,
            EvaluationCounter counter) {
        switch (base) {
            case GLASS:
                return new GlassFlow(field, innerSteps, innerSolver);
            case DDPM:
                return new DdpmTransition(field);
            case EARLY_STOP:
                return new EarlyStopTransition(field.interpolant(), new GlassFlow(field, innerSteps, innerSolver));
            case EXACT:
                return requireExact(exact, "--base exact");
            case DIAMOND:
                return diamondSampler(innerSteps, counter);
            default:
                return new FlowMapTransition(map);
        }
    }

    /** The sampling-based estimators; the exact one reads the reward's closed form and is built in {@link #build}. */
    private ValueEstimator estimator(VelocityField field, FlowMap map, GaussianMixture exact, RewardTilt tilt,
            EvaluationCounter counter, int samples, int inner) {
        switch (value) {
            case POSTERIOR_MC: {
                PosteriorSampler sampler = posterior == Posterior.EXACT ? requireExact(exact, "--posterior exact")
                        : posterior == Posterior.DIAMOND ? diamondSampler(inner, counter)
                        : new GlassFlow(field, inner, innerSolver);
                // The exact sampler picks a mixture component discretely: no pathwise derivative exists.
                PosteriorMcValue.GradientMode mode = posterior == Posterior.EXACT
                        ? PosteriorMcValue.GradientMode.SCORE : gradient;
                return new PosteriorMcValue(sampler, field.interpolant(), tilt, samples, mode, counter);
            }
            case PLUGIN: {
                PluginValue.Lookahead look = plugin == Plugin.TWEEDIE ? PluginValue.tweedie(field)
                        : plugin == Plugin.ODE ? PluginValue.ode(field, inner) : PluginValue.flowMap(map);
                return new PluginValue(look, tilt, counter, cliName(plugin));
            }
            default:
                return new WeightedValue(map, field, tilt, samples, snrFactor, weighting, 1.0, counter);
        }
    }

    /** Diamond jumps (one network evaluation each, counted like a velocity evaluation) instead of a GLASS flow. */
    private DiamondSampler diamondSampler(int jumps, EvaluationCounter counter) {
        return new DiamondSampler(diamond, jumps, counter);
    }

    private static GaussianMixture requireExact(GaussianMixture exact, String option) {
        if (exact == null) {
            throw new IllegalArgumentException(option + " needs an exact model (--model gmm:SPEC.json)");
        }
        return exact;
    }

    /** A one-line description of the configuration for reports and tables. */
    public String describe() {
        String v = method == Method.SIR || method == Method.BEST_OF_N ? "" : " value=" + cliName(value)
                + (value == Value.POSTERIOR_MC ? "(" + cliName(posterior) + ", M=" + (int) mcSamples.at(0) + ")" : "")
                + (value == Value.WEIGHTED ? "(K=" + (int) mcSamples.at(0) + ")" : "")
                + (value == Value.PLUGIN ? "(" + cliName(plugin) + ")" : "");
        // Guidance moves each sample on its own: it has no particles to report.
        return cliName(method) + v + " base=" + cliName(base) + " steps=" + steps
                + (method == Method.GUIDANCE ? "" : " particles=" + particles);
    }

    /** Builder with the defaults of the CLI. */
    public static final class Builder {
        private Method method = Method.SMC;
        private Value value = Value.POSTERIOR_MC;
        private Posterior posterior = Posterior.GLASS;
        private Base base = Base.GLASS;
        private Plugin plugin = Plugin.TWEEDIE;
        private int steps = 10;
        private int particles = 16;
        private Schedule mcSamples = Schedule.constant(4);
        private Schedule mcInnerSteps;
        private int innerSteps = 4;
        private GlassFlow.InnerSolver innerSolver = GlassFlow.InnerSolver.DEFAULT;
        private PosteriorMcValue.GradientMode gradient = PosteriorMcValue.GradientMode.PATHWISE;
        private Guidance.Scale scaleMode = Guidance.Scale.KAPPA;
        private Schedule scale = Schedule.constant(1);
        private double essThreshold = 0.5;
        private Resampling resampling = Resampling.SYSTEMATIC;
        private WeightedValue.Weighting weighting = WeightedValue.Weighting.EXACT;
        private double snrFactor = 1.5;
        private int expansions = 4;
        private int flowMapSteps = 64;
        private boolean onePerGroup;
        private boolean guided;
        private DiamondNetwork diamond;

        /** The Posterior Diamond Map behind {@link Posterior#DIAMOND} and {@link Base#DIAMOND}. */
        public Builder diamond(DiamondNetwork v) {
            diamond = v;
            return this;
        }

        /** SMC: propose from the Gaussian base shifted by the guidance step, with exact weight correction. */
        public Builder guidedProposal(boolean v) {
            guided = v;
            return this;
        }

        /** SMC: one independent output per group of P particles instead of all particles. */
        public Builder onePerGroup(boolean v) {
            onePerGroup = v;
            return this;
        }

        public Builder method(Method v) {
            method = v;
            return this;
        }

        public Builder value(Value v) {
            value = v;
            return this;
        }

        public Builder posterior(Posterior v) {
            posterior = v;
            return this;
        }

        public Builder base(Base v) {
            base = v;
            return this;
        }

        public Builder plugin(Plugin v) {
            plugin = v;
            return this;
        }

        public Builder steps(int v) {
            steps = v;
            return this;
        }

        public Builder particles(int v) {
            particles = v;
            return this;
        }

        public Builder mcSamples(int v) {
            mcSamples = Schedule.constant(v);
            return this;
        }

        /** Posterior samples (posterior-mc) or particles (weighted) per step: one value or one per step. */
        public Builder mcSamples(Schedule v) {
            mcSamples = v;
            return this;
        }

        /** Inner steps of the value's GLASS posterior per step (default: the base's inner steps). */
        public Builder mcInnerSteps(Schedule v) {
            mcInnerSteps = v;
            return this;
        }

        public Builder innerSteps(int v) {
            innerSteps = v;
            return this;
        }

        public Builder innerSolver(GlassFlow.InnerSolver v) {
            innerSolver = v;
            return this;
        }

        public Builder gradient(PosteriorMcValue.GradientMode v) {
            gradient = v;
            return this;
        }

        public Builder scale(Guidance.Scale mode, Schedule values) {
            scaleMode = mode;
            scale = values;
            return this;
        }

        public Builder essThreshold(double v) {
            essThreshold = v;
            return this;
        }

        public Builder resampling(Resampling v) {
            resampling = v;
            return this;
        }

        public Builder weighting(WeightedValue.Weighting v) {
            weighting = v;
            return this;
        }

        public Builder snrFactor(double v) {
            snrFactor = v;
            return this;
        }

        public Builder expansions(int v) {
            expansions = v;
            return this;
        }

        public Builder flowMapSteps(int v) {
            flowMapSteps = v;
            return this;
        }

        public AlignmentSetup build() {
            return new AlignmentSetup(this);
        }
    }
}
