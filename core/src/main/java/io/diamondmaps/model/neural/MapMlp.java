package io.diamondmaps.model.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.interpolant.Interpolant;

/**
 * The flow-map MLP of spec §3.1 (MapMLP): X(t, t', x) = x + (t' − t)·φ(t, t', x) (3.1) with φ an MLP on
 * concat(t, t', x) with residual SiLU layers; its diagonal b(t, x) = φ(t, t, x) (3.2) is a velocity field, so one
 * network is both a flow model and a flow map. Every layer propagates the tangent ∂/∂t' (spec §3.4).
 */
public final class MapMlp extends ResidualFlowMap<MapMlp.Config> {
    /** Architecture: data dimension, hidden width and number of residual hidden layers. */
    public record Config(int dimension, int width, int depth) {
        public Config {
            if (dimension < 1 || width < 1 || depth < 0) {
                throw new IllegalArgumentException("invalid MLP size: dimension " + dimension + ", width " + width
                        + ", depth " + depth);
            }
        }
    }

    /** A float32 network. */
    public MapMlp(Config config, Interpolant interpolant, NDManager manager) {
        this(config, interpolant, manager, DataType.FLOAT32);
    }

    /** A network computing in {@code dtype} (float64 for derivative tests); inputs are converted to it. */
    public MapMlp(Config config, Interpolant interpolant, NDManager manager, DataType dtype) {
        super(config, interpolant, manager, dtype);
        // A zero output layer starts φ at 0, i.e. X(t, t', x) = x: training moves away from the identity map.
        Layers.declareResidualMlp(parameters(), config.dimension() + 2L, config.width(), config.depth(), config.dimension());
    }

    @Override
    public Shape sampleShape() {
        return new Shape(config().dimension());
    }

    @Override
    public com.fasterxml.jackson.databind.node.ObjectNode architecture() {
        return Checkpoint.architecture("map-mlp", config());
    }

    /**
     * φ(t, t', x) and, when {@code withTangent}, ∂φ/∂t' — by tangent propagation with seed 1 on t' and 0 on t, x.
     * Times have shape (N,), x has shape (N, d).
     */
    @Override
    Dual phi(NDArray t, NDArray tNext, NDArray x, boolean withTangent) {
        NDArray input = Layers.columns(t, tNext, x);
        return Layers.residualMlp(parameters(), input, config().depth(), withTangent, 1);
    }
}
