package io.diamondmaps.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.align.AlignmentResult;
import io.diamondmaps.align.AlignmentSpec;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.model.load.ModelBundle;
import io.diamondmaps.model.neural.ImageClassifier;
import io.diamondmaps.reward.LinearOperator;
import io.diamondmaps.reward.MeasurementReward;
import io.diamondmaps.reward.Operators;
import io.diamondmaps.reward.RewardTilt;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Rng;
import io.diamondmaps.util.Tensors;

import java.util.Random;

/**
 * The image inverse problems of the benchmark and the demo (spec §10.1) on 1 × 28 × 28 images in [−1, 1]: box
 * inpainting (the central 14 × 14 pixels hidden) and super-resolution ×4 (7 × 7 averages observed), each measured
 * with Gaussian noise σ_y.
 */
public final class ImageTasks {
    public static final int SIDE = 28;
    public static final int BOX = 14;
    public static final int FACTOR = 4;
    public static final double NOISE = 0.05;
    /** Images per chunk when features are computed. */
    private static final int FEATURE_CHUNK = 250;

    /** An inverse problem: its operator and the number of values it observes (for the residual's RMS). */
    public enum Inverse {
        INPAINTING, SUPER_RESOLUTION;

        public LinearOperator operator() {
            return this == INPAINTING ? Operators.mask(boxMask()) : Operators.averagePool(1, SIDE, SIDE, FACTOR);
        }

        public long observed() {
            return this == INPAINTING ? SIDE * SIDE - BOX * BOX : (SIDE / FACTOR) * (SIDE / FACTOR);
        }

        /**
         * The reward −‖A x − y‖²/(2σ_y²) of y = A x* + σ_y ε for one ground-truth image x* (1, 1, 28, 28); with λ = 1
         * its tilted target is the posterior p(x | y).
         */
        public MeasurementReward measure(NDArray truth, double noise, Random rng) {
            LinearOperator a = operator();
            double[] y = Tensors.toRows(a.apply(truth))[0];
            for (int i = 0; i < y.length; i++) {
                y[i] += noise * rng.nextGaussian();
            }
            return this == INPAINTING ? MeasurementReward.inpainting(boxMask(), y, noise)
                    : new MeasurementReward(a, y, noise);
        }

        /**
         * The measurement drawn as an image (1, 1, 28, 28): inpainting shows the hidden box in mid grey,
         * super-resolution its 7 × 7 averages blown up to 28 × 28.
         */
        public NDArray picture(MeasurementReward reward, NDArray like) {
            double[] y = reward.measurement();
            double[] pixels = new double[SIDE * SIDE];
            for (int r = 0; r < SIDE; r++) {
                for (int c = 0; c < SIDE; c++) {
                    int i = r * SIDE + c;
                    pixels[i] = this == INPAINTING ? (hidden(r, c) ? 0 : y[i])
                            : y[(r / FACTOR) * (SIDE / FACTOR) + c / FACTOR];
                }
            }
            return Tensors.constant(like, pixels, new Shape(1, 1, SIDE, SIDE));
        }

        public String label() {
            return this == INPAINTING ? "inpainting (central " + BOX + "x" + BOX + " hidden)"
                    : "super-resolution x" + FACTOR + " (" + SIDE / FACTOR + "x" + SIDE / FACTOR + " observed)";
        }

        public String fileName() {
            return this == INPAINTING ? "inpainting" : "super-resolution";
        }
    }

    /** Aligned images in float64 with the work they took per image. */
    public record Aligned(NDArray samples, double nfePerSample, double secondsPerSample) {
    }

    private ImageTasks() {
    }

    /**
     * n images aligned by {@code spec} on the model's flow map, from the noise of {@code noiseSeed} (so that methods
     * compared on one seed start from the same noise), on {@code manager}.
     */
    public static Aligned align(ModelBundle model, AlignmentSpec spec, RewardTilt tilt, NDManager manager, int n,
            long noiseSeed) {
        EvaluationCounter counter = new EvaluationCounter();
        AlignmentResult r = spec.build(model, tilt, counter)
                .align(manager, model.sampleShape(), n, Rng.of(noiseSeed));
        // Best-of-N keeps the network's float32; guidance and SMC states are float64.
        NDArray samples = r.samples().toType(DataType.FLOAT64, false);
        if (!Checks.isFinite(samples)) {
            throw new IllegalStateException(spec.describe() + " diverged (non-finite samples): its guidance steps are "
                    + "too large for this reward (the kappa scale, the exact tilt, is too stiff for a sharp reward at "
                    + "few steps); try --guidance-scale auto or a smaller --scale");
        }
        return new Aligned(samples, r.nfePerSample(), r.seconds() / n);
    }

    /** The fraction of images the classifier assigns to class k. */
    public static double fractionClassifiedAs(ImageClassifier clf, NDArray images, int k) {
        return Tensors.mean(clf.logits(images).argMax(1).eq(k).toType(DataType.FLOAT64, false));
    }

    private static boolean hidden(int r, int c) {
        int lo = (SIDE - BOX) / 2;
        return r >= lo && r < lo + BOX && c >= lo && c < lo + BOX;
    }

    /** 1 where a pixel is observed, 0 in the hidden central box. */
    public static double[] boxMask() {
        double[] mask = new double[SIDE * SIDE];
        for (int r = 0; r < SIDE; r++) {
            for (int c = 0; c < SIDE; c++) {
                mask[r * SIDE + c] = hidden(r, c) ? 0 : 1;
            }
        }
        return mask;
    }

    /** Peak signal-to-noise ratio per image (dB) of x against x* for values in [−1, 1] (peak-to-peak 2). */
    public static NDArray psnr(NDArray x, NDArray truth) {
        long n = x.getShape().get(0);
        NDArray mse = x.clip(-1, 1).sub(truth).square().reshape(n, -1).mean(new int[] {1});
        return Tensors.atLeast(mse, 1e-12).log10().mul(-10).add(10 * Math.log10(4));
    }

    /** Classifier features (N, features) in float64, computed in chunks of {@value #FEATURE_CHUNK} images. */
    public static NDArray features(ImageClassifier clf, NDArray images) {
        NDList parts = new NDList();
        long total = images.getShape().get(0);
        for (long from = 0; from < total; from += FEATURE_CHUNK) {
            try (NDManager scope = images.getManager().newSubManager()) {
                NDArray chunk = images.get(from + ":" + Math.min(total, from + FEATURE_CHUNK));
                scope.tempAttachAll(chunk);
                NDArray f = clf.features(chunk).toType(DataType.FLOAT64, false);
                f.attach(images.getManager());
                parts.add(f);
            }
        }
        return NDArrays.concat(parts);
    }
}
