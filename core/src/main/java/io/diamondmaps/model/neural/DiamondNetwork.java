package io.diamondmaps.model.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diamondmaps.interpolant.Interpolant;

/**
 * A trainable Posterior Diamond Map (spec §5.1): a flow map in the GLASS inner time s, conditioned on the outer
 * transition (t, t') and its start x_t: Y(t, t', s, s', x̄, x_t) = x̄ + (s' − s)·ψ(t, t', s, s', x̄, x_t) (5.1), with
 * diagonal β = ψ(t, t', s, s, x̄, x_t) (5.2), the inner velocity. All times are per sample, shape (N,).
 */
public interface DiamondNetwork {
    /** Y(t, t', s, s', x̄, x_t) (5.1). */
    NDArray map(NDArray t, NDArray tNext, NDArray s, NDArray sNext, NDArray xBar, NDArray xt);

    /** {Y, ∂_{s'}Y} by tangent propagation (exact; the LSD term (5.5) needs it). */
    NDArray[] mapWithInnerTimeDerivative(NDArray t, NDArray tNext, NDArray s, NDArray sNext, NDArray xBar, NDArray xt);

    /** The diagonal β(t, t', s, x̄, x_t) (5.2). */
    NDArray innerVelocity(NDArray t, NDArray tNext, NDArray s, NDArray xBar, NDArray xt);

    Parameters parameters();

    /** The inner times the map was trained on; samplers never jump past its s_max. */
    InnerRange innerRange();

    /** The outer interpolant of the transitions the map was distilled for. */
    Interpolant interpolant();

    /** The shape of one sample, e.g. (d). */
    Shape sampleShape();

    /** Architecture metadata for checkpoints; {@code type} names the class of network. */
    ObjectNode architecture();
}
