package io.diamondmaps.model.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diamondmaps.util.Tensors;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A small CNN for C×H×W images (H, W divisible by 4): conv3×3 → SiLU → stride-2 conv → SiLU → stride-2 conv → SiLU →
 * linear to {@code features} units → SiLU → linear to the class logits. The penultimate activations are the feature
 * space of the Fréchet distance (the role Inception plays for FID) and the logits feed {@code ClassifierReward}.
 */
public final class ImageClassifier implements AutoCloseable {
    /** Architecture: image shape, channels of the first convolution, feature units and classes. */
    public record Config(int channels, int height, int width, int base, int features, int classes) {
        public Config {
            if (height % 4 != 0 || width % 4 != 0) {
                throw new IllegalArgumentException("the classifier needs image sides divisible by 4, got "
                        + height + "x" + width);
            }
        }

        /** The default for 1×28×28 Fashion-MNIST: 32/64/64 channels, 128 features, 10 classes. */
        public static Config fashionMnist() {
            return new Config(1, 28, 28, 32, 128, 10);
        }
    }

    private final Config config;
    private final Parameters params;

    public ImageClassifier(Config config, NDManager manager) {
        this.config = config;
        this.params = new Parameters(manager, DataType.FLOAT32);
        int c = config.base();
        conv("c1", config.channels(), c);
        conv("c2", c, 2 * c);
        conv("c3", 2 * c, 2 * c);
        long flat = 2L * c * (config.height() / 4) * (config.width() / 4);
        params.weight("f.w", flat, config.features());
        params.zeros("f.b", new Shape(config.features()));
        params.weight("out.w", config.features(), config.classes());
        params.zeros("out.b", new Shape(config.classes()));
    }

    private void conv(String name, int in, int out) {
        params.convWeight(name + ".w", out, in, 3);
        params.zeros(name + ".b", new Shape(out));
    }

    public Config config() {
        return config;
    }

    public Parameters parameters() {
        return params;
    }

    public Shape sampleShape() {
        return new Shape(config.channels(), config.height(), config.width());
    }

    /** Penultimate activations (N, features) of images (N, C, H, W) in [−1, 1]. */
    public NDArray features(NDArray images) {
        if (images.getShape().dimension() != 4 || !images.getShape().slice(1).equals(sampleShape())) {
            throw new IllegalArgumentException("the classifier takes images of shape (N, " + sampleShape()
                    + "), got " + images.getShape());
        }
        NDArray x = Tensors.cast(images, params.dataType());
        x = silu(conv(x, "c1", 1));
        x = silu(conv(x, "c2", 2));
        x = silu(conv(x, "c3", 2));
        x = x.reshape(x.getShape().get(0), -1);
        return silu(x.matMul(params.get("f.w")).add(params.get("f.b")));
    }

    /** Class logits (N, classes). */
    public NDArray logits(NDArray images) {
        return features(images).matMul(params.get("out.w")).add(params.get("out.b"));
    }

    private NDArray conv(NDArray x, String name, int stride) {
        return Convolution.conv2d(x, params.get(name + ".w"), params.get(name + ".b"), stride, 1);
    }

    private static NDArray silu(NDArray z) {
        return z.mul(z.getNDArrayInternal().sigmoid());
    }

    public ObjectNode architecture() {
        return Checkpoint.architecture("image-classifier", config);
    }

    /** The classifier of a checkpoint written by the classifier trainer, frozen, on {@code manager}. */
    public static ImageClassifier load(Path file, NDManager manager) throws IOException {
        return Checkpoint.readAs(file, manager, ImageClassifier::load);
    }

    /** The classifier of a checkpoint already read from {@code file}, frozen, on {@code manager}. */
    public static ImageClassifier load(Checkpoint c, String file, NDManager manager) {
        JsonNode arch = c.metadata().path("architecture");
        if (!"image-classifier".equals(arch.path("type").asText())) {
            throw new IllegalArgumentException(file + " is not an image-classifier checkpoint (it holds '"
                    + arch.path("type").asText() + "')");
        }
        ImageClassifier net = new ImageClassifier(Checkpoint.configuration(arch, Config.class), manager);
        net.params.copyFrom(c.arraysUnder("param/"));
        for (NDArray p : net.params.asMap().values()) {
            p.setRequiresGradient(false);
        }
        return net;
    }

    @Override
    public void close() {
        params.close();
    }
}
