package io.diamondmaps.align;

import io.diamondmaps.util.Rng;

import java.util.Arrays;

/**
 * Resampling schemes for particle methods: given normalised weights w (summing to 1 over a group of P particles),
 * return P ancestor indices whose counts have expectation P·w (unbiased).
 */
public enum Resampling {
    /** One uniform u ~ U[0, 1/P), points u + k/P, inverse CDF (lowest variance of the three; used by the paper). */
    SYSTEMATIC,
    /** P independent draws from the categorical distribution w. */
    MULTINOMIAL,
    /** ⌊P·w⌋ deterministic copies, the remainder drawn multinomially from the residual weights. */
    RESIDUAL;

    public int[] ancestors(double[] w, Rng rng) {
        int p = w.length;
        double[] cdf = new double[p];
        double acc = 0;
        for (int i = 0; i < p; i++) {
            acc += w[i];
            cdf[i] = acc;
        }
        for (int i = 0; i < p; i++) {
            cdf[i] /= acc;
        }
        int[] out = new int[p];
        switch (this) {
            case SYSTEMATIC: {
                double u = rng.nextDouble() / p;
                for (int k = 0; k < p; k++) {
                    out[k] = search(cdf, u + (double) k / p);
                }
                return out;
            }
            case MULTINOMIAL:
                for (int k = 0; k < p; k++) {
                    out[k] = search(cdf, rng.nextDouble());
                }
                Arrays.sort(out);
                return out;
            default: {
                int filled = 0;
                double[] residual = new double[p];
                double residualSum = 0;
                for (int i = 0; i < p; i++) {
                    double expected = p * w[i] / acc;
                    int copies = (int) Math.floor(expected);
                    for (int c = 0; c < copies; c++) {
                        out[filled++] = i;
                    }
                    residual[i] = expected - copies;
                    residualSum += residual[i];
                }
                if (filled < p) {
                    double[] rcdf = new double[p];
                    double r = 0;
                    for (int i = 0; i < p; i++) {
                        r += residual[i] / residualSum;
                        rcdf[i] = r;
                    }
                    while (filled < p) {
                        out[filled++] = search(rcdf, rng.nextDouble());
                    }
                }
                Arrays.sort(out);
                return out;
            }
        }
    }

    /** The first index whose cumulative weight exceeds u (clipped to the last index against round-off). */
    private static int search(double[] cdf, double u) {
        int lo = 0;
        int hi = cdf.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    public static Resampling byName(String name) {
        try {
            return valueOf(name.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown resampling '" + name
                    + "' (expected systematic, multinomial or residual)");
        }
    }
}
