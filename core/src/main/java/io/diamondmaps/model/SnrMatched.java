package io.diamondmaps.model;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.interpolant.Schedules;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Tensors;

/**
 * A model of one Gaussian path run on another (spec (1.11)): every path x = a·x₁ + s·x₀ is fixed by its SNR a/s up
 * to a rescaling of the state, so the run's x_t at time t is the model's state c(t)·x_t at its own time u*(t) with
 * the same SNR, c = a(u*)/α(t) = s(u*)/σ(t). Both share x₁ and x₀, so the model's (E[x₁ | ·], E[x₀ | ·]) at (u*, c·x_t)
 * are the run's at (t, x_t), and the run's velocity is α̇D + σ̇ε̂ (1.4). Samplers, estimators and aligners therefore
 * see one time axis, the run's, whatever the model's convention.
 *
 * <p>A model defined only on [u_lo, u_hi] ({@link VelocityField#coveredTimes()}) covers the run's [t_lo, t_hi] of
 * the same SNRs. Outside, rules that are right in the limit (spec §1.5): noisier than t_lo, the data prediction of
 * u_lo is held, with the state scaled to the model's noise level there (x^m = s(u_lo)·x_t/σ(t): at t = 0 exactly the
 * model's noisiest input), because as the SNR → 0, E[x₁ | x_t] → E[x₁]; cleaner than t_hi, the noise prediction of
 * u_hi is held, with the state scaled to its signal (x^m = a(u_hi)·x_t/α(t)), because as σ → 0, E[x₁ | x_t] → x_t.
 * A plain clamp of u at its end without rescaling the state would be wrong.
 */
public final class SnrMatched implements VelocityField {
    private final VelocityField model;
    private final Interpolant run;
    private final double modelLo;
    private final double modelHi;
    private final double runLo;
    private final double runHi;
    private final boolean samePath;

    private SnrMatched(VelocityField model, Interpolant run) {
        this.model = model;
        this.run = Schedules.requireRunnable(run);
        double[] range = model.coveredTimes();
        this.modelLo = range[0];
        this.modelHi = range[1];
        this.samePath = model.interpolant().equals(run);
        this.runLo = samePath ? modelLo : runTime(modelLo);
        this.runHi = samePath ? modelHi : runTime(modelHi);
    }

    /**
     * {@code model} on the run's interpolant {@code run}: the model itself where it is of that path and covers all of
     * [0, 1], else the SNR-matched field.
     */
    public static VelocityField of(VelocityField model, Interpolant run) {
        double[] range = model.coveredTimes();
        if (model.interpolant().equals(run) && range[0] == 0 && range[1] == 1) {
            return model;
        }
        return new SnrMatched(model, run);
    }

    /** The model's flow map on the run's interpolant: X(t, t', x) = X^m(u*(t), u*(t'), c(t)·x)/c(t'). */
    public static FlowMap flowMap(FlowMap map, VelocityField model, Interpolant run) {
        if (model.interpolant().equals(run)) {
            return map;
        }
        SnrMatched m = new SnrMatched(model, run);
        return (t, tNext, x) -> {
            Checks.timePair("t", t, "t'", tNext);
            // Tensors.mul/div, not NDArray.mul(Number): the jump may sit in an autograd graph (pathwise values).
            return Tensors.scoped(scope -> Tensors.div(map.jump(m.modelTime(t), m.modelTime(tNext),
                    Tensors.mul(x, m.scale(t))), m.scale(tNext)), x);
        };
    }

    /** The run's times [t_lo, t_hi] that the model covers. */
    @Override
    public double[] coveredTimes() {
        return new double[] {runLo, runHi};
    }

    @Override
    public Interpolant interpolant() {
        return run;
    }

    @Override
    public int evaluationsPerCall() {
        return model.evaluationsPerCall();
    }

    /** The run's time with the SNR of the model's time u. */
    private double runTime(double u) {
        Interpolant m = model.interpolant();
        if (u <= 0 && m.alpha(0) == 0) {
            return 0;
        }
        if (u >= 1 && m.sigma(1) == 0) {
            return 1;
        }
        return run.gInverse(m.g(u));
    }

    /** u*(t) = ℓ_m⁻¹(ℓ(t)) (1.11). */
    double modelTime(double t) {
        if (samePath) {
            return t;
        }
        return Math.min(Math.max(model.interpolant().gInverse(run.g(t)), modelLo), modelHi);
    }

    /** c(t) (1.11), from whichever of α, σ is larger (both ratios are equal; the larger is the better conditioned). */
    double scale(double t) {
        return scale(t, modelTime(t));
    }

    /** c(t) at the model time u = u*(t) already found. */
    private double scale(double t, double u) {
        if (samePath) {
            return 1;
        }
        Interpolant m = model.interpolant();
        return run.alpha(t) >= run.sigma(t) ? m.alpha(u) / run.alpha(t) : m.sigma(u) / run.sigma(t);
    }

    @Override
    public NDArray velocity(NDArray t, NDArray x) {
        NDArray[] p = predictions(t, x);
        return run.velocityFromPredictions(t, p[0], p[1]);
    }

    @Override
    public NDArray denoiser(NDArray t, NDArray x) {
        return predictions(t, x)[0];
    }

    /** (D, ε̂) on the run's path, with the rules outside the model's range (see the class comment). */
    @Override
    public NDArray[] predictions(NDArray t, NDArray x) {
        double[] times = t.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray();
        double[] u = new double[times.length];
        double[] c = new double[times.length];
        double[] below = new double[times.length];
        double[] above = new double[times.length];
        Interpolant m = model.interpolant();
        for (int i = 0; i < times.length; i++) {
            double ti = times[i];
            if (ti < runLo) {
                u[i] = modelLo;
                c[i] = m.sigma(modelLo) / run.sigma(ti);
                below[i] = 1;
            } else if (ti > runHi) {
                u[i] = modelHi;
                c[i] = m.alpha(modelHi) / run.alpha(ti);
                above[i] = 1;
            } else {
                u[i] = modelTime(ti);
                c[i] = scale(ti, u[i]);
            }
        }
        NDArray uArr = Tensors.constant(t, u, t.getShape());
        NDArray xm = x.mul(Tensors.perSample(Tensors.constant(x, c, t.getShape()), x));
        NDArray[] p = model.predictions(uArr, xm);
        NDArray d = p[0];
        NDArray noise = p[1];
        if (runLo > 0 || runHi < 1) {
            NDArray a = Tensors.perSample(run.alpha(t), x);
            NDArray s = Tensors.perSample(run.sigma(t), x);
            NDArray isBelow = Tensors.perSample(Tensors.constant(x, below, t.getShape()), x);
            NDArray isAbove = Tensors.perSample(Tensors.constant(x, above, t.getShape()), x);
            // Above t_hi: ε̂ held, D = (x − σε̂)/α; below t_lo: D held, ε̂ = (x − αD)/σ (1.7).
            NDArray dAbove = x.sub(noise.mul(s)).div(Tensors.atLeast(a, Interpolant.EPS));
            NDArray noiseBelow = x.sub(d.mul(a)).div(Tensors.atLeast(s, Interpolant.EPS));
            d = d.add(dAbove.sub(d).mul(isAbove));
            noise = noise.add(noiseBelow.sub(noise).mul(isBelow));
        }
        return new NDArray[] {d, noise};
    }

    @Override
    public String toString() {
        return "SnrMatched(" + Schedules.toJson(model.interpolant()) + " on " + Schedules.toJson(run) + ")";
    }
}
