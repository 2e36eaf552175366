package io.diamondmaps.examples;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.diamondmaps.align.AlignmentResult;
import io.diamondmaps.align.AlignmentSpec;
import io.diamondmaps.align.MethodSpec;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.model.load.ModelBundle;
import io.diamondmaps.model.load.ModelLoader;
import io.diamondmaps.reward.Reward;
import io.diamondmaps.reward.RewardTilt;
import io.diamondmaps.util.Rng;
import io.diamondmaps.util.Tensors;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Bring a TorchScript model (a velocity, denoiser, noise or v-prediction module with its MODEL.json description, see
 * docs/models.md) and a reward written in Java, and align the model to it with guidance at its defaults.
 *
 * <p>The reward is any {@link Reward}: here a soft threshold on the first coordinate, r(x) = −log(1 + e^{−4(x₁ − 1)}),
 * written with NDArray operations, so that autograd gives its gradient.
 *
 * <p>Run: {@code java -cp ... io.diamondmaps.examples.TorchScriptWithJavaReward MODULE.pt [samples]}.
 */
public final class TorchScriptWithJavaReward {
    private TorchScriptWithJavaReward() {
    }

    /** Rewards samples whose first coordinate lies above {@code threshold}, smoothly. */
    static final class AboveThreshold implements Reward {
        private final double threshold;

        AboveThreshold(double threshold) {
            this.threshold = threshold;
        }

        @Override
        public NDArray value(NDArray x) {
            // −log(1 + e^{−4(x₁ − a)}): about 0 above a, falling linearly below it (differentiable everywhere).
            // Scalars enter as arrays (Tensors): NDArray.mul(Number) breaks under autograd (docs/development.md).
            NDArray z = Tensors.mul(x.get(":, 0"), -4).add(Tensors.scalar(x, 4 * threshold));
            return z.exp().add(Tensors.scalar(x, 1)).log().neg();
        }

        @Override
        public long inputSize() {
            return ANY_SIZE;
        }

        @Override
        public String describe() {
            return "first coordinate above " + threshold;
        }
    }

    /** The fraction of {@code n} guided samples whose first coordinate is above the threshold, and of unguided ones. */
    static double[] align(Path module, long n, long seed) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            ModelBundle model = ModelLoader.load("torchscript:" + module, Interpolant.byName("linear"), m);
            Reward reward = new AboveThreshold(1.0);
            RewardTilt tilt = new RewardTilt(reward, 0.5);
            AlignmentResult r = AlignmentSpec.defaults(MethodSpec.Guidance.kappa())
                    .build(model, tilt, new EvaluationCounter()).align(m, model.sampleShape(), n, Rng.of(seed));
            AlignmentResult plain = AlignmentSpec.defaults(new MethodSpec.BestOfN(1))
                    .build(model, tilt, new EvaluationCounter()).align(m, model.sampleShape(), n, Rng.of(seed));
            return new double[] {above(r.samples()), above(plain.samples())};
        }
    }

    private static double above(NDArray samples) {
        return samples.get(":, 0").gt(1.0).toType(ai.djl.ndarray.types.DataType.FLOAT64, false).mean().getDouble();
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: TorchScriptWithJavaReward MODULE.pt [samples]");
            System.exit(2);
        }
        long n = args.length > 1 ? Long.parseLong(args[1]) : 500;
        double[] f = align(Path.of(args[0]), n, 7);
        System.out.printf(java.util.Locale.ROOT, "x1 > 1: %.1f %% of guided samples, %.1f %% of unguided ones%n",
                100 * f[0], 100 * f[1]);
    }
}
