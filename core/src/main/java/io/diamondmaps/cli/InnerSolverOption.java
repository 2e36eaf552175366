package io.diamondmaps.cli;

import io.diamondmaps.sample.OdeSolver;
import io.diamondmaps.util.EnumNames;
import picocli.CommandLine.Option;

/** {@code --inner-solver}: how every command integrates the GLASS inner ODE, with the library's one default. */
final class InnerSolverOption {
    @Option(names = "--inner-solver", defaultValue = "midpoint", paramLabel = "S",
            description = "GLASS inner integrator: midpoint (2 evaluations per inner step, second order) or euler (1, "
                    + "the reference code's). Default: ${DEFAULT-VALUE}.")
    String innerSolver;

    OdeSolver solver() {
        return EnumNames.parse(OdeSolver.class, "--inner-solver", innerSolver);
    }
}
