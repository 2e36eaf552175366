package io.diamondmaps.model.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diamondmaps.interpolant.Interpolant;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The U-Net Posterior Diamond Map for C×H×W images (spec §5.1, U-Net variant): ψ is the {@link UNetBody} on the 2C
 * channels concat(x̄, x_t) with embeddings of s, s' − s, t and t' − t, and ∂ψ/∂s' by tangent propagation along s' − s.
 * The (s, s' − s, x̄) inputs sit where the flow map {@link UNet} has (t, t' − t, x), so {@link #initialiseFrom} makes it
 * start as a trained flow map run in inner time, the new inputs zero.
 */
public final class DiamondUNet extends ResidualDiamondMap<UNet.Config> {
    private final UNetBody body;

    public DiamondUNet(UNet.Config config, Interpolant interpolant, NDManager manager) {
        this(config, interpolant, InnerRange.POSTERIOR, manager, DataType.FLOAT32);
    }

    /** A map to be trained (or loaded) for the inner times {@code innerRange}. */
    public DiamondUNet(UNet.Config config, Interpolant interpolant, InnerRange innerRange, NDManager manager, DataType dtype) {
        super(config, interpolant, innerRange, manager, dtype);
        this.body = new UNetBody(parameters(), 2 * config.channels(), config.channels(), config.base(), config.groups(),
                config.embedding(), 4);
    }

    /**
     * Copies a trained {@link UNet} of the same configuration: its time-embedding rows become those of (s, s' − s), its
     * input convolution that of the x̄ channels; the rows of (t, t' − t) and the x_t channels start at zero (spec
     * §5.1), so Y(t, t', s, s', x̄, x_t) = X(s, s', x̄) until training moves them.
     */
    public void initialiseFrom(UNet flowMap) {
        if (!flowMap.config().equals(config())) {
            throw new IllegalArgumentException("the flow map's configuration " + flowMap.config()
                    + " differs from the Diamond Map's " + config());
        }
        Map<String, NDArray> source = new LinkedHashMap<>(flowMap.parameters().asMap());
        try (NDArray emb = parameters().zerosWith("emb.w1", "0:" + 4 * config().embedding(), source.get("emb.w1"));
                NDArray in = parameters().zerosWith("in.w", ":, 0:" + config().channels(), source.get("in.w"))) {
            source.put("emb.w1", emb);
            source.put("in.w", in);
            parameters().copyFrom(source);
        }
    }

    @Override
    public Shape sampleShape() {
        return new Shape(config().channels(), config().height(), config().width());
    }

    @Override
    public ObjectNode architecture() {
        return Checkpoint.architecture("diamond-unet", config());
    }

    @Override
    Dual psi(NDArray t, NDArray tNext, NDArray s, NDArray sNext, NDArray xBar, NDArray xt, boolean tangent) {
        NDArray input = xBar.concat(xt, 1);
        return body.forward(new NDArray[] {s, sNext.sub(s), t, tNext.sub(t)}, tangent ? 1 : -1, input);
    }
}
