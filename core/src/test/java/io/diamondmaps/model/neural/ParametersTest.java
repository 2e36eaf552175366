package io.diamondmaps.model.neural;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.diamondmaps.Fixtures;
import io.diamondmaps.util.Rng;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Packing the parameters into one flat array keeps them, their names and their gradients; the array writes through. */
class ParametersTest {
    @Test
    void packedParametersAreViewsOfTheFlatArrayAndStillTrain() {
        try (NDManager m = Fixtures.manager()) {
            MapMlp net = Fixtures.randomMapMlp(m, Rng.of(5), 2, 8, 1);
            Parameters params = net.parameters();
            Map<String, double[]> before = new LinkedHashMap<>();
            params.asMap().forEach((k, v) -> before.put(k, v.toDoubleArray()));
            Rng rng = Rng.of(6);
            NDArray x = rng.normal(m, new Shape(16, 2), DataType.FLOAT64);
            NDArray t = rng.uniform(m, 0, 1, new Shape(16), DataType.FLOAT64);
            Map<String, double[]> unpackedGradients = gradients(net, t, x);

            NDArray flat = params.flat();
            assertEquals(new Shape(params.count()), flat.getShape());
            assertEquals(List.copyOf(before.keySet()), List.copyOf(params.asMap().keySet()), "order kept");
            int offset = 0;
            double[] all = flat.toDoubleArray();
            for (Map.Entry<String, NDArray> e : params.asMap().entrySet()) {
                double[] v = before.get(e.getKey());
                assertArrayEquals(v, e.getValue().toDoubleArray(), 0, e.getKey());
                assertArrayEquals(v, java.util.Arrays.copyOfRange(all, offset, offset + v.length), 0, e.getKey());
                assertEquals(e.getKey(), e.getValue().getName());
                offset += v.length;
            }
            Map<String, double[]> packedGradients = gradients(net, t, x);
            packedGradients.forEach((k, g) -> assertArrayEquals(unpackedGradients.get(k), g, 1e-12, "gradient " + k));

            flat.subi(1);
            params.asMap().forEach((k, v) -> assertEquals(before.get(k)[0] - 1, v.toDoubleArray()[0], 1e-12, k));
            assertThrows(IllegalStateException.class, () -> params.zeros("late", new Shape(2)));
        }
    }

    /** The gradient of Σ X(t, 1, x)² with respect to every parameter. */
    private static Map<String, double[]> gradients(MapMlp net, NDArray t, NDArray x) {
        Map<String, double[]> out = new LinkedHashMap<>();
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(net.map(t, t.onesLike(), x).square().sum());
        }
        net.parameters().asMap().forEach((k, v) -> {
            out.put(k, v.getGradient().toDoubleArray());
            v.getGradient().muli(0);
        });
        return out;
    }
}
