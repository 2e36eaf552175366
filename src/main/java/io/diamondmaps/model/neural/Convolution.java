package io.diamondmaps.model.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * The 2-D convolution every network here runs. oneDNN's AVX2 and AVX-512 backward-data kernels (libtorch 2.7.1 CPU)
 * return NaN or wrong input gradients for convolutions with fewer than 16 output channels, such as a U-Net's last
 * convolution to one image channel (bench/results/onednn.md, {@code io.diamondmaps.bench.OneDnnProbe}). Such a
 * convolution runs here with its weights padded by zero output channels to a multiple of 16 and the extra outputs
 * dropped: the same values and gradients, through the kernels that are exact, at any instruction set.
 */
public final class Convolution {
    /** Output channels are padded to a multiple of this. */
    static final int CHANNEL_MULTIPLE = 16;

    private Convolution() {
    }

    /**
     * The convolution of {@code x} (N, C, H, W) with {@code weight} (C', C, k, k) and {@code bias} (C') or null,
     * square stride and padding, dilation 1.
     */
    public static NDArray conv2d(NDArray x, NDArray weight, NDArray bias, int stride, int pad) {
        long out = weight.getShape().get(0);
        long padded = (out + CHANNEL_MULTIPLE - 1) / CHANNEL_MULTIPLE * CHANNEL_MULTIPLE;
        NDArray w = weight;
        NDArray b = bias;
        if (padded != out) {
            Shape extra = new Shape(padded - out).addAll(weight.getShape().slice(1));
            w = weight.concat(weight.getManager().zeros(extra, weight.getDataType(), weight.getDevice()), 0);
            b = bias == null ? null : bias.concat(bias.getManager().zeros(new Shape(padded - out),
                    bias.getDataType(), bias.getDevice()), 0);
        }
        NDArray y = Conv2d.conv2d(x, w, b, new Shape(stride, stride), new Shape(pad, pad), new Shape(1, 1), 1)
                .singletonOrThrow();
        return padded == out ? y : y.get(new NDIndex(":, 0:" + out));
    }
}
