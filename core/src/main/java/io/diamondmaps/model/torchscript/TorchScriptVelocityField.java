package io.diamondmaps.model.torchscript;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.util.Tensors;

/**
 * A velocity field from a TorchScript module that predicts the velocity (in its own time input), the clean data, the
 * noise or v ({@link ModelDescription}), on the module's own schedule. Every prediction gives the pair (E[x₁ | x],
 * E[x₀ | x]) by the spec's conversions (1.5)–(1.7), (1.12), and the velocity is b = α̇D + σ̇ε̂ (1.4).
 *
 * <p>At the ends of a path that reaches pure noise or data the pair divides zero by zero: a noise prediction gives
 * E[x₁ | x] = (x − σε̂)/α, undefined where α = 0 (pure noise), and a data prediction gives E[x₀ | x] = (x − αD)/σ,
 * undefined where σ = 0; in float32 a module's rounding error is amplified by 1/α or 1/σ near them. So such a model
 * covers t ≥ {@value #EDGE} (noise) or t ≤ 1 − {@value #EDGE} (data) only ({@link #coveredTimes()}), and a run
 * outside that range is served by the rules of {@code model.SnrMatched} that are right in the limit, like the smallest
 * and largest times of diffusion samplers.
 */
public final class TorchScriptVelocityField extends TorchScriptModel {
    /** How far from the singular end of the time axis noise and data predictions are read (see above). */
    public static final double EDGE = 1e-3;

    TorchScriptVelocityField(TorchScriptModule module, ModelDescription description, ClassGuidance guidance) {
        super(module, description, guidance);
        if (description.prediction() == ModelDescription.Prediction.FLOW_MAP) {
            throw new IllegalArgumentException(module.name() + " is a flow map; load it as a TorchScriptFlowMap");
        }
    }

    public TorchScriptVelocityField(TorchScriptModule module, ModelDescription description) {
        this(module, description, null);
    }

    @Override
    public double[] coveredTimes() {
        double[] range = interpolant().coveredTimes().clone();
        Interpolant ip = interpolant();
        if (description().prediction() == ModelDescription.Prediction.NOISE && ip.alpha(range[0]) == 0) {
            range[0] = Math.max(range[0], EDGE);
        }
        if (description().prediction() == ModelDescription.Prediction.DATA && ip.sigma(range[1]) == 0) {
            range[1] = Math.min(range[1], 1 - EDGE);
        }
        return range;
    }

    @Override
    public NDArray velocity(NDArray t, NDArray x) {
        requireCovered(t);
        if (description().prediction() == ModelDescription.Prediction.VELOCITY) {
            return ownVelocity(t, x);
        }
        NDArray[] p = predictions(t, x);
        return interpolant().velocityFromPredictions(t, p[0], p[1]);
    }

    @Override
    public NDArray denoiser(NDArray t, NDArray x) {
        requireCovered(t);
        switch (description().prediction()) {
            case DATA:
                return call(x, t);
            case VELOCITY:
                return super.denoiser(t, x);
            default:
                return predictions(t, x)[0];
        }
    }

    /** (E[x₁ | x], E[x₀ | x]) from one module call, on the model's own path. */
    @Override
    public NDArray[] predictions(NDArray t, NDArray x) {
        requireCovered(t);
        Interpolant ip = interpolant();
        NDArray a = Tensors.perSample(ip.alpha(t), x);
        NDArray s = Tensors.perSample(ip.sigma(t), x);
        switch (description().prediction()) {
            case DATA: {
                NDArray d = call(x, t);
                return new NDArray[] {d, x.sub(d.mul(a)).div(Tensors.atLeast(s, Interpolant.EPS))};
            }
            case NOISE: {
                NDArray e = call(x, t);
                return new NDArray[] {x.sub(e.mul(s)).div(Tensors.atLeast(a, Interpolant.EPS)), e};
            }
            case V: {
                // (1.12): x = a·x₁ + s·ε and v = a·ε − s·x₁ with a² + s² = 1.
                NDArray v = call(x, t);
                return new NDArray[] {x.mul(a).sub(v.mul(s)), x.mul(s).add(v.mul(a))};
            }
            default:
                return ip.predictionsFromVelocity(t, x, ownVelocity(t, x));
        }
    }

    /**
     * Refuses times outside {@link #coveredTimes()} (where the conversions above would divide by zero): the module
     * alone is defined on its range; {@code model.SnrMatched} (as {@code ModelLoader} loads it) serves a whole axis.
     */
    private void requireCovered(NDArray t) {
        double[] range = coveredTimes();
        if (range[0] == 0 && range[1] == 1) {
            return;
        }
        double lo = t.min().toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
        double hi = t.max().toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
        if (lo < range[0] - 1e-6 || hi > range[1] + 1e-6) {
            throw new IllegalArgumentException(name() + " covers the times [" + range[0] + ", " + range[1] + "] of "
                    + "its schedule, not [" + lo + ", " + hi + "]; run it through model.SnrMatched (as ModelLoader "
                    + "loads it), which serves the rest of the axis");
        }
    }

    /** The module's velocity as d x/dt in the model's own time: a velocity in τ = 1 − t changes sign. */
    private NDArray ownVelocity(NDArray t, NDArray x) {
        NDArray out = call(x, t);
        return description().timeInput() == ModelDescription.TimeInput.TAU ? out.neg() : out;
    }
}
