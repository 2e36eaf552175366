package io.diamondmaps.model.torchscript;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.model.VelocityField;
import io.diamondmaps.util.Tensors;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A flow model from a TorchScript module and its {@link ModelDescription}: a {@link TorchScriptFlowMap} for a flow map,
 * otherwise a {@link TorchScriptVelocityField}. Every call checks the batch and the output against the description and
 * converts our time t to the module's own.
 */
public abstract sealed class TorchScriptModel implements VelocityField
        permits TorchScriptFlowMap, TorchScriptVelocityField {
    private final TorchScriptModule module;
    private final ModelDescription description;

    TorchScriptModel(TorchScriptModule module, ModelDescription description) {
        this.module = module;
        this.description = description;
    }

    /** The model in {@code module}, described by the JSON file beside it, on the device of {@code manager}. */
    public static TorchScriptModel load(Path module, NDManager manager) throws IOException {
        TorchScriptModule m = TorchScriptModule.load(module, manager);
        ModelDescription description = ModelDescription.read(ModelDescription.fileBeside(module));
        return description.prediction() == ModelDescription.Prediction.FLOW_MAP
                ? new TorchScriptFlowMap(m, description) : new TorchScriptVelocityField(m, description);
    }

    /** What the module computes. */
    public ModelDescription description() {
        return description;
    }

    @Override
    public Interpolant interpolant() {
        return description.interpolant();
    }

    /** The module's file, for messages. */
    String name() {
        return module.name();
    }

    /**
     * forward(τ₁, …, x) with each of our per-sample {@code times} in the module's time (τ = t, or 1 − t for noise at
     * 1), checked against the description, in x's dtype.
     */
    NDArray call(NDArray x, NDArray... times) {
        Shape s = x.getShape();
        if (s.dimension() != description.sampleShape().dimension() + 1 || !s.slice(1).equals(
                description.sampleShape())) {
            throw new IllegalArgumentException(module.name() + " is described for samples of shape "
                    + description.sampleShape() + ", but was given a batch of shape " + s);
        }
        NDArray[] inputs = new NDArray[times.length + 1];
        for (int i = 0; i < times.length; i++) {
            inputs[i] = moduleTime(description, times[i]);
        }
        inputs[times.length] = x;
        NDArray out = module.forward(inputs);
        if (!out.getShape().equals(s)) {
            Shape got = out.getShape();
            out.close();
            throw new IllegalArgumentException(module.name() + " returned a tensor of shape " + got
                    + " for inputs of shape " + s + "; it must return a tensor shaped like x");
        }
        return Tensors.cast(out, x.getDataType());
    }

    /** Our time t as the module's own: t, or τ = 1 − t for a module with noise at 1. */
    static NDArray moduleTime(ModelDescription d, NDArray t) {
        return d.time() == ModelDescription.TimeDirection.NOISE_AT_1 ? Tensors.scalar(t, 1).sub(t) : t;
    }
}
