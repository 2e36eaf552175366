package io.diamondmaps.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.PosteriorSampler;
import io.diamondmaps.model.StochasticTransition;
import io.diamondmaps.sample.DdpmTransition;
import io.diamondmaps.sample.EarlyStopTransition;
import io.diamondmaps.sample.Generation;
import io.diamondmaps.sample.GlassFlow;
import io.diamondmaps.sample.OdeSolver;

import java.util.function.IntConsumer;

/** Maps the CLI's method names to samplers of a model. */
final class Samplers {
    static final String GENERATION_METHODS = "exact, ode, ddpm, glass, early-stop";
    static final String TRANSITION_SAMPLERS = "exact, ddpm, glass, early-stop";
    static final String POSTERIOR_SAMPLERS = "exact, glass";

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
                    return method + " " + steps + "x" + innerSteps;
                case "ddpm":
                    return "DDPM " + steps;
                default:
                    return method;
            }
        }
    }

    static NDArray generate(GaussianMixture gmm, Recipe r, NDManager m, long n, IntConsumer progress) {
        if (r.method().equals("exact")) {
            return gmm.sample(m, n);
        }
        NDArray x0 = Generation.noise(m, new Shape(n, gmm.dimension()), DataType.FLOAT64);
        if (r.method().equals("ode")) {
            return Generation.ode(gmm, x0, r.steps(), r.solver());
        }
        return Generation.chain(transition(gmm, r.method(), r.innerSteps()), x0, r.steps(), progress);
    }

    static StochasticTransition transition(GaussianMixture gmm, String name, int innerSteps) {
        switch (name) {
            case "exact":
                return gmm;
            case "ddpm":
                return new DdpmTransition(gmm);
            case "glass":
                return new GlassFlow(gmm, innerSteps);
            case "early-stop":
                return new EarlyStopTransition(gmm.interpolant(), new GlassFlow(gmm, innerSteps));
            default:
                throw new IllegalArgumentException("unknown sampler '" + name + "' (expected " + TRANSITION_SAMPLERS + ")");
        }
    }

    static PosteriorSampler posterior(GaussianMixture gmm, String name, int innerSteps) {
        switch (name) {
            case "exact":
                return gmm;
            case "glass":
                return new GlassFlow(gmm, innerSteps);
            default:
                throw new IllegalArgumentException("unknown sampler '" + name + "' (expected " + POSTERIOR_SAMPLERS + ")");
        }
    }

    static void requireGenerationMethod(String method) {
        if (!java.util.List.of(GENERATION_METHODS.split(", ")).contains(method)) {
            throw new IllegalArgumentException("unknown --method '" + method + "' (expected " + GENERATION_METHODS + ")");
        }
    }
}
