package io.diamondmaps.cli;

import ai.djl.ndarray.NDManager;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.model.load.ModelBundle;
import io.diamondmaps.sample.OdeSolver;
import io.diamondmaps.sample.Samplers;
import io.diamondmaps.sample.TimeGrid;
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
    @Mixin DeviceOptions devices;
    @Mixin ModelOptions model;
    @Option(names = "--method", defaultValue = "ode", paramLabel = "M") String method;
    @Option(names = {"--steps", "--outer-steps"}, defaultValue = "50", paramLabel = "N") int steps;
    @Option(names = "--inner-steps", defaultValue = "10", paramLabel = "K") int innerSteps;
    @Mixin InnerSolverOption innerSolver;
    @Option(names = "--solver", defaultValue = "heun", paramLabel = "S") String solver;
    @Option(names = "--time-grid", paramLabel = "G") String timeGrid;
    @Mixin OutputOptions output;

    @Override
    public Integer call() throws Exception {
        Checks.positive("--steps", steps);
        Checks.positive("--inner-steps", innerSteps);
        Samplers.Recipe recipe;
        TimeGrid.Spacing grid = TimeGridOption.parse(timeGrid);
        try {
            recipe = new Samplers.Recipe(method, steps, innerSteps, EnumNames.parse(OdeSolver.class, "--solver", solver),
                    innerSolver.solver(), grid);
        } catch (IllegalArgumentException e) {
            throw OptionErrors.about("--method", e);
        }
        try (NDManager m = devices.newManager()) {
            ModelBundle loaded = model.load(m);
            Rng rng = output.begin();
            EvaluationCounter counter = new EvaluationCounter();
            output.write(m, loaded.sampleShape(),
                    (scope, rows) -> Samplers.generate(loaded, recipe, scope, rows, rng, counter), "sample");
            System.out.printf("%s: %.1f model evaluations per sample%n", recipe.label(), counter.nfePerSample(output.n));
        }
        return 0;
    }
}
