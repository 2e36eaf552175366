package io.diamondmaps.cli;

import ai.djl.ndarray.NDManager;
import io.diamondmaps.model.load.ModelBundle;
import io.diamondmaps.sample.Samplers;
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
    DeviceOptions devices;

    @Mixin
    ModelOptions model;

    @Mixin
    StateOptions state;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        Checks.time("--t", state.t);
        if (state.t >= 1) {
            throw new IllegalArgumentException("--t must be below 1: at t=1 the state is already data");
        }
        try (NDManager m = devices.newManager()) {
            ModelBundle loaded = model.load(m);
            var posterior = Samplers.posterior(loaded, state.sampler, state.innerSteps(), state.solver(), m);
            Rng rng = output.begin();
            output.write(m, loaded.sampleShape(),
                    (scope, rows) -> posterior.samplePosterior(state.t, state.repeated(scope, loaded, rows), rng), "posterior");
        }
        return 0;
    }
}
