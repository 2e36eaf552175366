package io.diamondmaps.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.model.VelocityField;
import io.diamondmaps.model.PosteriorSampler;
import io.diamondmaps.model.StochasticTransition;
import io.diamondmaps.model.neural.DiamondNetwork;
import io.diamondmaps.model.neural.NeuralModels;
import io.diamondmaps.sample.DdpmTransition;
import io.diamondmaps.sample.DiamondSampler;
import io.diamondmaps.sample.RenoiseTransition;
import io.diamondmaps.sample.EarlyStopTransition;
import io.diamondmaps.sample.FlowMapTransition;
import io.diamondmaps.sample.Generation;
import io.diamondmaps.sample.GlassFlow;
import io.diamondmaps.sample.OdeSolver;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.IntConsumer;

/** Maps the CLI's method names to samplers of a model. */
final class Samplers {
    static final String GENERATION_METHODS = "exact, ode, flowmap, ddpm, glass, early-stop, diamond, diamond-renoise";
    static final String TRANSITION_SAMPLERS = "exact, ddpm, glass, early-stop, diamond:CKPT";
    static final String POSTERIOR_SAMPLERS = "exact, glass, diamond:CKPT";
    private static final String DIAMOND = "diamond:";

    private Samplers() {
    }

    /** A generation recipe: method, outer steps, GLASS inner steps and ODE solver. */
    record Recipe(String method, int steps, int innerSteps, OdeSolver solver) {
        /** Velocity evaluations per generated sample. */
        int evaluations() {
            switch (method) {
                case "exact":
                    return 0;
                case "ode":
                    return steps * solver.evaluationsPerStep();
                case "ddpm":
                case "flowmap":
                    return steps;
                default:
                    return steps * innerSteps;
            }
        }

        String label() {
            switch (method) {
                case "ode":
                    return "ODE " + solver.name().toLowerCase(java.util.Locale.ROOT) + " " + steps;
                case "glass":
                case "early-stop":
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

    static NDArray generate(LoadedModel model, Recipe r, NDManager m, long n, IntConsumer progress)
            throws IOException {
        if (r.method().equals("exact")) {
            return model.requireExact("--method exact").sample(m, n);
        }
        // The exact mixture computes in float64; networks in float32.
        DataType dtype = model.exact() != null ? DataType.FLOAT64 : DataType.FLOAT32;
        NDArray x0 = Generation.noise(m, new Shape(n).addAll(model.sampleShape()), dtype);
        if (r.method().equals("ode")) {
            return Generation.ode(model.field(), x0, r.steps(), r.solver());
        }
        StochasticTransition kernel;
        switch (r.method()) {
            case "flowmap":
                kernel = new FlowMapTransition(model.requireFlowMap("--method flowmap"));
                break;
            case "diamond":
                kernel = new DiamondSampler(model.requireDiamond("--method diamond"), r.innerSteps());
                break;
            case "diamond-renoise":
                kernel = new RenoiseTransition(model.field().interpolant(),
                        new DiamondSampler(model.requireDiamond("--method diamond-renoise"), r.innerSteps()));
                break;
            default:
                kernel = transition(model, r.method(), r.innerSteps(), m);
        }
        return Generation.chain(kernel, x0, r.steps(), progress);
    }

    static StochasticTransition transition(LoadedModel model, String name, int innerSteps, NDManager m)
            throws IOException {
        if (diamondFile(name) != null) {
            return diamondSampler(model, name, innerSteps, m);
        }
        VelocityField field = model.field();
        switch (name) {
            case "exact":
                return model.requireExact("--sampler exact");
            case "ddpm":
                return new DdpmTransition(field);
            case "glass":
                return new GlassFlow(field, innerSteps);
            case "early-stop":
                return new EarlyStopTransition(field.interpolant(), new GlassFlow(field, innerSteps));
            default:
                throw new IllegalArgumentException("unknown sampler '" + name + "' (expected " + TRANSITION_SAMPLERS + ")");
        }
    }

    static PosteriorSampler posterior(LoadedModel model, String name, int innerSteps, NDManager m) throws IOException {
        if (diamondFile(name) != null) {
            return diamondSampler(model, name, innerSteps, m);
        }
        switch (name) {
            case "exact":
                return model.requireExact("--sampler exact");
            case "glass":
                return new GlassFlow(model.field(), innerSteps);
            default:
                throw new IllegalArgumentException("unknown sampler '" + name + "' (expected " + POSTERIOR_SAMPLERS + ")");
        }
    }

    /** Sampling by the Diamond Map that {@code name} (diamond:CKPT) names, {@code innerSteps} jumps per draw. */
    private static DiamondSampler diamondSampler(LoadedModel model, String name, int innerSteps, NDManager m)
            throws IOException {
        return new DiamondSampler(diamond(model, diamondFile(name), m), innerSteps);
    }

    /** The Posterior Diamond Map in {@code file}, checked to fit the model it samples for. */
    static DiamondNetwork diamond(LoadedModel model, String file, NDManager m) throws IOException {
        DiamondNetwork net = NeuralModels.loadDiamond(Path.of(file), m);
        if (!net.sampleShape().equals(model.sampleShape())) {
            throw new IllegalArgumentException(file + " was distilled for samples of shape " + net.sampleShape()
                    + ", but " + model.name() + " has " + model.sampleShape());
        }
        String ip = model.field().interpolant().name();
        if (!net.interpolant().name().equals(ip)) {
            throw new IllegalArgumentException(file + " was distilled with the " + net.interpolant().name()
                    + " interpolant, but " + model.name() + " uses " + ip);
        }
        return net;
    }

    /** The value of an option that names a Diamond Map as diamond:CKPT, or null when it names something else. */
    static String diamondFile(String option) {
        return option.startsWith(DIAMOND) ? option.substring(DIAMOND.length()) : null;
    }

    static void requireGenerationMethod(String method) {
        if (!java.util.List.of(GENERATION_METHODS.split(", ")).contains(method)) {
            throw new IllegalArgumentException("unknown --method '" + method + "' (expected " + GENERATION_METHODS + ")");
        }
    }
}
