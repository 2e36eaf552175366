package io.diamondmaps.bench;

import io.diamondmaps.align.ExactValue;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.reward.LinearReward;
import io.diamondmaps.reward.MeasurementReward;
import io.diamondmaps.reward.Operators;
import io.diamondmaps.reward.RewardTilt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Alignment problems nobody tuned on, drawn from a seed: Gaussian mixtures of dimension 2–8 with 2–6 components of
 * unequal weights (log-normal, spread 1.2), means N(0, 1.5²I) and shapes (scales 0.05–0.5, anisotropic), and a linear or a
 * quadratic
 * (measurement, one or two rows, η ∈ {0.35, 0.6, 1}) reward from mild to sharp; one problem in three puts its target on the lightest
 * component (the measurement is that component's mean, its weight at most 10 %), where a prior finds the target
 * unlikely. Problem i is for tuning when i is even and held out when it is odd, so a default is picked on one half and
 * judged on the other.
 */
public final class DefaultsSuite {
    /**
     * One problem: a mixture, a reward at temperature 1, and what kind of target it has.
     *
     * @param index its place in the suite (even: tuning, odd: held out)
     * @param name dimension, components and reward, for tables
     * @param gmm the model, an exact mixture
     * @param tilt the reward and temperature
     * @param rareTarget whether the target sits on the lightest component
     */
    public record Problem(int index, String name, GaussianMixture gmm, RewardTilt tilt, boolean rareTarget) {
        public boolean heldOut() {
            return index % 2 == 1;
        }

        /** The weight of the target p^r on the model's lightest component. */
        public double targetMassOnLightest() {
            GaussianMixture target = ExactValue.tiltedTarget(gmm, tilt);
            return target.weights()[lightest(gmm.weights())];
        }
    }

    private DefaultsSuite() {
    }

    /** {@code count} problems drawn from {@code seed}. */
    public static List<Problem> generate(long seed, int count) {
        List<Problem> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(problem(i, new Random(seed * 1_000_003L + i)));
        }
        return out;
    }

    static Problem problem(int index, Random r) {
        int d = 2 + r.nextInt(7);
        int k = 2 + r.nextInt(5);
        boolean rare = index % 3 == 2;
        double[] w = new double[k];
        double[][] mu = new double[k][d];
        double[][][] cov = new double[k][][];
        for (int c = 0; c < k; c++) {
            w[c] = Math.exp(1.2 * r.nextGaussian());
            for (int i = 0; i < d; i++) {
                mu[c][i] = 1.5 * r.nextGaussian();
            }
            cov[c] = covariance(d, 0.05 + 0.45 * r.nextDouble(), r);
        }
        normalise(w);
        int light = lightest(w);
        if (rare && w[light] > 0.1) {
            // The lightest component at 3-10 % of the weight, the rest rescaled.
            double target = 0.03 + 0.07 * r.nextDouble();
            double rest = 1 - w[light];
            for (int c = 0; c < k; c++) {
                w[c] = c == light ? target : w[c] * (1 - target) / rest;
            }
        }
        GaussianMixture gmm = new GaussianMixture(w, mu, cov);
        RewardTilt tilt;
        String reward;
        if (!rare && r.nextDouble() < 0.35) {
            double strength = new double[] {0.5, 1, 2}[r.nextInt(3)];
            double[] c = unit(d, r);
            for (int i = 0; i < d; i++) {
                c[i] *= strength;
            }
            tilt = new RewardTilt(new LinearReward(c), 1);
            reward = String.format(Locale.ROOT, "linear, |c| = %.1f", strength);
        } else {
            int rows = 1 + r.nextInt(Math.min(2, d));
            double eta = new double[] {0.35, 0.6, 1.0}[r.nextInt(3)];
            double[][] a = new double[rows][];
            for (int j = 0; j < rows; j++) {
                a[j] = unit(d, r);
            }
            // The measured point: the lightest component's mean for a rare target, else a random component's.
            double[] at = mu[rare ? light : r.nextInt(k)].clone();
            if (!rare) {
                for (int i = 0; i < d; i++) {
                    at[i] += 0.7 * r.nextGaussian();
                }
            }
            double[] y = new double[rows];
            for (int j = 0; j < rows; j++) {
                for (int i = 0; i < d; i++) {
                    y[j] += a[j][i] * at[i];
                }
            }
            tilt = new RewardTilt(new MeasurementReward(Operators.matrix(a), y, eta), 1);
            reward = String.format(Locale.ROOT, "quadratic, %d row%s, η = %.2f%s", rows, rows == 1 ? "" : "s", eta,
                    rare ? String.format(Locale.ROOT, ", on a %.0f %% component", 100 * w[light]) : "");
        }
        String name = String.format(Locale.ROOT, "#%d %d-D, %d components, %s", index, d, k, reward);
        return new Problem(index, name, gmm, tilt, rare);
    }

    /** s·(0.2·I + W Wᵀ/d) with W standard normal: anisotropic, scale s. */
    private static double[][] covariance(int d, double scale, Random r) {
        double[][] wm = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                wm[i][j] = r.nextGaussian();
            }
        }
        double[][] c = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int l = 0; l < d; l++) {
                    s += wm[i][l] * wm[j][l];
                }
                c[i][j] = scale * ((i == j ? 0.2 : 0) + s / d);
            }
        }
        return c;
    }

    private static double[] unit(int d, Random r) {
        double[] v = new double[d];
        double n = 0;
        for (int i = 0; i < d; i++) {
            v[i] = r.nextGaussian();
            n += v[i] * v[i];
        }
        for (int i = 0; i < d; i++) {
            v[i] /= Math.sqrt(n);
        }
        return v;
    }

    private static void normalise(double[] w) {
        double s = 0;
        for (double v : w) {
            s += v;
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= s;
        }
    }

    static int lightest(double[] w) {
        int best = 0;
        for (int i = 1; i < w.length; i++) {
            if (w[i] < w[best]) {
                best = i;
            }
        }
        return best;
    }
}
