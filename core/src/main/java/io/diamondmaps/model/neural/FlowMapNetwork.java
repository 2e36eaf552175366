package io.diamondmaps.model.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diamondmaps.model.FlowMap;
import io.diamondmaps.model.VelocityField;
import io.diamondmaps.util.Tensors;

/**
 * A trainable two-time network X(t, t', x) = x + (t' − t)·φ(t, t', x) (3.1) whose diagonal φ(t, t, x) (3.2) is a
 * velocity field. Times are per sample, shape (N,).
 */
public interface FlowMapNetwork extends FlowMap, VelocityField {
    /** X(t, t', x). */
    NDArray map(NDArray t, NDArray tNext, NDArray x);

    /** {X(t, t', x), ∂_{t'}X(t, t', x)} by tangent propagation (exact, spec §3.4). */
    NDArray[] mapWithTimeDerivative(NDArray t, NDArray tNext, NDArray x);

    /** The jump of {@link FlowMap}: {@link #map} with the same times for every row. */
    @Override
    default NDArray jump(double t, double tNext, NDArray x) {
        return Tensors.scoped(scope -> map(Tensors.times(x, t), Tensors.times(x, tNext), x), x);
    }

    Parameters parameters();

    /** The shape of one sample, e.g. (d) or (1, 28, 28). */
    Shape sampleShape();

    /** Architecture metadata for checkpoints; {@code type} names the class of network. */
    ObjectNode architecture();
}
