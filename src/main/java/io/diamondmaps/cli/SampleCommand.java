package io.diamondmaps.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.model.load.ModelBundle;
import io.diamondmaps.sample.OdeSolver;
import io.diamondmaps.sample.Samplers;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.EnumNames;
import io.diamondmaps.util.Rng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Draw samples from the model's data distribution p1, starting from noise at t=0.")
final class SampleCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--method", defaultValue = "ode", paramLabel = "M",
            description = "exact: draw the mixture directly (gmm only); ode: probability-flow ODE; flowmap: flow-map "
                    + "jumps on the uniform grid (trained flow maps); ddpm: DDPM ancestral steps "
                    + "(denoiser plug-in); glass: GLASS transitions; early-stop: GLASS posterior flow read out early "
                    + "(spec 4.7); diamond: early-stop transitions by Posterior Diamond Map jumps (--model a Diamond "
                    + "checkpoint, spec 5.5); diamond-renoise: Diamond posterior draw x1, then fresh noise to the "
                    + "next time. Default: ${DEFAULT-VALUE}.")
    String method;

    @Option(names = {"--steps", "--outer-steps"}, defaultValue = "50", paramLabel = "N",
            description = "Outer steps on the uniform grid from t=0 to 1. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--inner-steps", defaultValue = "10", paramLabel = "K",
            description = "Inner steps per outer step: steps of the GLASS inner ODE (glass, early-stop; see "
                    + "--inner-solver) or Diamond jumps (diamond, diamond-renoise). Default: ${DEFAULT-VALUE}.")
    int innerSteps;

    @Mixin
    InnerSolverOption innerSolver;

    @Option(names = "--solver", defaultValue = "heun", paramLabel = "S",
            description = "ODE solver for --method ode: euler, midpoint or heun. Default: ${DEFAULT-VALUE}.")
    String solver;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        Checks.positive("--steps", steps);
        Checks.positive("--inner-steps", innerSteps);
        Samplers.Recipe recipe;
        try {
            recipe = new Samplers.Recipe(method, steps, innerSteps, EnumNames.parse(OdeSolver.class, "--solver", solver), innerSolver.solver());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--method: " + e.getMessage());
        }
        try (NDManager m = NDManager.newBaseManager(); Progress p = Progress.start("sample", steps)) {
            ModelBundle loaded = model.load(m);
            Rng rng = output.begin();
            EvaluationCounter counter = new EvaluationCounter();
            NDArray samples = Samplers.generate(loaded, recipe, m, output.n, rng, counter, p.listener());
            output.write(samples);
            System.out.printf("%s: %.1f model evaluations per sample%n", recipe.label(), counter.nfePerSample(output.n));
        }
        return 0;
    }
}
