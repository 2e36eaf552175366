package io.diamondmaps.model.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.interpolant.Schedules;
import io.diamondmaps.util.Rng;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Loads trained networks from checkpoints, with the EMA weights that sampling uses (spec §3.7). */
public final class NeuralModels {
    private NeuralModels() {
    }

    /** The flow-map network (MLP or U-Net) of a checkpoint written by the trainer, on {@code manager}. */
    public static FlowMapNetwork load(Path file, NDManager manager) throws IOException {
        return Checkpoint.readAs(file, manager, NeuralModels::load);
    }

    /** The flow-map network of a checkpoint already read from {@code file}, on {@code manager}. */
    public static FlowMapNetwork load(Checkpoint c, String file, NDManager manager) {
        JsonNode arch = c.metadata().path("architecture");
        Interpolant ip = Schedules.fromMetadata(c.metadata());
        FlowMapNetwork net;
        switch (arch.path("type").asText()) {
            case "map-mlp":
                net = new MapMlp(Checkpoint.configuration(arch, MapMlp.Config.class), ip, manager);
                break;
            case "unet":
                net = new UNet(Checkpoint.configuration(arch, UNet.Config.class), ip, manager);
                break;
            case "diamond-mlp":
            case "diamond-unet":
                throw new IllegalArgumentException(file + " is a Posterior Diamond Map, not a flow model: pass it "
                        + "as diamond:" + file + " (--sampler / --posterior) or to --method diamond");
            default:
                throw new IllegalArgumentException(file + " holds an unknown network type '"
                        + arch.path("type").asText() + "'");
        }
        freezeWithEma(c, net.parameters());
        return net;
    }

    /** The Posterior Diamond Map of a checkpoint written by the Diamond trainer, with its EMA weights. */
    public static DiamondNetwork loadDiamond(Path file, NDManager manager) throws IOException {
        return Checkpoint.readAs(file, manager, NeuralModels::loadDiamond);
    }

    /** The Posterior Diamond Map of a checkpoint already read from {@code file}, on {@code manager}. */
    public static DiamondNetwork loadDiamond(Checkpoint c, String file, NDManager manager) {
        JsonNode arch = c.metadata().path("architecture");
        Interpolant ip = Schedules.fromMetadata(c.metadata());
        InnerRange range = InnerRange.of(c.metadata().path("diamond"));
        DiamondNetwork net;
        switch (arch.path("type").asText()) {
            case "diamond-mlp":
                net = new DiamondMlp(Checkpoint.configuration(arch, MapMlp.Config.class), ip, range, manager, DataType.FLOAT32);
                break;
            case "diamond-unet":
                net = new DiamondUNet(Checkpoint.configuration(arch, UNet.Config.class), ip, range, manager, DataType.FLOAT32);
                break;
            default:
                throw new IllegalArgumentException(file + " is not a Posterior Diamond Map checkpoint (it holds a '"
                        + arch.path("type").asText() + "' network; train one with 'diamond train diamond')");
        }
        freezeWithEma(c, net.parameters());
        return net;
    }

    /**
     * A new flow-map network for samples of {@code shape}: a U-Net for images ({@code base} channels), the MapMLP for
     * vectors ({@code width}, {@code depth}), its weights drawn from {@code rng}.
     */
    public static FlowMapNetwork newFlowMap(Shape shape, Interpolant interpolant, int base, int width, int depth,
            Rng rng, NDManager manager) {
        FlowMapNetwork net = shape.dimension() == 3 ? new UNet(UNet.Config.of(shape, base), interpolant, manager)
                : new MapMlp(new MapMlp.Config(Math.toIntExact(shape.get(0)), width, depth), interpolant, manager);
        net.parameters().redraw(rng);
        return net;
    }

    /**
     * A new Posterior Diamond Map to distil for samples of {@code shape}: the U-Net variant for images ({@code base}
     * channels) or the MLP variant for vectors ({@code width}, {@code depth}), its weights drawn from {@code rng}; with
     * a flow map to start from, its size and weights instead, the new inputs at zero (spec 5.1).
     *
     * @param initFrom a trained flow map of the same sample shape, or null
     */
    public static DiamondNetwork newDiamond(Shape shape, Interpolant interpolant, FlowMapNetwork initFrom, int base,
            int width, int depth, InnerRange range, Rng rng, NDManager manager) {
        if (initFrom != null && !initFrom.sampleShape().equals(shape)) {
            throw new IllegalArgumentException("the flow map to start from models samples of shape "
                    + initFrom.sampleShape() + ", the Diamond Map " + shape);
        }
        if (shape.dimension() == 3) {
            UNet.Config config = initFrom instanceof UNet u ? u.config() : UNet.Config.of(shape, base);
            DiamondUNet net = new DiamondUNet(config, interpolant, range, manager, DataType.FLOAT32);
            net.parameters().redraw(rng);
            if (initFrom instanceof UNet u) {
                net.initialiseFrom(u);
            }
            return net;
        }
        MapMlp.Config config = initFrom instanceof MapMlp f ? f.config()
                : new MapMlp.Config(Math.toIntExact(shape.get(0)), width, depth);
        DiamondMlp net = new DiamondMlp(config, interpolant, range, manager, DataType.FLOAT32);
        net.parameters().redraw(rng);
        if (initFrom instanceof MapMlp f) {
            net.initialiseFrom(f);
        }
        return net;
    }

    /** Sampling uses the EMA weights (spec §3.7) when the checkpoint has them; frozen, without gradients. */
    private static void freezeWithEma(Checkpoint c, Parameters params) {
        Map<String, NDArray> weights = c.arraysUnder("ema/");
        params.copyFrom(weights.isEmpty() ? c.arraysUnder("param/") : weights);
        for (NDArray p : params.asMap().values()) {
            p.setRequiresGradient(false);
        }
    }
}
