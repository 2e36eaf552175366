package io.diamondmaps.model.load;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.interpolant.Schedules;
import io.diamondmaps.model.torchscript.TorchScriptModel;
import io.diamondmaps.util.EnumNames;
import io.diamondmaps.util.Rng;
import io.diamondmaps.util.Tensors;

/**
 * A load-time check that a pretrained module is called at the noise levels it was trained on. At its noisiest covered
 * level (SNR ℓ = a/s: 0.0063 for the usual DDPM table, 0.068 for Stable Diffusion's, 1/σ_max for EDM) a model's
 * denoiser barely depends on its input. In data units (the input as x/a, an observation of x₁ with noise 1/ℓ) the
 * posterior mean's gain is Cov(x₁)/(Cov(x₁) + 1/ℓ²) ≈ v·ℓ² for data of variance v: about 1e-4 for the mixtures of
 * the tests on every schedule. A module fed the wrong time input (a DDPM module given τ ∈ [0, 1] where it expects
 * its timestep index, a σ-input module given c_noise) believes its input far cleaner and follows it: gains of 0.2 to
 * 1 were measured. Above {@value #MAX_GAIN} the load is refused with the measured gain and what to check; data whose
 * variance exceeds about {@value #MAX_GAIN}/ℓ² (24 for Stable Diffusion's table, 2,500 for the usual DDPM one) would
 * trip it too. One batched model call of {@value #PROBES} pure-noise inputs.
 */
final class NoisiestLevelCheck {
    static final double MAX_GAIN = 0.1;
    private static final int PROBES = 64;

    private NoisiestLevelCheck() {
    }

    static void check(TorchScriptModel model, String spec, NDManager manager) {
        double lo = model.coveredTimes()[0];
        double gain;
        try (NDManager scope = manager.newSubManager()) {
            Shape shape = new Shape(PROBES).addAll(model.description().sampleShape());
            // Pure noise at the model's noisiest level: x = s(t_lo)·ε (its signal a(t_lo)·x₁ is at most ℓ_lo of it).
            NDArray x = Rng.of(0x5eed).normal(scope, model.interpolant().sigma(lo), shape, DataType.FLOAT32);
            NDArray d = model.denoiser(Tensors.times(x, lo), x).reshape(PROBES, -1)
                    .toType(DataType.FLOAT64, false);
            NDArray in = x.reshape(PROBES, -1).toType(DataType.FLOAT64, false);
            // In data units: the input x/a has spread s/a = 1/ℓ, so the gain is spread(D)·a/spread(x).
            gain = Math.sqrt(variance(d) / variance(in)) * model.interpolant().alpha(lo);
        }
        if (!(gain <= MAX_GAIN)) {
            throw new IllegalArgumentException("model '" + spec + "' does not act like a denoiser at its noisiest level (t = " + lo + " of "
                    + Schedules.toJson(model.interpolant()) + "): its data prediction follows pure-noise inputs "
                    + "(gain " + String.format("%.3g", gain) + " in data units, where a denoiser has about v·ℓ² ≪ 1 "
                    + "for data of variance v; refused above " + MAX_GAIN + "), so it is most likely called at the wrong noise level: check \"time_input\" (now \""
                    + EnumNames.of(model.description().timeInput()).replace('-', '_') + "\"; diffusers' DDPM "
                    + "UNets take the timestep \"index\", EDM networks \"sigma\") and \"schedule\"");
        }
    }

    /** Σ_j Var_i(a_ij): the total variance over the rows of a (N, D) array. */
    private static double variance(NDArray a) {
        NDArray centred = a.sub(a.mean(new int[] {0}, true));
        return centred.square().sum().getDouble() / (a.getShape().get(0) - 1);
    }
}
