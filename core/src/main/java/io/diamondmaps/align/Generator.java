package io.diamondmaps.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.model.StochasticTransition;
import io.diamondmaps.sample.Generation;
import io.diamondmaps.sample.TimeGrid;
import io.diamondmaps.util.Rng;

/** Draws base samples from the model: what best-of-N and importance resampling choose among. */
@FunctionalInterface
public interface Generator {
    NDArray generate(NDManager manager, Shape sampleShape, long count, Rng rng);

    /** A chain of {@code steps} uniform transitions from noise at t = 0 to data at t = 1 (float64 noise). */
    static Generator chain(StochasticTransition transition, int steps) {
        return chain(transition, TimeGrid.uniform(steps));
    }

    /** A chain of transitions over the times of {@code grid} (float64 noise). */
    static Generator chain(StochasticTransition transition, TimeGrid grid) {
        return (m, shape, count, rng) -> {
            NDArray x0 = Generation.noise(m, new Shape(count).addAll(shape), DataType.FLOAT64, rng);
            NDArray x1 = Generation.chain(transition, x0, grid, rng);
            if (x1 != x0) {
                x0.close();
            }
            return x1;
        };
    }
}
