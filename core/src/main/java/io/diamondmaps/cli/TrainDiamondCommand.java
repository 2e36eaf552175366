package io.diamondmaps.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.diamondmaps.data.Dataset;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.model.load.ModelBundle;
import io.diamondmaps.model.neural.DiamondNetwork;
import io.diamondmaps.model.neural.FlowMapNetwork;
import io.diamondmaps.model.neural.InnerRange;
import io.diamondmaps.model.neural.NeuralModels;
import io.diamondmaps.train.DiamondLoss;
import io.diamondmaps.train.Teacher;
import io.diamondmaps.train.Trainer;
import io.diamondmaps.train.TrainingConfig;
import io.diamondmaps.util.Rng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code diamond train diamond}: distil a teacher's GLASS flow into a Posterior Diamond Map (spec 5.3–5.4, B.4). */
@Command(name = "diamond", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Distil a Posterior Diamond Map Y(t,t',s,s',x̄,x_t) = x̄ + (s'−s)·ψ (spec 5.1) from the GLASS "
                + "inner velocity of a frozen teacher: both the diagonal and the LSD term regress on the teacher "
                + "(5.4)-(5.5), never on the student's own diagonal. The result samples x1 | x_t in one jump "
                + "('posterior --sampler diamond:CKPT', 'align --posterior diamond:CKPT') and generates by early "
                + "stopping ('sample --model CKPT --method diamond').",
            "Vectors train the MLP variant, images (a U-Net teacher) the U-Net variant; checkpoints, EMA, resume and the "
                    + "CSV log work as in 'train flow'."})
final class TrainDiamondCommand implements Callable<Integer> {
    @Mixin DeviceOptions devices;
    @Option(names = "--teacher", required = true, paramLabel = "MODEL") String teacher;
    @Option(names = "--data", paramLabel = "DATA") String data;
    @Option(names = "--balance", paramLabel = "B") Double balance;
    @Mixin DataOptions dataOptions;
    @Option(names = "--base", defaultValue = "16", paramLabel = "C") int base;
    @Option(names = "--interpolant", defaultValue = "linear", paramLabel = "NAME") String interpolant;
    @Option(names = "--init-from", paramLabel = "CKPT") Path initFrom;
    @Option(names = "--general-t-prime") boolean generalTPrime;
    @Option(names = "--s-min", defaultValue = "0", paramLabel = "S") double sMin;
    @Option(names = "--s-max", defaultValue = "0.99", paramLabel = "S") double sMax;
    @Mixin TrainingOptions training;

    @Override
    public Integer call() throws Exception {
        DiamondLoss.Config diamond = new DiamondLoss.Config(!generalTPrime);
        InnerRange range = new InnerRange(sMin, sMax);
        TrainingConfig config = training.config(TrainingConfig.Objective.LSD, DiamondLoss.DEFAULT_STEPS);
        try (NDManager m = devices.newManager()) {
            ModelBundle frozen;
            Dataset dataset;
            try {
                Teacher t = Teacher.load(teacher, Interpolant.byName(interpolant), m);
                frozen = t.model();
                dataset = t.data(data, balance, dataOptions::source, m);
            } catch (IllegalArgumentException e) {
                throw OptionErrors.named(e, java.util.Map.of("teacher", "--teacher", "data", "--data", "balance",
                        "--balance", "the component balance", "--balance"));
            }
            DiamondNetwork student = student(frozen, range, m);
            DataType teacherType = frozen.exact() != null ? DataType.FLOAT64 : DataType.FLOAT32;
            DiamondLoss loss = new DiamondLoss(student, frozen.field(), teacherType, teacher, diamond);
            training.run(new Trainer(loss, dataset, config, training.out, m), config, String.format(
                    "diamond map: %d parameters, teacher %s, data %s", student.parameters().count(), teacher,
                    dataset.describe()));
        }
        return 0;
    }

    private DiamondNetwork student(ModelBundle frozen, InnerRange range, NDManager m) throws java.io.IOException {
        FlowMapNetwork init = initFrom == null ? null : NeuralModels.load(initFrom, m);
        return NeuralModels.newDiamond(frozen.sampleShape(), frozen.field().interpolant(), init, base, training.width,
                training.depth, range, Rng.of(training.seed), m);
    }
}
