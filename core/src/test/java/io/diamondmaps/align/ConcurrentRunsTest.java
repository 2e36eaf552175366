package io.diamondmaps.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.Fixtures;
import io.diamondmaps.data.ToyDatasets;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.load.ModelBundle;
import io.diamondmaps.reward.MeasurementReward;
import io.diamondmaps.reward.Operators;
import io.diamondmaps.reward.RewardTilt;
import io.diamondmaps.sample.GlassFlow;
import io.diamondmaps.sample.OdeSolver;
import io.diamondmaps.sample.PosteriorSpec;
import io.diamondmaps.sample.Samplers;
import io.diamondmaps.sample.TransitionSpec;
import io.diamondmaps.util.Rng;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * One source of randomness per run: runs in several threads of one JVM give, seed for seed, exactly what they give
 * alone (Spark's local mode runs tasks as threads; PyTorch's own generator is process-global).
 */
class ConcurrentRunsTest {
    private static final GaussianMixture GMM = Fixtures.mixture2d();
    private static final RewardTilt REWARD = new RewardTilt(new MeasurementReward(
            Operators.matrix(new double[][] {{1.0, 0.5}}), new double[] {-0.6}, 0.3), 1.0);

    /** SMC with GLASS posterior values: noise, inner flows, Monte-Carlo values and resampling all draw. */
    private static double[] align(long seed) {
        try (NDManager m = NDManager.newBaseManager()) {
            EvaluationCounter counter = new EvaluationCounter();
            PosteriorSpec glass = new PosteriorSpec.Glass(2, GlassFlow.DEFAULT_SOLVER);
            Aligner smc = new AlignmentSpec(MethodSpec.Smc.of(8), new ValueSpec.PosteriorMc(glass, Schedule.constant(2),
                    null, GradientMode.PATHWISE), new TransitionSpec.Glass(2,
                    GlassFlow.DEFAULT_SOLVER), 4).build(ModelBundle.of(GMM, "gmm"), REWARD, counter);
            return smc.align(m, new Shape(2), 64, Rng.of(seed)).samples().toDoubleArray();
        }
    }

    /** GLASS generation, exact draws and a training batch of the toy data. */
    private static double[] sample(long seed) {
        try (NDManager m = NDManager.newBaseManager()) {
            Rng rng = Rng.of(seed);
            NDArray glass = Samplers.generate(ModelBundle.of(GMM, "gmm"), new Samplers.Recipe("glass", 3, 2,
                    OdeSolver.EULER, GlassFlow.DEFAULT_SOLVER), m, 64, rng, new EvaluationCounter());
            NDArray exact = GMM.sample(m, 64, rng);
            NDArray toy = ToyDatasets.byName("moons").sample(m, 64, rng);
            return glass.concat(exact).toType(ai.djl.ndarray.types.DataType.FLOAT64, false).concat(
                    toy.toType(ai.djl.ndarray.types.DataType.FLOAT64, false)).toDoubleArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void runsInParallelThreadsMatchTheSameRunsAlone() throws Exception {
        List<LongFunction<double[]>> runs = List.of(ConcurrentRunsTest::align, ConcurrentRunsTest::sample);
        long[] seeds = {11, 12};
        List<double[]> alone = new ArrayList<>();
        for (LongFunction<double[]> run : runs) {
            for (long seed : seeds) {
                alone.add(run.apply(seed));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 2; round++) {
                List<Future<double[]>> together = new ArrayList<>();
                for (LongFunction<double[]> run : runs) {
                    for (long seed : seeds) {
                        together.add(pool.submit(() -> run.apply(seed)));
                    }
                }
                for (int i = 0; i < together.size(); i++) {
                    assertArrayEquals(alone.get(i), together.get(i).get(), "run " + i + ", round " + round);
                }
            }
        } finally {
            pool.shutdown();
        }
        assertFalse(java.util.Arrays.equals(alone.get(0), alone.get(1)), "different seeds, different draws");
    }
}
