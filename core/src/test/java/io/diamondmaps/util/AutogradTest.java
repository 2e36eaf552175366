package io.diamondmaps.util;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.diamondmaps.Fixtures;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class AutogradTest {
    /** Allocates and frees many small Java-buffer tensors, reusing the memory of any freed one. */
    private static void churn(NDManager m) {
        for (int k = 0; k < 2000; k++) {
            try (NDArray junk = m.create(7.5 + k)) {
                junk.getDouble();
            }
        }
    }

    @Test
    void scalarHelpersSurviveBufferReuseBetweenForwardAndBackward() {
        // DJL's mul(Number) saves a tensor over a freed Java buffer; Tensors.mul/div/atLeast/pow must not.
        try (NDManager m = Fixtures.manager()) {
            NDArray x = Fixtures.row(m, 1, 2, 3).duplicate();
            for (int i = 0; i < 3; i++) {
                Autograd.ValueAndGradient vg = Autograd.valueAndGradient(x, xx -> {
                    NDArray y = Tensors.mul(xx, 3).add(Tensors.div(xx, 2)).add(Tensors.pow(xx, 2))
                            .add(Tensors.atLeast(xx, 2.5));
                    churn(xx.getManager());
                    return y.sum(new int[] {1});
                });
                // d/dx (3x + x/2 + x² + max(x, 2.5)) = 3.5 + 2x + [x > 2.5].
                assertArrayEquals(new double[] {5.5, 7.5, 10.5}, vg.gradient().toDoubleArray(), 1e-12);
            }
        }
    }

    @Test
    void castKeepsTheGradientWhereToTypeDropsIt() {
        try (NDManager m = Fixtures.manager()) {
            NDArray x = Fixtures.row(m, 1, 2, 3);
            // d/dx Σ 2·float32(x)² = 4x, back in float64.
            Autograd.ValueAndGradient vg = Autograd.valueAndGradient(x, xx -> {
                NDArray y = Tensors.cast(xx, ai.djl.ndarray.types.DataType.FLOAT32);
                return Tensors.cast(y.square().mul(2).sum(new int[] {1}), ai.djl.ndarray.types.DataType.FLOAT64);
            });
            assertArrayEquals(new double[] {4, 8, 12}, vg.gradient().toDoubleArray(), 1e-6);
            // The pitfall the helper exists for: DJL's toType has no grad_fn, so nothing reaches x.
            org.junit.jupiter.api.Assertions.assertThrows(ai.djl.engine.EngineException.class,
                    () -> Autograd.valueAndGradient(x, xx -> xx.toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                            .sum(new int[] {1})));
        }
    }
}
