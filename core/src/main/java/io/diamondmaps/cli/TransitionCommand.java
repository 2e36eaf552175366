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

@Command(name = "transition", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Draw samples of the stochastic transition x_t' | x_t = x for t < t' (a less noisy state).")
final class TransitionCommand implements Callable<Integer> {
    @Mixin
    DeviceOptions devices;

    @Mixin
    ModelOptions model;

    @Mixin
    StateOptions state;

    @Option(names = "--t-next", required = true, paramLabel = "T2")
    double tNext;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        Checks.timePair("--t", state.t, "--t-next", tNext);
        try (NDManager m = devices.newManager()) {
            ModelBundle loaded = model.load(m);
            var kernel = Samplers.transition(loaded, state.sampler, state.innerSteps(), state.solver(), m);
            Rng rng = output.begin();
            output.write(m, loaded.sampleShape(), (scope, rows) -> kernel.transition(state.t, tNext,
                    state.repeated(scope, loaded, rows), rng), "transition");
        }
        return 0;
    }
}
