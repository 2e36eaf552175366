package io.diamondmaps.cli;

import io.diamondmaps.sample.Samplers;
import io.diamondmaps.model.load.ModelBundle;
import ai.djl.ndarray.NDManager;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Rng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "transition", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Draw samples of the stochastic transition x_t' | x_t = x for t < t' (a less noisy state).")
final class TransitionCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--t", required = true, paramLabel = "T", description = "Time of the given state, in [0, 1).")
    double t;

    @Option(names = "--t-next", required = true, paramLabel = "T2", description = "Target time, in (T, 1].")
    double tNext;

    @Option(names = "--x", required = true, paramLabel = "v1,…,vd",
            description = "The state x_t, comma-separated, one value per dimension of the model.")
    String x;

    @Option(names = "--sampler", defaultValue = "glass", paramLabel = "S",
            description = "exact: the closed-form DDPM transition; ddpm: Gaussian step with the denoiser plugged in "
                    + "(baseline); glass: GLASS flow; early-stop: GLASS posterior flow stopped at s* and read out "
                    + "through the sufficient statistic; diamond:CKPT: the same early stop by jumps of a Posterior Diamond "
                    + "Map distilled for this model. Default: ${DEFAULT-VALUE}.")
    String sampler;

    @Option(names = "--inner-steps", defaultValue = "32", paramLabel = "K",
            description = "Steps of the GLASS inner ODE (glass, early-stop; see --inner-solver) or Diamond jumps "
                    + "(diamond:CKPT). Default: ${DEFAULT-VALUE}.")
    int innerSteps;

    @Mixin
    InnerSolverOption innerSolver;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        Checks.timePair("--t", t, "--t-next", tNext);
        Checks.positive("--inner-steps", innerSteps);
        try (NDManager m = NDManager.newBaseManager()) {
            ModelBundle loaded = model.load(m);
            double[] state = Points.parse("--x", x, loaded.dimension());
            var kernel = Samplers.transition(loaded, sampler, innerSteps, innerSolver.solver(), m);
            Rng rng = output.begin();
            output.write(kernel.transition(t, tNext, Points.repeat(m, state, output.n, loaded), rng));
        }
        return 0;
    }
}
