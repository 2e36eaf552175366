package io.diamondmaps.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.model.PosteriorSampler;
import io.diamondmaps.model.StochasticTransition;
import io.diamondmaps.model.VelocityField;
import io.diamondmaps.model.load.ModelBundle;
import io.diamondmaps.model.load.ModelLoader;
import io.diamondmaps.util.Rng;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * The named samplers of a model: generation methods, transitions x_t → x_{t'} and posterior samplers x₁ | x_t. Each
 * name means one construction with one default everywhere (a GLASS flow integrates its inner ODE with
 * {@link GlassFlow.InnerSolver#DEFAULT} unless told otherwise).
 */
public final class Samplers {
    public static final String GENERATION_METHODS = "exact, ode, flowmap, ddpm, glass, early-stop, diamond, "
            + "diamond-renoise";
    public static final String TRANSITION_SAMPLERS = "exact, ddpm, glass, early-stop, diamond:CKPT";
    public static final String POSTERIOR_SAMPLERS = "exact, glass, diamond:CKPT";

    private Samplers() {
    }

    /**
     * A generation recipe.
     *
     * @param method one of {@link #GENERATION_METHODS}
     * @param steps outer steps on the uniform grid from t = 0 to 1
     * @param innerSteps GLASS inner steps or Diamond jumps per outer step
     * @param solver the ODE solver of {@code ode}
     * @param innerSolver the GLASS inner solver of {@code glass} and {@code early-stop}
     */
    public record Recipe(String method, int steps, int innerSteps, OdeSolver solver,
            GlassFlow.InnerSolver innerSolver) {
        public Recipe {
            if (!List.of(GENERATION_METHODS.split(", ")).contains(method)) {
                throw new IllegalArgumentException("unknown generation method '" + method + "' (expected "
                        + GENERATION_METHODS + ")");
            }
        }

        /** A recipe with the default GLASS inner solver. */
        public Recipe(String method, int steps, int innerSteps, OdeSolver solver) {
            this(method, steps, innerSteps, solver, GlassFlow.InnerSolver.DEFAULT);
        }

        /** Velocity (or network) evaluations per generated sample. */
        public int evaluations() {
            switch (method) {
                case "exact":
                    return 0;
                case "ode":
                    return steps * solver.evaluationsPerStep();
                case "ddpm":
                case "flowmap":
                    return steps;
                case "glass":
                case "early-stop":
                    return steps * innerSteps * innerSolver.evaluationsPerStep();
                default:
                    return steps * innerSteps;
            }
        }

        public String label() {
            switch (method) {
                case "ode":
                    return "ODE " + solver.name().toLowerCase(Locale.ROOT) + " " + steps;
                case "glass":
                case "early-stop":
                    return method + " " + steps + "x" + innerSteps
                            + (innerSolver == GlassFlow.InnerSolver.EULER ? "" : " " + innerSolver.name().toLowerCase(Locale.ROOT));
                case "diamond":
                case "diamond-renoise":
                    return method + " " + steps + "x" + innerSteps;
                case "ddpm":
                    return "DDPM " + steps;
                case "flowmap":
                    return "flow map " + steps;
                default:
                    return method;
            }
        }
    }

    /** n samples of the model's data distribution by {@code r}, from fresh noise of {@code rng}, on {@code m}. */
    public static NDArray generate(ModelBundle model, Recipe r, NDManager m, long n, Rng rng, IntConsumer progress)
            throws IOException {
        if (r.method().equals("exact")) {
            return model.requireExact("generation method 'exact'").sample(m, n, rng);
        }
        // The exact mixture computes in float64; networks in float32.
        DataType dtype = model.exact() != null ? DataType.FLOAT64 : DataType.FLOAT32;
        NDArray x0 = Generation.noise(m, new Shape(n).addAll(model.sampleShape()), dtype, rng);
        if (r.method().equals("ode")) {
            return Generation.ode(model.field(), x0, r.steps(), r.solver());
        }
        StochasticTransition kernel;
        switch (r.method()) {
            case "flowmap":
                kernel = new FlowMapTransition(model.requireFlowMap("generation method 'flowmap'"));
                break;
            case "diamond":
                kernel = new DiamondSampler(model.requireDiamond("generation method 'diamond'"), r.innerSteps());
                break;
            case "diamond-renoise":
                kernel = new RenoiseTransition(model.field().interpolant(),
                        new DiamondSampler(model.requireDiamond("generation method 'diamond-renoise'"),
                                r.innerSteps()));
                break;
            default:
                kernel = transition(model, r.method(), r.innerSteps(), r.innerSolver(), m);
        }
        return Generation.chain(kernel, x0, r.steps(), rng, progress);
    }

    /** The transition x_t → x_{t'} called {@code name} (one of {@link #TRANSITION_SAMPLERS}). */
    public static StochasticTransition transition(ModelBundle model, String name, int innerSteps,
            GlassFlow.InnerSolver innerSolver, NDManager m) throws IOException {
        if (ModelLoader.diamondFile(name) != null) {
            return diamondSampler(model, name, innerSteps, m);
        }
        VelocityField field = model.field();
        switch (name) {
            case "exact":
                return model.requireExact("transition sampler 'exact'");
            case "ddpm":
                return new DdpmTransition(field);
            case "glass":
                return new GlassFlow(field, innerSteps, innerSolver);
            case "early-stop":
                return new EarlyStopTransition(field.interpolant(), new GlassFlow(field, innerSteps, innerSolver));
            default:
                throw new IllegalArgumentException("unknown transition sampler '" + name + "' (expected "
                        + TRANSITION_SAMPLERS + ")");
        }
    }

    /** The posterior sampler x₁ | x_t called {@code name} (one of {@link #POSTERIOR_SAMPLERS}). */
    public static PosteriorSampler posterior(ModelBundle model, String name, int innerSteps,
            GlassFlow.InnerSolver innerSolver, NDManager m) throws IOException {
        if (ModelLoader.diamondFile(name) != null) {
            return diamondSampler(model, name, innerSteps, m);
        }
        switch (name) {
            case "exact":
                return model.requireExact("posterior sampler 'exact'");
            case "glass":
                return new GlassFlow(model.field(), innerSteps, innerSolver);
            default:
                throw new IllegalArgumentException("unknown posterior sampler '" + name + "' (expected "
                        + POSTERIOR_SAMPLERS + ")");
        }
    }

    /** Sampling by the Diamond Map that {@code name} (diamond:CKPT) names, {@code innerSteps} jumps per draw. */
    private static DiamondSampler diamondSampler(ModelBundle model, String name, int innerSteps, NDManager m)
            throws IOException {
        return new DiamondSampler(model.withDiamond(ModelLoader.diamondFile(name), m).diamond(), innerSteps);
    }
}
