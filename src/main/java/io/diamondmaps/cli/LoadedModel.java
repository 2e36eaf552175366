package io.diamondmaps.cli;

import ai.djl.ndarray.types.Shape;
import io.diamondmaps.model.FlowMap;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.VelocityField;
import io.diamondmaps.model.neural.DiamondNetwork;
import io.diamondmaps.model.neural.FlowMapNetwork;

/**
 * What a command runs on: a velocity field, its flow map if it has one, the exact mixture if it is one, and the
 * Posterior Diamond Map if the model was given as one (then the field is its teacher's).
 */
record LoadedModel(VelocityField field, FlowMap flowMap, GaussianMixture exact, DiamondNetwork diamond,
        Shape sampleShape, String name) {
    static LoadedModel of(GaussianMixture gmm, String name) {
        return new LoadedModel(gmm, null, gmm, null, new Shape(gmm.dimension()), name);
    }

    static LoadedModel of(FlowMapNetwork net, String name) {
        return new LoadedModel(net, net, null, null, net.sampleShape(), name);
    }

    /** This model as the teacher of {@code net}, loaded from {@code name}. */
    LoadedModel withDiamond(DiamondNetwork net, String diamondName) {
        return new LoadedModel(field, flowMap, exact, net, sampleShape, diamondName);
    }

    /** Values per sample: d for vectors, C·H·W for images. */
    int dimension() {
        return Math.toIntExact(sampleShape.size());
    }

    GaussianMixture requireExact(String what) {
        if (exact == null) {
            throw new IllegalArgumentException(what + " needs an exact model (--model gmm:SPEC.json), not " + name);
        }
        return exact;
    }

    FlowMap requireFlowMap(String what) {
        if (flowMap == null) {
            throw new IllegalArgumentException(what + " needs a model with a flow map, not " + name);
        }
        return flowMap;
    }

    DiamondNetwork requireDiamond(String what) {
        if (diamond == null) {
            throw new IllegalArgumentException(what + " needs a Posterior Diamond Map checkpoint as --model (written by "
                    + "'diamond train diamond'), not " + name);
        }
        return diamond;
    }
}
