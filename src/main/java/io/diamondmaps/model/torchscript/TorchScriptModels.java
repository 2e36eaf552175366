package io.diamondmaps.model.torchscript;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.model.VelocityField;
import io.diamondmaps.util.Tensors;

import java.io.IOException;
import java.nio.file.Path;

/** Loads TorchScript flow models with their descriptions, and the checks every call of one makes. */
public final class TorchScriptModels {
    private TorchScriptModels() {
    }

    /**
     * The model in {@code module} described by the JSON file beside it, on the device of {@code manager}: a
     * {@link TorchScriptFlowMap} for a flow map, otherwise a {@link TorchScriptVelocityField}.
     */
    public static VelocityField load(Path module, NDManager manager) throws IOException {
        TorchScriptModule m = TorchScriptModule.load(module, manager);
        ModelDescription description = ModelDescription.read(ModelDescription.fileBeside(module));
        return description.prediction() == ModelDescription.Prediction.FLOW_MAP
                ? new TorchScriptFlowMap(m, description) : new TorchScriptVelocityField(m, description);
    }

    /** The description of a model {@link #load} returned. */
    public static ModelDescription description(VelocityField model) {
        if (model instanceof TorchScriptFlowMap f) {
            return f.description();
        }
        if (model instanceof TorchScriptVelocityField v) {
            return v.description();
        }
        throw new IllegalArgumentException("not a TorchScript model: " + model);
    }

    /** Our time t as the module's own: t, or τ = 1 − t for a module with noise at 1. */
    static NDArray moduleTime(ModelDescription d, NDArray t) {
        return d.time() == ModelDescription.TimeDirection.NOISE_AT_1 ? Tensors.scalar(t, 1).sub(t) : t;
    }

    /** Fails unless {@code x} is a batch of samples of the described shape. */
    static void requireSampleShape(TorchScriptModule module, ModelDescription d, NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != d.sampleShape().dimension() + 1 || !s.slice(1).equals(d.sampleShape())) {
            throw new IllegalArgumentException(module.name() + " is described for samples of shape "
                    + d.sampleShape() + ", but was given a batch of shape " + s);
        }
    }

    /** Fails unless the module's output has the shape {@code expected}. */
    static void requireShape(TorchScriptModule module, NDArray out, Shape expected) {
        if (!out.getShape().equals(expected)) {
            Shape got = out.getShape();
            out.close();
            throw new IllegalArgumentException(module.name() + " returned a tensor of shape " + got
                    + " for inputs of shape " + expected + "; it must return a tensor shaped like x");
        }
    }
}
