package io.diamondmaps.model.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

import java.util.ArrayList;
import java.util.List;

/**
 * The 2-D convolution every network here runs. oneDNN's AVX2 and AVX-512 backward-data kernels (libtorch 2.7.1 CPU)
 * return NaN or wrong input gradients for convolutions with fewer than 16 output channels, such as a U-Net's last
 * convolution to one image channel (bench/results/onednn.md, {@code io.diamondmaps.bench.OneDnnProbe}). Such a
 * convolution runs here with its weights padded by zero output channels (in front) to a multiple of 16 and the extra
 * outputs dropped: the same values and gradients, through the kernels that are exact, at any instruction set.
 */
public final class Convolution {
    /** Output channels are padded to a multiple of this. */
    static final int CHANNEL_MULTIPLE = 16;

    /** One convolution as called: input (N, C, H, W) and weight (C', C, k, k) shapes, bias, stride and padding. */
    public record Call(Shape input, Shape weight, boolean bias, int stride, int pad) {
        /** Multiply-adds of the call: every output element sums C·k² products. */
        public long multiplyAdds() {
            long size = (input.get(2) + 2L * pad - weight.get(2)) / stride + 1;
            return input.get(0) * weight.get(0) * size * size * weight.get(1) * weight.get(2) * weight.get(3);
        }
    }

    /** The calls of a {@link #trace} in progress on this thread (null otherwise): per thread, so runs do not mix. */
    private static final ThreadLocal<List<Call>> TRACE = new ThreadLocal<>();

    private Convolution() {
    }

    /**
     * The convolutions {@code body} runs on this thread, in order: what a benchmark replays to time a network's
     * convolutions alone.
     */
    public static List<Call> trace(Runnable body) {
        List<Call> calls = new ArrayList<>();
        List<Call> outer = TRACE.get();
        TRACE.set(calls);
        try {
            body.run();
        } finally {
            TRACE.set(outer);
        }
        return calls;
    }

    /**
     * The convolution of {@code x} (N, C, H, W) with {@code weight} (C', C, k, k) and {@code bias} (C') or null,
     * square stride and padding, dilation 1.
     */
    public static NDArray conv2d(NDArray x, NDArray weight, NDArray bias, int stride, int pad) {
        List<Call> trace = TRACE.get();
        if (trace != null) {
            trace.add(new Call(x.getShape(), weight.getShape(), bias != null, stride, pad));
        }
        long out = weight.getShape().get(0);
        long extra = (out + CHANNEL_MULTIPLE - 1) / CHANNEL_MULTIPLE * CHANNEL_MULTIPLE - out;
        NDArray w = weight;
        NDArray b = bias;
        if (extra > 0) {
            // The zero channels go first and are made on the input's manager: an array made from the weight would
            // belong to the parameters' manager and live as long as the network, one per call.
            NDManager scope = x.getManager();
            w = scope.zeros(new Shape(extra).addAll(weight.getShape().slice(1)), weight.getDataType(),
                    weight.getDevice()).concat(weight, 0);
            b = bias == null ? null : scope.zeros(new Shape(extra), bias.getDataType(), bias.getDevice())
                    .concat(bias, 0);
        }
        NDArray y = Conv2d.conv2d(x, w, b, new Shape(stride, stride), new Shape(pad, pad), new Shape(1, 1), 1)
                .singletonOrThrow();
        return extra == 0 ? y : y.get(new NDIndex(":, " + extra + ":"));
    }
}
