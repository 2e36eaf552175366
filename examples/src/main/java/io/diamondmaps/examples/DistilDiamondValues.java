package io.diamondmaps.examples;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.diamondmaps.align.AlignmentReport;
import io.diamondmaps.align.AlignmentResult;
import io.diamondmaps.align.AlignmentSpec;
import io.diamondmaps.align.GradientMode;
import io.diamondmaps.align.MethodSpec;
import io.diamondmaps.align.Schedule;
import io.diamondmaps.align.ValueSpec;
import io.diamondmaps.data.ToyDatasets;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.load.ModelBundle;
import io.diamondmaps.model.neural.DiamondMlp;
import io.diamondmaps.model.neural.DiamondNetwork;
import io.diamondmaps.model.neural.MapMlp;
import io.diamondmaps.model.neural.NeuralModels;
import io.diamondmaps.reward.LinearReward;
import io.diamondmaps.reward.RewardTilt;
import io.diamondmaps.sample.PosteriorSpec;
import io.diamondmaps.train.DiamondLoss;
import io.diamondmaps.train.Trainer;
import io.diamondmaps.train.TrainingConfig;
import io.diamondmaps.util.Rng;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Distil a Posterior Diamond Map from a teacher's GLASS flow (here the exact mixture's; spec §5) and use its one-jump
 * posterior draws as SMC's value estimator: x₁ ~ p(x₁ | x_t) in one network call instead of a GLASS flow's inner steps.
 *
 * <p>Run: {@code java -cp ... io.diamondmaps.examples.DistilDiamondValues [training-steps]}.
 */
public final class DistilDiamondValues {
    private DistilDiamondValues() {
    }

    /** Energy distances to the exact tilted target of SMC with Diamond values and of the untilted model. */
    static double[] distilAndAlign(int steps, long n, long seed) throws IOException {
        GaussianMixture teacher = AlignMixture.MIXTURE;
        Path dir = Files.createTempDirectory("diamond-example");
        try (NDManager m = NDManager.newBaseManager()) {
            DiamondMlp student = new DiamondMlp(new MapMlp.Config(2, 64, 2), teacher.interpolant(), m);
            DiamondLoss loss = new DiamondLoss(student, teacher, DataType.FLOAT64, "gmm:example",
                    DiamondLoss.Config.posterior());
            TrainingConfig config = TrainingConfig.builder(TrainingConfig.Objective.LSD).steps(steps)
                    .checkpointEvery(steps).seed(seed).build();
            Path checkpoint = dir.resolve("diamond.ckpt");
            new Trainer(loss, ToyDatasets.mixture(teacher, "gmm"), config, checkpoint, m).train(step -> { });
            DiamondNetwork diamond = NeuralModels.loadDiamond(checkpoint, m);

            ModelBundle model = ModelBundle.of(teacher, "two components").withDiamond(diamond, "distilled");
            RewardTilt tilt = new RewardTilt(new LinearReward(new double[] {1.0, 0.5}), 1.0);
            ValueSpec diamondValues = new ValueSpec.PosteriorMc(new PosteriorSpec.Diamond(1),
                    Schedule.constant(ValueSpec.PosteriorMc.DEFAULT_SAMPLES), null, GradientMode.PATHWISE);
            AlignmentSpec spec = AlignmentSpec.defaults(MethodSpec.Smc.defaults()).withValue(diamondValues);
            AlignmentResult r = spec.build(model, tilt, new EvaluationCounter())
                    .align(m, model.sampleShape(), n, Rng.of(seed));
            double aligned = AlignmentReport.distanceToExactTarget(teacher, tilt, r.samples(), Rng.of(seed + 1));
            double untilted = AlignmentReport.distanceToExactTarget(teacher, tilt, teacher.sample(m, n, Rng.of(seed)),
                    Rng.of(seed + 1));
            return new double[] {aligned, untilted};
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    public static void main(String[] args) throws IOException {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        double[] d = distilAndAlign(steps, 1000, 3);
        System.out.printf(java.util.Locale.ROOT,
                "energy distance to the exact tilted target: SMC with Diamond values %.4f, untilted model %.4f%n",
                d[0], d[1]);
    }
}
