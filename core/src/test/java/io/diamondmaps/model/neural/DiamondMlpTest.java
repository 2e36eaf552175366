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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiamondMlpTest {
    private static final int N = 32;

    private static NDArray uniform(NDManager m, float lo, float hi, Rng rng) {
        return rng.uniform(m, lo, hi, new Shape(N), DataType.FLOAT64);
    }

    @Test
    void tangentPropagationGivesTheExactInnerTimeDerivative() {
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(83);
            DiamondMlp net = new DiamondMlp(new MapMlp.Config(2, 32, 2), Interpolant.byName("linear"),
                    InnerRange.POSTERIOR, m,
                    DataType.FLOAT64);
            Fixtures.randomise(net.parameters(), m, rng, 0.3f);
            NDArray t = uniform(m, 0, 0.9f, rng);
            NDArray tn = t.onesLike();
            NDArray s = uniform(m, 0, 0.5f, rng);
            NDArray sn = uniform(m, 0.5f, 0.99f, rng);
            NDArray xBar = rng.normal(m, new Shape(N, 2), DataType.FLOAT64);
            NDArray xt = rng.normal(m, new Shape(N, 2), DataType.FLOAT64);
            NDArray[] yy = net.mapWithInnerTimeDerivative(t, tn, s, sn, xBar, xt);
            double h = 1e-5;
            NDArray fd = net.map(t, tn, s, sn.add(h), xBar, xt).sub(net.map(t, tn, s, sn.sub(h), xBar, xt)).div(2 * h);
            double scale = fd.abs().max().getDouble();
            assertTrue(scale > 0.1, "the derivative must not be trivial");
            assertTrue(yy[1].sub(fd).abs().max().getDouble() < 1e-8 * Math.max(1, scale), "∂Y/∂s' vs central difference");
            assertEquals(0, yy[0].sub(net.map(t, tn, s, sn, xBar, xt)).abs().max().getDouble(), 1e-12);
            // Y(s, s) = x̄ and its s'-derivative there is the diagonal β (5.2).
            assertEquals(0, net.map(t, tn, s, s, xBar, xt).sub(xBar).abs().max().getDouble(), 0);
            assertEquals(0, net.mapWithInnerTimeDerivative(t, tn, s, s, xBar, xt)[1]
                    .sub(net.innerVelocity(t, tn, s, xBar, xt)).abs().max().getDouble(), 1e-12);
        }
    }

    @Test
    void initialisedFromAFlowMapItIsThatFlowMapInInnerTimeWhateverTheOuterInputs() {
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(84);
            MapMlp flowMap = Fixtures.randomMapMlp(m, rng, 2, 16, 2);
            DiamondMlp net = new DiamondMlp(flowMap.config(), flowMap.interpolant(),
                    InnerRange.POSTERIOR, m, DataType.FLOAT64);
            net.initialiseFrom(flowMap);
            NDArray s = uniform(m, 0, 0.5f, rng);
            NDArray sn = uniform(m, 0.5f, 1, rng);
            NDArray xBar = rng.normal(m, new Shape(N, 2), DataType.FLOAT64);
            NDArray expected = flowMap.map(s, sn, xBar);
            for (int k = 0; k < 2; k++) {
                NDArray t = uniform(m, 0, 1, rng);
                NDArray xt = rng.normal(m, 3, new Shape(N, 2), DataType.FLOAT64);
                assertEquals(0, net.map(t, t.onesLike(), s, sn, xBar, xt).sub(expected).abs().max().getDouble(), 1e-12);
            }
        }
    }

    @Test
    void aFlowMapOfAnotherSampleShapeCannotStartADiamondMap() {
        try (NDManager m = Fixtures.manager()) {
            MapMlp flowMap = new MapMlp(new MapMlp.Config(2, 16, 2), Interpolant.byName("linear"), m);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NeuralModels.newDiamond(
                    new Shape(3), flowMap.interpolant(), flowMap, 8, 16, 2, InnerRange.POSTERIOR, Rng.of(1), m));
            assertTrue(e.getMessage().contains("shape (2)"), e.getMessage());
        }
    }
}
