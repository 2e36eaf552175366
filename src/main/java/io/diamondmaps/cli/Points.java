package io.diamondmaps.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.diamondmaps.data.SampleCsv;

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

    /** n copies of the point as rows of a float64 (n, d) array. */
    static NDArray repeat(NDManager m, double[] v, int n) {
        return m.create(v).reshape(1, v.length).repeat(0, n);
    }
}
