package io.diamondmaps.sample;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.model.PosteriorSampler;
import io.diamondmaps.model.StochasticTransition;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Rng;
import io.diamondmaps.util.Tensors;

/**
 * Predict-then-renoise (spec §5.5, {@code DIAMOND_RENOISE}): x̂₁ ~ p(x₁ | x_t) from a posterior sampler, then
 * x_{t'} = α(t')x̂₁ + σ(t')ε with fresh ε. Each x_{t'} has the right marginal, but the pair (x_t, x_{t'}) loses the
 * DDPM noise correlation (ρ = 0 in (4.1)); {@link EarlyStopTransition} keeps it.
 */
public final class RenoiseTransition implements StochasticTransition {
    private final Interpolant interpolant;
    private final PosteriorSampler posterior;

    public RenoiseTransition(Interpolant interpolant, PosteriorSampler posterior) {
        this.interpolant = interpolant;
        this.posterior = posterior;
    }

    @Override
    public NDArray transition(double t, double tNext, NDArray xt, Rng rng) {
        Checks.timePair("t", t, "t'", tNext);
        NDArray x1 = posterior.samplePosterior(t, xt, rng);
        NDArray next = Tensors.scoped(scope -> {
            NDArray noise = rng.normalLike(scope, x1);
            return Tensors.mul(x1, interpolant.alpha(tNext)).add(Tensors.mul(noise, interpolant.sigma(tNext)));
        }, x1);
        x1.close();
        return next;
    }

    /** Fresh noise: x_{t'} keeps all of σ(t')² given x₁ (ρ = 0). */
    @Override
    public double stepVariance(double t, double tNext) {
        return interpolant.sigma(tNext) * interpolant.sigma(tNext);
    }
}
