package io.diamondmaps.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diamondmaps.data.Dataset;
import io.diamondmaps.model.neural.Checkpoint;
import io.diamondmaps.model.neural.FlowMapNetwork;
import io.diamondmaps.util.AtomicFiles;
import io.diamondmaps.util.Rng;
import io.diamondmaps.util.Tensors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Trains a network on a {@link TrainingLoss} (flow matching, flow-map self-distillation (B.1), Posterior Diamond Map
 * distillation (B.4)) with global-norm clipping, Adam or RAdam, a learning-rate schedule, an EMA of the weights (3.10), periodic atomic checkpoints, a CSV loss log and
 * resumption. Each step draws from its own generator of (seed, step), so a resumed run continues the same loss curve.
 * Closing the trainer frees what it holds; the trained network belongs to the caller.
 */
public final class Trainer implements AutoCloseable {
    /** One logged step. */
    public record LogRow(long step, double loss, double diagonal, double offDiagonal, double learningRate,
            double gradientNorm) {
    }

    private final TrainingLoss objective;
    private final Dataset data;
    private final TrainingConfig config;
    private final Path checkpoint;
    private final NDManager manager;
    /** The EMA of the weights (3.10), flat in {@link #emaLayout}: one update of a few operations per step. */
    private final FlatLayout emaLayout;
    private final NDArray ema;
    private final Optimizer optimizer;
    private final LossWeight lossWeight;
    private final List<LogRow> log = new ArrayList<>();
    private long step;

    /** Trains a flow map (or, with {@code FLOW_MATCHING}, a flow model) by {@link FlowMapLoss}. */
    public Trainer(FlowMapNetwork net, Dataset data, TrainingConfig config, Path checkpoint, NDManager parent) {
        this(new FlowMapLoss(net), data, config, checkpoint, parent);
    }

    public Trainer(TrainingLoss objective, Dataset data, TrainingConfig config, Path checkpoint, NDManager parent) {
        this.objective = objective;
        this.data = data;
        this.config = config;
        this.checkpoint = checkpoint;
        this.manager = parent.newSubManager();
        this.optimizer = new Optimizer(config.optimizer(), manager);
        this.lossWeight = config.learnedWeight() ? new LossWeight(manager) : null;
        // The parameters become views of one flat array: the optimizer step and the EMA are a few operations on it.
        NDArray weights = objective.parameters().flat();
        this.emaLayout = FlatLayout.of(objective.parameters().asMap());
        this.ema = weights.duplicate();
        ema.attach(manager);
    }

    public long step() {
        return step;
    }

    public List<LogRow> log() {
        return List.copyOf(log);
    }

    /** The learned loss weight, or null without it. */
    LossWeight lossWeight() {
        return lossWeight;
    }

    /** The EMA weights, named like the network's parameters. */
    /** The EMA weights by parameter name, as copies on {@code m}. */
    public Map<String, NDArray> ema(NDManager m) {
        return emaLayout.unflatten(ema, m);
    }

    /** Continues from the checkpoint file: weights, EMA, optimizer moments, step and loss log. */
    public void resume() throws IOException {
        try (NDManager scope = manager.newSubManager()) {
            Checkpoint c = Checkpoint.read(checkpoint, scope);
            long saved = c.metadata().path("step").asLong(-1);
            if (saved < 0) {
                throw new IllegalArgumentException(checkpoint + " has no training step to resume from");
            }
            Map<String, NDArray> averaged = c.arraysUnder("ema/");
            objective.parameters().copyFrom(c.arraysUnder("param/"));
            if (lossWeight != null) {
                NDArray w = c.arrays().get("param/" + LossWeight.NAME);
                if (w == null) {
                    throw new IllegalArgumentException(checkpoint + " was trained without the learned loss weight");
                }
                lossWeight.parameter().set(new ai.djl.ndarray.index.NDIndex("..."), w);
            }
            ema.set(new ai.djl.ndarray.index.NDIndex("..."), emaLayout.flatten(averaged, scope));
            optimizer.restore(trainable(), c.arrays(), saved);
            NDArray rows = c.arrays().get("log");
            if (rows != null) {
                for (double[] r : Tensors.toRows(rows)) {
                    log.add(new LogRow((long) r[0], r[1], r[2], r[3], r[4], r[5]));
                }
            }
            step = saved;
        }
    }

    /** Trains up to the configured number of steps; {@code progress} hears every finished step. */
    public void train(IntConsumer progress) throws IOException {
        train(TrainingListener.progress(progress));
    }

    /** Trains up to the configured number of steps, telling {@code listener} of steps, checkpoints and divergence. */
    public void train(TrainingListener listener) throws IOException {
        while (step < config.steps()) {
            step++;
            LogRow row = trainStep(listener);
            log.add(row);
            listener.stepFinished(row);
            if (step % config.checkpointEvery() == 0 || step == config.steps()) {
                save();
                listener.checkpointWritten(step, checkpoint);
            }
        }
    }

    private LogRow trainStep(TrainingListener listener) {
        // Every step draws from its own generator of (seed, step), so a resumed run continues the same loss curve.
        Rng rng = Rng.of(config.seed() * 1_000_003L + step);
        long start = System.nanoTime();
        try (NDManager scope = manager.newSubManager()) {
            NDArray x1 = data.sample(scope, config.batch(), rng);
            double[] parts = new double[2];
            NDArray lossValue;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = loss(scope, x1, parts, rng);
                gc.backward(loss);
                lossValue = loss.stopGradient();
            }
            long backwardDone = System.nanoTime();
            Map<String, NDArray> trainable = trainable();
            Map<String, NDArray> grads = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray> e : trainable.entrySet()) {
                NDArray g = e.getValue().getGradient();
                g.attach(scope);
                grads.put(e.getKey(), g);
            }
            NDArray flatGradient = optimizer.flatten(grads, scope);
            double norm = Optimizer.clipGlobalNorm(flatGradient, config.clipNorm());
            double value = scalarValue(lossValue);
            if (!Double.isFinite(norm) || !Double.isFinite(value)) {
                // Stop before the update: one NaN step would poison the weights, the EMA and the next checkpoint.
                listener.diverged(step, value, norm);
                throw new NonFiniteLossException(step, value, norm, checkpoint);
            }
            double lr = config.learningRate(step);
            NDArray weights = objective.parameters().flat();
            optimizer.update(lossWeight == null ? List.of(weights) : List.of(weights, lossWeight.parameter()),
                    flatGradient, lr);
            for (NDArray g : grads.values()) {
                g.muli(0);
            }
            double f = config.emaDecay();
            scope.tempAttachAll(ema, weights);
            ema.muli(f).addi(weights.mul(1 - f));
            listener.stepTimed(step, (backwardDone - start) / 1e9, (System.nanoTime() - backwardDone) / 1e9);
            return new LogRow(step, value, parts[0], parts[1], lr, norm);
        }
    }

    /** The network's parameters and, when learned, the loss weight's. */
    private Map<String, NDArray> trainable() {
        if (lossWeight == null) {
            return objective.parameters().asMap();
        }
        Map<String, NDArray> all = new LinkedHashMap<>(objective.parameters().asMap());
        all.put(LossWeight.NAME, lossWeight.parameter());
        return all;
    }

    /**
     * The batch loss (3.9): every per-sample term averaged over the batch, each as ℓ or, with the learned weight, as
     * e^{−w}ℓ + w (3.4); {@code parts} receives the unweighted diagonal and off-diagonal means for the log.
     */
    private NDArray loss(NDManager scope, NDArray x1, double[] parts, Rng rng) {
        TrainingLoss.Terms terms = objective.terms(scope, x1, config, rng);
        parts[0] = scalarValue(terms.diagonal().perSample().mean());
        NDArray total = weightedSum(terms.diagonal());
        if (terms.offDiagonal() != null) {
            parts[1] = scalarValue(terms.offDiagonal().perSample().mean());
            total = total.add(weightedSum(terms.offDiagonal()));
        }
        return Tensors.div(total, config.batch());
    }

    private NDArray weightedSum(TrainingLoss.Term term) {
        if (lossWeight == null) {
            return term.perSample().sum();
        }
        NDArray w = lossWeight.at(term.time(), term.timeNext());
        return term.perSample().mul(w.neg().exp()).add(w).sum();
    }

    private static double scalarValue(NDArray a) {
        return a.stopGradient().toType(DataType.FLOAT64, false).getDouble();
    }

    /** Writes the checkpoint and the CSV loss log next to it, both atomically. */
    public void save() throws IOException {
        ObjectNode meta = Checkpoint.newMetadata();
        objective.describe(meta);
        meta.put("data", data.describe());
        meta.put("step", step);
        meta.put("seed", config.seed());
        ObjectNode training = meta.putObject("training");
        training.put("objective", config.objective().name().toLowerCase(java.util.Locale.ROOT));
        training.put("steps", config.steps());
        training.put("batch", config.batch());
        training.put("learning_rate", config.learningRate());
        training.put("schedule", config.schedule().name().toLowerCase(java.util.Locale.ROOT));
        training.put("optimizer", config.optimizer().name().toLowerCase(java.util.Locale.ROOT));
        training.put("clip_norm", config.clipNorm());
        training.put("ema", config.emaDecay());
        training.put("diagonal_fraction", config.diagonalFraction());
        training.put("learned_weight", config.learnedWeight());
        try (NDManager scope = manager.newSubManager()) {
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            objective.parameters().asMap().forEach((k, v) -> arrays.put("param/" + k, v));
            emaLayout.unflatten(ema, scope).forEach((k, v) -> arrays.put("ema/" + k, v));
            if (lossWeight != null) {
                arrays.put("param/" + LossWeight.NAME, lossWeight.parameter());
            }
            arrays.putAll(optimizer.state(scope));
            double[][] rows = log.stream().map(r -> new double[] {r.step(), r.loss(), r.diagonal(), r.offDiagonal(),
                r.learningRate(), r.gradientNorm()}).toArray(double[][]::new);
            if (rows.length > 0) {
                arrays.put("log", Tensors.fromRows(scope, rows));
            }
            new Checkpoint(meta, arrays).write(checkpoint);
        }
        StringBuilder csv = new StringBuilder("step,loss,diagonal,off_diagonal,learning_rate,gradient_norm\n");
        for (LogRow r : log) {
            csv.append(r.step()).append(',').append(r.loss()).append(',').append(r.diagonal()).append(',')
                    .append(r.offDiagonal()).append(',').append(r.learningRate()).append(',').append(r.gradientNorm())
                    .append('\n');
        }
        AtomicFiles.writeString(logPath(checkpoint), csv.toString());
    }

    /** Frees the EMA weights, the optimizer's moments and everything else the trainer holds. */
    @Override
    public void close() {
        optimizer.close();
        manager.close();
    }

    /** The CSV loss log of a checkpoint: CKPT.csv beside it. */
    public static Path logPath(Path checkpoint) {
        return checkpoint.resolveSibling(checkpoint.getFileName() + ".csv");
    }

    public static boolean exists(Path checkpoint) {
        return Files.isRegularFile(checkpoint);
    }
}
