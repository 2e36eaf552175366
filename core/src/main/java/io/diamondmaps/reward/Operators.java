package io.diamondmaps.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Tensors;

import java.util.Arrays;

/** The measurement operators of the inverse problems (spec §10.1): dense matrix, identity, mask, average pooling. */
public final class Operators {
    private Operators() {
    }

    /** A dense matrix A (m × d). */
    public static LinearOperator matrix(double[][] a) {
        if (a.length == 0 || a[0].length == 0) {
            throw new IllegalArgumentException("A must have at least one row and one column");
        }
        int d = a[0].length;
        for (int r = 0; r < a.length; r++) {
            if (a[r].length != d) {
                throw new IllegalArgumentException("A row " + r + " has " + a[r].length + " entries, expected " + d);
            }
            Checks.finite("A[" + r + "]", a[r]);
        }
        double[] flat = Arrays.stream(a).flatMapToDouble(Arrays::stream).toArray();
        double[][] copy = Arrays.stream(a).map(double[]::clone).toArray(double[][]::new);
        return new LinearOperator() {
            @Override
            public NDArray apply(NDArray x) {
                NDArray rows = x.reshape(x.getShape().get(0), -1);
                return rows.matMul(Tensors.constant(rows, flat, new Shape(copy.length, d)).transpose());
            }

            @Override
            public long inputSize() {
                return d;
            }

            @Override
            public long outputSize() {
                return copy.length;
            }

            @Override
            public double[][] matrix() {
                return Arrays.stream(copy).map(double[]::clone).toArray(double[][]::new);
            }

            @Override
            public String describe() {
                return copy.length + "x" + d + " matrix";
            }
        };
    }

    /** A = I (denoising). */
    public static LinearOperator identity(long size) {
        return new LinearOperator() {
            @Override
            public NDArray apply(NDArray x) {
                return x.reshape(x.getShape().get(0), -1);
            }

            @Override
            public long inputSize() {
                return size;
            }

            @Override
            public long outputSize() {
                return size;
            }

            @Override
            public String describe() {
                return "identity";
            }
        };
    }

    /** A = diag(mask) with a 0/1 mask over the flattened sample (inpainting: observed where mask = 1). */
    public static LinearOperator mask(double[] mask) {
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] != 0 && mask[i] != 1) {
                throw new IllegalArgumentException("mask[" + i + "] must be 0 or 1, got " + mask[i]);
            }
        }
        double[] copy = mask.clone();
        long observed = Arrays.stream(copy).filter(v -> v == 1).count();
        return new LinearOperator() {
            @Override
            public NDArray apply(NDArray x) {
                NDArray rows = x.reshape(x.getShape().get(0), -1);
                return rows.mul(Tensors.constant(rows, copy, new Shape(1, copy.length)));
            }

            @Override
            public long inputSize() {
                return copy.length;
            }

            @Override
            public long outputSize() {
                return copy.length;
            }

            @Override
            public String describe() {
                return "mask observing " + observed + " of " + copy.length;
            }
        };
    }

    /**
     * Average pooling by {@code factor} of images with {@code channels} × {@code height} × {@code width} values per
     * sample (super-resolution ×factor); the factor must divide height and width.
     */
    public static LinearOperator averagePool(int channels, int height, int width, int factor) {
        Checks.positive("factor", factor);
        if (height % factor != 0 || width % factor != 0) {
            throw new IllegalArgumentException("the factor " + factor + " must divide the image size " + height + "x"
                    + width);
        }
        int h = height / factor;
        int w = width / factor;
        return new LinearOperator() {
            @Override
            public NDArray apply(NDArray x) {
                long n = x.getShape().get(0);
                return x.reshape(n, channels, h, factor, w, factor).mean(new int[] {5}).mean(new int[] {3}).reshape(n, -1);
            }

            @Override
            public long inputSize() {
                return (long) channels * height * width;
            }

            @Override
            public long outputSize() {
                return (long) channels * h * w;
            }

            @Override
            public String describe() {
                return "average pool x" + factor;
            }
        };
    }
}
