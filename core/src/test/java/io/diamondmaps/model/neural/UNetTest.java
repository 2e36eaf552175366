package io.diamondmaps.model.neural;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.diamondmaps.Fixtures;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.util.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UNetTest {
    private static UNet randomNet(NDManager m, Rng rng) {
        UNet net = new UNet(new UNet.Config(1, 8, 8, 8, 4, 8), Interpolant.byName("linear"), m, DataType.FLOAT64);
        Fixtures.randomise(net.parameters(), m, rng, 0.2f);
        return net;
    }

    /** Three states of the small network: times t in [0, 0.4], t' in [0.5, 0.9] and images x, float64. */
    private static NDArray[] inputs(NDManager m, Rng rng) {
        return new NDArray[] {rng.uniform(m, 0, 0.4f, new Shape(3), DataType.FLOAT64),
            rng.uniform(m, 0.5f, 0.9f, new Shape(3), DataType.FLOAT64), rng.normal(m, new Shape(3, 1, 8, 8), DataType.FLOAT64)};
    }

    @Test
    void tangentPropagationMatchesCentralDifferencesInFloat64() {
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(101);
            UNet net = randomNet(m, rng);
            NDArray[] in = inputs(m, rng);
            NDArray t = in[0];
            NDArray tn = in[1];
            NDArray x = in[2];
            NDArray derivative = net.mapWithTimeDerivative(t, tn, x)[1];
            // The t' − t embedding reaches frequency 1000, so the truncation error of central differences is large
            // until h is small: it must fall as h² towards the tangent (djl-stack notes §1 saw the same).
            double[] hs = {1e-4, 1e-5, 1e-6, 1e-7};
            double[] err = new double[hs.length];
            double scale = 0;
            for (int i = 0; i < hs.length; i++) {
                double h = hs[i];
                NDArray fd = net.map(t, tn.add(h), x).sub(net.map(t, tn.sub(h), x)).div(2 * h);
                err[i] = derivative.sub(fd).abs().max().getDouble();
                scale = fd.abs().max().getDouble();
            }
            assertTrue(scale > 0.1, "non-trivial derivative, max " + scale);
            assertTrue(err[0] / err[1] > 50 && err[1] / err[2] > 50, "O(h²) convergence: " + java.util.Arrays.toString(err));
            assertTrue(err[3] < 1e-7 * scale, "tangent vs FD at h=1e-7: " + err[3] + " (scale " + scale + ")");
        }
    }

    @Test
    void inferenceInPlaceGivesTheValuesOfTheRecordedPath() {
        // Without a graph the layers overwrite fresh activations (Layers.siluOfFresh, the norm's affine, the adds);
        // inside a gradient collector they do not: both must compute the same map.
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(102);
            UNet net = randomNet(m, rng);
            NDArray[] in = inputs(m, rng);
            NDArray inference = net.map(in[0], in[1], in[2]);
            NDArray recorded;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                recorded = net.map(in[0], in[1], in[2]).stopGradient();
            }
            assertTrue(inference.sub(in[2]).abs().max().getDouble() > 0.1, "a non-trivial map");
            assertEquals(0, inference.sub(recorded).abs().max().getDouble(), 1e-12);
        }
    }

    @Test
    void startsAsTheIdentityMapAndKeepsShapes() {
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(1);
            UNet net = new UNet(new UNet.Config(1, 28, 28, 16, 8, 16), Interpolant.byName("linear"), m);
            NDArray x = rng.normal(m, new Shape(2, 1, 28, 28), DataType.FLOAT32);
            NDArray t = m.zeros(new Shape(2), DataType.FLOAT32);
            NDArray tn = m.ones(new Shape(2), DataType.FLOAT32);
            assertEquals(new Shape(2, 1, 28, 28), net.velocity(t, x).getShape());
            assertEquals(0, net.map(t, tn, x).sub(x).abs().max().getFloat(), 0);
            assertTrue(net.parameters().count() > 50_000, "parameters: " + net.parameters().count());
        }
    }
}
