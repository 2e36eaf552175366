package io.diamondmaps.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.model.FlowMap;
import io.diamondmaps.model.VelocityField;
import io.diamondmaps.reward.RewardTilt;
import io.diamondmaps.util.Autograd;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.EnumNames;
import io.diamondmaps.util.Rng;
import io.diamondmaps.util.Tensors;

/**
 * The Weighted Diamond Map estimator (spec §7, B.7): a consistent value and gradient from an ordinary deterministic
 * flow map by renoising and importance weights.
 *
 * <p>At (t, x_t): renoise to t' with SNR(t') = SNR(t)/λ_snr (7.1) by x̃_k = a·x_t + b·ε_k (7.2), jump
 * z_k = X(t', 1, x̃_k), and weight by (7.4): log w_k = −‖x_t − α_t z_k‖²/(2σ_t²) + Γ_k + ½‖ε_k‖² with the trapezoid
 * Γ_k = ½⟨s_{t'}(x_t) + s_{t'}(x̃_k), x̃_k − x_t⟩ ≈ log p_{t'}(x̃_k) − log p_{t'}(x_t) (7.5; the consistent choice of
 * spec §12.4).
 * <ul>
 *   <li>{@link Weighting#EXACT} (default): V̂ = log Σ_k softmax(log w)_k e^{r_k} (7.6). Its gradient: by default
 *       the pathwise (7.7) Σ_k π_k[∇r_k + ∇ℓ_k + a·s_{t'}(x̃_k) − s_t(x_t)] ({@link GradientMode#PATHWISE}), or
 *       {@link GradientMode#SCORE}: the weighted draws stand for p(x₁ | x_t), so ∇V = (α/σ²)(E^r[x₁|x] − E[x₁|x])
 *       is (α/σ²)Σ_k (π_k − ω_k) z_k with π = softmax(r + log w), ω = softmax(log w); no backward pass, and bounded
 *       by the draws' spread where the pathwise one is heavy-tailed (J_X is large between modes).</li>
 *   <li>{@link Weighting#REWARD_SOFTMAX}: the reference code's heuristic (spec §7.3): π = softmax(r), value
 *       log mean e^{r}, and the three terms aggregated separately, each normalised to unit norm per sample, summed and
 *       multiplied by {@code gradientNorm} (7.8). Biased (spec §7.2): kept for comparison.</li>
 * </ul>
 */
public final class WeightedValue implements ValueEstimator {
    /** How particles are weighted. */
    public enum Weighting { EXACT, REWARD_SOFTMAX }

    private final FlowMap map;
    private final VelocityField field;
    private final RewardTilt tilt;
    private final int particles;
    private final double snrFactor;
    private final Weighting weighting;
    private final GradientMode gradientMode;
    private final double gradientNorm;
    private final EvaluationCounter counter;

    /**
     * @param gradientMode how the exact weighting differentiates (the reward-softmax heuristic keeps its own (7.8))
     * @param gradientNorm the norm (7.8) of the reward-softmax heuristic's gradient
     */
    public WeightedValue(FlowMap map, VelocityField field, RewardTilt tilt, int particles, double snrFactor,
            Weighting weighting, GradientMode gradientMode, double gradientNorm, EvaluationCounter counter) {
        this.map = map;
        this.field = field;
        this.tilt = tilt;
        this.particles = Checks.positive("particles", particles);
        this.snrFactor = requireSnrFactor(snrFactor);
        this.weighting = weighting;
        this.gradientMode = gradientMode;
        this.gradientNorm = gradientNorm;
        this.counter = counter;
    }

    /** The renoising time t' < t with g(t') = λ_snr·g(t) (7.1). */
    public double renoiseTime(double t) {
        return field.interpolant().gInverse(snrFactor * field.interpolant().g(t));
    }

    /** Everything one call needs, on the rows of x: (N·K) particle quantities reshaped to (N, K). */
    private final class Particles {
        final double t;
        final double tr;
        final double a;
        final NDArray noise;
        final NDArray xTilde;
        final NDArray logTilt;
        final NDArray likelihood;
        final NDArray logWeight;
        /** The look-aheads z_k = X(t', 1, x̃_k), shape (N·K, d...). */
        final NDArray lookahead;
        /** a·s_{t'}(x̃_k), shape (N, K, d...). */
        final NDArray forwardScore;
        final long n;

        Particles(double t, NDArray x, NDArray noise) {
            Interpolant ip = field.interpolant();
            this.t = t;
            this.tr = renoiseTime(t);
            this.a = ip.alpha(tr) / ip.alpha(t);
            double b = Math.sqrt(Math.max(ip.sigma(tr) * ip.sigma(tr) - a * a * ip.sigma(t) * ip.sigma(t), 1e-8));
            this.n = x.getShape().get(0);
            this.noise = noise;
            NDArray xs = x.repeat(0, particles);
            this.xTilde = Tensors.mul(xs, a).add(Tensors.mul(noise, b));
            NDArray z = map.jump(tr, 1, xTilde);
            this.lookahead = z;
            this.logTilt = tilt.logTilt(z).reshape(n, particles);
            double alpha = ip.alpha(t);
            double var = Math.max(ip.sigma(t) * ip.sigma(t), Interpolant.EPS);
            this.likelihood = Tensors.div(sumRows(xs.sub(Tensors.mul(z, alpha)).square()), -2 * var).reshape(n, particles);
            NDArray sTildeRaw = field.score(Tensors.times(xTilde, tr), xTilde).stopGradient();
            NDArray sAtX = field.score(Tensors.times(x, tr), x.stopGradient()).stopGradient().repeat(0, particles);
            NDArray gamma = Tensors.mul(sumRows(sAtX.add(sTildeRaw).mul(xTilde.stopGradient().sub(xs.stopGradient()))), 0.5)
                    .reshape(n, particles);
            NDArray proposal = Tensors.mul(sumRows(noise.square()), 0.5).reshape(n, particles);
            this.logWeight = likelihood.stopGradient().add(gamma).add(proposal);
            this.forwardScore = Tensors.mul(sTildeRaw, a);
        }
    }

    private static NDArray sumRows(NDArray a) {
        return a.reshape(a.getShape().get(0), -1).sum(new int[] {1});
    }

    private NDArray drawNoise(NDArray x, Rng rng) {
        Shape s = x.getShape();
        long[] dims = s.getShape().clone();
        dims[0] = dims[0] * particles;
        return rng.normal(x.getManager(), new Shape(dims), x.getDataType());
    }

    /** The renoising factor must raise the signal-to-noise ratio (spec §7): a finite number above 1. */
    static double requireSnrFactor(double snrFactor) {
        if (!(snrFactor > 1) || !Double.isFinite(snrFactor)) {
            throw new IllegalArgumentException("the SNR factor must be a finite number above 1, got " + snrFactor);
        }
        return snrFactor;
    }

    @Override
    public NDArray value(double t, NDArray x, Rng rng) {
        requireInterior(t);
        return Tensors.scoped(s -> valueOf(new Particles(t, x, drawNoise(x, rng))), x);
    }

    private NDArray valueOf(Particles p) {
        if (weighting == Weighting.EXACT) {
            // (7.6): log Σ_k softmax(log w)_k e^{r_k}.
            return Tensors.logSumExp(p.logWeight.add(p.logTilt), 1).sub(Tensors.logSumExp(p.logWeight, 1));
        }
        return Tensors.logSumExp(p.logTilt, 1).sub(Math.log(particles));
    }

    @Override
    public Autograd.ValueAndGradient valueAndGradient(double t, NDArray x, Rng rng) {
        requireInterior(t);
        if (weighting == Weighting.EXACT && gradientMode == GradientMode.SCORE) {
            return scoreGradient(t, x, rng);
        }
        counter.gradient(x.getShape().get(0) * particles);
        NDManager parent = x.getManager();
        try (NDManager scope = parent.newSubManager()) {
            scope.tempAttachAll(x);
            NDArray noise = drawNoise(x, rng);
            NDArray scoreAtT = field.score(Tensors.times(x, t), x).expandDims(1);
            NDArray[] holder = new NDArray[3];
            // One backward pass gives Σ_k π_k ∇(r_k + ℓ_k) for (7.7); π is computed on the fly and held fixed.
            Autograd.ValueAndGradient rewardPart = Autograd.valueAndGradient(x, xx -> {
                Particles p = new Particles(t, xx, noise);
                NDArray pi = weights(p);
                holder[0] = valueOf(p).stopGradient().duplicate();
                holder[1] = pi.duplicate();
                holder[2] = p.forwardScore.stopGradient().duplicate();
                holder[0].attach(scope);
                holder[1].attach(scope);
                holder[2].attach(scope);
                NDArray objective = weighting == Weighting.EXACT ? p.logTilt.add(p.likelihood) : p.logTilt;
                return objective.mul(pi).sum(new int[] {1});
            });
            NDArray pi = holder[1];
            NDArray forward = holder[2].reshape(Tensors.perRowDraws(x.getShape(), particles));
            NDArray score = Tensors.weightedOverDraws(pi, forward.sub(scoreAtT));
            NDArray gradient;
            if (weighting == Weighting.EXACT) {
                gradient = rewardPart.gradient().add(score);
            } else {
                Autograd.ValueAndGradient likelihoodPart = Autograd.valueAndGradient(x, xx -> {
                    Particles p = new Particles(t, xx, noise);
                    return p.likelihood.mul(pi).sum(new int[] {1});
                });
                gradient = Tensors.mul(unit(rewardPart.gradient()).add(unit(likelihoodPart.gradient())).add(unit(score)),
                        gradientNorm);
            }
            NDArray value = holder[0];
            value.attach(parent);
            gradient.attach(parent);
            return new Autograd.ValueAndGradient(value, gradient);
        }
    }

    /** V̂ (7.6) and (α/σ²)Σ_k (π_k − ω_k) z_k from one set of weighted draws (see the class comment). */
    private Autograd.ValueAndGradient scoreGradient(double t, NDArray x, Rng rng) {
        NDManager parent = x.getManager();
        try (NDManager scope = parent.newSubManager()) {
            scope.tempAttachAll(x);
            Particles p = new Particles(t, x, drawNoise(x, rng));
            NDArray z = p.lookahead.reshape(Tensors.perRowDraws(x.getShape(), particles));
            NDArray shift = weights(p).sub(p.logWeight.softmax(1));
            Interpolant ip = field.interpolant();
            double sigma = Math.max(ip.sigma(t), Interpolant.EPS);
            NDArray gradient = Tensors.mul(Tensors.weightedOverDraws(shift, z), ip.alpha(t) / (sigma * sigma));
            NDArray value = valueOf(p);
            gradient.attach(parent);
            value.attach(parent);
            return new Autograd.ValueAndGradient(value, gradient);
        }
    }

    /** π = softmax(r + log w) (exact) or softmax(r) (reference heuristic), held fixed in the gradient. */
    private NDArray weights(Particles p) {
        NDArray logits = weighting == Weighting.EXACT ? p.logTilt.add(p.logWeight) : p.logTilt;
        return logits.stopGradient().softmax(1);
    }

    /** g/‖g‖ per sample, norm clamped at 1e-8 (7.8). */
    private static NDArray unit(NDArray g) {
        NDArray norm = Tensors.atLeast(sumRows(g.square()).sqrt(), 1e-8);
        return g.div(Tensors.perSample(norm, g));
    }

    private static void requireInterior(double t) {
        Checks.time("t", t);
        if (t <= 0 || t >= 1) {
            throw new IllegalArgumentException("the weighted estimator needs 0 < t < 1, got " + t);
        }
    }

    @Override
    public String describe() {
        return "weighted (K=" + particles + ", snr factor " + snrFactor + ", " + EnumNames.of(weighting)
                + (weighting == Weighting.EXACT ? ", " + EnumNames.of(gradientMode) + " gradient" : "") + ")";
    }
}
