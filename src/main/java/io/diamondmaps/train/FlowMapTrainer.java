package io.diamondmaps.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diamondmaps.data.Dataset;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.model.neural.Checkpoint;
import io.diamondmaps.model.neural.FlowMapNetwork;
import io.diamondmaps.util.AtomicFiles;
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
 * Trains a {@link FlowMapNetwork} by flow matching or flow-map self-distillation (B.1), with global-norm clipping, Adam or
 * RAdam, a learning-rate schedule, an EMA of the weights (3.10), periodic atomic checkpoints, a CSV loss log and
 * resumption. Each step reseeds the engine from (seed, step), so a resumed run continues the same loss curve.
 */
public final class FlowMapTrainer {
    /** One logged step. */
    public record LogRow(long step, double loss, double diagonal, double offDiagonal, double learningRate,
            double gradientNorm) {
    }

    private final FlowMapNetwork net;
    private final Dataset data;
    private final TrainingConfig config;
    private final Path checkpoint;
    private final NDManager manager;
    private final Map<String, NDArray> ema = new LinkedHashMap<>();
    private final Optimizer optimizer;
    private final List<LogRow> log = new ArrayList<>();
    private long step;

    public FlowMapTrainer(FlowMapNetwork net, Dataset data, TrainingConfig config, Path checkpoint, NDManager parent) {
        this.net = net;
        this.data = data;
        this.config = config;
        this.checkpoint = checkpoint;
        this.manager = parent.newSubManager();
        this.optimizer = new Optimizer(config.optimizer(), manager);
        for (Map.Entry<String, NDArray> e : net.parameters().asMap().entrySet()) {
            NDArray copy = e.getValue().stopGradient().duplicate();
            copy.attach(manager);
            ema.put(e.getKey(), copy);
        }
    }

    public long step() {
        return step;
    }

    public List<LogRow> log() {
        return List.copyOf(log);
    }

    /** The EMA weights, named like the network's parameters. */
    public Map<String, NDArray> ema() {
        return ema;
    }

    /** Continues from the checkpoint file: weights, EMA, optimizer moments, step and loss log. */
    public void resume() throws IOException {
        try (NDManager scope = manager.newSubManager()) {
            Checkpoint c = Checkpoint.read(checkpoint, scope);
            long saved = c.metadata().path("step").asLong(-1);
            if (saved < 0) {
                throw new IllegalArgumentException(checkpoint + " has no training step to resume from");
            }
            Map<String, NDArray> params = new LinkedHashMap<>();
            Map<String, NDArray> averaged = new LinkedHashMap<>();
            Map<String, NDArray> moments = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray> e : c.arrays().entrySet()) {
                String k = e.getKey();
                if (k.startsWith("param/")) {
                    params.put(k.substring(6), e.getValue());
                } else if (k.startsWith("ema/")) {
                    averaged.put(k.substring(4), e.getValue());
                } else if (k.startsWith("m/") || k.startsWith("v/")) {
                    moments.put(k, e.getValue());
                }
            }
            net.parameters().copyFrom(params);
            for (Map.Entry<String, NDArray> e : ema.entrySet()) {
                e.getValue().set(new ai.djl.ndarray.index.NDIndex("..."), averaged.get(e.getKey()));
            }
            optimizer.restore(moments, saved);
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
        while (step < config.steps()) {
            step++;
            log.add(trainStep());
            progress.accept((int) step);
            if (step % config.checkpointEvery() == 0 || step == config.steps()) {
                save();
            }
        }
    }

    private LogRow trainStep() {
        Engine.getInstance().setRandomSeed((int) (config.seed() * 1_000_003L + step));
        try (NDManager scope = manager.newSubManager()) {
            NDArray x1 = data.sample(scope, config.batch());
            double[] parts = new double[2];
            NDArray lossValue;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = loss(scope, x1, parts);
                gc.backward(loss);
                lossValue = loss.stopGradient();
            }
            Map<String, NDArray> grads = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray> e : net.parameters().asMap().entrySet()) {
                NDArray g = e.getValue().getGradient();
                g.attach(scope);
                grads.put(e.getKey(), g);
            }
            double norm = Optimizer.clipGlobalNorm(grads, config.clipNorm());
            double lr = config.learningRate(step);
            optimizer.update(net.parameters().asMap(), grads, lr);
            for (NDArray g : grads.values()) {
                g.muli(0);
            }
            double f = config.emaDecay();
            for (Map.Entry<String, NDArray> e : ema.entrySet()) {
                NDArray p = net.parameters().get(e.getKey());
                scope.tempAttachAll(p);
                e.getValue().muli(f).addi(p.stopGradient().mul(1 - f));
            }
            return new LogRow(step, scalarValue(lossValue), parts[0], parts[1], lr, norm);
        }
    }

    /** The loss of one batch (3.9); {@code parts} receives the diagonal and off-diagonal means. */
    private NDArray loss(NDManager scope, NDArray x1, double[] parts) {
        Interpolant ip = net.interpolant();
        int batch = config.batch();
        int nd = config.diagonalCount();
        int off = batch - nd;
        NDArray x0 = scope.randomNormal(0, 1, x1.getShape(), x1.getDataType());
        NDArray td = scope.randomUniform(0, 1, new Shape(nd), x1.getDataType());
        NDArray x1d = x1.get("0:" + nd);
        NDArray x0d = x0.get("0:" + nd);
        NDArray xd = ip.interpolate(td, x0d, x1d);
        NDArray target = ip.interpolantVelocity(td, x0d, x1d);
        NDArray diagonal = rowSquares(net.velocity(td, xd).sub(target)).mean();
        parts[0] = scalarValue(diagonal);
        if (off == 0) {
            return diagonal;
        }
        NDArray u1 = scope.randomUniform(0, 1, new Shape(off), x1.getDataType());
        NDArray u2 = scope.randomUniform(0, 1, new Shape(off), x1.getDataType());
        NDArray t = u1.minimum(u2);
        NDArray tn = u1.maximum(u2);
        NDArray xt = ip.interpolate(t, x0.get(nd + ":"), x1.get(nd + ":"));
        NDArray offDiagonal;
        if (config.objective() == TrainingConfig.Objective.LSD) {
            // (3.7)–(3.8): Ẋ against the network's own diagonal at the map's end point, fully stop-gradiented.
            NDArray[] xx = net.mapWithTimeDerivative(t, tn, xt);
            NDArray teacher = net.velocity(tn, xx[0].stopGradient()).stopGradient();
            offDiagonal = rowSquares(teacher.sub(xx[1])).mean();
        } else {
            // Progressive (semigroup) target X(u, t', X(t, u, x)), u the midpoint, scaled to velocity units.
            NDArray u = Tensors.mul(t.add(tn), 0.5);
            NDArray target2 = net.map(u, tn, net.map(t, u, xt)).stopGradient();
            NDArray gap = Tensors.atLeast(tn.sub(t), 1e-3).reshape(off, 1);
            offDiagonal = rowSquares(net.map(t, tn, xt).sub(target2).div(gap)).mean();
        }
        parts[1] = scalarValue(offDiagonal);
        return Tensors.div(Tensors.mul(diagonal, nd).add(Tensors.mul(offDiagonal, off)), batch);
    }

    private static double scalarValue(NDArray a) {
        return a.stopGradient().toType(DataType.FLOAT64, false).getDouble();
    }

    private static NDArray rowSquares(NDArray a) {
        return a.square().reshape(a.getShape().get(0), -1).sum(new int[] {1});
    }

    /** Writes the checkpoint and the CSV loss log next to it, both atomically. */
    public void save() throws IOException {
        ObjectNode meta = Checkpoint.newMetadata();
        meta.put("kind", "flow-map");
        meta.set("architecture", net.architecture());
        meta.put("interpolant", net.interpolant().name());
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
        try (NDManager scope = manager.newSubManager()) {
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            net.parameters().asMap().forEach((k, v) -> arrays.put("param/" + k, v));
            ema.forEach((k, v) -> arrays.put("ema/" + k, v));
            arrays.putAll(optimizer.state());
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

    /** The CSV loss log of a checkpoint: CKPT.csv beside it. */
    public static Path logPath(Path checkpoint) {
        return checkpoint.resolveSibling(checkpoint.getFileName() + ".csv");
    }

    public static boolean exists(Path checkpoint) {
        return Files.isRegularFile(checkpoint);
    }
}
