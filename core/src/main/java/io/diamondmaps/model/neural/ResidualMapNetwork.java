package io.diamondmaps.model.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.util.Tensors;

/**
 * What the flow-map and Diamond networks share: an architecture {@code C}, the interpolant the network was built for,
 * its parameters, and the residual parametrisation of a two-time map, X(a, b, x) = x + (b − a)·φ (3.1) with
 * ∂_b X = φ + (b − a)·∂_b φ (spec §3.4); (a, b) is (t, t') for a flow map and (s, s') for a Diamond Map's inner flow.
 *
 * @param <C> the architecture record
 */
public abstract class ResidualMapNetwork<C> {
    private final C config;
    private final Interpolant interpolant;
    private final Parameters params;

    ResidualMapNetwork(C config, Interpolant interpolant, NDManager manager, DataType dtype) {
        this.config = config;
        this.interpolant = interpolant;
        this.params = new Parameters(manager, dtype);
    }

    public C config() {
        return config;
    }

    public Parameters parameters() {
        return params;
    }

    public Interpolant interpolant() {
        return interpolant;
    }

    /** {@code a} in the parameters' precision: φ and ψ receive their inputs cast once, here. */
    final NDArray own(NDArray a) {
        return Tensors.cast(a, params.dataType());
    }

    /** x + (b − a)·φ (3.1); {@code a}, {@code b} have shape (N,), {@code x} and {@code phi} shape (N, …). */
    final NDArray residual(NDArray a, NDArray b, NDArray x, NDArray phi) {
        return own(x).add(phi.mul(gap(a, b, phi)));
    }

    /** The map (3.1) and its derivative ∂_b X = φ + (b − a)·∂_b φ from φ with its tangent along b. */
    final NDArray[] residualWithDerivative(NDArray a, NDArray b, NDArray x, Dual phi) {
        NDArray gap = gap(a, b, phi.value());
        return new NDArray[] {own(x).add(phi.value().mul(gap)),
            phi.value().add(phi.tangent().mul(gap))};
    }

    private NDArray gap(NDArray a, NDArray b, NDArray like) {
        return Tensors.perSample(own(b.sub(a)), like);
    }
}
