package io.diamondmaps.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.diamondmaps.util.Tensors;

/** A measurement operator A of an inverse problem (spec §10.1), linear and batched: (N, inputSize) ↦ (N, outputSize). */
public interface LinearOperator {
    /** A·x for each row of the flattened batch. */
    NDArray apply(NDArray x);

    long inputSize();

    long outputSize();

    String describe();

    /** The dense matrix (outputSize × inputSize), found by applying A to the standard basis. */
    default double[][] matrix() {
        int n = Math.toIntExact(inputSize());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray eye = m.eye(n, n, 0, DataType.FLOAT64);
            double[][] columns = Tensors.toRows(apply(eye));
            double[][] a = new double[columns[0].length][n];
            for (int i = 0; i < n; i++) {
                for (int r = 0; r < a.length; r++) {
                    a[r][i] = columns[i][r];
                }
            }
            return a;
        }
    }
}
