package io.diamondmaps.model.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.diamondmaps.interpolant.Interpolant;

/**
 * A flow-map network X(t, t', x) = x + (t' − t)·φ(t, t', x) (3.1) given by its φ; the diagonal φ(t, t, x) (3.2) is its
 * velocity field.
 *
 * @param <C> the architecture record
 */
public abstract class ResidualFlowMap<C> extends ResidualMapNetwork<C> implements FlowMapNetwork {
    ResidualFlowMap(C config, Interpolant interpolant, NDManager manager, DataType dtype) {
        super(config, interpolant, manager, dtype);
    }

    /**
     * φ(t, t', x) and, when {@code withTangent}, ∂φ/∂t' by tangent propagation (seed 1 on t', 0 on t and x). Times have
     * shape (N,), x shape (N, …), all in the parameters' precision.
     */
    abstract Dual phi(NDArray t, NDArray tNext, NDArray x, boolean withTangent);

    @Override
    public final NDArray map(NDArray t, NDArray tNext, NDArray x) {
        return residual(t, tNext, x, ownPhi(t, tNext, x, false).value());
    }

    @Override
    public final NDArray[] mapWithTimeDerivative(NDArray t, NDArray tNext, NDArray x) {
        return residualWithDerivative(t, tNext, x, ownPhi(t, tNext, x, true));
    }

    /** The diagonal b(t, x) = φ(t, t, x) (3.2). */
    @Override
    public final NDArray velocity(NDArray t, NDArray x) {
        return ownPhi(t, t, x, false).value();
    }

    private Dual ownPhi(NDArray t, NDArray tNext, NDArray x, boolean withTangent) {
        return phi(own(t), own(tNext), own(x), withTangent);
    }
}
