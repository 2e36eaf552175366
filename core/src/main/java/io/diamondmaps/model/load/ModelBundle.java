package io.diamondmaps.model.load;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.interpolant.Schedules;
import io.diamondmaps.model.FlowMap;
import io.diamondmaps.model.SnrMatched;
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

    /** A trained flow map on the run's interpolant {@code run}, SNR-matched where it was trained on another. */
    public static ModelBundle of(FlowMapNetwork net, String name, Interpolant run) {
        return new ModelBundle(SnrMatched.of(net, run), SnrMatched.flowMap(net, net, run), null, null,
                net.sampleShape(), name);
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
        // Schedules are compared as values (two DDPM tables of one name can differ).
        if (!net.interpolant().equals(field.interpolant())) {
            throw new IllegalArgumentException(diamondName + " was distilled on the schedule "
                    + Schedules.toJson(net.interpolant()) + ", but " + name + " runs on "
                    + Schedules.toJson(field.interpolant()));
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
