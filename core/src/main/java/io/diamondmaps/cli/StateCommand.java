package io.diamondmaps.cli;

import ai.djl.ndarray.NDManager;
import io.diamondmaps.model.load.ModelBundle;
import io.diamondmaps.sample.Chunked;
import io.diamondmaps.sample.Samplers;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Rng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.concurrent.Callable;

/** {@code posterior} and {@code transition}: samples drawn from a given state x_t by a named sampler. */
abstract class StateCommand implements Callable<Integer> {
    @Mixin DeviceOptions devices;
    @Mixin ModelOptions model;
    @Mixin StateOptions state;
    @Mixin OutputOptions output;

    /** Checks the times before anything is loaded. */
    abstract void checkTimes();

    /** The sampler of one chunk of samples from the state, built on {@code m}. */
    abstract Chunked.Draw draw(ModelBundle loaded, NDManager m, Rng rng) throws IOException;

    @Override
    public Integer call() throws Exception {
        checkTimes();
        try (NDManager m = devices.newManager()) {
            ModelBundle loaded = model.load(m);
            output.write(m, loaded.sampleShape(), draw(loaded, m, output.begin()),
                    getClass().getAnnotation(Command.class).name());
        }
        return 0;
    }

    @Command(name = "posterior", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Draw samples of the posterior x1 | x_t = x: what the data point behind a noisy state may be.")
    static final class Posterior extends StateCommand {
        @Override
        void checkTimes() {
            Checks.time("--t", state.t);
            if (state.t >= 1) {
                throw new IllegalArgumentException("--t must be below 1: at t=1 the state is already data");
            }
        }

        @Override
        Chunked.Draw draw(ModelBundle loaded, NDManager m, Rng rng) throws IOException {
            var posterior = Samplers.posterior(loaded, state.sampler, state.innerSteps(), state.solver(), m);
            return (scope, rows) -> posterior.samplePosterior(state.t, state.repeated(scope, loaded, rows), rng);
        }
    }

    @Command(name = "transition", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Draw samples of the stochastic transition x_t' | x_t = x for t < t' (a less noisy state).")
    static final class Transition extends StateCommand {
        @Option(names = "--t-next", required = true, paramLabel = "T2") double tNext;

        @Override
        void checkTimes() {
            Checks.timePair("--t", state.t, "--t-next", tNext);
        }

        @Override
        Chunked.Draw draw(ModelBundle loaded, NDManager m, Rng rng) throws IOException {
            var kernel = Samplers.transition(loaded, state.sampler, state.innerSteps(), state.solver(), m);
            return (scope, rows) -> kernel.transition(state.t, tNext, state.repeated(scope, loaded, rows), rng);
        }
    }
}
