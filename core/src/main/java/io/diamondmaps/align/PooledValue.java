package io.diamondmaps.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.NDManager;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.util.Autograd;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Rng;
import io.diamondmaps.util.Tensors;

/**
 * The value under the empirical distribution of a pool of the model's own samples z_j ~ p₁ (spec (6.9)): with the
 * Gaussian path kernel k_j(x) = log N(x; α(t)z_j, σ(t)²I) and ℓ_j = r(z_j)/λ,
 * V̂_t(x) = log Σ_j e^{k_j + ℓ_j} − log Σ_j e^{k_j} and ∇V̂_t(x) = (α/σ²)(Σ_j w̃_j z_j − Σ_j w_j z_j), w = softmax(k),
 * w̃ = softmax(k + ℓ): the exact value of the pool's distribution, consistent as the pool grows.
 *
 * <p>Why: at early times the posterior p(x₁ | x_t) is nearly the prior, so a few posterior draws per state rarely
 * reach a low-weight component that the tilt favours, and their self-normalised estimate of the tilted posterior mean
 * is biased towards the heavy components; one shared pool of hundreds of draws sees it. As t grows the kernel narrows
 * and a row's weights fall onto a few pool points; a row whose untilted or tilted effective sample size is below
 * {@code minEss} takes {@code fallback}'s estimate instead (computed only when some row needs it).
 */
public final class PooledValue implements ValueEstimator {
    private final NDArray pool;
    private final NDArray logTilts;
    private final Interpolant interpolant;
    private final ValueEstimator fallback;
    private final double minEss;

    /**
     * @param pool (K, d...) model samples at t = 1, owned by the caller and kept open while this is used
     * @param logTilts (K,) their r/λ
     */
    public PooledValue(NDArray pool, NDArray logTilts, Interpolant interpolant, ValueEstimator fallback,
            double minEss) {
        if (pool.getShape().get(0) != logTilts.getShape().size()) {
            throw new IllegalArgumentException("one log-tilt per pool draw: " + pool.getShape() + " and "
                    + logTilts.getShape());
        }
        this.pool = pool;
        this.logTilts = logTilts;
        this.interpolant = interpolant;
        this.fallback = fallback;
        this.minEss = minEss;
    }

    @Override
    public NDArray value(double t, NDArray x, Rng rng) {
        Autograd.ValueAndGradient vg = estimate(t, x, rng, false);
        return vg.value();
    }

    @Override
    public Autograd.ValueAndGradient valueAndGradient(double t, NDArray x, Rng rng) {
        return estimate(t, x, rng, true);
    }

    private Autograd.ValueAndGradient estimate(double t, NDArray x, Rng rng, boolean withGradient) {
        Checks.time("t", t);
        NDManager parent = x.getManager();
        NDArray value;
        NDArray gradient = null;
        NDArray ok;
        try (NDManager scope = parent.newSubManager()) {
            scope.tempAttachAll(x);
            long n = x.getShape().get(0);
            NDArray z = like(pool, x, scope);
            NDArray zf = z.reshape(z.getShape().get(0), -1);
            NDArray xf = x.reshape(n, -1);
            double a = interpolant.alpha(t);
            double s2 = Math.pow(Math.max(interpolant.sigma(t), Interpolant.EPS), 2);
            // −|x − αz|²/(2σ²) up to the row's own |x|², which cancels in both softmaxes.
            NDArray k = Tensors.div(Tensors.mul(xf.matMul(zf.transpose()), a)
                    .sub(Tensors.mul(zf.square().sum(new int[] {1}), a * a / 2).reshape(1, -1)), s2);
            NDArray kl = k.add(like(logTilts, x, scope).reshape(1, -1));
            value = Tensors.logSumExp(kl, 1).sub(Tensors.logSumExp(k, 1));
            NDArray w = k.softmax(1);
            NDArray wt = kl.softmax(1);
            ok = ess(w).minimum(ess(wt)).gte(minEss);
            if (withGradient) {
                gradient = Tensors.mul(wt.sub(w).matMul(zf), a / s2).reshape(x.getShape());
                gradient.attach(parent);
            }
            value.attach(parent);
            ok.attach(parent);
        }
        boolean[] rowOk = ok.toBooleanArray();
        ok.close();
        // Only the rows the pool cannot answer go to the fallback: row i of the answer is row order[i] of the pool's
        // rows followed by the fallback's.
        long[] pick = new long[rowOk.length];
        long[] order = new long[rowOk.length];
        int failing = 0;
        for (int i = 0; i < rowOk.length; i++) {
            if (rowOk[i]) {
                order[i] = i;
            } else {
                order[i] = rowOk.length + failing;
                pick[failing++] = i;
            }
        }
        if (failing == 0) {
            return new Autograd.ValueAndGradient(value, gradient);
        }
        try (NDManager scope = parent.newSubManager()) {
            NDArray rows = scope.create(java.util.Arrays.copyOf(pick, failing));
            NDArray orderArray = scope.create(order);
            NDArray sub = x.get(new NDIndex("{}", rows.toDevice(x.getDevice(), false)));
            sub.attach(scope);
            Autograd.ValueAndGradient fb = withGradient ? fallback.valueAndGradient(t, sub, rng)
                    : new Autograd.ValueAndGradient(fallback.value(t, sub, rng), null);
            fb.value().attach(scope);
            NDIndex gather = new NDIndex("{}", orderArray.toDevice(x.getDevice(), false));
            NDArray mixedValue = value.concat(fb.value(), 0).get(gather);
            NDArray mixedGradient = null;
            value.attach(scope);
            if (withGradient) {
                fb.gradient().attach(scope);
                gradient.attach(scope);
                mixedGradient = gradient.concat(fb.gradient(), 0).get(gather);
                mixedGradient.attach(parent);
            }
            mixedValue.attach(parent);
            return new Autograd.ValueAndGradient(mixedValue, mixedGradient);
        }
    }

    /** The effective sample size 1/Σw² of each row of normalised weights (N, K) (6.10). */
    private static NDArray ess(NDArray weights) {
        return Tensors.atLeast(weights.square().sum(new int[] {1}), 1e-300).pow(-1);
    }

    /** {@code a} in the dtype and on the device of {@code x}: itself when it already is, else a copy in scope. */
    private static NDArray like(NDArray a, NDArray x, NDManager scope) {
        if (a.getDataType() == x.getDataType() && a.getDevice().equals(x.getDevice())) {
            return a;
        }
        NDArray copy = a.toType(x.getDataType(), true).toDevice(x.getDevice(), false);
        copy.attach(scope);
        return copy;
    }

    @Override
    public String describe() {
        return "pooled(K=" + pool.getShape().get(0) + ", then " + fallback.describe() + ")";
    }
}
