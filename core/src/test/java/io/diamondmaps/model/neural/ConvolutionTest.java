package io.diamondmaps.model.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import io.diamondmaps.Fixtures;
import io.diamondmaps.bench.OneDnnProbe;
import io.diamondmaps.util.Rng;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The guard of oneDNN's faulty backward kernels: the library's convolution is exact (float32 against float64, outputs
 * and both gradients) on every case of the probe, at whatever instruction set this JVM runs (the launcher's choice for
 * this CPU, or the tests' cap), and its channel padding changes nothing but the kernels it reaches.
 */
class ConvolutionTest {
    @Test
    void everyProbeCaseIsExactThroughTheLibraryConvolution() {
        try (NDManager m = Fixtures.manager()) {
            List<OneDnnProbe.Result> results = OneDnnProbe.run(m, true);
            assertEquals(OneDnnProbe.CASES.size(), results.size());
            for (OneDnnProbe.Result r : results) {
                assertTrue(r.exact(), r.toString());
            }
        }
    }

    /** Padding a convolution to one output channel gives what the plain kernel gives, in float64 (no oneDNN). */
    @Test
    void paddedChannelsLeaveTheOutputAsItIs() {
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(5);
            NDArray x = rng.normal(m, new Shape(3, 4, 6, 6), DataType.FLOAT64);
            NDArray w = rng.normal(m, new Shape(1, 4, 3, 3), DataType.FLOAT64);
            NDArray b = rng.normal(m, new Shape(1), DataType.FLOAT64);
            NDArray plain = Conv2d.conv2d(x, w, b, new Shape(2, 2), new Shape(1, 1), new Shape(1, 1), 1)
                    .singletonOrThrow();
            NDArray padded = Convolution.conv2d(x, w, b, 2, 1);
            assertEquals(plain.getShape(), padded.getShape());
            assertArrayEquals(plain.toDoubleArray(), padded.toDoubleArray(), 1e-12);
        }
    }

    /** A trace lists a network's convolutions in order, with their multiply-adds. */
    @Test
    void traceRecordsEveryConvolutionOfAForwardPass() {
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(6);
            UNet net = new UNet(new UNet.Config(1, 8, 8, 8, 4, 8), io.diamondmaps.interpolant.Interpolant.byName(
                    "linear"), m);
            NDArray x = rng.normal(m, new Shape(2, 1, 8, 8), DataType.FLOAT32);
            NDArray t = m.create(new float[] {0.1f, 0.2f});
            List<Convolution.Call> calls = Convolution.trace(() -> net.map(t, t.add(0.5f), x));
            assertTrue(calls.size() >= 10, calls.toString());
            assertEquals(new Shape(2, 1, 8, 8), calls.get(0).input());
            assertEquals(1, calls.get(calls.size() - 1).weight().get(0), "the last convolution makes the image");
            assertEquals(List.of(), Convolution.trace(() -> { }));
            // (2 images) × (3 out channels) × (4 × 4 outputs at stride 2) × (5 in channels × 3 × 3).
            assertEquals(2L * 3 * 16 * 45, new Convolution.Call(new Shape(2, 5, 8, 8), new Shape(3, 5, 3, 3), true, 2,
                    1).multiplyAdds());
        }
    }
}
