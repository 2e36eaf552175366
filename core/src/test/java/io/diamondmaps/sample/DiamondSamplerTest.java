package io.diamondmaps.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diamondmaps.Fixtures;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.model.neural.DiamondNetwork;
import io.diamondmaps.model.neural.InnerRange;
import io.diamondmaps.model.neural.Parameters;
import io.diamondmaps.util.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DiamondSamplerTest {
    /** An identity map Y = x̄ that remembers the furthest inner time it was asked to jump to. */
    private static final class RecordingMap implements DiamondNetwork {
        private final InnerRange range;
        double furthest;
        int calls;

        RecordingMap(InnerRange range) {
            this.range = range;
        }

        @Override
        public NDArray map(NDArray t, NDArray tNext, NDArray s, NDArray sNext, NDArray xBar, NDArray xt) {
            furthest = Math.max(furthest, sNext.max().toType(DataType.FLOAT64, false).getDouble());
            calls++;
            return xBar.duplicate();
        }

        @Override
        public NDArray[] mapWithInnerTimeDerivative(NDArray t, NDArray tNext, NDArray s, NDArray sNext, NDArray xBar,
                NDArray xt) {
            throw new UnsupportedOperationException();
        }

        @Override
        public NDArray innerVelocity(NDArray t, NDArray tNext, NDArray s, NDArray xBar, NDArray xt) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Parameters parameters() {
            throw new UnsupportedOperationException();
        }

        @Override
        public InnerRange innerRange() {
            return range;
        }

        @Override
        public Interpolant interpolant() {
            return Interpolant.byName("linear");
        }

        @Override
        public Shape sampleShape() {
            return new Shape(2);
        }

        @Override
        public ObjectNode architecture() {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void posteriorDrawsJumpExactlyToTheTrainedSMax() {
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(1);
            NDArray xt = rng.normal(m, new Shape(8, 2), DataType.FLOAT64);
            for (double sMax : new double[] {0.9, 0.99}) {
                RecordingMap map = new RecordingMap(new InnerRange(0, sMax));
                new DiamondSampler(map, 3).samplePosterior(0.4, xt, rng);
                assertEquals(sMax, map.furthest, 1e-12);
                assertEquals(3, map.calls);
            }
        }
    }
}
