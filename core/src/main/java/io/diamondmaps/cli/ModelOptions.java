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
                    + "torchscript:MODEL.pt, a PyTorch module described by MODEL.json beside it: {\"prediction\": "
                    + "velocity|data|noise|flow-map, \"time\": noise-at-0|noise-at-1, \"interpolant\": linear|trig, "
                    + "\"shape\": [d] or [C,H,W]} (see the README, 'Bring your own model').")
    String model;

    @Option(names = "--interpolant", defaultValue = "linear", paramLabel = "NAME",
            description = "Interpolant of a gmm: model: linear (α=t, σ=1−t) or trig (α=sin(πt/2), σ=cos(πt/2)); a "
                    + "checkpoint or TorchScript description records its own. Default: ${DEFAULT-VALUE}.")
    String interpolant;

    ModelBundle load(NDManager manager) throws IOException {
        return load(model, interpolant, manager);
    }

    /** The model {@code spec} names, with the interpolant {@code interpolantName} for a gmm: mixture. */
    static ModelBundle load(String spec, String interpolantName, NDManager manager) throws IOException {
        return ModelLoader.load(spec, Interpolant.byName(interpolantName), manager);
    }
}
