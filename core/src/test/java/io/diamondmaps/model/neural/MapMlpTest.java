package io.diamondmaps.model.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.Fixtures;
import io.diamondmaps.util.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MapMlpTest {
    @Test
    void tangentPropagationGivesTheExactTimeDerivative() {
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(81);
            MapMlp net = Fixtures.randomMapMlp(m, rng, 2, 32, 2);
            NDArray t = rng.uniform(m, 0, 0.5f, new Shape(64), DataType.FLOAT64);
            NDArray tn = rng.uniform(m, 0.5f, 1, new Shape(64), DataType.FLOAT64);
            NDArray x = rng.normal(m, new Shape(64, 2), DataType.FLOAT64);
            NDArray derivative = net.mapWithTimeDerivative(t, tn, x)[1];
            double h = 1e-5;
            NDArray fd = net.map(t, tn.add(h), x).sub(net.map(t, tn.sub(h), x)).div(2 * h);
            double err = derivative.sub(fd).abs().max().getDouble();
            double scale = fd.abs().max().getDouble();
            assertTrue(scale > 0.1, "the derivative must not be trivial");
            assertTrue(err < 1e-8 * Math.max(1, scale), "tangent vs float64 central difference: " + err);
        }
    }

    @Test
    void mapIsTheIdentityAtEqualTimesAndItsDiagonalIsTheVelocity() {
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(82);
            MapMlp net = Fixtures.randomMapMlp(m, rng, 3, 16, 1);
            NDArray t = rng.uniform(m, 0, 1, new Shape(8), DataType.FLOAT64);
            NDArray x = rng.normal(m, new Shape(8, 3), DataType.FLOAT64);
            assertEquals(0, net.map(t, t, x).sub(x).abs().max().getDouble(), 0);
            // ∂_{t'}X at t' = t is φ(t, t, x) = b(t, x) (tangent condition of §3.1).
            assertEquals(0, net.mapWithTimeDerivative(t, t, x)[1].sub(net.velocity(t, x)).abs().max().getDouble(), 1e-12);
        }
    }
}
