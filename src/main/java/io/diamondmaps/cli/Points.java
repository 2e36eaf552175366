package io.diamondmaps.cli;

import io.diamondmaps.model.load.ModelBundle;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.data.SampleCsv;
import io.diamondmaps.util.Tensors;

/** Parses a point given on the command line. */
final class Points {
    private Points() {
    }

    static double[] parse(String option, String text, int dimension) {
        double[] v;
        try {
            v = SampleCsv.parseVector(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
        if (v.length != dimension) {
            throw new IllegalArgumentException(option + " has " + v.length + " values but the model has dimension "
                    + dimension);
        }
        return v;
    }

    /** n copies of the point as rows of an (n, d) array in the model's precision (float64 exact, float32 neural). */
    static NDArray repeat(NDManager m, double[] v, int n, ModelBundle model) {
        NDArray rows = Tensors.owned(m, v, new Shape(1, v.length)).repeat(0, n);
        return model.exact() != null ? rows : rows.toType(DataType.FLOAT32, false);
    }
}
