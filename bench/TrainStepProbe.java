import ai.djl.ndarray.NDManager;
import io.diamondmaps.data.ToyDatasets;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.model.neural.MapMlp;
import io.diamondmaps.train.Trainer;
import io.diamondmaps.train.TrainingConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One side of bench/train_step_ab.sh: the median time of a flow-matching training step of the default MLP (width 256,
 * 3 residual layers, 2-D checkerboard data) at the given batch, after 300 warm-up steps (the JIT has compiled the
 * loop by then). Uses only API that every version of the library since the issue-14 baseline has, so the same file
 * runs against both builds.
 * Usage: java -cp JARS bench/TrainStepProbe.java STEPS BATCH
 */
public final class TrainStepProbe {
    public static void main(String[] args) throws Exception {
        int steps = Integer.parseInt(args[0]);
        int batch = Integer.parseInt(args[1]);
        int warmUp = 300;
        int total = steps + warmUp;
        long[] stamps = new long[total + 1];
        Path checkpoint = Files.createTempFile("diamond-ab", ".ckpt");
        try (NDManager m = NDManager.newBaseManager()) {
            MapMlp net = new MapMlp(new MapMlp.Config(2, 256, 3), Interpolant.byName("linear"), m);
            TrainingConfig config = TrainingConfig.builder(TrainingConfig.Objective.FLOW_MATCHING).steps(total)
                    .batch(batch).learningRate(1e-3).schedule(TrainingConfig.Schedule.CONSTANT)
                    .checkpointEvery(total + 1).seed(1).build();
            try (Trainer trainer = new Trainer(net, ToyDatasets.byName("checkerboard"), config, checkpoint, m)) {
                stamps[0] = System.nanoTime();
                trainer.train(step -> stamps[step] = System.nanoTime());
            }
        } finally {
            Files.deleteIfExists(checkpoint);
            Files.deleteIfExists(Trainer.logPath(checkpoint));
        }
        double[] ms = new double[steps];
        for (int i = 0; i < steps; i++) {
            ms[i] = (stamps[warmUp + i + 1] - stamps[warmUp + i]) / 1e6;
        }
        Arrays.sort(ms);
        System.out.println(ms[steps / 2]);
    }
}
