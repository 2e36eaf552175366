package io.diamondmaps.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.model.torchscript.TorchScriptModule;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Tensors;

import java.nio.file.Path;

/**
 * A reward written in PyTorch: a TorchScript module mapping samples x of shape (N, d...) (as float32) to the
 * log-reward of shape (N,), differentiable in x. Every call checks the shape and that the values are finite (one host
 * sync), since a wrong reward would otherwise steer alignment silently.
 */
public final class TorchScriptReward implements Reward {
    private final TorchScriptModule module;

    public TorchScriptReward(TorchScriptModule module) {
        this.module = module;
    }

    /** The reward module in {@code file}, loaded onto the device of {@code manager}. */
    public static TorchScriptReward load(Path file, NDManager manager) {
        return new TorchScriptReward(TorchScriptModule.load(file, manager));
    }

    @Override
    public NDArray value(NDArray x) {
        NDArray out = module.forward(x);
        Shape expected = new Shape(x.getShape().get(0));
        if (!out.getShape().equals(expected)) {
            Shape got = out.getShape();
            out.close();
            throw new IllegalArgumentException("the reward module " + module.name() + " returned shape " + got
                    + " for samples of shape " + x.getShape() + "; it must return one value per sample, " + expected);
        }
        if (!Checks.isFinite(out)) {
            out.close();
            throw new IllegalArgumentException("the reward module " + module.name() + " returned NaN or infinite "
                    + "values");
        }
        return Tensors.cast(out, x.getDataType());
    }

    @Override
    public long inputSize() {
        return ANY_SIZE;
    }

    @Override
    public String describe() {
        return "TorchScript reward " + module.name();
    }
}
