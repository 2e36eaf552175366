package io.diamondmaps.cli;

import ai.djl.ndarray.NDManager;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.model.load.ModelBundle;
import io.diamondmaps.model.load.ModelLoader;
import picocli.CommandLine.Option;

import java.io.IOException;

/** {@code --model} and {@code --interpolant}: which model a command runs on. */
final class ModelOptions {
    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "The model: gmm:SPEC.json, an exact Gaussian mixture given by a JSON spec file "
                    + "{\"weights\":[…], \"means\":[[…]…], \"covariances\":[[[…]…]…]}; a checkpoint written by "
                    + "'diamond train' (its EMA weights; a flow map is also a velocity field through its diagonal); or "
                    + "torchscript:MODEL.pt[#class=Y,cfg=W], a PyTorch module described by MODEL.json beside it: "
                    + "{\"schedule\": linear|trig|cosine|vp|ddpm|edm|rectified-flow or {\"type\": …}, \"time_input\": "
                    + "t|tau|index|sigma|log_sigma|c_noise|log_snr, \"prediction\": velocity|data|noise|v|flow-map, "
                    + "\"shape\": [d] or [C,H,W]} (see docs/models.md, 'Bring your own model'); class=Y and cfg=W pick "
                    + "the class and classifier-free guidance weight of a class-conditional module.")
    String model;

    @Option(names = "--interpolant", defaultValue = "linear", paramLabel = "NAME",
            description = "The run's interpolant, the time axis of every --t, state and report: linear (α=t, σ=1−t), "
                    + "trig (α=sin(πt/2), σ=cos(πt/2)), or any schedule from noise (cosine, vp, ddpm, or a JSON value "
                    + "{\"type\": …}). A gmm: mixture is put on it; a TorchScript module or a checkpoint of another "
                    + "schedule is SNR-matched to it; a Diamond Map runs on the one it was distilled on. "
                    + "Default: ${DEFAULT-VALUE}.")
    String interpolant;

    ModelBundle load(NDManager manager) throws IOException {
        return load(model, interpolant, manager);
    }

    /** The model {@code spec} names, with the interpolant {@code interpolantName} for a gmm: mixture. */
    static ModelBundle load(String spec, String interpolantName, NDManager manager) throws IOException {
        return ModelLoader.load(spec, Interpolant.byName(interpolantName), manager);
    }
}
