package io.diamondmaps.model.torchscript;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.util.Tensors;

/**
 * A velocity field from a TorchScript module that predicts the velocity, the clean data or the noise, in either time
 * direction ({@link ModelDescription}). Conversions are the spec's (1.5)–(1.8); a module whose time runs the other way
 * (τ = 1 − t) is called at τ, and its velocity dx/dτ = −b changes sign.
 *
 * <p>At the ends of the time axis the conversions divide zero by zero: a noise prediction gives the velocity through
 * E[x₁ | x_t] = (x − σ·E[x₀ | x_t])/α, undefined where α = 0 (pure noise, where E[x₁ | x₀] = E[x₁] is not a function
 * of the input), and a data prediction through E[x₀ | x_t] = (x − α·E[x₁ | x_t])/σ, where σ = 0 at t = 1; in float32
 * a module's rounding error is amplified by 1/α or 1/σ near them. So the velocity of a noise prediction is read at
 * t ≥ {@value #EDGE} and that of a data prediction at t ≤ 1 − {@value #EDGE}, like the smallest and largest times of
 * diffusion samplers: an error of order 10⁻³·|∂_t b| in the first or last step instead of an unbounded one.
 */
public final class TorchScriptVelocityField extends TorchScriptModel {
    /** How far from the singular end of the time axis noise and data predictions are read (see above). */
    public static final double EDGE = 1e-3;

    public TorchScriptVelocityField(TorchScriptModule module, ModelDescription description) {
        super(module, description);
        if (description.prediction() == ModelDescription.Prediction.FLOW_MAP) {
            throw new IllegalArgumentException(module.name() + " is a flow map; load it as a TorchScriptFlowMap");
        }
    }

    @Override
    public NDArray velocity(NDArray t, NDArray x) {
        switch (description().prediction()) {
            case VELOCITY: {
                NDArray out = call(x, t);
                return description().time() == ModelDescription.TimeDirection.NOISE_AT_1 ? out.neg() : out;
            }
            case DATA: {
                NDArray tRead = t.minimum(Tensors.scalar(t, 1 - EDGE));
                return interpolant().velocityFromDenoiser(tRead, x, call(x, tRead));
            }
            default: {
                NDArray tRead = Tensors.atLeast(t, EDGE);
                return interpolant().velocityFromDenoiser(tRead, x, denoiserFromNoise(tRead, x));
            }
        }
    }

    @Override
    public NDArray denoiser(NDArray t, NDArray x) {
        switch (description().prediction()) {
            case DATA:
                return call(x, t);
            case NOISE:
                return denoiserFromNoise(Tensors.atLeast(t, EDGE), x);
            default:
                return super.denoiser(t, x);
        }
    }

    /** E[x₁ | x_t] = (x − σ·E[x₀ | x_t])/α, (1.7) solved for the denoiser. */
    private NDArray denoiserFromNoise(NDArray t, NDArray x) {
        NDArray a = Tensors.atLeast(Tensors.perSample(interpolant().alpha(t), x), Interpolant.EPS);
        NDArray s = Tensors.perSample(interpolant().sigma(t), x);
        return x.sub(call(x, t).mul(s)).div(a);
    }
}
