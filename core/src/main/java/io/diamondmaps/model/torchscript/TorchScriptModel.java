package io.diamondmaps.model.torchscript;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.model.VelocityField;
import io.diamondmaps.util.Tensors;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A flow model from a TorchScript module and its {@link ModelDescription}: a {@link TorchScriptFlowMap} for a flow map,
 * otherwise a {@link TorchScriptVelocityField}. It lives on the module's own schedule ({@link #interpolant()}): times
 * are the model's own t (t = 0 the noisiest), turned into the module's time input on every call, and states are on
 * its path. {@code model.SnrMatched} runs it on any other interpolant. Every call checks the batch and the output
 * against the description.
 */
public abstract sealed class TorchScriptModel implements VelocityField
        permits TorchScriptFlowMap, TorchScriptVelocityField {
    private final TorchScriptModule module;
    private final ModelDescription description;
    private final ClassGuidance guidance;

    TorchScriptModel(TorchScriptModule module, ModelDescription description, ClassGuidance guidance) {
        this.module = module;
        this.description = description;
        this.guidance = guidance;
        ModelDescription.Condition c = description.condition();
        if (c == null && guidance != null) {
            throw new IllegalArgumentException(module.name() + " takes no class (its description has no "
                    + "\"condition\"), so a class and guidance weight cannot be given");
        }
        if (c != null) {
            if (guidance == null) {
                throw new IllegalArgumentException(module.name() + " is class-conditional: choose a class (or the "
                        + "unconditional model)");
            }
            guidance.check(c, module.name());
        }
    }

    /**
     * The class a conditional module is called with and the classifier-free guidance weight w:
     * p̂ = p(∅) + w·(p(y) − p(∅)) for the module's prediction p (spec (2.2); all conversions are affine in the
     * prediction, so it applies to any prediction type). w = 1 is the conditional model, one call; any other w takes
     * both in one batched call and counts as two evaluations. {@code label} −1 is the unconditional model.
     */
    public record ClassGuidance(int label, double weight) {
        /** The unconditional model of a module that has a null label. */
        public static final ClassGuidance UNCONDITIONAL = new ClassGuidance(-1, 1);

        public ClassGuidance {
            if (!Double.isFinite(weight)) {
                throw new IllegalArgumentException("the guidance weight must be finite, got " + weight);
            }
            if (label < -1) {
                throw new IllegalArgumentException("class must be ≥ 0, got " + label);
            }
        }

        boolean mixes() {
            return label >= 0 && weight != 1;
        }

        void check(ModelDescription.Condition c, String name) {
            if (label >= c.classes()) {
                throw new IllegalArgumentException("class " + label + " is not one of " + name + "'s " + c.classes()
                        + " classes (0 to " + (c.classes() - 1) + ")");
            }
            if ((label < 0 || mixes()) && !c.hasNull()) {
                throw new IllegalArgumentException(name + " has no null label (\"condition\": {\"null\": N}), so "
                        + (label < 0 ? "it has no unconditional model: choose a class, torchscript:MODEL.pt#class=Y"
                                : "classifier-free guidance cannot run"));
            }
        }
    }

    /** The model in {@code module}, described by the JSON file beside it, on the device of {@code manager}. */
    public static TorchScriptModel load(Path module, NDManager manager) throws IOException {
        return load(module, manager, null);
    }

    /**
     * {@link #load(Path, NDManager)} with the class and guidance weight a class-conditional module is called with
     * (null for a module without a condition; a conditional one without a choice runs unconditionally).
     */
    public static TorchScriptModel load(Path module, NDManager manager, ClassGuidance guidance) throws IOException {
        TorchScriptModule m = TorchScriptModule.load(module, manager);
        ModelDescription description = ModelDescription.read(ModelDescription.fileBeside(module));
        ClassGuidance g = guidance == null && description.condition() != null ? ClassGuidance.UNCONDITIONAL : guidance;
        return description.prediction() == ModelDescription.Prediction.FLOW_MAP
                ? new TorchScriptFlowMap(m, description, g) : new TorchScriptVelocityField(m, description, g);
    }

    /** What the module computes. */
    public ModelDescription description() {
        return description;
    }

    /** The model's own schedule: its times and states are on this path. */
    @Override
    public Interpolant interpolant() {
        return description.schedule();
    }

    @Override
    public int evaluationsPerCall() {
        return guidance != null && guidance.mixes() ? 2 : 1;
    }

    /** The module's file, for messages. */
    String name() {
        return module.name();
    }

    /**
     * forward(u₁, …, x[, y]) with each of the model's own per-sample {@code times} as the module's time input,
     * checked against the description, in x's dtype; a conditional module's classifier-free guidance mixed in.
     */
    NDArray call(NDArray x, NDArray... times) {
        Shape s = x.getShape();
        if (s.dimension() != description.sampleShape().dimension() + 1 || !s.slice(1).equals(
                description.sampleShape())) {
            throw new IllegalArgumentException(module.name() + " is described for samples of shape "
                    + description.sampleShape() + ", but was given a batch of shape " + s);
        }
        NDArray[] inputs = new NDArray[times.length + 1];
        for (int i = 0; i < times.length; i++) {
            inputs[i] = moduleTime(description, times[i]);
        }
        inputs[times.length] = x;
        NDArray out;
        long n = s.get(0);
        if (guidance == null) {
            out = forward(inputs, s);
        } else if (!guidance.mixes()) {
            int label = guidance.label() >= 0 ? guidance.label() : description.condition().nullLabel();
            out = forward(withLabels(inputs, x, n, label, label), s);
        } else {
            // One call on [x; x] with labels [y; ∅]: p̂ = p(∅) + w·(p(y) − p(∅)) (2.2).
            NDArray[] doubled = new NDArray[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                doubled[i] = NDArrays.concat(new NDList(inputs[i], inputs[i]));
            }
            NDArray both = forward(withLabels(doubled, x, n, guidance.label(), description.condition().nullLabel()),
                    doubled[inputs.length - 1].getShape());
            NDArray cond = both.get("0:" + n);
            NDArray uncond = both.get(n + ":");
            out = uncond.add(cond.sub(uncond).mul(Tensors.scalar(cond, guidance.weight())));
        }
        return Tensors.cast(out, x.getDataType());
    }

    /** {@code inputs} followed by int64 labels: {@code first} for the first n rows, {@code second} for any after. */
    private static NDArray[] withLabels(NDArray[] inputs, NDArray like, long n, int first, int second) {
        long rows = inputs[inputs.length - 1].getShape().get(0);
        long[] labels = new long[Math.toIntExact(rows)];
        Arrays.fill(labels, 0, Math.toIntExact(n), first);
        Arrays.fill(labels, Math.toIntExact(n), labels.length, second);
        NDArray[] in = Arrays.copyOf(inputs, inputs.length + 1);
        in[inputs.length] = like.getManager().create(labels).toDevice(like.getDevice(), false);
        return in;
    }

    private NDArray forward(NDArray[] inputs, Shape s) {
        NDArray out = module.forward(inputs);
        if (!out.getShape().equals(s)) {
            Shape got = out.getShape();
            out.close();
            throw new IllegalArgumentException(module.name() + " returned a tensor of shape " + got
                    + " for inputs of shape " + s + "; it must return a tensor shaped like x");
        }
        return out;
    }

    /** The model's own per-sample times t as the module's time input (float32, as modules take it). */
    static NDArray moduleTime(ModelDescription d, NDArray t) {
        switch (d.timeInput()) {
            case T:
                return t;
            case TAU:
                return Tensors.scalar(t, 1).sub(t);
            default: {
                double[] v = t.toType(DataType.FLOAT64, false).toDoubleArray();
                for (int i = 0; i < v.length; i++) {
                    v[i] = d.timeInput().of(d.schedule(), v[i]);
                }
                return Tensors.constant(t, v, t.getShape());
            }
        }
    }
}
