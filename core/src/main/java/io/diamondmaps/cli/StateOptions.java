package io.diamondmaps.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.data.SampleCsv;
import io.diamondmaps.model.load.ModelBundle;
import io.diamondmaps.sample.OdeSolver;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Tensors;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The given state x_t at time t, the sampler and its inner flow's settings: {@code posterior} and {@code transition}. */
final class StateOptions {
    @Option(names = "--t", required = true, paramLabel = "T") double t;
    @Option(names = "--sampler", defaultValue = "glass", paramLabel = "S") String sampler;

    @Option(names = "--x", required = true, paramLabel = "v1,…,vd",
            description = "The state x_t, comma-separated, one value per dimension of the model.")
    String x;

    @Option(names = "--inner-steps", defaultValue = "32", paramLabel = "K",
            description = "Steps of the GLASS inner ODE (see --inner-solver), or jumps of the Diamond Map. "
                    + "Default: ${DEFAULT-VALUE}.")
    int innerSteps;

    @Mixin InnerSolverOption innerSolver;

    /** --inner-steps, checked. */
    int innerSteps() {
        return Checks.positive("--inner-steps", innerSteps);
    }

    OdeSolver solver() {
        return innerSolver.solver();
    }

    /** n copies of the state as rows of an (n, d) array in the model's precision (float64 exact, float32 neural). */
    NDArray repeated(NDManager m, ModelBundle model, int n) {
        double[] v;
        try {
            v = SampleCsv.parseVector(x);
        } catch (IllegalArgumentException e) {
            throw OptionErrors.about("--x", e);
        }
        if (v.length != model.dimension()) {
            throw new IllegalArgumentException("--x has " + v.length + " values but the model has dimension "
                    + model.dimension());
        }
        NDArray rows = Tensors.owned(m, v, new Shape(1, v.length)).repeat(0, n);
        return model.exact() != null ? rows : rows.toType(DataType.FLOAT32, false);
    }
}
