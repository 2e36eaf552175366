package io.diamondmaps.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.Fixtures;
import io.diamondmaps.reward.LinearReward;
import io.diamondmaps.reward.MeasurementReward;
import io.diamondmaps.reward.Operators;
import io.diamondmaps.reward.RewardTilt;
import io.diamondmaps.util.Rng;
import io.diamondmaps.util.Tensors;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RewardDampingTest {
    /**
     * Against Monte Carlo over the kernel: log mean exp(r(z + hξ)/λ) and the exp(r/λ)-weighted mean of z + hξ, 400,000
     * draws, for a non-diagonal 2×3 operator (rotated closed form), a diagonal one and a linear reward, λ ≠ 1.
     */
    @Test
    void theClosedFormIsTheTiltOfTheKernel() {
        RewardTilt[] tilts = {
            new RewardTilt(new MeasurementReward(Operators.matrix(new double[][] {{1, 0.5, 0}, {0.3, -1, 0.8}}),
                    new double[] {0.4, -0.2}, 0.7), 1.5),
            new RewardTilt(new MeasurementReward(Operators.matrix(new double[][] {{1, 0, 0}, {0, 0, 2}}),
                    new double[] {0.4, -0.2}, 0.5), 0.8),
            new RewardTilt(new LinearReward(new double[] {0.5, -1, 0.25}), 2.0)};
        double[] z = {0.3, -0.6, 0.9};
        double h2 = 0.35;
        int k = 400_000;
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(3);
            NDArray points = Fixtures.repeatRow(m, z, k).add(rng.normal(m, Math.sqrt(h2), new Shape(k, 3),
                    DataType.FLOAT64));
            NDArray zRow = Fixtures.row(m, z);
            NDArray h = m.create(new double[] {h2});
            for (RewardTilt tilt : tilts) {
                RewardDamping damping = RewardDamping.of(tilt);
                NDArray logTilt = tilt.logTilt(points);
                double expected = Tensors.logSumExp(logTilt, 0).getDouble() - Math.log(k);
                // Four standard errors of the Monte-Carlo log-mean-exp (relative error of the mean weight).
                NDArray e = logTilt.sub(logTilt.max()).exp();
                double se = Math.sqrt(e.square().mean().getDouble() / Math.pow(e.mean().getDouble(), 2) - 1) / Math.sqrt(k);
                assertEquals(expected, damping.logTilt(zRow, h).getDouble(0), 4 * se + 1e-9, tilt.reward().describe());
                NDArray w = logTilt.softmax(0).reshape(k, 1);
                double[] mean = points.mul(w).sum(new int[] {0}).toDoubleArray();
                double[] closed = damping.kernelMean(zRow, h).toDoubleArray();
                double essShare = 1 / (w.square().sum().getDouble() * k);
                for (int i = 0; i < 3; i++) {
                    assertEquals(mean[i], closed[i], 4 * Math.sqrt(h2 / (k * essShare)), tilt.reward().describe()
                            + " coordinate " + i);
                }
                assertEquals(tilt.logTilt(zRow).getDouble(0), damping.logTilt(zRow, m.zeros(new Shape(1),
                        DataType.FLOAT64)).getDouble(0), 1e-12);
            }
        }
    }

    @Test
    void rewardsWithoutAClosedFormAreRefused() {
        RewardTilt tilt = new RewardTilt(new io.diamondmaps.reward.WeightedSumReward(java.util.List.of(
                new io.diamondmaps.reward.WeightedSumReward.Term(1, new LinearReward(new double[] {1})))), 1);
        assertThrows(IllegalArgumentException.class, () -> RewardDamping.of(tilt));
    }
}
