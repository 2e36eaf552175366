package io.diamondmaps.model.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.diamondmaps.interpolant.Interpolant;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Loads trained networks from checkpoints, with the EMA weights that sampling uses (spec §3.7). */
public final class NeuralModels {
    private NeuralModels() {
    }

    /** The flow-map network (MLP or U-Net) of a checkpoint written by the trainer, on {@code manager}. */
    public static FlowMapNetwork load(Path file, NDManager manager) throws IOException {
        try (NDManager scope = manager.newSubManager()) {
            Checkpoint c = Checkpoint.read(file, scope);
            JsonNode arch = c.metadata().path("architecture");
            Interpolant ip = Interpolant.byName(c.metadata().path("interpolant").asText("linear"));
            FlowMapNetwork net;
            switch (arch.path("type").asText()) {
                case "map-mlp":
                    net = new MapMlp(new MapMlp.Config(arch.path("dimension").asInt(), arch.path("width").asInt(),
                            arch.path("depth").asInt()), ip, manager);
                    break;
                case "unet":
                    net = new UNet(new UNet.Config(arch.path("channels").asInt(), arch.path("height").asInt(),
                            arch.path("width").asInt(), arch.path("base").asInt(), arch.path("groups").asInt(),
                            arch.path("embedding").asInt()), ip, manager);
                    break;
                default:
                    throw new IllegalArgumentException(file + " holds an unknown network type '"
                            + arch.path("type").asText() + "'");
            }
            Map<String, NDArray> weights = new LinkedHashMap<>();
            String prefix = c.arrays().keySet().stream().anyMatch(k -> k.startsWith("ema/")) ? "ema/" : "param/";
            c.arrays().forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    weights.put(k.substring(prefix.length()), v);
                }
            });
            net.parameters().copyFrom(weights);
            for (NDArray p : net.parameters().asMap().values()) {
                p.setRequiresGradient(false);
            }
            return net;
        }
    }
}
