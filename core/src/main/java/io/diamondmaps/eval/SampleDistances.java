package io.diamondmaps.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.model.Moments;
import io.diamondmaps.util.Rng;
import io.diamondmaps.util.Tensors;

/**
 * Distances between two sample sets of shape (N, d) and (M, d), computed in float64 with pairwise terms chunked so
 * that memory stays bounded. Within-set expectations use U-statistics (the diagonal excluded), so the estimates of
 * energy distance and MMD² are unbiased and fluctuate around 0 for two samples of the same law.
 */
public final class SampleDistances {
    private static final int CHUNK = 1024;

    private SampleDistances() {
    }

    /** Energy distance 2E‖X − Y‖ − E‖X − X'‖ − E‖Y − Y'‖ (squared form, Székely). */
    public static double energyDistance(NDArray a, NDArray b) {
        return 2 * meanPairwise(a, b, false, Kernel.DISTANCE) - meanPairwise(a, a, true, Kernel.DISTANCE)
                - meanPairwise(b, b, true, Kernel.DISTANCE);
    }

    /** Unbiased MMD² with the Gaussian kernel exp(−‖x − y‖²/(2h²)). */
    public static double mmd(NDArray a, NDArray b, double bandwidth) {
        Kernel k = Kernel.gaussian(bandwidth);
        return meanPairwise(a, a, true, k) + meanPairwise(b, b, true, k) - 2 * meanPairwise(a, b, false, k);
    }

    /**
     * Kernel distance on features (the KID construction, Bińkowski et al. 2018): unbiased MMD² with the cubic
     * polynomial kernel k(x, y) = (x·y/d + 1)³ of d-dimensional rows. Unlike the Fréchet distance it has no bias from
     * the sample size, so rows of a few hundred samples compare with each other and with a reference of another size.
     */
    public static double kernelDistance(NDArray a, NDArray b) {
        try (NDManager scope = a.getManager().newSubManager()) {
            NDArray x = copyInto(scope, a);
            NDArray y = copyInto(scope, b);
            double d = x.getShape().get(1);
            return offDiagonalMean(x, d) + offDiagonalMean(y, d) - 2 * cubicKernel(x, y, d).mean().getDouble();
        }
    }

    private static NDArray cubicKernel(NDArray x, NDArray y, double d) {
        return x.matMul(y.transpose()).div(d).add(1).pow(3);
    }

    /** Mean of k(x_i, x_j) over i ≠ j: the diagonal k(x_i, x_i) = (‖x_i‖²/d + 1)³ taken out exactly. */
    private static double offDiagonalMean(NDArray x, double d) {
        long n = x.getShape().get(0);
        double all = cubicKernel(x, x, d).sum().getDouble();
        double diagonal = x.square().sum(new int[] {1}).div(d).add(1).pow(3).sum().getDouble();
        return (all - diagonal) / ((double) n * (n - 1));
    }

    /**
     * Sliced Wasserstein-2: the root mean over {@code projections} random unit directions of the squared W2 between
     * the projected one-dimensional samples (empirical quantiles matched; the sets may differ in size). The directions
     * are drawn with {@code rng}.
     */
    public static double slicedWasserstein2(NDArray a, NDArray b, int projections, Rng rng) {
        try (NDManager scope = a.getManager().newSubManager()) {
            NDArray x = copyInto(scope, a);
            NDArray y = copyInto(scope, b);
            long d = x.getShape().get(1);
            NDArray dirs = rng.normal(scope, new Shape(d, projections), DataType.FLOAT64);
            dirs = dirs.div(dirs.norm(new int[] {0}, true));
            NDArray px = x.matMul(dirs).sort(0);
            NDArray py = y.matMul(dirs).sort(0);
            long n = px.getShape().get(0);
            long m = py.getShape().get(0);
            if (n != m) {
                // Match quantile levels (i + ½)/n of the larger set to the nearest order statistic of the smaller.
                if (n > m) {
                    NDArray tmp = px;
                    px = py;
                    py = tmp;
                    long t = n;
                    n = m;
                    m = t;
                }
                double[] idx = new double[(int) n];
                for (int i = 0; i < n; i++) {
                    idx[i] = Math.min(m - 1, Math.floor((i + 0.5) * m / n));
                }
                py = py.get(scope.create(idx).toType(DataType.INT64, false));
            }
            return Math.sqrt(px.sub(py).square().mean().getDouble());
        }
    }

    /** ‖mean(samples) − m‖₂. */
    public static double meanError(NDArray samples, Moments exact) {
        return SampleStatistics.meanError(SampleStatistics.moments(samples), exact);
    }

    /** ‖cov(samples) − C‖_F. */
    public static double covarianceError(NDArray samples, Moments exact) {
        return SampleStatistics.covarianceError(SampleStatistics.moments(samples), exact);
    }

    private interface Kernel {
        Kernel DISTANCE = sq -> sq.maximum(0).sqrt();

        NDArray apply(NDArray squaredDistances);

        static Kernel gaussian(double h) {
            return sq -> sq.div(-2 * h * h).exp();
        }
    }

    /** Mean of k(‖x_i − y_j‖²) over all pairs, or over i ≠ j when {@code sameSet}. */
    private static double meanPairwise(NDArray a, NDArray b, boolean sameSet, Kernel kernel) {
        try (NDManager scope = a.getManager().newSubManager()) {
            NDArray x = copyInto(scope, a);
            NDArray y = copyInto(scope, b);
            long n = x.getShape().get(0);
            long m = y.getShape().get(0);
            NDArray yNorms = y.square().sum(new int[] {1});
            double total = 0;
            for (long start = 0; start < n; start += CHUNK) {
                long end = Math.min(n, start + CHUNK);
                try (NDManager chunk = scope.newSubManager()) {
                    NDArray xi = x.get(start + ":" + end);
                    chunk.tempAttachAll(xi);
                    NDArray sq = xi.square().sum(new int[] {1}, true).add(yNorms.expandDims(0))
                            .sub(xi.matMul(y.transpose()).mul(2));
                    total += kernel.apply(sq).sum().getDouble();
                }
            }
            if (sameSet) {
                // The diagonal holds k(0): remove it exactly instead of trusting round-off.
                double k0 = kernel.apply(Tensors.constant(x, new double[] {0}, new Shape(1))).getDouble();
                return (total - n * k0) / ((double) n * (n - 1));
            }
            return total / ((double) n * m);
        }
    }

    /** A float64 copy owned by {@code scope}, so closing the scope frees it and never the caller's array. */
    private static NDArray copyInto(NDManager scope, NDArray a) {
        NDArray c = a.toType(DataType.FLOAT64, true);
        c.attach(scope);
        return c;
    }
}
