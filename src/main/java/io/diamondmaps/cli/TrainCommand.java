package io.diamondmaps.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.data.Dataset;
import io.diamondmaps.data.FashionMnist;
import io.diamondmaps.data.ToyDatasets;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.model.GaussianMixtureFile;
import io.diamondmaps.model.neural.FlowMapNetwork;
import io.diamondmaps.model.neural.MapMlp;
import io.diamondmaps.model.neural.UNet;
import io.diamondmaps.train.FlowMapTrainer;
import io.diamondmaps.train.Optimizer;
import io.diamondmaps.train.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a flow model (flow matching) or a flow map (self-distillation) on vector data.",
            "The network is the time-conditioned MLP X(t,t',x) = x + (t'−t)·φ(t,t',x); its diagonal φ(t,t,x) is the "
                    + "velocity, so both kinds sample with every sampler and plug into 'diamond align'. Writes the "
                    + "checkpoint (weights, EMA, optimizer state, provenance) every --checkpoint-every steps and a CSV "
                    + "loss log CKPT.csv beside it; --resume continues from the checkpoint."})
final class TrainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "KIND",
            description = "flow (flow matching, spec 2.1) or flowmap (diagonal + self-distillation, spec 3.6-3.9).")
    String kind;

    @Option(names = "--data", required = true, paramLabel = "DATA",
            description = "gmm:SPEC.json (samples of an exact mixture), toy:checkerboard|moons|rings|swiss-roll (2-D), "
                    + "or fashion-mnist (28×28 images, trained with the U-Net).")
    String data;

    @Option(names = "--data-dir", defaultValue = FashionMnist.DEFAULT_DIR, paramLabel = "DIR",
            description = "Folder of the Fashion-MNIST IDX files. Default: ${DEFAULT-VALUE} (Debian's "
                    + "dataset-fashion-mnist).")
    Path dataDir;

    @Option(names = "--base", defaultValue = "16", paramLabel = "C",
            description = "U-Net base channels (images). Default: ${DEFAULT-VALUE}.")
    int base;

    @Option(names = "--steps", defaultValue = "5000", paramLabel = "N", description = "Training steps. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--batch", defaultValue = "512", paramLabel = "B", description = "Batch size. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S",
            description = "Seed of initialisation and of every step's randomness. Default: ${DEFAULT-VALUE}.")
    int seed;

    @Option(names = "--out", required = true, paramLabel = "CKPT", description = "Checkpoint file (written atomically).")
    Path out;

    @Option(names = "--resume", description = "Continue from --out if it exists (same loss curve as an unbroken run).")
    boolean resume;

    @Option(names = "--objective", defaultValue = "lsd", paramLabel = "O",
            description = "Off-diagonal term of flowmap: lsd (Lagrangian self-distillation with the exact time "
                    + "derivative, spec 3.8) or progressive (derivative-free target X(u,t',X(t,u,x))). Default: ${DEFAULT-VALUE}.")
    String objective;

    @Option(names = "--width", defaultValue = "256", paramLabel = "W",
            description = "MLP hidden width (vectors). Default: ${DEFAULT-VALUE}.")
    int width;

    @Option(names = "--depth", defaultValue = "3", paramLabel = "D",
            description = "MLP residual hidden layers (vectors). Default: ${DEFAULT-VALUE}.")
    int depth;

    @Option(names = "--lr", defaultValue = "2e-3", paramLabel = "LR", description = "Learning rate. Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--schedule", defaultValue = "cosine", paramLabel = "S",
            description = "Learning-rate schedule: constant, sqrt (lr/√max(step/1000,1)) or cosine. Default: ${DEFAULT-VALUE}.")
    String schedule;

    @Option(names = "--optimizer", defaultValue = "radam", paramLabel = "O",
            description = "adam or radam (spec 3.7). Default: ${DEFAULT-VALUE}.")
    String optimizer;

    @Option(names = "--ema", defaultValue = "0.999", paramLabel = "F",
            description = "EMA decay of the weights used for sampling (spec 3.10). Default: ${DEFAULT-VALUE}.")
    double ema;

    @Option(names = "--clip", defaultValue = "1.0", paramLabel = "C",
            description = "Global gradient-norm clip (0: none). Default: ${DEFAULT-VALUE}.")
    double clip;

    @Option(names = "--checkpoint-every", defaultValue = "500", paramLabel = "K",
            description = "Steps between checkpoints. Default: ${DEFAULT-VALUE}.")
    int checkpointEvery;

    @Option(names = "--interpolant", defaultValue = "linear", paramLabel = "NAME",
            description = "linear or trig. Default: ${DEFAULT-VALUE}.")
    String interpolant;

    @Override
    public Integer call() throws Exception {
        TrainingConfig.Objective obj;
        switch (kind) {
            case "flow":
                obj = TrainingConfig.Objective.FLOW_MATCHING;
                break;
            case "flowmap":
                obj = objective.equals("lsd") ? TrainingConfig.Objective.LSD
                        : objective.equals("progressive") ? TrainingConfig.Objective.PROGRESSIVE : null;
                if (obj == null) {
                    throw new IllegalArgumentException("unknown --objective '" + objective + "' (expected lsd or progressive)");
                }
                break;
            default:
                throw new IllegalArgumentException("unknown KIND '" + kind + "' (expected flow or flowmap)");
        }
        TrainingConfig.Schedule sched = List.of("constant", "sqrt", "cosine").contains(schedule)
                ? TrainingConfig.Schedule.valueOf(schedule.toUpperCase(java.util.Locale.ROOT)) : null;
        if (sched == null) {
            throw new IllegalArgumentException("unknown --schedule '" + schedule + "' (expected constant, sqrt or cosine)");
        }
        TrainingConfig config = new TrainingConfig(obj, steps, batch, lr, sched, 1000, Optimizer.byName(optimizer),
                clip, ema, 0.75, checkpointEvery, seed);
        Interpolant ip = Interpolant.byName(interpolant);
        Engine.getInstance().setRandomSeed(seed);
        try (NDManager m = NDManager.newBaseManager()) {
            Dataset dataset = dataset(m);
            Shape shape = dataset.sampleShape();
            FlowMapNetwork net = shape.dimension() == 3
                    ? new UNet(new UNet.Config((int) shape.get(0), (int) shape.get(1), (int) shape.get(2), base,
                            Math.min(8, base), 32), ip, m)
                    : new MapMlp(new MapMlp.Config(Math.toIntExact(shape.get(0)), width, depth), ip, m);
            FlowMapTrainer trainer = new FlowMapTrainer(net, dataset, config, out, m);
            if (resume && FlowMapTrainer.exists(out)) {
                trainer.resume();
                System.out.println("resumed " + out + " at step " + trainer.step());
            }
            System.out.printf("training %s: %d parameters, %s, batch %d, %d steps%n", kind, net.parameters().count(),
                    dataset.describe(), batch, steps);
            long start = System.nanoTime();
            long firstStep = trainer.step();
            try (Progress p = Progress.start("train", steps)) {
                trainer.train(step -> {
                    p.listener().accept(step);
                    if (step % 20 == 0) {
                        var last = trainer.log().get(trainer.log().size() - 1);
                        double rate = (step - firstStep) / ((System.nanoTime() - start) / 1e9);
                        p.message(String.format("loss %.4f, %.1f steps/s", last.loss(), rate));
                    }
                });
            }
            var last = trainer.log().get(trainer.log().size() - 1);
            System.out.printf("done: step %d, loss %.5f, %.1f s; wrote %s and %s%n", trainer.step(), last.loss(),
                    (System.nanoTime() - start) / 1e9, out, FlowMapTrainer.logPath(out));
        }
        return 0;
    }

    private Dataset dataset(NDManager m) throws java.io.IOException {
        if (data.equals("fashion-mnist")) {
            return FashionMnist.dataset(FashionMnist.load(m, dataDir, "train"));
        }
        if (data.startsWith("gmm:")) {
            return ToyDatasets.mixture(GaussianMixtureFile.read(Path.of(data.substring(4))), data);
        }
        if (data.startsWith("toy:")) {
            return ToyDatasets.byName(data.substring(4));
        }
        throw new IllegalArgumentException("unknown --data '" + data
                + "' (expected gmm:SPEC.json, toy:NAME or fashion-mnist)");
    }
}
