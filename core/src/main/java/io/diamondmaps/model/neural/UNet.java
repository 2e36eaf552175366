package io.diamondmaps.model.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diamondmaps.interpolant.Interpolant;

/**
 * A small U-Net flow map for C×H×W images (H, W divisible by 4), X(t, t', x) = x + (t' − t)·φ(t, t', x) (3.1), φ the
 * {@link UNetBody} on x with embeddings of t and t' − t, and ∂φ/∂t' by tangent propagation.
 */
public final class UNet extends ResidualFlowMap<UNet.Config> {
    /** Architecture: image shape, base channels, GroupNorm groups and time-embedding size. */
    public record Config(int channels, int height, int width, int base, int groups, int embedding) {
        public Config {
            if (height % 4 != 0 || width % 4 != 0) {
                throw new IllegalArgumentException("the U-Net needs image sides divisible by 4, got " + height + "x" + width);
            }
        }

        /** The default for C×H×W images and {@code base} channels: min(8, base) groups, 32 embedding frequencies. */
        public static Config of(Shape sampleShape, int base) {
            return new Config((int) sampleShape.get(0), (int) sampleShape.get(1), (int) sampleShape.get(2), base,
                    Math.min(8, base), 32);
        }
    }

    private final UNetBody body;

    public UNet(Config config, Interpolant interpolant, NDManager manager) {
        this(config, interpolant, manager, DataType.FLOAT32);
    }

    public UNet(Config config, Interpolant interpolant, NDManager manager, DataType dtype) {
        super(config, interpolant, manager, dtype);
        this.body = new UNetBody(parameters(), config.channels(), config.channels(), config.base(), config.groups(),
                config.embedding(), 2);
    }

    @Override
    public Shape sampleShape() {
        return new Shape(config().channels(), config().height(), config().width());
    }

    @Override
    public ObjectNode architecture() {
        return Checkpoint.architecture("unet", config());
    }

    @Override
    Dual phi(NDArray t, NDArray tNext, NDArray x, boolean withTangent) {
        // Embeddings of t and of t' − t; the tangent runs along t' − t (∂(t' − t)/∂t' = 1).
        return body.forward(new NDArray[] {t, tNext.sub(t)}, withTangent ? 1 : -1, x);
    }
}
