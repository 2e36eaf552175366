package io.diamondmaps;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.util.Rng;

/** Shared test mixtures. */
public final class Fixtures {
    private Fixtures() {
    }

    public static NDManager manager() {
        return NDManager.newBaseManager();
    }

    /**
     * {@code n} float64 times uniform in a model's covered {@code range}, kept 0.02 inside [0, 1], and as many 2-D
     * states N(0, 1.5²I): where a model's field is compared with the mixture it describes.
     */
    public static NDArray[] timesAndStatesIn(NDManager m, double[] range, int n, Rng rng) {
        NDArray t = rng.uniform(m, Math.max(range[0], 0.02), Math.min(range[1], 0.98), new Shape(n), DataType.FLOAT64);
        NDArray x = rng.normal(m, 1.5, new Shape(n, 2), DataType.FLOAT64);
        return new NDArray[] {t, x};
    }

    public static NDArray row(NDManager m, double... values) {
        return m.create(values).reshape(1, values.length);
    }

    public static NDArray repeatRow(NDManager m, double[] values, int n) {
        return row(m, values).repeat(0, n);
    }

    public static NDArray times(NDManager m, int n, double t) {
        return m.full(new ai.djl.ndarray.types.Shape(n), 0f, DataType.FLOAT64).add(t);
    }

    /** The 1-D Gaussian N(0.7, 0.3) of spec §4.8. */
    public static GaussianMixture gaussian1d() {
        return new GaussianMixture(new double[] {1}, new double[][] {{0.7}}, new double[][][] {{{0.3}}});
    }

    /** A bimodal 1-D mixture. */
    public static GaussianMixture bimodal1d() {
        return new GaussianMixture(new double[] {0.3, 0.7}, new double[][] {{-1.5}, {1.0}},
                new double[][][] {{{0.2}}, {{0.4}}});
    }

    /** Three correlated 2-D components. */
    public static GaussianMixture mixture2d() {
        return new GaussianMixture(new double[] {0.5, 0.3, 0.2},
                new double[][] {{-1.5, 0.5}, {1.5, 1.0}, {0.0, -1.5}},
                new double[][][] {
                    {{0.30, 0.10}, {0.10, 0.20}},
                    {{0.20, -0.05}, {-0.05, 0.40}},
                    {{0.25, 0.0}, {0.0, 0.10}}});
    }

    /** Two components in 6-D with dense covariances. */
    public static GaussianMixture mixture6d() {
        int d = 6;
        double[][][] covs = new double[2][d][d];
        double[][] means = new double[2][d];
        for (int i = 0; i < d; i++) {
            means[0][i] = i % 2 == 0 ? 1.0 : -0.5;
            means[1][i] = -means[0][i];
            for (int j = 0; j < d; j++) {
                covs[0][i][j] = (i == j ? 0.3 : 0.0) + 0.05 * Math.cos(i - j);
                covs[1][i][j] = (i == j ? 0.2 : 0.0) + 0.04 * Math.exp(-Math.abs(i - j));
            }
        }
        return new GaussianMixture(new double[] {0.6, 0.4}, means, covs);
    }

    /**
     * Redraws every parameter at random, so that no derivative or input row is trivially zero (a new network's zero
     * output layer makes it the identity map): normalisation gains ({@code .g}) uniform in [0.5, 1.5], the rest
     * N(0, std²).
     */
    public static void randomise(io.diamondmaps.model.neural.Parameters params, NDManager m, Rng rng, float std) {
        for (var e : params.asMap().entrySet()) {
            NDArray p = e.getValue();
            NDArray v = e.getKey().endsWith(".g") ? rng.uniform(m, 0.5f, 1.5f, p.getShape(), p.getDataType())
                    : rng.normal(m, std, p.getShape(), p.getDataType());
            p.set(new ai.djl.ndarray.index.NDIndex("..."), v);
        }
    }

    /** A float64 flow-map MLP on the linear interpolant with every parameter random ({@link #randomise}, std 0.3). */
    public static io.diamondmaps.model.neural.MapMlp randomMapMlp(NDManager m, Rng rng, int dimension, int width,
            int depth) {
        io.diamondmaps.model.neural.MapMlp net = new io.diamondmaps.model.neural.MapMlp(
                new io.diamondmaps.model.neural.MapMlp.Config(dimension, width, depth),
                io.diamondmaps.interpolant.Interpolant.byName("linear"), m, ai.djl.ndarray.types.DataType.FLOAT64);
        randomise(net.parameters(), m, rng, 0.3f);
        return net;
    }

    /**
     * The joint law of (x_t, x_{t'}) of {@link #gaussian1d} (N(0.7, 0.3), linear interpolant) under the DDPM coupling
     * (spec §4.8): {Var(x_t), Cov(x_t, x_{t'}), Var(x_{t'})}, the covariance α_tα_{t'}Var(x₁) + σ_tσ_{t'}ρ with
     * ρ = α_tσ_{t'}/(α_{t'}σ_t) (4.1).
     */
    public static double[] gaussian1dDdpmJoint(double t, double tn) {
        double rho = t * (1 - tn) / (tn * (1 - t));
        return new double[] {t * t * 0.3 + (1 - t) * (1 - t), t * tn * 0.3 + (1 - t) * (1 - tn) * rho,
            tn * tn * 0.3 + (1 - tn) * (1 - tn)};
    }
}
