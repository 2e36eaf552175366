package io.diamondmaps.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.util.Rng;
import io.diamondmaps.util.Tensors;

/** Two-dimensional toy data sets and the exact mixture as a data source; all draw from the engine's seeded RNG. */
public final class ToyDatasets {
    private ToyDatasets() {
    }

    /** Looks up {@code checkerboard}, {@code moons}, {@code rings} or {@code swiss-roll}. */
    public static Dataset byName(String name) {
        switch (name) {
            case "checkerboard":
                return toy(name, ToyDatasets::checkerboard);
            case "moons":
                return toy(name, ToyDatasets::moons);
            case "rings":
                return toy(name, ToyDatasets::rings);
            case "swiss-roll":
                return toy(name, ToyDatasets::swissRoll);
            default:
                throw new IllegalArgumentException("unknown toy data set '" + name
                        + "' (expected checkerboard, moons, rings or swiss-roll)");
        }
    }

    /** Samples of an exact Gaussian mixture (float32). */
    public static Dataset mixture(GaussianMixture gmm, String name) {
        return new Dataset() {
            @Override
            public NDArray sample(NDManager manager, int n, Rng rng) {
                try (NDArray x = gmm.sample(manager, n, rng)) {
                    return x.toType(DataType.FLOAT32, true);
                }
            }

            @Override
            public Shape sampleShape() {
                return new Shape(gmm.dimension());
            }

            @Override
            public String describe() {
                return name;
            }
        };
    }

    private interface Sampler {
        NDArray sample(NDManager m, int n, Rng rng);
    }

    private static Dataset toy(String name, Sampler sampler) {
        return new Dataset() {
            @Override
            public NDArray sample(NDManager manager, int n, Rng rng) {
                try (NDManager scope = manager.newSubManager()) {
                    NDArray x = sampler.sample(scope, n, rng).toType(DataType.FLOAT32, true);
                    x.attach(manager);
                    return x;
                }
            }

            @Override
            public Shape sampleShape() {
                return new Shape(2);
            }

            @Override
            public String describe() {
                return "toy:" + name;
            }
        };
    }

    private static NDArray uniform(NDManager m, int n, double lo, double hi, Rng rng) {
        return rng.uniform(m, lo, hi, new Shape(n), DataType.FLOAT64);
    }

    /** Fair coin flips, 0 or 1, as float64. */
    private static NDArray coins(NDManager m, int n, Rng rng) {
        return rng.integers(m, 0, 2, new Shape(n)).toType(DataType.FLOAT64, false);
    }


    /** A 4×4 checkerboard on [−2, 2]²: x uniform, y uniform on the cells whose parity matches x's column. */
    private static NDArray checkerboard(NDManager m, int n, Rng rng) {
        NDArray x = uniform(m, n, -2, 2, rng);
        NDArray row = coins(m, n, rng);
        NDArray col = x.add(2).floor();
        // Cells (col, r) with col + r even: r ∈ {0..3} of parity col, chosen among the two options.
        NDArray parity = col.sub(col.div(2).floor().mul(2));
        NDArray r = row.mul(2).add(parity);
        NDArray y = uniform(m, n, 0, 1, rng).add(r).sub(2);
        return x.stack(y, 1);
    }

    /** Two interleaved half circles with noise 0.1, scaled to about [−2, 2]. */
    private static NDArray moons(NDManager m, int n, Rng rng) {
        NDArray angle = uniform(m, n, 0, Math.PI, rng);
        NDArray upper = coins(m, n, rng);
        NDArray sign = upper.mul(2).sub(1);
        NDArray x = angle.cos().mul(sign).add(upper.neg().add(1));
        NDArray y = angle.sin().mul(sign).add(upper.neg().add(1).mul(0.5)).sub(0.25);
        NDArray pts = x.stack(y, 1).sub(Tensors.owned(m, new double[] {0.5, 0}, new Shape(1, 2))).mul(1.5);
        return pts.add(rng.normal(m, 0.1, pts.getShape(), DataType.FLOAT64));
    }

    /** Two concentric rings of radii 1 and 2 with noise 0.08. */
    private static NDArray rings(NDManager m, int n, Rng rng) {
        NDArray angle = uniform(m, n, 0, 2 * Math.PI, rng);
        NDArray radius = coins(m, n, rng).add(1);
        NDArray pts = angle.cos().mul(radius).stack(angle.sin().mul(radius), 1);
        return pts.add(rng.normal(m, 0.08, pts.getShape(), DataType.FLOAT64));
    }

    /** A swiss roll r = θ, θ ∈ [1.5π, 4.5π], scaled to about [−2, 2], noise 0.05. */
    private static NDArray swissRoll(NDManager m, int n, Rng rng) {
        NDArray theta = uniform(m, n, 1.5 * Math.PI, 4.5 * Math.PI, rng);
        NDArray pts = theta.cos().mul(theta).stack(theta.sin().mul(theta), 1).div(7);
        return pts.add(rng.normal(m, 0.05, pts.getShape(), DataType.FLOAT64));
    }
}
