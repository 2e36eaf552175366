package io.diamondmaps.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.model.PosteriorSampler;
import io.diamondmaps.reward.RewardTilt;
import io.diamondmaps.util.Autograd;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.EnumNames;
import io.diamondmaps.util.Rng;
import io.diamondmaps.util.Tensors;

/**
 * The Monte-Carlo value estimator with M posterior samples z_k ~ p(x₁ | x_t) (6.3):
 * V̂ = log (1/M) Σ_k exp(r(z_k)/λ), consistent as M → ∞ (biased low for finite M by Jensen).
 *
 * <p>Gradient: {@link GradientMode#PATHWISE} (6.4, the default), which needs a sampler that is a smooth function of
 * x_t (GLASS, Diamond), or {@link GradientMode#SCORE}: (α/σ²)(Σ_k softmax_k z_k − mean_k z_k).
 * <p>Damping ({@link RewardDamping}, spec §6.5), when given: each draw stands for a Gaussian kernel N(z_k, h²I) whose
 * variance h² is Silverman's share of the draws' own spread, h² = s²·(4/((d + 2)M))^{2/(d+4)} with s² the
 * per-coordinate variance of the row's M draws; V̂ = log (1/M) Σ_k exp(r_h(z_k)/λ) and the score gradient uses the
 * tilted kernel means. A few draws then no longer read as a point mass at the best one: the estimate is as sharp as the
 * posterior allows.
 *
 * All N·M draws of a call go through the sampler in one batch, chunked to at most {@code maxRows} rows.
 */
public final class PosteriorMcValue implements ValueEstimator {
    private final PosteriorSampler sampler;
    private final Interpolant interpolant;
    private final RewardTilt tilt;
    private final int samples;
    private final GradientMode mode;
    private final EvaluationCounter counter;
    private final RewardDamping damping;
    private final long maxRows;

    /** The most draws one sampler call takes; a larger batch is split. */
    public static final long MAX_ROWS = 1 << 16;

    public PosteriorMcValue(PosteriorSampler sampler, Interpolant interpolant, RewardTilt tilt, int samples,
            GradientMode mode, EvaluationCounter counter) {
        this(sampler, interpolant, tilt, samples, mode, false, counter, MAX_ROWS);
    }

    /** @param damped whether to damp the reward by the draws' spread (needs a linear or measurement reward) */
    public PosteriorMcValue(PosteriorSampler sampler, Interpolant interpolant, RewardTilt tilt, int samples,
            GradientMode mode, boolean damped, EvaluationCounter counter, long maxRows) {
        this.sampler = sampler;
        this.interpolant = interpolant;
        this.tilt = tilt;
        this.samples = Checks.positive("MC samples", samples);
        this.mode = mode;
        this.counter = counter;
        this.damping = damped ? RewardDamping.of(tilt) : null;
        this.maxRows = maxRows;
    }

    public int samples() {
        return samples;
    }

    /**
     * (N, M) log-tilts r(z_k)/λ (damped: r_h(z_k)/λ) and, when asked, the points whose softmax-weighted mean estimates
     * E^r[x₁ | x] and the draws, both (N, M, d...).
     */
    private NDArray[] draw(double t, NDArray x, boolean keepDraws, Rng rng) {
        long n = x.getShape().get(0);
        NDArray z = sampler.samplePosterior(t, x.repeat(0, samples), rng);
        NDArray h2 = damping == null ? null : kernelVariance(z, n).repeat(0, samples);
        // Damped: each draw's tilt and tilted kernel mean from one residual; undamped: the draw itself.
        NDArray[] tilted = damping == null ? new NDArray[] {tilt.logTilt(z), z}
                : keepDraws ? damping.logTiltAndKernelMean(z, h2) : new NDArray[] {damping.logTilt(z, h2), null};
        NDArray r = tilted[0].reshape(n, samples);
        if (!keepDraws) {
            return new NDArray[] {r, null, null};
        }
        Shape draws = Tensors.perRowDraws(x.getShape(), samples);
        return new NDArray[] {r, tilted[1].reshape(draws), z.reshape(draws)};
    }

    /** Per row, h² = s²·(4/((d + 2)M))^{2/(d+4)} from the spread s² of its M draws (held constant by autograd). */
    private NDArray kernelVariance(NDArray z, long n) {
        NDArray rows = z.stopGradient().reshape(n, samples, -1);
        long d = rows.getShape().get(2);
        if (samples < 2) {
            return rows.getManager().zeros(new Shape(n), z.getDataType(), z.getDevice());
        }
        NDArray spread = rows.sub(rows.mean(new int[] {1}, true)).square().sum(new int[] {1, 2});
        double silverman = Math.pow(4.0 / ((d + 2.0) * samples), 2.0 / (d + 4.0));
        return Tensors.mul(spread, silverman / ((samples - 1.0) * d));
    }

    private NDArray logMeanExp(NDArray r) {
        return Tensors.logSumExp(r, 1).sub(Math.log(samples));
    }

    @Override
    public NDArray value(double t, NDArray x, Rng rng) {
        Checks.time("t", t);
        return Chunks.map(x, rowsPerChunk(), chunk -> Tensors.scoped(s -> logMeanExp(draw(t, chunk, false, rng)[0]), chunk));
    }

    @Override
    public Autograd.ValueAndGradient valueAndGradient(double t, NDArray x, Rng rng) {
        Checks.time("t", t);
        return Chunks.mapWithGradient(x, rowsPerChunk(), chunk -> {
            if (mode == GradientMode.PATHWISE) {
                counter.gradient(chunk.getShape().get(0) * samples);
                return Autograd.valueAndGradient(chunk, xx -> logMeanExp(draw(t, xx, false, rng)[0]));
            }
            return scoreGradient(t, chunk, rng);
        });
    }

    private Autograd.ValueAndGradient scoreGradient(double t, NDArray x, Rng rng) {
        NDManager parent = x.getManager();
        try (NDManager scope = parent.newSubManager()) {
            scope.tempAttachAll(x);
            NDArray[] d = draw(t, x, true, rng);
            NDArray weights = d[0].softmax(1);
            NDArray z = d[1];
            NDArray draws = d[2];
            NDArray tilted = Tensors.weightedOverDraws(weights, z);
            NDArray plain = draws.mean(new int[] {1});
            double alpha = interpolant.alpha(t);
            double sigma = Math.max(interpolant.sigma(t), Interpolant.EPS);
            NDArray gradient = Tensors.mul(tilted.sub(plain), alpha / (sigma * sigma));
            NDArray value = logMeanExp(d[0]);
            gradient.attach(parent);
            value.attach(parent);
            return new Autograd.ValueAndGradient(value, gradient);
        }
    }

    private long rowsPerChunk() {
        return Math.max(1, maxRows / samples);
    }

    @Override
    public String describe() {
        return "posterior-mc (M=" + samples + ", " + EnumNames.of(mode) + " gradient"
                + (damping == null ? "" : ", damped") + ")";
    }
}
