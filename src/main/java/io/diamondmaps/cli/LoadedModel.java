package io.diamondmaps.cli;

import ai.djl.ndarray.types.Shape;
import io.diamondmaps.model.FlowMap;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.VelocityField;

/** What a command runs on: a velocity field, its flow map if it has one, and the exact mixture if it is one. */
record LoadedModel(VelocityField field, FlowMap flowMap, GaussianMixture exact, Shape sampleShape, String name) {
    static LoadedModel of(GaussianMixture gmm, String name) {
        return new LoadedModel(gmm, null, gmm, new Shape(gmm.dimension()), name);
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
}
