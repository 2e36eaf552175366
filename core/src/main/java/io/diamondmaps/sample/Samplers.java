package io.diamondmaps.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.model.CountingFlowMap;
import io.diamondmaps.model.CountingVelocityField;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.model.FlowMap;
import io.diamondmaps.model.PosteriorSampler;
import io.diamondmaps.model.StochasticTransition;
import io.diamondmaps.model.VelocityField;
import io.diamondmaps.model.load.ModelBundle;
import io.diamondmaps.model.load.ModelLoader;
import io.diamondmaps.util.Rng;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The named samplers of a model: generation methods, transitions x_t → x_{t'} and posterior samplers x₁ | x_t. Each
 * name means one construction with one default everywhere (a GLASS flow integrates its inner ODE with
 * {@link OdeSolver#DEFAULT} unless told otherwise).
 */
public final class Samplers {
    public static final String GENERATION_METHODS = "exact, ode, flowmap, ddpm, glass, early-stop, diamond, "
            + "diamond-renoise";
    public static final String TRANSITION_SAMPLERS = TransitionSpec.NAMES + ", diamond:CKPT";
    public static final String POSTERIOR_SAMPLERS = PosteriorSpec.NAMES + ", diamond:CKPT";

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
     * @param timeGrid how the outer steps are spaced, or null for the model's default
     */
    public record Recipe(String method, int steps, int innerSteps, OdeSolver solver,
            OdeSolver innerSolver, TimeGrid.Spacing timeGrid) {
        public Recipe {
            if (!List.of(GENERATION_METHODS.split(", ")).contains(method)) {
                throw new IllegalArgumentException("unknown generation method '" + method + "' (expected "
                        + GENERATION_METHODS + ")");
            }
        }

        /** A recipe on the model's default time grid. */
        public Recipe(String method, int steps, int innerSteps, OdeSolver solver, OdeSolver innerSolver) {
            this(method, steps, innerSteps, solver, innerSolver, null);
        }

        /** A recipe with the default GLASS inner solver. */
        public Recipe(String method, int steps, int innerSteps, OdeSolver solver) {
            this(method, steps, innerSteps, solver, GlassFlow.DEFAULT_SOLVER);
        }

        public String label() {
            switch (method) {
                case "ode":
                    return "ODE " + solver.name().toLowerCase(Locale.ROOT) + " " + steps;
                case "glass":
                case "early-stop":
                    return method + " " + steps + "x" + innerSteps
                            + (innerSolver == OdeSolver.EULER ? "" : " " + innerSolver.name().toLowerCase(Locale.ROOT));
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

    /**
     * n samples of the model's data distribution by {@code r}, from fresh noise of {@code rng}, on {@code m}; every
     * model evaluation (velocity, flow-map jump, Diamond jump) is counted on {@code counter}.
     */
    public static NDArray generate(ModelBundle model, Recipe r, NDManager m, long n, Rng rng, EvaluationCounter counter)
            throws IOException {
        if (r.method().equals("exact")) {
            return model.requireExact("generation method 'exact'").sample(m, n, rng);
        }
        VelocityField field = new CountingVelocityField(model.field(), counter);
        FlowMap flowMap = model.flowMap() == null ? null : new CountingFlowMap(model.flowMap(), counter);
        // The exact mixture computes in float64; networks in float32.
        DataType dtype = model.exact() != null ? DataType.FLOAT64 : DataType.FLOAT32;
        NDArray x0 = Generation.noise(m, new Shape(n).addAll(model.sampleShape()), dtype, rng);
        TimeGrid grid = TimeGrid.of(r.timeGrid(), r.steps(), model.field());
        if (r.method().equals("ode")) {
            return Generation.ode(field, x0, grid, r.solver());
        }
        StochasticTransition kernel;
        if (r.method().equals("diamond-renoise")) {
            kernel = new RenoiseTransition(field.interpolant(), new PosteriorSpec.Diamond(r.innerSteps())
                    .create(model, field, counter));
        } else {
            String name = r.method().equals("flowmap") ? "ode" : r.method();
            kernel = TransitionSpec.parse(name, r.innerSteps(), r.innerSolver()).create(model, field, flowMap,
                    counter);
        }
        return Generation.chain(kernel, x0, grid, rng);
    }

    /**
     * The transition x_t → x_{t'} called {@code name} (one of {@link #TRANSITION_SAMPLERS}); {@code diamond:CKPT}
     * attaches that Posterior Diamond Map to the model first.
     */
    public static StochasticTransition transition(ModelBundle model, String name, int innerSteps,
            OdeSolver innerSolver, NDManager m) throws IOException {
        ModelBundle withMap = withNamedDiamond(model, name, m);
        return TransitionSpec.parse(kind(name), innerSteps, innerSolver).create(withMap, withMap.field(),
                withMap.flowMap(), new EvaluationCounter());
    }

    /** The posterior sampler x₁ | x_t called {@code name} (one of {@link #POSTERIOR_SAMPLERS}). */
    public static PosteriorSampler posterior(ModelBundle model, String name, int innerSteps,
            OdeSolver innerSolver, NDManager m) throws IOException {
        ModelBundle withMap = withNamedDiamond(model, name, m);
        return PosteriorSpec.parse(kind(name), innerSteps, innerSolver).create(withMap, withMap.field(),
                new EvaluationCounter());
    }

    /** {@code diamond} for a {@code diamond:CKPT} name, else the name itself. */
    public static String kind(String name) {
        return ModelLoader.diamondFile(name) != null ? "diamond" : name;
    }

    /** The model with the Diamond Map a {@code diamond:CKPT} name points at; the model itself for other names. */
    private static ModelBundle withNamedDiamond(ModelBundle model, String name, NDManager m) throws IOException {
        return ModelLoader.diamondFile(name) != null ? model.withDiamond(ModelLoader.diamondFile(name), m) : model;
    }
}
