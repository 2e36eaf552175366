package io.diamondmaps.model.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.Fixtures;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.util.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiamondUNetTest {
    private static final UNet.Config CONFIG = new UNet.Config(1, 8, 8, 8, 4, 8);

    private static NDArray uniform(NDManager m, float lo, float hi, Rng rng) {
        return rng.uniform(m, lo, hi, new Shape(3), DataType.FLOAT64);
    }

    @Test
    void tangentPropagationGivesTheInnerTimeDerivative() {
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(102);
            DiamondUNet net = new DiamondUNet(CONFIG, Interpolant.byName("linear"),
                    InnerRange.POSTERIOR, m, DataType.FLOAT64);
            Fixtures.randomise(net.parameters(), m, rng, 0.2f);
            NDArray t = uniform(m, 0, 0.9f, rng);
            NDArray tn = t.onesLike();
            NDArray s = uniform(m, 0, 0.4f, rng);
            NDArray sn = uniform(m, 0.5f, 0.9f, rng);
            NDArray xBar = rng.normal(m, new Shape(3, 1, 8, 8), DataType.FLOAT64);
            NDArray xt = rng.normal(m, new Shape(3, 1, 8, 8), DataType.FLOAT64);
            NDArray derivative = net.mapWithInnerTimeDerivative(t, tn, s, sn, xBar, xt)[1];
            // High embedding frequencies: central differences converge only at small h (as in UNetTest).
            double h = 1e-7;
            NDArray fd = net.map(t, tn, s, sn.add(h), xBar, xt).sub(net.map(t, tn, s, sn.sub(h), xBar, xt)).div(2 * h);
            double scale = fd.abs().max().getDouble();
            assertTrue(scale > 0.1, "non-trivial derivative, max " + scale);
            assertTrue(derivative.sub(fd).abs().max().getDouble() < 1e-6 * scale, "tangent vs central difference");
            assertEquals(0, net.map(t, tn, s, s, xBar, xt).sub(xBar).abs().max().getDouble(), 0, "Y(s, s) = x̄");
        }
    }

    @Test
    void initialisedFromAFlowMapItIsThatFlowMapInInnerTimeWhateverTheOuterInputs() {
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(103);
            UNet flowMap = new UNet(CONFIG, Interpolant.byName("linear"), m, DataType.FLOAT64);
            Fixtures.randomise(flowMap.parameters(), m, rng, 0.2f);
            DiamondUNet net = new DiamondUNet(CONFIG, flowMap.interpolant(), InnerRange.POSTERIOR, m, DataType.FLOAT64);
            net.initialiseFrom(flowMap);
            NDArray s = uniform(m, 0, 0.4f, rng);
            NDArray sn = uniform(m, 0.5f, 1, rng);
            NDArray xBar = rng.normal(m, new Shape(3, 1, 8, 8), DataType.FLOAT64);
            NDArray expected = flowMap.map(s, sn, xBar);
            for (int k = 0; k < 2; k++) {
                NDArray t = uniform(m, 0, 1, rng);
                NDArray xt = rng.normal(m, 3, new Shape(3, 1, 8, 8), DataType.FLOAT64);
                assertEquals(0, net.map(t, t.onesLike(), s, sn, xBar, xt).sub(expected).abs().max().getDouble(), 1e-12);
            }
            assertEquals(new Shape(1, 8, 8), net.sampleShape());
        }
    }
}
