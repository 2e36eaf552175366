package io.diamondmaps.sample;

import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.model.PosteriorSampler;
import io.diamondmaps.model.VelocityField;
import io.diamondmaps.model.load.ModelBundle;
import io.diamondmaps.util.Checks;

/**
 * A named posterior sampler x₁ | x_t with its settings, validated when made; {@link #create} builds it for a model.
 * The {@code posterior} command and the Monte-Carlo value estimator get their samplers here.
 */
public sealed interface PosteriorSpec {
    /** The names {@link #parse} accepts. */
    String NAMES = "exact, glass, diamond";

    /** The sampler for {@code model}, its field possibly wrapped to count on {@code counter}. */
    PosteriorSampler create(ModelBundle model, VelocityField field, EvaluationCounter counter);

    /** The same sampler with {@code k} inner steps or jumps (per-step schedules); the exact sampler has none. */
    PosteriorSpec withInnerSteps(int k);

    String describe();

    /** Exact draws of a Gaussian mixture's posterior. */
    record Exact() implements PosteriorSpec {
        @Override
        public PosteriorSampler create(ModelBundle model, VelocityField field, EvaluationCounter counter) {
            return model.requireExact("the exact posterior");
        }

        @Override
        public PosteriorSpec withInnerSteps(int k) {
            return this;
        }

        @Override
        public String describe() {
            return "exact";
        }
    }

    /** The GLASS posterior flow with {@code innerSteps} steps of {@code solver}. */
    record Glass(int innerSteps, OdeSolver solver) implements PosteriorSpec {
        public Glass {
            Checks.positive("inner steps", innerSteps);
        }

        @Override
        public PosteriorSampler create(ModelBundle model, VelocityField field, EvaluationCounter counter) {
            return new GlassFlow(field, innerSteps, solver);
        }

        @Override
        public PosteriorSpec withInnerSteps(int k) {
            return new Glass(k, solver);
        }

        @Override
        public String describe() {
            return "glass(" + innerSteps + " " + solver.name().toLowerCase(java.util.Locale.ROOT) + ")";
        }
    }

    /** {@code jumps} jumps of the model's Posterior Diamond Map. */
    record Diamond(int jumps) implements PosteriorSpec {
        public Diamond {
            Checks.positive("Diamond jumps", jumps);
        }

        @Override
        public PosteriorSampler create(ModelBundle model, VelocityField field, EvaluationCounter counter) {
            return new DiamondSampler(model.requireDiamond("the diamond posterior"), jumps, counter);
        }

        @Override
        public PosteriorSpec withInnerSteps(int k) {
            return new Diamond(k);
        }

        @Override
        public String describe() {
            return "diamond(" + jumps + (jumps == 1 ? " jump)" : " jumps)");
        }
    }

    /** The sampler called {@code name} ({@value #NAMES}) with {@code innerSteps} inner steps or jumps. */
    static PosteriorSpec parse(String name, int innerSteps, OdeSolver solver) {
        switch (name) {
            case "exact":
                return new Exact();
            case "glass":
                return new Glass(innerSteps, solver);
            case "diamond":
                return new Diamond(innerSteps);
            default:
                throw new IllegalArgumentException("unknown posterior sampler '" + name + "' (expected " + NAMES + ")");
        }
    }
}
