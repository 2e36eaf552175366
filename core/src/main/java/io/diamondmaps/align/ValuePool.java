package io.diamondmaps.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.reward.RewardTilt;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Rng;
import io.diamondmaps.util.Tensors;

import java.util.function.IntFunction;

/**
 * A run's own unguided draws from the base chain, made once before the first step: the pool of {@link PooledValue}'s
 * early values (6.9) and, for guidance, the importance-weighted check of {@link Reliability} (weights e^{r/λ}).
 * Their cost, a base chain and a reward call per draw, is counted like every other.
 *
 * @param base the unguided chain of the run's transitions and grid
 * @param tilt the run's reward and temperature (counted)
 * @param interpolant the path whose kernel N(α z, σ²I) weighs the draws
 * @param draws how many per run (or chunk) at most
 * @param minEss a row whose pool weights have a smaller effective size takes the run's own estimator; 0: the draws
 *     only check, they are no pool
 */
public record ValuePool(Generator base, RewardTilt tilt, Interpolant interpolant, int draws, double minEss) {
    /**
     * Draws per run (or chunk): about one base chain per output sample at 1000 samples, enough for tens of draws on a
     * 5 % component and for a check ESS of 5 to 50 on the suite's problems (bench defaults).
     */
    public static final int DEFAULT_DRAWS = 1024;

    /** Check draws of a guidance run without a pool: enough for an importance ESS of 5 to 50 on the suite. */
    public static final int CHECK_DRAWS = 256;

    /**
     * The default {@code minEss}, chosen on the tuning half of bench defaults (guidance, 128 DDPM steps: 4 / 8 / 16
     * gave worst excesses 0.015 / 0.009 / 0.019 at 1,100 / 1,350 / 1,750 NFE per sample; pool only, 259 NFE: 0.016).
     */
    public static final double DEFAULT_MIN_ESS = 8;

    public ValuePool {
        Checks.positive("pool draws", draws);
        requireMinEss(minEss);
    }

    /** Fails unless {@code minEss} is a finite number of at least 0 (0: the draws only check). */
    static double requireMinEss(double minEss) {
        if (!(minEss >= 0) || Double.isInfinite(minEss)) {
            throw new IllegalArgumentException("the pool's minimum ESS must be finite and at least 0, got " + minEss);
        }
        return minEss;
    }

    /** The drawn pool: (K, d...) samples, their r/λ (K,), and their rewards on the host. */
    public record Drawn(NDArray samples, NDArray logTilts, double[] rewards) {
    }

    /**
     * Draws the pool of a run (or chunk) of {@code outputs} samples into {@code manager}: {@code draws} of them, but no
     * more than {@value #CHECK_DRAWS} or two per output, whichever is more, so that a small run (16 images) does not
     * pay for a thousand chains it cannot use.
     */
    public Drawn draw(NDManager manager, Shape sampleShape, long outputs, Rng rng) {
        long count = Math.min(draws, Math.max(CHECK_DRAWS, 2 * outputs));
        NDArray samples = base.generate(manager, sampleShape, count, rng);
        NDArray rewards = tilt.reward().value(samples);
        NDArray logTilts = Tensors.div(rewards, tilt.temperature());
        return new Drawn(samples, logTilts, Smc.hostValues(rewards));
    }

    /**
     * The estimator of each step answered from the pool where it can be ({@link PooledValue}); {@code valueAtStep}
     * itself when this is no pool.
     */
    public IntFunction<ValueEstimator> wrap(Drawn drawn, IntFunction<ValueEstimator> valueAtStep) {
        return minEss > 0
                ? step -> new PooledValue(drawn.samples(), drawn.logTilts(), interpolant, valueAtStep.apply(step), minEss)
                : valueAtStep;
    }
}
