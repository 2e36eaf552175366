package io.diamondmaps.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.reward.CountingReward;
import io.diamondmaps.reward.LinearReward;
import io.diamondmaps.reward.MeasurementReward;
import io.diamondmaps.reward.Reward;
import io.diamondmaps.reward.RewardTilt;
import io.diamondmaps.util.Tensors;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;

/**
 * Reward damping (spec §6.5): the tilt of a Gaussian kernel N(z, h²I) around a posterior draw instead of the point z,
 * r_h(z)/λ = log E_ξ[exp(r(z + hξ)/λ)] with ξ ~ N(0, I), and the mean of that kernel tilted by exp(r/λ),
 * m_h(z) = z + h²∇_z r_h(z)/λ. Closed forms: for a linear reward r_h/λ = cᵀz/λ + h²‖c‖²/(2λ²) and m_h = z + h²c/λ; for
 * a measurement reward r = −‖Az − y‖²/(2η²), with AAᵀ = QΓQᵀ and u = Qᵀ(Az − y), r_h/λ = −½ Σ_i u_i²/(λη² + h²γ_i) − ½
 * Σ_i log(1 + h²γ_i/(λη²)) and m_h = z − h²AᵀQ·u/(λη² + h²γ) (6.8 with s² = h²).
 *
 * <p>Why: a value estimate that tilts points is sharper than the true V: a plug-in uses the reward's noise λη² where V
 * has λη² + s²AAᵀ (6.8), and a log-mean-exp over a few draws tends to the best draw's reward. With h² the posterior's
 * spread, the estimate integrates the reward over the uncertainty the draws leave, as V does; h = 0 gives r/λ and z
 * back.
 */
final class RewardDamping {
    private final double lambda;
    /** Linear reward: c. */
    private final double[] c;
    /** Measurement reward: A (m × d), y, λη², Q (m × m, null when AAᵀ is diagonal) and the eigenvalues γ of AAᵀ. */
    private final double[][] a;
    private final double[] y;
    private final double noise;
    private final double[][] q;
    private final double[] gamma;
    /** A and Q row-major, and ‖c‖², made once: every call builds its tensors from them. */
    private final double[] aFlat;
    private final double[] qFlat;
    private final double cNorm2;

    /** Where the reward's evaluations are counted (a damped tilt stands in for one), or null. */
    private final EvaluationCounter counter;

    private RewardDamping(RewardTilt tilt) {
        this.lambda = tilt.temperature();
        Reward reward = tilt.reward();
        EvaluationCounter counting = null;
        while (reward instanceof CountingReward c) {
            counting = c.counter();
            reward = c.inner();
        }
        this.counter = counting;
        if (reward instanceof LinearReward lin) {
            this.c = lin.coefficients();
            this.a = null;
            this.y = null;
            this.noise = 0;
            this.q = null;
            this.gamma = null;
        } else if (reward instanceof MeasurementReward mr) {
            this.c = null;
            this.a = mr.operator().matrix();
            this.y = mr.measurement();
            this.noise = lambda * mr.variance();
            RealMatrix am = MatrixUtils.createRealMatrix(a);
            RealMatrix gram = am.multiply(am.transpose());
            if (isDiagonal(gram)) {
                this.q = null;
                this.gamma = new double[gram.getRowDimension()];
                for (int i = 0; i < gamma.length; i++) {
                    gamma[i] = gram.getEntry(i, i);
                }
            } else {
                EigenDecompositionSymmetric eig = new EigenDecompositionSymmetric(gram);
                this.q = eig.getV().getData();
                this.gamma = eig.getEigenvalues().clone();
            }
        } else {
            throw new IllegalArgumentException("reward damping needs a linear or measurement reward (a closed-form "
                    + "Gaussian smoothing), got " + tilt.reward().describe());
        }
        this.aFlat = a == null ? null : flatten(a);
        this.qFlat = q == null ? null : flatten(q);
        double norm2 = 0;
        for (double v : c == null ? new double[0] : c) {
            norm2 += v * v;
        }
        this.cNorm2 = norm2;
    }

    /** The damping of {@code tilt}; fails for rewards without a closed-form smoothing. */
    static RewardDamping of(RewardTilt tilt) {
        return new RewardDamping(tilt);
    }

    private static boolean isDiagonal(RealMatrix m) {
        for (int i = 0; i < m.getRowDimension(); i++) {
            for (int j = 0; j < m.getColumnDimension(); j++) {
                if (i != j && m.getEntry(i, j) != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * r_h(z)/λ per row.
     *
     * @param z points, shape (N, d...)
     * @param h2 kernel variances h², shape (N,), held constant by autograd
     * @return (N,)
     */
    NDArray logTilt(NDArray z, NDArray h2) {
        return tilted(z, h2, false)[0];
    }

    /** m_h(z) = z + h²∇_z r_h(z)/λ, the mean of the kernel N(z, h²I) tilted by exp(r/λ); shaped like {@code z}. */
    NDArray kernelMean(NDArray z, NDArray h2) {
        return tilted(z, h2, true)[1];
    }

    /** {r_h(z)/λ, m_h(z)} from one residual Az − y. */
    NDArray[] logTiltAndKernelMean(NDArray z, NDArray h2) {
        return tilted(z, h2, true);
    }

    private NDArray[] tilted(NDArray z, NDArray h2, boolean withMean) {
        long n = z.getShape().get(0);
        if (counter != null) {
            counter.reward(n);
        }
        if (c != null) {
            NDArray logTilt = Tensors.div(z.reshape(n, -1).matMul(Tensors.constant(z, c, new Shape(c.length, 1)))
                    .reshape(n), lambda).add(Tensors.mul(h2, cNorm2 / (2 * lambda * lambda)));
            NDArray mean = !withMean ? null : z.add(Tensors.constant(z, c, new Shape(1, c.length))
                    .mul(Tensors.div(h2, lambda).reshape(n, 1)).reshape(z.getShape()));
            return new NDArray[] {logTilt, mean};
        }
        NDArray aMatrix = Tensors.constant(z, aFlat, new Shape(a.length, a[0].length));
        NDArray qMatrix = q == null ? null : Tensors.constant(z, qFlat, new Shape(q.length, q.length));
        // u = Qᵀ(Az − y) per row (N, m) and the per-row variances λη² + h²γ (N, m).
        NDArray residual = z.reshape(n, -1).matMul(aMatrix.transpose())
                .sub(Tensors.constant(z, y, new Shape(1, y.length)));
        NDArray u = qMatrix == null ? residual : residual.matMul(qMatrix);
        NDArray variance = Tensors.scalar(h2, noise).add(outer(h2, gamma));
        NDArray logDet = Tensors.scalar(h2, 1).add(Tensors.div(outer(h2, gamma), noise)).log().sum(new int[] {1});
        NDArray logTilt = Tensors.mul(u.square().div(variance).sum(new int[] {1}).add(logDet), -0.5);
        if (!withMean) {
            return new NDArray[] {logTilt, null};
        }
        NDArray scaled = u.div(variance);
        if (qMatrix != null) {
            scaled = scaled.matMul(qMatrix.transpose());
        }
        NDArray shift = scaled.matMul(aMatrix).mul(h2.reshape(n, 1)).neg();
        return new NDArray[] {logTilt, z.add(shift.reshape(z.getShape()))};
    }

    /** h²γ_i, shape (N, m). */
    private static NDArray outer(NDArray h2, double[] gamma) {
        return h2.reshape(-1, 1).mul(Tensors.constant(h2, gamma, new Shape(1, gamma.length)));
    }

    private static double[] flatten(double[][] m) {
        double[] out = new double[m.length * m[0].length];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], 0, out, i * m[0].length, m[0].length);
        }
        return out;
    }
}
