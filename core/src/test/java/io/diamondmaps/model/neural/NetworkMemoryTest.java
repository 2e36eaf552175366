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

import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A network's calls leave nothing behind in the parameters' manager: every array they make belongs to the caller's
 * scope (an array made from a parameter, a view or a padded weight, would otherwise live as long as the network, one
 * per call; the U-Net's resident memory crept that way).
 */
class NetworkMemoryTest {
    private static final Interpolant LINEAR = Interpolant.byName("linear");

    @Test
    void flowMapNetworksKeepTheirParametersManagerFlat() {
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(1);
            UNet unet = new UNet(new UNet.Config(1, 8, 8, 8, 4, 8), LINEAR, m);
            MapMlp mlp = new MapMlp(new MapMlp.Config(2, 16, 2), LINEAR, m);
            assertFlat(unet.parameters(), scope -> exercise(unet, scope, new Shape(3, 1, 8, 8), rng));
            assertFlat(mlp.parameters(), scope -> exercise(mlp, scope, new Shape(3, 2), rng));
        }
    }

    @Test
    void diamondNetworksKeepTheirParametersManagerFlat() {
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(2);
            DiamondUNet net = new DiamondUNet(new UNet.Config(1, 8, 8, 8, 4, 8), LINEAR, m);
            assertFlat(net.parameters(), scope -> {
                NDArray t = rng.uniform(scope, 0, 0.5, new Shape(3), DataType.FLOAT32);
                NDArray x = rng.normal(scope, new Shape(3, 1, 8, 8), DataType.FLOAT32);
                net.map(t, t.add(0.3), t.zerosLike(), t.add(0.5), x, x);
                net.mapWithInnerTimeDerivative(t, t.add(0.3), t.zerosLike(), t.add(0.5), x, x);
            });
        }
    }

    /** Map, velocity and derivative, outside and inside a gradient collector. */
    private static void exercise(FlowMapNetwork net, NDManager scope, Shape shape, Rng rng) {
        NDArray t = rng.uniform(scope, 0, 0.5, new Shape(shape.get(0)), DataType.FLOAT32);
        NDArray x = rng.normal(scope, shape, DataType.FLOAT32);
        net.map(t, t.add(0.3), x);
        net.velocity(t, x);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray[] out = net.mapWithTimeDerivative(t, t.add(0.3), x);
            gc.backward(out[0].square().sum().add(out[1].square().sum()));
        }
    }

    private static void assertFlat(Parameters params, Consumer<NDManager> calls) {
        try (NDManager warmUp = params.manager().newSubManager()) {
            calls.accept(warmUp);
        }
        int before = params.manager().getManagedArrays().size();
        for (int i = 0; i < 3; i++) {
            try (NDManager scope = Fixtures.manager()) {
                calls.accept(scope);
            }
        }
        assertEquals(before, params.manager().getManagedArrays().size(), "arrays left in the parameters' manager");
    }
}
