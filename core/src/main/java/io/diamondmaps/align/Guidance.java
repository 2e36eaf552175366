package io.diamondmaps.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.model.EvaluationCounter;
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
 * Value guidance (spec §6.3, B.6): on the outer grid t_i = i/T, x ← base(x, t, t') + g·∇̂V_t(x) with the gain g:
 * <ul>
 *   <li>{@link Scale#KAPPA} (default): the exact tilt of the base step times {@code scale} (spec §6.4): for a
 *       deterministic base g = scale·(t' − t)·κ(t) with κ from (1.9), so that the update integrates the tilted
 *       velocity b^r = b + κ∇V (1.10); for a stochastic base g = scale·c²(t, t') (6.7), the variance the step adds
 *       ({@link StochasticTransition#stepVariance}), about twice the ODE's gain. Either way the chain reaches p^r as
 *       the steps grow when ∇̂V is exact.</li>
 *   <li>{@link Scale#CONSTANT}: g = scale·(t' − t) (the reference code's default, λ_g = 0.1).</li>
 *   <li>{@link Scale#AUTO}: g = scale·(t' − t)·‖d‖/‖∇̂V‖ per sample with d = (x̃ − x)/(t' − t) (6.5).</li>
 * </ul>
 * With a deterministic base the gradient is taken at the step's start, ∇V_t(x); the step from t = 0 takes none
 * (∇V₀ = 0). A stochastic step is tilted at its end, x' = x̃ + g·∇V_{t'}(x̃), as the exact tilt
 * p(x' | x)·exp(V_{t'}(x') − V_t(x)) of a Gaussian step shifts its draw: from t = 0 it draws x_{t'} afresh (c² =
 * σ(t')²), which ∇V₀ = 0 could not tilt, and into t' = 1 it adds no noise (c² = 0) and takes no guidance.
 */
public final class Guidance implements Aligner {
    /** How the guidance term is scaled. */
    public enum Scale { KAPPA, CONSTANT, AUTO }

    private final StochasticTransition base;
    private final IntFunction<ValueEstimator> valueAtStep;
    private final Interpolant interpolant;
    private final EvaluationCounter counter;
    private final TimeGrid grid;
    private final Scale mode;
    private final Schedule scale;
    private final ValuePool check;

    /** Guidance with one value estimator for every step. */
    public Guidance(StochasticTransition base, ValueEstimator value, Interpolant interpolant, EvaluationCounter counter,
            TimeGrid grid, Scale mode, Schedule scale) {
        this(base, step -> value, interpolant, counter, grid, mode, scale);
    }

    /** Guidance whose value estimator may change per step (schedules of Monte-Carlo samples and inner steps). */
    public Guidance(StochasticTransition base, IntFunction<ValueEstimator> valueAtStep, Interpolant interpolant,
            EvaluationCounter counter, TimeGrid grid, Scale mode, Schedule scale) {
        this(base, valueAtStep, interpolant, counter, grid, mode, scale, null);
    }

    /**
     * Guidance that first draws {@code check}'s unguided samples: the pool of its early values and its reliability
     * check (null: neither).
     */
    public Guidance(StochasticTransition base, IntFunction<ValueEstimator> valueAtStep, Interpolant interpolant,
            EvaluationCounter counter, TimeGrid grid, Scale mode, Schedule scale, ValuePool check) {
        this.check = check;
        this.base = base;
        this.valueAtStep = valueAtStep;
        this.interpolant = interpolant;
        this.counter = counter;
        this.grid = grid;
        this.mode = mode;
        this.scale = scale.requireSteps("guidance scale", grid.steps());
    }

    @Override
    public AlignmentResult align(NDManager manager, Shape sampleShape, long n, Rng rng) {
        long start = System.nanoTime();
        NDArray x = Generation.noise(manager, new Shape(n).addAll(sampleShape), DataType.FLOAT64, rng);
        List<StepDiagnostics> diagnostics = new ArrayList<>();
        // The check's unguided draws come first: they are also the pool of the early steps' values (6.9).
        double[] checkRewards = new double[0];
        NDManager poolScope = manager.newSubManager();
        IntFunction<ValueEstimator> values = valueAtStep;
        if (check != null) {
            ValuePool.Drawn pool = check.draw(poolScope, sampleShape, n, rng);
            checkRewards = pool.rewards();
            values = check.wrap(pool, valueAtStep);
        }
        int steps = grid.steps();
        for (int i = 0; i < steps; i++) {
            double t = grid.at(i);
            double tNext = grid.at(i + 1);
            NDArray moved = base.transition(t, tNext, x, rng);
            double s = scale.at(i);
            double meanValue = Double.NaN;
            // A stochastic step is tilted at its end, by ∇V_{t'}(x̃) (6.7): from t = 0 it draws x_{t'} afresh, which
            // ∇V₀ = 0 cannot tilt; it needs no tilt into t' = 1, where c² = 0.
            double c2 = base.stepVariance(t, tNext);
            boolean atEnd = mode == Scale.KAPPA && c2 > 0;
            double tv = atEnd ? tNext : t;
            if (s != 0 && interpolant.alpha(tv) > 0 && (!atEnd || tNext < 1)) {
                NDArray at = atEnd ? moved : x;
                Autograd.ValueAndGradient vg = values.apply(i).valueAndGradient(tv, at, rng);
                meanValue = Tensors.mean(vg.value());
                NDArray before = x;
                NDArray gradient = vg.gradient();
                NDArray guided = Tensors.scoped(scope -> moved.add(step(t, tNext, s, c2, before, moved, gradient)),
                        moved, before, gradient);
                vg.value().close();
                vg.gradient().close();
                moved.close();
                x.close();
                x = guided;
            } else {
                x.close();
                x = moved;
            }
            diagnostics.add(new StepDiagnostics(tNext, 1, 1, false, Double.NaN, meanValue));
        }
        poolScope.close();
        return new AlignmentResult(x, counter, diagnostics, (System.nanoTime() - start) / 1e9, new double[0],
                checkRewards);
    }

    /** The guidance displacement g·∇̂V for the chosen scale (per sample for AUTO); c2 is the base step's c²(t, t'). */
    private NDArray step(double t, double tNext, double s, double c2, NDArray x, NDArray moved, NDArray gradient) {
        double h = tNext - t;
        switch (mode) {
            case KAPPA:
                return Tensors.mul(gradient, s * (c2 > 0 ? c2 : h * interpolant.kappa(t)));
            case CONSTANT:
                return Tensors.mul(gradient, h * s);
            default: {
                long n = x.getShape().get(0);
                NDArray driftNorm = Tensors.div(moved.sub(x), h).reshape(n, -1).norm(new int[] {1});
                NDArray gradNorm = Tensors.atLeast(gradient.reshape(n, -1).norm(new int[] {1}), 1e-12);
                return gradient.mul(Tensors.perSample(Tensors.mul(driftNorm.div(gradNorm), h * s), gradient));
            }
        }
    }

    @Override
    public String describe() {
        return "guidance (" + grid.steps() + " steps, " + mode.name().toLowerCase(java.util.Locale.ROOT) + " scale, value "
                + valueAtStep.apply(0).describe() + ")";
    }
}
