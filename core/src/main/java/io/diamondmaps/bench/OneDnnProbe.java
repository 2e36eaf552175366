package io.diamondmaps.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.model.neural.Convolution;
import io.diamondmaps.train.TrainingConfig;
import io.diamondmaps.util.Rng;

import java.util.ArrayList;
import java.util.List;

/**
 * The convolutions of the U-Net, forward and backward, in float32 (oneDNN's kernels, at whatever instruction set
 * {@code DNNL_MAX_CPU_ISA} allows this process) against the same math in float64 (PyTorch's own kernels, which oneDNN
 * does not serve). Its cases are the shapes the U-Net runs, plus the 3×3 convolution of a (12, 16, 8, 8) input whose
 * input gradient came back NaN on 2026-11-24 with AVX2 and AVX-512 (docs/development.md, "Known issues").
 *
 * <p>{@code main} prints one line per case and a last line {@code verdict exact} or {@code verdict inexact}: the
 * launcher runs it once per CPU model to choose the fastest exact setting.
 */
public final class OneDnnProbe {
    /** A convolution: batch, input channels, size, output channels, kernel, stride, padding. */
    public record Case(int batch, int channels, int size, int outChannels, int kernel, int stride, int pad) {
        @Override
        public String toString() {
            return String.format("(%d, %d, %d, %d) * %dx%d -> %d, stride %d", batch, channels, size, size, kernel,
                    kernel, outChannels, stride);
        }
    }

    /** The worst relative error of a case's output, input gradient and weight gradient, and whether any was NaN. */
    public record Result(Case c, double forwardError, double inputGradientError, double weightGradientError,
            boolean nonFinite) {
        /** float32 against float64: 1e-4 of the largest reference value is far above round-off, far below a bug. */
        public boolean exact() {
            return !nonFinite && Math.max(forwardError, Math.max(inputGradientError, weightGradientError)) < 1e-4;
        }
    }

    /**
     * The U-Net's convolutions at batch 64, the shape of the recorded NaN, and convolutions to 1–12 output channels
     * (the faulty kernels' pattern: fewer output channels than the vector width, which of them fails varies by run).
     */
    public static final List<Case> CASES = List.of(new Case(12, 16, 8, 16, 3, 1, 1), new Case(64, 1, 28, 16, 3, 1, 1),
            new Case(64, 16, 28, 16, 3, 1, 1), new Case(64, 16, 28, 32, 3, 2, 1), new Case(64, 32, 14, 32, 3, 1, 1),
            new Case(64, 32, 14, 64, 3, 2, 1), new Case(64, 64, 7, 64, 3, 1, 1), new Case(64, 16, 28, 1, 3, 1, 1),
            new Case(64, 16, 28, 2, 3, 1, 1), new Case(64, 16, 28, 3, 3, 1, 1), new Case(64, 16, 28, 4, 3, 1, 1),
            new Case(64, 16, 28, 8, 3, 1, 1), new Case(12, 16, 8, 1, 3, 1, 1), new Case(12, 16, 8, 2, 3, 1, 1),
            new Case(64, 32, 28, 1, 3, 1, 1), new Case(64, 8, 28, 1, 3, 1, 1), new Case(64, 16, 14, 1, 3, 1, 1),
            new Case(64, 16, 28, 12, 3, 1, 1), new Case(64, 16, 28, 1, 1, 1, 0), new Case(128, 16, 28, 1, 3, 1, 1));

    private OneDnnProbe() {
    }

    /**
     * Every case in float32 against float64: through oneDNN's kernels directly ({@code library} false) or through
     * {@link Convolution#conv2d}, the library's convolution that avoids the faulty kernels.
     */
    public static List<Result> run(NDManager manager, boolean library) {
        List<Result> results = new ArrayList<>();
        Rng rng = Rng.of(7);
        for (Case c : CASES) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = rng.normal(scope, new Shape(c.batch(), c.channels(), c.size(), c.size()),
                        DataType.FLOAT64);
                NDArray w = rng.normal(scope, 1 / Math.sqrt(9.0 * c.channels()), new Shape(c.outChannels(),
                        c.channels(), c.kernel(), c.kernel()), DataType.FLOAT64);
                NDArray b = rng.normal(scope, new Shape(c.outChannels()), DataType.FLOAT64);
                NDArray[] exact = forwardBackward(c, x, w, b, null, false);
                NDArray[] fast = forwardBackward(c, x.toType(DataType.FLOAT32, true), w.toType(DataType.FLOAT32, true),
                        b.toType(DataType.FLOAT32, true), exact[0], library);
                boolean nonFinite = false;
                double[] errors = new double[3];
                for (int k = 0; k < 3; k++) {
                    NDArray f = fast[k].toType(DataType.FLOAT64, false);
                    nonFinite |= f.isNaN().any().getBoolean() || f.isInfinite().any().getBoolean();
                    errors[k] = f.sub(exact[k]).abs().max().getDouble() / exact[k].abs().max().getDouble();
                }
                results.add(new Result(c, errors[0], errors[1], errors[2], nonFinite));
            }
        }
        return results;
    }

    /**
     * The convolution's output and the gradients of ⟨output, g⟩ with respect to input and weight, g the float64
     * output rounded to this precision ({@code upstream}; the output itself when null).
     */
    private static NDArray[] forwardBackward(Case c, NDArray x, NDArray w, NDArray b, NDArray upstream,
            boolean library) {
        x.setRequiresGradient(true);
        w.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = library ? Convolution.conv2d(x, w, b, c.stride(), c.pad())
                    : Conv2d.conv2d(x, w, b, new Shape(c.stride(), c.stride()), new Shape(c.pad(), c.pad()),
                            new Shape(1, 1), 1).singletonOrThrow();
            NDArray g = (upstream == null ? y : upstream).toType(y.getDataType(), true).stopGradient();
            gc.backward(y.mul(g).sum());
            return new NDArray[] {y.stopGradient(), x.getGradient().duplicate(), w.getGradient().duplicate()};
        }
    }

    /**
     * Prints one line per case, for oneDNN's kernels alone and for the library's convolution, then the verdict on the
     * library's: {@code verdict exact} or {@code verdict inexact}. With {@code --unet-steps N} it then times U-Net
     * training steps (flow matching and the flow-map objective, batch 64 and 128), a line {@code unet OBJECTIVE BATCH
     * MS} each, for {@link OneDnnBenchmark}.
     */
    public static void main(String[] args) throws java.io.IOException {
        System.setProperty("ai.djl.offline", "true");
        try (NDManager m = NDManager.newBaseManager()) {
            boolean exact = true;
            for (boolean library : new boolean[] {false, true}) {
                for (Result r : run(m, library)) {
                    System.out.printf(java.util.Locale.ROOT, "%s %s: output %.2e, input gradient %.2e, weight gradient "
                            + "%.2e%s%n", library ? "library" : "oneDNN", r.c(), r.forwardError(),
                            r.inputGradientError(), r.weightGradientError(), r.exact() ? "" : " FAULTY");
                    exact &= !library || r.exact();
                }
            }
            System.out.println("verdict " + (exact ? "exact" : "inexact"));
            if (args.length == 2 && args[0].equals("--unet-steps")) {
                int steps = Integer.parseInt(args[1]);
                for (TrainingConfig.Objective objective : new TrainingConfig.Objective[] {
                    TrainingConfig.Objective.FLOW_MATCHING, TrainingConfig.Objective.LSD}) {
                    for (int batch : new int[] {64, 128}) {
                        try (NDManager scope = m.newSubManager()) {
                            double ms = TrainingThroughputBenchmark.medianStepMs(TrainingThroughputBenchmark.network(
                                    "unet", Interpolant.byName("linear"), scope), TrainingThroughputBenchmark
                                    .trainingData("unet", scope), objective, batch, steps, scope);
                            System.out.printf(java.util.Locale.ROOT, "unet %s %d %.1f%n", objective, batch, ms);
                        }
                    }
                }
            }
        }
    }
}
