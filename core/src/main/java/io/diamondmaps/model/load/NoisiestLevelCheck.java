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
 * level (SNR ℓ_lo = a/s, 0.0063 for the usual DDPM table, 1/σ_max for EDM) a model's denoiser barely depends on its
 * input: E[x₁ | x] = E[x₁] + O(ℓ_lo·Cov(x₁)), so the spread of D over pure-noise inputs, relative to theirs, is about
 * ℓ_lo times the data's variance. A module fed the wrong time input (a DDPM module given τ ∈ [0, 1] where it expects
 * its timestep index, a σ-input module given c_noise) believes the input nearly clean and returns something close to
 * it, a relative spread of order one. Above {@value #MAX_SPREAD} the load is refused with the measured spread and what
 * to check. Data of a variance above about {@value #MAX_SPREAD}/ℓ_lo (16 for that DDPM table) would trip it too.
 */
final class NoisiestLevelCheck {
    static final double MAX_SPREAD = 0.1;
    private static final int PROBES = 64;

    private NoisiestLevelCheck() {
    }

    static void check(TorchScriptModel model, String spec, NDManager manager) {
        double lo = model.coveredTimes()[0];
        double spread;
        try (NDManager scope = manager.newSubManager()) {
            Shape shape = new Shape(PROBES).addAll(model.description().sampleShape());
            // Pure noise at the model's noisiest level: x = s(t_lo)·ε (its signal a(t_lo)·x₁ is at most ℓ_lo of it).
            NDArray x = Rng.of(0x5eed).normal(scope, model.interpolant().sigma(lo), shape, DataType.FLOAT32);
            NDArray d = model.denoiser(Tensors.times(x, lo), x).reshape(PROBES, -1)
                    .toType(DataType.FLOAT64, false);
            NDArray in = x.reshape(PROBES, -1).toType(DataType.FLOAT64, false);
            spread = Math.sqrt(variance(d) / variance(in));
        }
        if (!(spread <= MAX_SPREAD)) {
            throw new IllegalArgumentException("model '" + spec + "' does not act like a denoiser at its noisiest level (t = " + lo + " of "
                    + Schedules.toJson(model.interpolant()) + "): its data prediction follows pure-noise inputs "
                    + "(relative spread " + String.format("%.3g", spread) + ", expected below " + MAX_SPREAD
                    + "), so it is most likely called at the wrong noise level: check \"time_input\" (now \""
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
