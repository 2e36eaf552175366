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
    ModelOptions model;

    @Option(names = "--t", required = true, paramLabel = "T", description = "Time of the given state, in [0, 1).")
    double t;

    @Option(names = "--t-next", required = true, paramLabel = "T2", description = "Target time, in (T, 1].")
    double tNext;

    @Option(names = "--sampler", defaultValue = "glass", paramLabel = "S",
            description = "exact: the closed-form DDPM transition; ddpm: Gaussian step with the denoiser plugged in "
                    + "(baseline); glass: GLASS flow; early-stop: GLASS posterior flow stopped at s* and read out "
                    + "through the sufficient statistic; ode: a jump of the model's flow map (deterministic); "
                    + "diamond:CKPT: the same early stop by jumps of a Posterior Diamond Map distilled for this model; "
                    + "diamond: the --model's own Diamond Map. Default: ${DEFAULT-VALUE}.")
    String sampler;

    @Mixin
    StateOptions state;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        Checks.timePair("--t", t, "--t-next", tNext);
        try (NDManager m = NDManager.newBaseManager()) {
            ModelBundle loaded = model.load(m);
            var kernel = Samplers.transition(loaded, sampler, state.innerSteps(), state.solver(), m);
            Rng rng = output.begin();
            output.write(kernel.transition(t, tNext, state.repeated(m, loaded, output.n), rng));
        }
        return 0;
    }
}
