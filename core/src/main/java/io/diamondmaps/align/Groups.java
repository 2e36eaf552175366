package io.diamondmaps.align;

import io.diamondmaps.util.Rng;

/** Per-group log-weight arithmetic on the host: G groups of P particles stored contiguously. */
final class Groups {
    private Groups() {
    }

    static double logSumExp(double[] a, int from, int to) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            max = Math.max(max, a[i]);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double s = 0;
        for (int i = from; i < to; i++) {
            s += Math.exp(a[i] - max);
        }
        return max + Math.log(s);
    }

    /** Normalised weights of particles [from, to). */
    static double[] normalised(double[] logW, int from, int to) {
        double lse = logSumExp(logW, from, to);
        double[] w = new double[to - from];
        for (int i = from; i < to; i++) {
            w[i - from] = Math.exp(logW[i] - lse);
        }
        return w;
    }

    /** Effective sample size 1/Σ w² of normalised weights. */
    static double ess(double[] w) {
        double s = 0;
        for (double v : w) {
            s += v * v;
        }
        return 1 / s;
    }

    /** One index drawn with probabilities w. */
    static int categorical(double[] w, Rng rng) {
        double u = rng.nextDouble();
        double acc = 0;
        for (int i = 0; i < w.length; i++) {
            acc += w[i];
            if (u < acc) {
                return i;
            }
        }
        return w.length - 1;
    }

    static int distinct(int[] indices) {
        return (int) java.util.Arrays.stream(indices).distinct().count();
    }

    static void requireFinite(double[] v, String what) {
        for (double x : v) {
            if (Double.isNaN(x) || x == Double.POSITIVE_INFINITY) {
                throw new IllegalStateException(what + " produced " + x + "; lower the reward scale or raise the temperature");
            }
        }
    }
}
