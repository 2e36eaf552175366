package io.diamondmaps.model.torchscript;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import io.diamondmaps.util.Tensors;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A PyTorch module saved as TorchScript, loaded so that gradients reach its inputs and its behaviour is always the
 * evaluation one (dropout off, batch norm on running statistics), whatever the order of calls.
 *
 * <p>Why not DJL's {@code Predictor} or {@code block.forward}: DJL's default load runs the module in inference mode,
 * where no gradient can reach the input; and {@code forward(…, training)} switches the native module between train()
 * and eval() whenever the flag changes, which turns dropout on (see {@code shared/notes/djl-stack.md} §8). So the module
 * is loaded with trainable parameters (then frozen: no parameter keeps a gradient), left in the eval() state the loader
 * puts it in, and run through the engine's method call with autograd enabled, which records a graph only inside a
 * gradient collector.
 *
 * <p>Inputs are cast to float32 (the dtype of PyTorch modules) keeping the autograd path; the module's tensors live on
 * the device of the manager it was loaded on, and so must its inputs.
 */
public final class TorchScriptModule {
    private final PtSymbolBlock block;
    private final String name;

    private TorchScriptModule(PtSymbolBlock block, String name) {
        this.block = block;
        this.name = name;
    }

    /** Loads {@code file} onto the device of {@code manager}; the module is freed with the manager. */
    public static TorchScriptModule load(Path file, NDManager manager) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("TorchScript module not found: " + file);
        }
        if (!(manager instanceof PtNDManager pt)) {
            throw new IllegalArgumentException("TorchScript modules run on the PyTorch engine, not "
                    + manager.getEngine().getEngineName());
        }
        PtSymbolBlock block;
        try {
            // mapLocation: a scripted module's tensors go straight to the manager's device.
            block = JniUtils.loadModule(pt, file, true, new String[0], new String[0], true);
        } catch (EngineException e) {
            throw new IllegalArgumentException(file + " is not a TorchScript module that libtorch can read ("
                    + summary(e.getMessage()) + "); save it with torch.jit.script(m).save(path) or "
                    + "torch.jit.trace", e);
        }
        block.freezeParameters(true);
        return new TorchScriptModule(block, file.toString());
    }

    /**
     * {@code forward(inputs…)}: the module's single output tensor, on the manager of the first input, differentiable
     * when called inside a gradient collector.
     */
    public NDArray forward(NDArray... inputs) {
        NDList in = new NDList(inputs.length);
        for (NDArray a : inputs) {
            // Floating inputs as float32, as modules take them; class labels stay int64.
            in.add(a.getDataType().isFloating() ? Tensors.cast(a, DataType.FLOAT32) : a);
        }
        NDList out;
        try {
            out = IValueUtils.forward(block, in, true);
        } catch (EngineException e) {
            throw new IllegalArgumentException(name + " failed on inputs of shapes " + shapes(inputs) + ": "
                    + summary(e.getMessage()), e);
        }
        if (out.size() != 1) {
            out.close();
            throw new IllegalArgumentException(name + " returned " + out.size() + " tensors; forward must return one");
        }
        return out.get(0);
    }

    /** The file the module was read from. */
    public String name() {
        return name;
    }

    static String shapes(NDArray... inputs) {
        return Arrays.stream(inputs).map(a -> a.getShape().toString()).collect(Collectors.joining(", "));
    }

    /**
     * One line of an engine message: the Python exception a TorchScript traceback ends with (e.g. "RuntimeError: mat1
     * and mat2 shapes cannot be multiplied"), else the first line; the whole traceback stays in the cause.
     */
    static String summary(String message) {
        if (message == null || message.isBlank()) {
            return "no message";
        }
        String[] lines = message.strip().split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (lines[i].matches("^[A-Za-z_.]*(Error|Exception): .*")) {
                return lines[i].strip();
            }
        }
        return lines[0].strip();
    }
}
