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

@Command(name = "posterior", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Draw samples of the posterior x1 | x_t = x: what the data point behind a noisy state may be.")
final class PosteriorCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--t", required = true, paramLabel = "T", description = "Time of the noisy state, in [0, 1).")
    double t;

    @Option(names = "--x", required = true, paramLabel = "v1,…,vd",
            description = "The noisy state x_t, comma-separated, one value per dimension of the model.")
    String x;

    @Option(names = "--sampler", defaultValue = "glass", paramLabel = "S",
            description = "exact: the closed-form posterior; glass: GLASS flow over the model's velocity; "
                    + "diamond:CKPT: jumps of a Posterior Diamond Map distilled for this model (spec 5.5). "
                    + "Default: ${DEFAULT-VALUE}.")
    String sampler;

    @Option(names = "--inner-steps", defaultValue = "32", paramLabel = "K",
            description = "Steps of the GLASS inner ODE (see --inner-solver), or jumps of the Diamond Map. "
                    + "Default: ${DEFAULT-VALUE}.")
    int innerSteps;

    @Mixin
    InnerSolverOption innerSolver;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        Checks.time("--t", t);
        if (t >= 1) {
            throw new IllegalArgumentException("--t must be below 1: at t=1 the state is already data");
        }
        Checks.positive("--inner-steps", innerSteps);
        try (NDManager m = NDManager.newBaseManager()) {
            ModelBundle loaded = model.load(m);
            double[] state = Points.parse("--x", x, loaded.dimension());
            var posterior = Samplers.posterior(loaded, sampler, innerSteps, innerSolver.solver(), m);
            Rng rng = output.begin();
            output.write(posterior.samplePosterior(t, Points.repeat(m, state, output.n, loaded), rng));
        }
        return 0;
    }
}
