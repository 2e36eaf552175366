package io.diamondmaps.eval;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.model.Moments;
import io.diamondmaps.util.Tensors;

/** Empirical mean and covariance of samples (N, d), and their errors against exact moments. */
public final class SampleStatistics {
    private SampleStatistics() {
    }

    public static Moments moments(NDArray samples) {
        double[][] rows = Tensors.toRows(samples);
        int n = rows.length;
        int d = rows[0].length;
        double[] mean = new double[d];
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j] / n;
            }
        }
        double[][] cov = new double[d][d];
        for (double[] r : rows) {
            for (int i = 0; i < d; i++) {
                double di = r[i] - mean[i];
                for (int j = 0; j < d; j++) {
                    cov[i][j] += di * (r[j] - mean[j]) / (n - 1);
                }
            }
        }
        return new Moments(mean, cov);
    }

    public static double meanError(Moments a, Moments b) {
        double s = 0;
        for (int j = 0; j < a.dimension(); j++) {
            double e = a.mean()[j] - b.mean()[j];
            s += e * e;
        }
        return Math.sqrt(s);
    }

    public static double covarianceError(Moments a, Moments b) {
        double s = 0;
        for (int i = 0; i < a.dimension(); i++) {
            for (int j = 0; j < a.dimension(); j++) {
                double e = a.covariance()[i][j] - b.covariance()[i][j];
                s += e * e;
            }
        }
        return Math.sqrt(s);
    }
}
