package io.diamondmaps.model.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diamondmaps.interpolant.Interpolant;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The MLP Posterior Diamond Map for vectors (spec §5.1, MLP variant): ψ is the {@link MapMlp} architecture on
 * concat(s, s', x̄, t, t', x_t). The input order puts (s, s', x̄) where a flow map has (t, t', x), so a trained flow
 * map initialises it exactly ({@link #initialiseFrom}): with the x_t and outer-time rows zero it starts as the
 * unconditional flow map run in inner time, which is the posterior inner flow of an uninformative x_t.
 */
public final class DiamondMlp extends ResidualDiamondMap<MapMlp.Config> {

    public DiamondMlp(MapMlp.Config config, Interpolant interpolant, NDManager manager) {
        this(config, interpolant, InnerRange.POSTERIOR, manager, DataType.FLOAT32);
    }

    /** A map to be trained (or loaded) for the inner times {@code innerRange}. */
    public DiamondMlp(MapMlp.Config config, Interpolant interpolant, InnerRange innerRange, NDManager manager, DataType dtype) {
        super(config, interpolant, innerRange, manager, dtype);
        // A zero output layer starts ψ at 0, i.e. Y = x̄.
        Layers.declareResidualMlp(parameters(), inputSize(), config.width(), config.depth(), config.dimension());
    }

    private long inputSize() {
        return 2L * config().dimension() + 4;
    }

    /**
     * Copies a trained {@link MapMlp} of the same width and depth: its input rows (t, t', x) become the rows of
     * (s, s', x̄), the rows of (t, t', x_t) are zeroed (spec §5.1: new inputs start at zero, so the network starts as
     * the flow map).
     */
    public void initialiseFrom(MapMlp flowMap) {
        if (!flowMap.config().equals(config())) {
            throw new IllegalArgumentException("the flow map's size " + flowMap.config()
                    + " differs from the Diamond Map's " + config());
        }
        Map<String, NDArray> source = new LinkedHashMap<>(flowMap.parameters().asMap());
        try (NDArray inW = parameters().zerosWith("in.w", "0:" + (config().dimension() + 2), source.get("in.w"))) {
            source.put("in.w", inW);
            parameters().copyFrom(source);
        }
    }

    @Override
    public Shape sampleShape() {
        return new Shape(config().dimension());
    }

    @Override
    public ObjectNode architecture() {
        return Checkpoint.architecture("diamond-mlp", config());
    }

    @Override
    Dual psi(NDArray t, NDArray tNext, NDArray s, NDArray sNext, NDArray xBar, NDArray xt, boolean tangent) {
        NDArray input = Layers.columns(s, sNext, xBar, t, tNext, xt);
        return Layers.residualMlp(parameters(), input, config().depth(), tangent, 1);
    }
}
