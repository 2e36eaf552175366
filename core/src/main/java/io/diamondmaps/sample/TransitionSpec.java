package io.diamondmaps.sample;

import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.model.FlowMap;
import io.diamondmaps.model.StochasticTransition;
import io.diamondmaps.model.VelocityField;
import io.diamondmaps.model.load.ModelBundle;
import io.diamondmaps.util.Checks;

/**
 * A named transition x_t → x_{t'} with its settings, validated when made; {@link #create} builds it for a model. The
 * {@code transition} command, generation and every aligner's base get their transitions here, so a name means one
 * construction with one default everywhere.
 */
public sealed interface TransitionSpec {
    /** The names {@link #parse} accepts. */
    String NAMES = "exact, ddpm, glass, early-stop, ode, diamond";

    /**
     * The transition for {@code model}: {@code field} and {@code flowMap} are the model's, possibly wrapped to count
     * evaluations on {@code counter} (which Diamond jumps count on directly).
     */
    StochasticTransition create(ModelBundle model, VelocityField field, FlowMap flowMap, EvaluationCounter counter);

    /** The name and settings, for reports. */
    String describe();

    /** The exact DDPM transition of a Gaussian mixture (spec A.3). */
    record Exact() implements TransitionSpec {
        @Override
        public StochasticTransition create(ModelBundle model, VelocityField field, FlowMap flowMap,
                EvaluationCounter counter) {
            return model.requireExact("the exact transition");
        }

        @Override
        public String describe() {
            return "exact";
        }
    }

    /** The one-call Gaussian baseline with the denoiser plugged in. */
    record Ddpm() implements TransitionSpec {
        @Override
        public StochasticTransition create(ModelBundle model, VelocityField field, FlowMap flowMap,
                EvaluationCounter counter) {
            return new DdpmTransition(field);
        }

        @Override
        public String describe() {
            return "ddpm";
        }
    }

    /** A GLASS flow (B.2) with {@code innerSteps} steps of {@code solver}. */
    record Glass(int innerSteps, OdeSolver solver) implements TransitionSpec {
        public Glass {
            Checks.positive("inner steps", innerSteps);
        }

        /** The GLASS flow of {@code field}. */
        GlassFlow flow(VelocityField field) {
            return new GlassFlow(field, innerSteps, solver);
        }

        @Override
        public StochasticTransition create(ModelBundle model, VelocityField field, FlowMap flowMap,
                EvaluationCounter counter) {
            return flow(field);
        }

        @Override
        public String describe() {
            return "glass(" + settings() + ")";
        }

        /** "K solver": the inner steps and their rule. */
        String settings() {
            return innerSteps + " " + solver.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The early-stop readout (4.10)–(4.11) of the GLASS posterior flow {@code glass}. */
    record EarlyStop(Glass glass) implements TransitionSpec {
        @Override
        public StochasticTransition create(ModelBundle model, VelocityField field, FlowMap flowMap,
                EvaluationCounter counter) {
            return new EarlyStopTransition(field.interpolant(), glass.flow(field));
        }

        @Override
        public String describe() {
            return "early-stop(" + glass.settings() + ")";
        }
    }

    /** Deterministic jumps of the model's flow map (its ODE): X(t, t', x_t). */
    record Ode() implements TransitionSpec {
        @Override
        public StochasticTransition create(ModelBundle model, VelocityField field, FlowMap flowMap,
                EvaluationCounter counter) {
            if (flowMap == null) {
                throw new IllegalArgumentException("the ode transition needs a flow map, and " + model.name()
                        + " has none");
            }
            return new FlowMapTransition(flowMap);
        }

        @Override
        public String describe() {
            return "ode";
        }
    }

    /** Early stop by {@code jumps} jumps of the model's Posterior Diamond Map (B.3). */
    record Diamond(int jumps) implements TransitionSpec {
        public Diamond {
            Checks.positive("Diamond jumps", jumps);
        }

        @Override
        public StochasticTransition create(ModelBundle model, VelocityField field, FlowMap flowMap,
                EvaluationCounter counter) {
            return new DiamondSampler(model.requireDiamond("the diamond transition"), jumps, counter);
        }

        @Override
        public String describe() {
            return "diamond(" + jumps + (jumps == 1 ? " jump)" : " jumps)");
        }
    }

    /** The transition called {@code name} ({@value #NAMES}), with {@code innerSteps} inner steps or jumps. */
    static TransitionSpec parse(String name, int innerSteps, OdeSolver solver) {
        switch (name) {
            case "exact":
                return new Exact();
            case "ddpm":
                return new Ddpm();
            case "glass":
                return new Glass(innerSteps, solver);
            case "early-stop":
                return new EarlyStop(new Glass(innerSteps, solver));
            case "ode":
                return new Ode();
            case "diamond":
                return new Diamond(innerSteps);
            default:
                throw new IllegalArgumentException("unknown transition '" + name + "' (expected " + NAMES + ")");
        }
    }
}
