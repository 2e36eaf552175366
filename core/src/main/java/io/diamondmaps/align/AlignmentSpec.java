package io.diamondmaps.align;

import io.diamondmaps.model.CountingFlowMap;
import io.diamondmaps.model.CountingVelocityField;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.model.FlowMap;
import io.diamondmaps.model.GaussianTransition;
import io.diamondmaps.model.StochasticTransition;
import io.diamondmaps.model.VelocityField;
import io.diamondmaps.model.load.ModelBundle;
import io.diamondmaps.reward.CountingReward;
import io.diamondmaps.reward.RewardTilt;
import io.diamondmaps.sample.OdeFlowMap;
import io.diamondmaps.sample.OdeSolver;
import io.diamondmaps.sample.TimeGrid;
import io.diamondmaps.sample.TransitionSpec;
import io.diamondmaps.util.Checks;

import java.util.function.IntFunction;

/**
 * Everything that chooses an aligner, typed: the method, its value estimator, the base transition between the
 * {@code steps} outer steps (and the generator of SIR and best-of-N candidates), each validated when made.
 * {@link #build} wires them to a model and counts every model and reward call.
 *
 * @param value the value estimator; null for SIR and best-of-N, which use none
 * @param annealing temperature annealing, or null for none: at outer step i the value estimates V at the temperature
 *     λ/β_i (β_i in (0, 1]), flatter than V early on. SMC stays exact (its last weight is r/λ whatever the twists);
 *     guidance then follows the annealed values, a different (flatter) target
 */
public record AlignmentSpec(MethodSpec method, ValueSpec value, TransitionSpec base, int steps, Schedule annealing,
        TimeGrid.Spacing timeGrid, Pool pool) {
    /**
     * The run's own unguided draws made before its first step ({@link ValuePool}): {@code draws} of them (0: none; a
     * guidance run then still draws {@value ValuePool#CHECK_DRAWS} for its check), answering SMC's and guidance's values
     * where their effective size is at least {@code minEss} (0: they only check). Not used with exact values, with
     * annealing, or by SIR, best-of-N and beam search.
     */
    public record Pool(int draws, double minEss) {
        /** The command line's pool: {@value ValuePool#DEFAULT_DRAWS} draws, ESS {@value ValuePool#DEFAULT_MIN_ESS}. */
        public static final Pool DEFAULT = new Pool(ValuePool.DEFAULT_DRAWS, ValuePool.DEFAULT_MIN_ESS);
        /** No pool (the values are the estimator's own everywhere). */
        public static final Pool NONE = new Pool(0, 0);

        public Pool {
            if (draws < 0) {
                throw new IllegalArgumentException("pool draws must be at least 0, got " + draws);
            }
            ValuePool.requireMinEss(minEss);
        }

        String describe() {
            return draws == 0 ? "" : " pool=" + draws + (minEss > 0 ? "@ess" + minEss : " (check only)");
        }
    }

    /** Steps per unit time of the accurate ODE flow map that stands in where a model has no flow map of its own. */
    public static final int ODE_FLOW_MAP_STEPS = 64;

    public AlignmentSpec {
        Checks.positive("steps", steps);
        if (pool == null) {
            pool = Pool.NONE;
        }
        if (annealing != null) {
            annealing.requireSteps("annealing", steps);
            for (double beta : annealing.values()) {
                if (!(beta > 0 && beta <= 1)) {
                    throw new IllegalArgumentException("annealing factors must lie in (0, 1], got " + beta);
                }
            }
        }
        if (value == null && !(method instanceof MethodSpec.Sir || method instanceof MethodSpec.BestOfN)) {
            throw new IllegalArgumentException(method.describe() + " needs a value estimator");
        }
        if (value != null) {
            value.requireSteps(steps);
        }
        if (method instanceof MethodSpec.Guidance g) {
            g.scale().requireSteps("guidance scale", steps);
        }
        if (method instanceof MethodSpec.Smc smc && smc.guidedProposal() && !(base instanceof TransitionSpec.Ddpm)) {
            throw new IllegalArgumentException("a guided SMC proposal needs the Gaussian ddpm base, not "
                    + base.describe());
        }
    }

    /**
     * {@code method} with align's defaults for everything else: {@link ValueSpec.PosteriorMc#defaults()} values
     * (none for SIR and best-of-N), the method's default base ({@link MethodSpec#defaultBase}, GLASS with
     * {@value io.diamondmaps.sample.GlassFlow#DEFAULT_INNER_STEPS} inner steps) and steps, the uniform time grid and
     * the default value pool: {@code AlignmentSpec.defaults(MethodSpec.Smc.defaults()).build(model, tilt, counter)}.
     */
    public static AlignmentSpec defaults(MethodSpec method) {
        TransitionSpec base = TransitionSpec.parse(method.defaultBase(),
                io.diamondmaps.sample.GlassFlow.DEFAULT_INNER_STEPS, io.diamondmaps.sample.GlassFlow.DEFAULT_SOLVER);
        boolean valueFree = method instanceof MethodSpec.Sir || method instanceof MethodSpec.BestOfN;
        return new AlignmentSpec(method, valueFree ? null : ValueSpec.PosteriorMc.defaults(), base,
                method.defaultSteps(), null, null, Pool.DEFAULT);
    }

    /** Without a value pool. */
    public AlignmentSpec(MethodSpec method, ValueSpec value, TransitionSpec base, int steps, Schedule annealing,
            TimeGrid.Spacing timeGrid) {
        this(method, value, base, steps, annealing, timeGrid, Pool.NONE);
    }

    /** The same with another value estimator. */
    public AlignmentSpec withValue(ValueSpec other) {
        return new AlignmentSpec(method, other, base, steps, annealing, timeGrid, pool);
    }

    /** The same with another value pool. */
    public AlignmentSpec withPool(Pool other) {
        return new AlignmentSpec(method, value, base, steps, annealing, timeGrid, other);
    }

    /** On the default time grid for the model ({@link TimeGrid.Spacing#defaultFor}). */
    public AlignmentSpec(MethodSpec method, ValueSpec value, TransitionSpec base, int steps, Schedule annealing) {
        this(method, value, base, steps, annealing, null);
    }

    /** Without annealing. */
    public AlignmentSpec(MethodSpec method, ValueSpec value, TransitionSpec base, int steps) {
        this(method, value, base, steps, null);
    }

    /** Annealing factors β_i rising linearly from {@code start} at the first outer step to 1 at the last. */
    public static Schedule linearAnnealing(double start, int steps) {
        double[] beta = new double[steps];
        for (int i = 0; i < steps; i++) {
            beta[i] = i == steps - 1 ? 1 : start + (1 - start) * i / (steps - 1.0);
        }
        return new Schedule(beta);
    }

    /**
     * The aligner for {@code model} and {@code tilt}, counting on {@code counter}. Without a flow map of its own, the
     * model's accurate ODE flow map ({@value #ODE_FLOW_MAP_STEPS} Heun steps per unit time) stands in for a distilled
     * one and, like one, counts as one model evaluation per jump.
     */
    public Aligner build(ModelBundle model, RewardTilt tilt, EvaluationCounter counter) {
        VelocityField field = new CountingVelocityField(model.field(), counter);
        RewardTilt counted = new RewardTilt(new CountingReward(tilt.reward(), counter), tilt.temperature());
        FlowMap map = new CountingFlowMap(model.flowMap() != null ? model.flowMap()
                : new OdeFlowMap(model.field(), ODE_FLOW_MAP_STEPS, OdeSolver.HEUN), counter);
        StochasticTransition transition = base.create(model, field, map, counter);
        ValueSpec.Parts parts = new ValueSpec.Parts(model, field, map, counted, tilt, counter);
        IntFunction<ValueEstimator> estimator = step -> value.create(step,
                annealing == null ? parts : parts.annealed(annealing.at(step)));
        TimeGrid grid = TimeGrid.of(timeGrid, steps, model.field());
        if (method instanceof MethodSpec.Sir sir) {
            return ImportanceResampling.sir(Generator.chain(transition, grid), counted, counter, sir.candidates());
        }
        if (method instanceof MethodSpec.BestOfN best) {
            return ImportanceResampling.bestOfN(Generator.chain(transition, grid), counted, counter,
                    best.candidates());
        }
        // A pool answers estimated values only: exact ones need no help, and annealed ones change their tilt per step.
        boolean pooled = pool.draws() > 0 && pool.minEss() > 0 && annealing == null
                && !(value instanceof ValueSpec.Exact);
        if (method instanceof MethodSpec.Smc smc) {
            Smc.Config config = new Smc.Config(grid, smc.particles(), smc.essThreshold(), smc.resampling(),
                    smc.onePerGroup(), smc.twistEssFor(pooled));
            Smc.GuidedProposal guide = smc.guidedProposal() ? new Smc.GuidedProposal((GaussianTransition) transition,
                    smc.proposalScale()) : null;
            ValuePool values = pooled ? new ValuePool(Generator.chain(transition, grid), counted, field.interpolant(),
                    pool.draws(), pool.minEss()) : null;
            return new Smc(transition, estimator, counted, counter, config, guide, values);
        }
        if (method instanceof MethodSpec.Guidance g) {
            ValuePool check = new ValuePool(Generator.chain(transition, grid), counted, field.interpolant(),
                    pool.draws() > 0 ? pool.draws() : ValuePool.CHECK_DRAWS, pooled ? pool.minEss() : 0);
            return new Guidance(transition, estimator, field.interpolant(), counter, grid, g.mode(), g.scale(), check);
        }
        MethodSpec.Beam beam = (MethodSpec.Beam) method;
        return new BeamSearch(transition, estimator.apply(0), counted, counter, grid, beam.beams(),
                beam.expansions());
    }

    /** A spec that draws base samples only: SIR or best-of-N among {@code base} chains. */
    public static AlignmentSpec withoutValue(MethodSpec method, TransitionSpec base, int steps) {
        return new AlignmentSpec(method, null, base, steps);
    }

    /** A one-line description for reports and tables. */
    public String describe() {
        return method.describe() + (value != null ? " value=" + value.describe() : "") + " base=" + base.describe()
                + " steps=" + steps + (annealing != null ? " annealing from " + annealing.at(0) : "") + pool.describe();
    }
}
