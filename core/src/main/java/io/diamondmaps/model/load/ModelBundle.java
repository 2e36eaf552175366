package io.diamondmaps.model.load;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.model.FlowMap;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.VelocityField;
import io.diamondmaps.model.neural.DiamondNetwork;
import io.diamondmaps.model.neural.FlowMapNetwork;
import io.diamondmaps.model.neural.NeuralModels;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What a source provides to samplers and aligners: always a velocity field; a flow map when the model is one; the
 * exact mixture when it is one; a Posterior Diamond Map when one was attached (the field is then its teacher's).
 * Absent parts are null; the {@code require…} methods say which part a request needs.
 *
 * @param field the velocity field (a flow map's diagonal, the mixture's exact field, or a Diamond Map's teacher)
 * @param flowMap the flow map X(t, t', x), or null
 * @param exact the exact mixture, or null
 * @param diamond the Posterior Diamond Map, or null
 * @param sampleShape the shape of one sample: (d) for vectors, (C, H, W) for images
 * @param name where the model came from, for messages and reports
 */
public record ModelBundle(VelocityField field, FlowMap flowMap, GaussianMixture exact, DiamondNetwork diamond,
        Shape sampleShape, String name) {
    /** The exact mixture: its own field, no flow map. */
    public static ModelBundle of(GaussianMixture gmm, String name) {
        return new ModelBundle(gmm, null, gmm, null, new Shape(gmm.dimension()), name);
    }

    /** A trained flow map, also a velocity field through its diagonal. */
    public static ModelBundle of(FlowMapNetwork net, String name) {
        return new ModelBundle(net, net, null, null, net.sampleShape(), name);
    }

    /**
     * This model with the Posterior Diamond Map {@code net}, checked to fit it (sample shape and interpolant); the
     * bundle is then named after the map.
     */
    public ModelBundle withDiamond(DiamondNetwork net, String diamondName) {
        if (!net.sampleShape().equals(sampleShape)) {
            throw new IllegalArgumentException(diamondName + " was distilled for samples of shape " + net.sampleShape()
                    + ", but " + name + " has " + sampleShape);
        }
        String ip = field.interpolant().name();
        if (!net.interpolant().name().equals(ip)) {
            throw new IllegalArgumentException(diamondName + " was distilled with the " + net.interpolant().name()
                    + " interpolant, but " + name + " uses " + ip);
        }
        return new ModelBundle(field, flowMap, exact, net, sampleShape, diamondName);
    }

    /** This model with the Posterior Diamond Map of the checkpoint {@code file}, on {@code manager}. */
    public ModelBundle withDiamond(Path file, NDManager manager) throws IOException {
        return withDiamond(NeuralModels.loadDiamond(file, manager), file.toString());
    }

    /** This model with {@code map} as its flow map (an exact mixture's accurate ODE flow map, say). */
    public ModelBundle withFlowMap(FlowMap map) {
        return new ModelBundle(field, map, exact, diamond, sampleShape, name);
    }

    /** Values per sample: d for vectors, C·H·W for images. */
    public int dimension() {
        return Math.toIntExact(sampleShape.size());
    }

    /** The exact mixture, or a clear error naming {@code what} needed it. */
    public GaussianMixture requireExact(String what) {
        if (exact == null) {
            throw new IllegalArgumentException(what + " needs an exact model (gmm:SPEC.json), not " + name);
        }
        return exact;
    }

    /** The Posterior Diamond Map, or a clear error naming {@code what} needed it. */
    public DiamondNetwork requireDiamond(String what) {
        if (diamond == null) {
            throw new IllegalArgumentException(what + " needs a Posterior Diamond Map (a checkpoint written by "
                    + "'diamond train diamond', or " + ModelLoader.DIAMOND_PREFIX + "CKPT), not " + name);
        }
        return diamond;
    }
}
