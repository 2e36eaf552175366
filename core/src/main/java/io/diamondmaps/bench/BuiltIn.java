package io.diamondmaps.bench;

import ai.djl.ndarray.NDManager;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.GaussianMixtureFile;
import io.diamondmaps.model.neural.Checkpoint;
import io.diamondmaps.model.neural.DiamondNetwork;
import io.diamondmaps.model.neural.NeuralModels;
import io.diamondmaps.reward.MeasurementReward;
import io.diamondmaps.reward.Operators;
import io.diamondmaps.reward.RewardTilt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The models and reward that ship inside Diamond, so that the demo and the mixture benchmarks need no files. */
public final class BuiltIn {
    /** The built-in 2-D mixture: six thin components on a ring. */
    public static final String MIXTURE_RESOURCE = "demo-mixture.json";
    /**
     * The Diamond Map of the built-in mixture, made by {@code ./diamond train diamond --teacher
     * gmm:src/main/resources/io/diamondmaps/bench/demo-mixture.json --width 128 --steps 8000 --checkpoint-every 8000
     * --out demo-diamond.ckpt} (about 2 minutes on 2 cores).
     */
    public static final String DIAMOND_RESOURCE = "demo-diamond.ckpt";

    private BuiltIn() {
    }

    public static GaussianMixture mixture() throws IOException {
        try (InputStream in = BuiltIn.class.getResourceAsStream(MIXTURE_RESOURCE)) {
            return GaussianMixtureFile.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), MIXTURE_RESOURCE);
        }
    }

    /** The built-in Diamond Map, frozen, on {@code manager}. */
    public static DiamondNetwork diamond(NDManager manager) throws IOException {
        try (InputStream in = BuiltIn.class.getResourceAsStream(DIAMOND_RESOURCE);
                NDManager scope = manager.newSubManager()) {
            Checkpoint c = Checkpoint.read(in.readAllBytes(), DIAMOND_RESOURCE, scope);
            return NeuralModels.loadDiamond(c, DIAMOND_RESOURCE, manager);
        }
    }

    /** The built-in reward r(x) = −(x₁ + x₂ − 2)²/(2·0.5²) at λ = 1. */
    public static RewardTilt reward() {
        return new RewardTilt(new MeasurementReward(Operators.matrix(new double[][] {{1, 1}}), new double[] {2.0}, 0.5),
                1.0);
    }
}
