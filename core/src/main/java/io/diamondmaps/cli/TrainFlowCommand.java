package io.diamondmaps.cli;

import ai.djl.ndarray.NDManager;
import io.diamondmaps.data.Dataset;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.model.neural.FlowMapNetwork;
import io.diamondmaps.model.neural.NeuralModels;
import io.diamondmaps.train.Trainer;
import io.diamondmaps.train.TrainingConfig;
import io.diamondmaps.util.EnumNames;
import io.diamondmaps.util.Rng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code diamond train flow|flowmap}: flow matching or flow-map self-distillation of the MLP (vectors) or the U-Net
 * (images). The two subcommands share every option; they differ in the objective.
 */
abstract class TrainFlowCommand implements Callable<Integer> {
    @Mixin DeviceOptions devices;

    /** {@code diamond train flow}. */
    @Command(name = "flow", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Train a flow model by flow matching (spec 2.1): the diagonal φ(t,t,x) of the network "
                    + "X(t,t',x) = x + (t'−t)·φ(t,t',x) learns the velocity; sample it with the ODE, GLASS or DDPM.",
                "Writes the checkpoint (weights, EMA, optimizer state, provenance) every --checkpoint-every steps and "
                        + "a CSV loss log CKPT.csv beside it; --resume continues from the checkpoint."})
    static final class Flow extends TrainFlowCommand {
        @Override
        TrainingConfig.Objective objective() {
            return TrainingConfig.Objective.FLOW_MATCHING;
        }
    }

    /** {@code diamond train flowmap}. */
    @Command(name = "flowmap", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Train a flow map X(t,t',x) = x + (t'−t)·φ(t,t',x) by self-distillation (spec 3.6-3.9): "
                    + "75 %% of each batch trains the diagonal by flow matching, the rest the --objective term. It "
                    + "samples in 1-8 jumps (--method flowmap) and, through its diagonal, with every velocity sampler.",
                "Writes the checkpoint (weights, EMA, optimizer state, provenance) every --checkpoint-every steps and "
                        + "a CSV loss log CKPT.csv beside it; --resume continues from the checkpoint."})
    static final class FlowMap extends TrainFlowCommand {
        @Option(names = "--objective", defaultValue = "lsd", paramLabel = "O",
                description = "Off-diagonal term: lsd (Lagrangian self-distillation with the exact time derivative, "
                        + "spec 3.8) or progressive (derivative-free target X(u,t',X(t,u,x))). Default: ${DEFAULT-VALUE}.")
        String objectiveName;

        /** The objectives a flow map can train with (flow matching alone is {@code train flow}). */
        private enum OffDiagonal { LSD, PROGRESSIVE }

        @Override
        TrainingConfig.Objective objective() {
            return TrainingConfig.Objective.valueOf(EnumNames.parse(OffDiagonal.class, "--objective", objectiveName)
                    .name());
        }
    }

    abstract TrainingConfig.Objective objective();

    @Option(names = "--data", required = true, paramLabel = "DATA",
            description = "gmm:SPEC.json (samples of an exact mixture), toy:checkerboard|moons|rings|swiss-roll (2-D), "
                    + "or fashion-mnist (28×28 images, trained with the U-Net; the full set when installed, see --data-dir).")
    String data;

    @Mixin DataOptions dataOptions;

    @Option(names = "--base", defaultValue = "16", paramLabel = "C",
            description = "U-Net base channels (images). Default: ${DEFAULT-VALUE}.")
    int base;

    @Mixin TrainingOptions training;

    @Option(names = {"--schedule", "--interpolant"}, defaultValue = "linear", paramLabel = "SCHEDULE",
            description = "The noise schedule to train on: linear, trig, cosine, vp, ddpm, or a JSON value such as "
                    + "{\"type\":\"ddpm\",\"beta_schedule\":\"scaled_linear\"} (docs/concepts.md, 'Noise schedules'); the "
                    + "checkpoint records its full value. Default: ${DEFAULT-VALUE}.")
    String interpolant;

    @Override
    public Integer call() throws Exception {
        TrainingConfig.Objective obj = objective();
        TrainingConfig config = training.config(obj, TrainingConfig.DEFAULT_STEPS);
        Interpolant ip = Interpolant.byName(interpolant);
        try (NDManager m = devices.newManager()) {
            Dataset dataset = dataOptions.dataset(data, m);
            FlowMapNetwork net = NeuralModels.newFlowMap(dataset.sampleShape(), ip, base, training.width,
                    training.depth, Rng.of(training.seed), m);
            training.run(new Trainer(net, dataset, config, training.out, m), config, String.format("%s: %d parameters, %s",
                    obj.name().toLowerCase(java.util.Locale.ROOT), net.parameters().count(), dataset.describe()));
        }
        return 0;
    }
}
