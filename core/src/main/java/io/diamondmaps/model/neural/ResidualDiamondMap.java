package io.diamondmaps.model.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.diamondmaps.interpolant.Interpolant;

/**
 * A Posterior Diamond Map Y(t, t', s, s', x̄, x_t) = x̄ + (s' − s)·ψ (spec §5.1, the flow-map form (3.1) in inner time)
 * given by its ψ, trained for the inner times of {@link #innerRange()}.
 *
 * @param <C> the architecture record
 */
public abstract class ResidualDiamondMap<C> extends ResidualMapNetwork<C> implements DiamondNetwork {
    private final InnerRange innerRange;

    ResidualDiamondMap(C config, Interpolant interpolant, InnerRange innerRange, NDManager manager, DataType dtype) {
        super(config, interpolant, manager, dtype);
        this.innerRange = innerRange;
    }

    /**
     * ψ and, when {@code tangent}, ∂ψ/∂s' by tangent propagation. Times have shape (N,), x̄ and x_t shape (N, …), all in the
     * parameters' precision.
     */
    abstract Dual psi(NDArray t, NDArray tNext, NDArray s, NDArray sNext, NDArray xBar, NDArray xt, boolean tangent);

    @Override
    public final InnerRange innerRange() {
        return innerRange;
    }

    @Override
    public final NDArray map(NDArray t, NDArray tNext, NDArray s, NDArray sNext, NDArray xBar, NDArray xt) {
        return residual(s, sNext, xBar, ownPsi(t, tNext, s, sNext, xBar, xt, false).value());
    }

    @Override
    public final NDArray[] mapWithInnerTimeDerivative(NDArray t, NDArray tNext, NDArray s, NDArray sNext, NDArray xBar,
            NDArray xt) {
        return residualWithDerivative(s, sNext, xBar, ownPsi(t, tNext, s, sNext, xBar, xt, true));
    }

    /** The inner velocity ψ(t, t', s, s, x̄, x_t) on the diagonal s' = s. */
    @Override
    public final NDArray innerVelocity(NDArray t, NDArray tNext, NDArray s, NDArray xBar, NDArray xt) {
        return ownPsi(t, tNext, s, s, xBar, xt, false).value();
    }

    private Dual ownPsi(NDArray t, NDArray tNext, NDArray s, NDArray sNext, NDArray xBar, NDArray xt, boolean tangent) {
        return psi(own(t), own(tNext), own(s), own(sNext), own(xBar), own(xt), tangent);
    }
}
