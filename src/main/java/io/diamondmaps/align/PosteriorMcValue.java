package io.diamondmaps.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.model.PosteriorSampler;
import io.diamondmaps.reward.RewardTilt;
import io.diamondmaps.util.Autograd;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Rng;
import io.diamondmaps.util.Tensors;

/**
 * The Monte-Carlo value estimator with M posterior samples z_k ~ p(x₁ | x_t) (6.3):
 * V̂ = log (1/M) Σ_k exp(r(z_k)/λ), consistent as M → ∞ (biased low for finite M by Jensen).
 *
 * <p>Gradient, two ways:
 * <ul>
 *   <li>{@link GradientMode#PATHWISE} (6.4): autograd through the sampler with its noise fixed,
 *       ∇̂V = Σ_k softmax_k(r/λ)·∇_x r(z_k(x))/λ. Needs a sampler that is a smooth function of x_t (GLASS, Diamond).</li>
 *   <li>{@link GradientMode#SCORE}: from ∇_x log p(x₁|x) = (αx₁ − x)/σ² − ∇log p_t(x), the identity
 *       ∇V = (α/σ²)(E^r[x₁|x] − E[x₁|x]) estimated as (α/σ²)(Σ_k softmax_k z_k − mean_k z_k); no backward pass, and
 *       valid for samplers that are not differentiable (the exact mixture sampler draws a discrete component).</li>
 * </ul>
 * All N·M draws of a call go through the sampler in one batch, chunked to at most {@code maxRows} rows.
 */
public final class PosteriorMcValue implements ValueEstimator {
    /** How ∇V̂ is computed. */
    public enum GradientMode { PATHWISE, SCORE }

    private final PosteriorSampler sampler;
    private final Interpolant interpolant;
    private final RewardTilt tilt;
    private final int samples;
    private final GradientMode mode;
    private final EvaluationCounter counter;
    private final long maxRows;

    public PosteriorMcValue(PosteriorSampler sampler, Interpolant interpolant, RewardTilt tilt, int samples,
            GradientMode mode, EvaluationCounter counter) {
        this(sampler, interpolant, tilt, samples, mode, counter, 1 << 16);
    }

    public PosteriorMcValue(PosteriorSampler sampler, Interpolant interpolant, RewardTilt tilt, int samples,
            GradientMode mode, EvaluationCounter counter, long maxRows) {
        this.sampler = sampler;
        this.interpolant = interpolant;
        this.tilt = tilt;
        this.samples = Checks.positive("MC samples", samples);
        this.mode = mode;
        this.counter = counter;
        this.maxRows = maxRows;
    }

    public int samples() {
        return samples;
    }

    /** (N, M) log-tilts r(z_k)/λ and, when asked, the draws z (N, M, d...). */
    private NDArray[] draw(double t, NDArray x, boolean keepDraws, Rng rng) {
        long n = x.getShape().get(0);
        NDArray z = sampler.samplePosterior(t, x.repeat(0, samples), rng);
        NDArray r = tilt.logTilt(z).reshape(n, samples);
        if (!keepDraws) {
            return new NDArray[] {r, null};
        }
        return new NDArray[] {r, z.reshape(Tensors.perRowDraws(x.getShape(), samples))};
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
            long[] expand = new long[z.getShape().dimension()];
            java.util.Arrays.fill(expand, 1);
            expand[0] = weights.getShape().get(0);
            expand[1] = samples;
            NDArray tilted = z.mul(weights.reshape(new ai.djl.ndarray.types.Shape(expand))).sum(new int[] {1});
            NDArray plain = z.mean(new int[] {1});
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
        return "posterior-mc (M=" + samples + ", " + mode.name().toLowerCase(java.util.Locale.ROOT) + " gradient)";
    }
}
