package io.diamondmaps.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.model.GaussianTransition;
import io.diamondmaps.model.StochasticTransition;
import io.diamondmaps.reward.RewardTilt;
import io.diamondmaps.sample.Generation;
import io.diamondmaps.sample.TimeGrid;
import io.diamondmaps.util.Autograd;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Rng;
import io.diamondmaps.util.Tensors;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Twisted Sequential Monte Carlo (spec §8, B.8) towards p^r ∝ p₁·exp(r/λ). Particles move by a stochastic base
 * transition on the outer grid t_i = i/T; after step i they carry the incremental weight exp(V̂_{t_{i+1}}(x') −
 * V̂_{t_i}(x)) (the twisted potential), and at the last step exp(r(x)/λ − V̂_{t_{T−1}}), so the final weighted
 * particles target the tilted law for any value estimate when the base transition is exact; a better V̂ only lowers the
 * variance. Groups of P particles resample (systematic, multinomial or residual) when their ESS falls below
 * threshold·P, and always at the end, so every output sample is equally weighted. All G·P particles of a step go
 * through the model in one batch.
 *
 * <p>Tempered twists: a value estimate sharper than V (a plug-in, or a log-mean-exp over a few draws) makes every
 * step's weights degenerate, resampling then keeps the few particles the estimate favours, and the final weight
 * exp(r/λ − V̂) cannot bring back the mass it discarded: SMC gets worse with more particles. So each step twists by
 * β·V̂ with the largest β ≤ 1 whose incremental weights w_j = exp(β v_j − φ_j) (φ the potential carried from the last
 * step) keep the conditional ESS fraction (Σ_j W_j w_j)²/Σ_j W_j w_j² ≥ {@code twistEss}, W the current normalised
 * weights (as in adaptive tempering). Any twist keeps the target, since the last weight is r/λ − φ: a good twist is
 * used at full strength, a degenerate one is flattened towards SIR. {@code twistEss} = 0 is plain twisted SMC.
 *
 * <p>The product of mean incremental weights estimates Z = E[exp(r(X₁)/λ)], without bias for plain twisted SMC (the
 * data-chosen β of tempered twists adds a small bias); its log is reported per step.
 */
public final class Smc implements Aligner {
    /**
     * SMC settings. With {@code onePerGroup} every output sample comes from its own group of P particles (a draw from
     * the group's final weighted particles), so outputs are independent and the cost per output is P particles' work;
     * otherwise all particles are output, N/P groups of P equally weighted particles that share ancestry.
     */
    public record Config(TimeGrid grid, int particles, double essThreshold, Resampling resampling,
            boolean onePerGroup, double twistEss) {
        /** All particles are output; twists tempered to the default conditional ESS. */
        public Config(TimeGrid grid, int particles, double essThreshold, Resampling resampling) {
            this(grid, particles, essThreshold, resampling, false, DEFAULT_TWIST_ESS);
        }

        public Config {
            Checks.positive("particles", particles);
            Checks.fraction("the ESS threshold", essThreshold);
            Checks.fraction("the twist ESS", twistEss);
        }
    }

    /**
     * The default floor on the conditional ESS fraction of a step's incremental weights (see the class comment).
     * Measured on an 8-D mixture with a sharp reward, 12 seeds × 400 outputs, 4 / 16 / 64 / 256 particles: with an
     * over-sharp plug-in twist, 0.4 gives 0.120 / 0.101 / 0.041 / 0.013 against SIR's 0.659 / 0.131 / 0.039 / 0.000,
     * while 0.3 stays behind SIR from 16 particles on (0.200 / 0.115 at 16 / 64); exact twists on the GLASS base lose
     * nothing measurable (0.042 / 0.038 / 0.003 at 16 / 64 / 256 with 0.4, 0.046 / 0.024 / −0.006 with 0.3).
     */
    public static final double DEFAULT_TWIST_ESS = 0.4;

    /**
     * The floor for twists answered from a value pool ({@link PooledValue}), which are not over-sharp where the pool
     * answers: on the tuning half of bench defaults (256 particles, 1 seed) 0.4 / 0.2 / 0 had worst excesses 0.032 /
     * 0.014 / 0.022, 10 / 12 / 11 of 12 problems within 0.02; without a pool 0.2 was worse than 0.4 (0.14).
     */
    public static final double DEFAULT_POOLED_TWIST_ESS = 0.2;

    private final StochasticTransition base;
    private final IntFunction<ValueEstimator> valueAtStep;
    private final RewardTilt tilt;
    private final EvaluationCounter counter;
    private final Config config;
    private final GuidedProposal guide;
    private final ValuePool pool;

    /**
     * A guided proposal: move from N(μ + δ, s²I) instead of the Gaussian base N(μ, s²I), with the shift
     * δ = scale·s²·∇V̂_t(x), the exact tilt of the Gaussian step to first order (6.7), and correct each weight by the
     * density ratio log N(x'; μ, s²) − log N(x'; μ + δ, s²) = (‖x' − μ − δ‖² − ‖x' − μ‖²)/(2s²). The target is
     * unchanged; the weights vary less when ∇V̂ points where the tilted mass is.
     */
    public record GuidedProposal(GaussianTransition kernel, double scale) {
    }

    public Smc(StochasticTransition base, ValueEstimator value, RewardTilt tilt, EvaluationCounter counter, Config config) {
        this(base, step -> value, tilt, counter, config, null);
    }

    /** SMC whose particles move by a guided proposal around the Gaussian kernel of {@code guide}. */
    public Smc(ValueEstimator value, RewardTilt tilt, EvaluationCounter counter, Config config, GuidedProposal guide) {
        this(guide.kernel(), step -> value, tilt, counter, config, guide);
    }

    /**
     * The general form: {@code valueAtStep.apply(i)} estimates V at the end of step i (schedules of Monte-Carlo
     * samples and inner steps), and {@code guide} may be null.
     */
    public Smc(StochasticTransition base, IntFunction<ValueEstimator> valueAtStep, RewardTilt tilt,
            EvaluationCounter counter, Config config, GuidedProposal guide) {
        this(base, valueAtStep, tilt, counter, config, guide, null);
    }

    /** With twists answered from {@code pool}'s draws where they can be ({@link PooledValue}; null: none). */
    public Smc(StochasticTransition base, IntFunction<ValueEstimator> valueAtStep, RewardTilt tilt,
            EvaluationCounter counter, Config config, GuidedProposal guide, ValuePool pool) {
        if (guide != null && base != guide.kernel()) {
            throw new IllegalArgumentException("a guided proposal moves by its own Gaussian kernel: pass it as the base");
        }
        this.base = base;
        this.valueAtStep = valueAtStep;
        this.tilt = tilt;
        this.counter = counter;
        this.config = config;
        this.guide = guide;
        this.pool = pool;
    }

    @Override
    public AlignmentResult align(NDManager manager, Shape sampleShape, long n, Rng rng) {
        long start = System.nanoTime();
        int p = config.particles();
        int groups = Math.toIntExact(config.onePerGroup() ? n : (n + p - 1) / p);
        int total = groups * p;
        NDArray x = Generation.noise(manager, new Shape(total).addAll(sampleShape), DataType.FLOAT64, rng);
        double[] logW = new double[total];
        // The twisted potential each particle carries, β·V̂ at its last step (0 before the first).
        double[] vPrev = new double[total];
        double[] logZ = new double[groups];
        List<StepDiagnostics> diagnostics = new ArrayList<>();
        TimeGrid grid = config.grid();
        int steps = grid.steps();
        NDArray gradient = null;
        NDManager poolScope = manager.newSubManager();
        ValuePool.Drawn drawn = pool == null ? null : pool.draw(poolScope, sampleShape, n, rng);
        IntFunction<ValueEstimator> values = drawn == null ? valueAtStep : pool.wrap(drawn, valueAtStep);
        for (int i = 0; i < steps; i++) {
            double t = grid.at(i);
            double tNext = grid.at(i + 1);
            boolean last = i == steps - 1;
            NDArray moved;
            if (gradient != null && guide.kernel().std(t, tNext) > 1e-6) {
                double[] correction = new double[total];
                moved = guidedMove(t, tNext, x, gradient, correction, rng);
                for (int j = 0; j < total; j++) {
                    logW[j] += correction[j];
                }
            } else {
                moved = base.transition(t, tNext, x, rng);
            }
            x.close();
            x = moved;
            if (gradient != null) {
                gradient.close();
                gradient = null;
            }
            double[] v;
            if (last) {
                v = hostValues(tilt.logTilt(x));
            } else if (guide != null) {
                Autograd.ValueAndGradient vg = values.apply(i).valueAndGradient(tNext, x, rng);
                v = hostValues(vg.value());
                gradient = vg.gradient();
            } else {
                v = hostValues(values.apply(i).value(tNext, x, rng));
            }
            Groups.requireFinite(v, last ? "the reward" : "the value estimate");
            double meanValue = 0;
            for (int j = 0; j < total; j++) {
                meanValue += v[j] / total;
            }
            if (!last && config.twistEss() > 0) {
                double[] phi = new double[total];
                for (int g = 0; g < groups; g++) {
                    double beta = twistExponent(logW, v, vPrev, g * p, p, config.twistEss());
                    for (int j = g * p; j < (g + 1) * p; j++) {
                        phi[j] = beta * v[j];
                    }
                }
                v = phi;
            }
            for (int j = 0; j < total; j++) {
                logW[j] += v[j] - vPrev[j];
            }
            vPrev = v;
            double essSum = 0;
            double uniqueSum = 0;
            boolean anyResampled = false;
            int[] index = identity(total);
            for (int g = 0; g < groups; g++) {
                int from = g * p;
                double[] w = Groups.normalised(logW, from, from + p);
                double ess = Groups.ess(w);
                essSum += ess / p;
                if (last || ess < config.essThreshold() * p) {
                    logZ[g] += Groups.logSumExp(logW, from, from + p) - Math.log(p);
                    int[] ancestors = config.resampling().ancestors(w, rng);
                    for (int k = 0; k < p; k++) {
                        index[from + k] = from + ancestors[k];
                        logW[from + k] = 0;
                    }
                    uniqueSum += Groups.distinct(ancestors);
                    anyResampled = true;
                } else {
                    uniqueSum += p;
                }
            }
            if (anyResampled) {
                x = gather(x, index);
                if (gradient != null) {
                    gradient = gather(gradient, index);
                }
                double[] permuted = new double[total];
                for (int j = 0; j < total; j++) {
                    permuted[j] = vPrev[index[j]];
                }
                vPrev = permuted;
            }
            diagnostics.add(new StepDiagnostics(tNext, essSum / groups, uniqueSum / groups, anyResampled,
                    meanLogZ(logZ, logW, p), meanValue));
        }
        // After the final resampling every particle of a group is equally weighted: keep the first of each group, or
        // the first n particles.
        int[] keep = new int[Math.toIntExact(n)];
        for (int j = 0; j < keep.length; j++) {
            keep[j] = config.onePerGroup() ? j * p + rng.nextInt(p) : j;
        }
        NDArray out = total == n ? x : gather(x, keep);
        poolScope.close();
        return new AlignmentResult(out, counter, diagnostics, (System.nanoTime() - start) / 1e9, logZ);
    }

    /**
     * The largest β in [0, 1] whose twist β·V̂ keeps the conditional ESS fraction (Σ W_j w_j)²/Σ W_j w_j² of the
     * increments w_j = exp(β v_j − φ_j) at or above {@code tau}, W the group's current normalised weights.
     */
    static double twistExponent(double[] logW, double[] v, double[] phiPrev, int from, int p, double tau) {
        double[] w = Groups.normalised(logW, from, from + p);
        if (conditionalEss(w, v, phiPrev, from, 1) >= tau) {
            return 1;
        }
        if (conditionalEss(w, v, phiPrev, from, 0) < tau) {
            return 0;
        }
        double lo = 0;
        double hi = 1;
        for (int k = 0; k < 30; k++) {
            double mid = (lo + hi) / 2;
            if (conditionalEss(w, v, phiPrev, from, mid) >= tau) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** (Σ_k W_k w_k)²/Σ_k W_k w_k² for the group's normalised weights W and increments w_k = exp(β v − φ). */
    private static double conditionalEss(double[] w, double[] v, double[] phiPrev, int from, double beta) {
        int p = w.length;
        double[] inc = new double[p];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < p; k++) {
            inc[k] = beta * v[from + k] - phiPrev[from + k];
            max = Math.max(max, inc[k]);
        }
        double s1 = 0;
        double s2 = 0;
        for (int k = 0; k < p; k++) {
            double e = Math.exp(inc[k] - max);
            s1 += w[k] * e;
            s2 += w[k] * e * e;
        }
        return s1 * s1 / s2;
    }

    /** x' ~ N(μ + δ, s²I) and, per particle, the log density ratio of the base to the proposal. */
    private NDArray guidedMove(double t, double tNext, NDArray x, NDArray gradient, double[] correction, Rng rng) {
        GaussianTransition kernel = guide.kernel();
        double s = kernel.std(t, tNext);
        double factor = guide.scale() * s * s;
        NDArray[] out = new NDArray[1];
        NDManager owner = x.getManager();
        NDArray moved = Tensors.scoped(scope -> {
            NDArray noise = Tensors.mul(rng.normalLike(scope, x), s);
            NDArray shift = Tensors.mul(gradient, factor);
            out[0] = proposalCorrection(noise, shift, s);
            out[0].attach(owner);
            return kernel.mean(t, tNext, x).add(shift).add(noise);
        }, x, gradient);
        double[] c = hostValues(out[0]);
        System.arraycopy(c, 0, correction, 0, c.length);
        return moved;
    }

    /**
     * Per particle, log N(x'; μ, s²I) − log N(x'; μ + δ, s²I) for the proposal x' = μ + δ + noise: the weight that
     * turns a draw of the shifted proposal into one of the base, (‖x' − μ − δ‖² − ‖x' − μ‖²)/(2s²) with
     * x' − μ = δ + noise.
     *
     * @param noise the proposal's noise, shape (N, d...)
     * @param shift the guidance shift δ, shaped like {@code noise}
     * @return (N,)
     */
    static NDArray proposalCorrection(NDArray noise, NDArray shift, double s) {
        long n = noise.getShape().get(0);
        return Tensors.div(noise.square().reshape(n, -1).sum(new int[] {1})
                .sub(noise.add(shift).square().reshape(n, -1).sum(new int[] {1})), 2 * s * s);
    }

    /** Mean over groups of the current log-normaliser estimate, outstanding weights included. */
    private static double meanLogZ(double[] logZ, double[] logW, int p) {
        double s = 0;
        for (int g = 0; g < logZ.length; g++) {
            s += logZ[g] + Groups.logSumExp(logW, g * p, (g + 1) * p) - Math.log(p);
        }
        return s / logZ.length;
    }

    static double[] hostValues(NDArray v) {
        try (v) {
            return v.toType(DataType.FLOAT64, false).toDoubleArray();
        }
    }

    static int[] identity(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return idx;
    }

    /** x[index], closing x. */
    static NDArray gather(NDArray x, int[] index) {
        NDManager m = x.getManager();
        try (NDArray idx = m.create(index).toType(DataType.INT64, false)) {
            NDArray out = x.get(idx);
            x.close();
            return out;
        }
    }

    @Override
    public String describe() {
        return "SMC (" + (guide != null ? "guided proposal, " : "") + config.particles() + " particles"
                + (config.onePerGroup() ? " per output" : "") + ", " + config.grid().steps() + " steps, ESS threshold "
                + config.essThreshold() + ", " + config.resampling().name().toLowerCase(java.util.Locale.ROOT)
                + (config.twistEss() > 0 ? ", twists tempered to ESS " + config.twistEss() : "")
                + ", value " + valueAtStep.apply(0).describe() + ")";
    }
}
