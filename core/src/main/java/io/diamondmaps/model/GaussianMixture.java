package io.diamondmaps.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.interpolant.LinearInterpolant;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Rng;
import io.diamondmaps.util.Tensors;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;

import java.util.Arrays;

/**
 * The exact oracle: data p₁ = Σ_k w_k N(μ_k, S_k) pushed through an interpolant with Gaussian noise x₀ ~ N(0, I).
 * Every path quantity is in closed form (spec §1.4, Appendix A): p_t, score, denoiser, velocity, the posterior
 * p(x₁ | x_t), the DDPM transition p(x_{t'} | x_t), value functions of linear and quadratic rewards, and the
 * reward-tilted target.
 *
 * <p>Each S_k = U_k diag(λ_k) U_kᵀ is diagonalised once. Then Σ_k(t) = α²S_k + σ²I = U_k diag(α²λ_k + σ²) U_kᵀ for
 * every t, so all per-sample-time formulas reduce to elementwise operations in the eigenbasis of each component and
 * run batched on NDArrays of shape (N, K, d); autograd differentiates through them.
 */
public final class GaussianMixture implements VelocityField, PosteriorSampler, StochasticTransition {
    private final Interpolant interpolant;
    private final int dim;
    private final double[] weights;
    private final double[][] means;
    private final double[][][] covariances;
    /** Eigenvectors as columns, flattened (K, d, d). */
    private final double[] eigenvectors;
    private final double[] eigenvalues;
    private final double[] flatMeans;
    private final double[] logWeights;

    public GaussianMixture(double[] weights, double[][] means, double[][][] covariances) {
        this(weights, means, covariances, LinearInterpolant.INSTANCE);
    }

    /**
     * @throws IllegalArgumentException naming the first problem: an empty mixture, mismatched dimensions, non-finite
     *     numbers, non-positive weights, an asymmetric or non-positive-definite covariance.
     */
    public GaussianMixture(double[] weights, double[][] means, double[][][] covariances, Interpolant interpolant) {
        int k = weights.length;
        if (k == 0) {
            throw new IllegalArgumentException("a Gaussian mixture needs at least one component");
        }
        if (means.length != k || covariances.length != k) {
            throw new IllegalArgumentException("weights, means and covariances must have the same number of components,"
                    + " got " + k + ", " + means.length + " and " + covariances.length);
        }
        Checks.finite("weights", weights);
        double total = 0;
        for (int i = 0; i < k; i++) {
            if (weights[i] <= 0) {
                throw new IllegalArgumentException("weights[" + i + "] must be positive, got " + weights[i]);
            }
            total += weights[i];
        }
        this.dim = means[0].length;
        if (dim == 0) {
            throw new IllegalArgumentException("means[0] is empty: the dimension must be at least 1");
        }
        this.interpolant = interpolant;
        this.weights = new double[k];
        this.logWeights = new double[k];
        this.means = new double[k][];
        this.covariances = new double[k][][];
        this.eigenvectors = new double[k * dim * dim];
        this.eigenvalues = new double[k * dim];
        this.flatMeans = new double[k * dim];
        for (int i = 0; i < k; i++) {
            this.weights[i] = weights[i] / total;
            this.logWeights[i] = Math.log(this.weights[i]);
            if (means[i].length != dim) {
                throw new IllegalArgumentException("means[" + i + "] has dimension " + means[i].length + ", expected " + dim);
            }
            Checks.finite("means[" + i + "]", means[i]);
            this.means[i] = means[i].clone();
            System.arraycopy(means[i], 0, flatMeans, i * dim, dim);
            this.covariances[i] = validCovariance(i, covariances[i]);
            EigenDecompositionSymmetric eig = new EigenDecompositionSymmetric(
                    MatrixUtils.createRealMatrix(this.covariances[i]));
            double[] lam = eig.getEigenvalues();
            double scale = Arrays.stream(lam).map(Math::abs).max().orElse(1);
            for (int j = 0; j < dim; j++) {
                if (!(lam[j] > 1e-12 * Math.max(scale, 1e-300))) {
                    throw new IllegalArgumentException("covariances[" + i + "] is not positive definite (eigenvalue "
                            + lam[j] + ")");
                }
                eigenvalues[i * dim + j] = lam[j];
            }
            RealMatrix v = eig.getV();
            for (int r = 0; r < dim; r++) {
                for (int c = 0; c < dim; c++) {
                    eigenvectors[(i * dim + r) * dim + c] = v.getEntry(r, c);
                }
            }
        }
    }

    private double[][] validCovariance(int i, double[][] cov) {
        if (cov.length != dim) {
            throw new IllegalArgumentException("covariances[" + i + "] must be " + dim + "x" + dim + ", got "
                    + cov.length + " rows");
        }
        double[][] copy = new double[dim][];
        for (int r = 0; r < dim; r++) {
            if (cov[r].length != dim) {
                throw new IllegalArgumentException("covariances[" + i + "] row " + r + " has " + cov[r].length
                        + " entries, expected " + dim);
            }
            Checks.finite("covariances[" + i + "][" + r + "]", cov[r]);
            copy[r] = cov[r].clone();
        }
        for (int r = 0; r < dim; r++) {
            for (int c = 0; c < r; c++) {
                double tol = 1e-9 * (Math.abs(copy[r][c]) + Math.abs(copy[c][r]) + Math.abs(copy[r][r]) + Math.abs(copy[c][c]));
                if (Math.abs(copy[r][c] - copy[c][r]) > tol) {
                    throw new IllegalArgumentException("covariances[" + i + "] is not symmetric at (" + r + "," + c + ")");
                }
            }
        }
        return copy;
    }

    /**
     * The same components with weights ∝ w_k^(1 − b): b = 0 is this mixture, b = 1 weighs every component equally. A
     * distillation that draws its x₁ from it sees rare components more often (issue: rare posterior modes).
     */
    public GaussianMixture balanced(double b) {
        Checks.fraction("the component balance", b);
        double[] w = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.pow(weights[i], 1 - b);
            sum += w[i];
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= sum;
        }
        return new GaussianMixture(w, means, covariances, interpolant);
    }

    /** The same mixture under another interpolant. */
    public GaussianMixture withInterpolant(Interpolant other) {
        return new GaussianMixture(weights, means, covariances, other);
    }

    @Override
    public Interpolant interpolant() {
        return interpolant;
    }

    public int dimension() {
        return dim;
    }

    public int components() {
        return weights.length;
    }

    public double[] weights() {
        return weights.clone();
    }

    public double[][] means() {
        return Arrays.stream(means).map(double[]::clone).toArray(double[][]::new);
    }

    public double[][][] covariances() {
        return Arrays.stream(covariances).map(c -> Arrays.stream(c).map(double[]::clone).toArray(double[][]::new))
                .toArray(double[][][]::new);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Batched closed forms (A.1)–(A.2) for per-sample times.

    /** Per-component quantities at (t, x) in the eigenbasis of each component; arrays of shape (N, K, d). */
    private final class Path {
        final NDArray u;
        final NDArray lambda;
        final NDArray alpha;
        final NDArray sigma;
        /** y = U_kᵀ(x − αμ_k). */
        final NDArray y;
        /** v = α²λ + σ², the eigenvalues of Σ_k(t). */
        final NDArray v;
        /** log w_k + log N(x; αμ_k, Σ_k(t)), shape (N, K). */
        final NDArray logits;

        Path(NDArray t, NDArray x) {
            Checks.vectors("x", x, dim);
            int k = components();
            NDArray mu = Tensors.constant(x, flatMeans, new Shape(k, dim));
            this.u = Tensors.constant(x, eigenvectors, new Shape(k, dim, dim));
            this.lambda = Tensors.constant(x, eigenvalues, new Shape(k, dim));
            long n = x.getShape().get(0);
            this.alpha = interpolant.alpha(t).reshape(n, 1, 1);
            this.sigma = interpolant.sigma(t).reshape(n, 1, 1);
            NDArray diff = x.expandDims(1).sub(mu.expandDims(0).mul(alpha));
            this.y = rotate(diff, u);
            this.v = lambda.expandDims(0).mul(alpha.square()).add(sigma.square());
            NDArray quad = y.square().div(v).sum(new int[] {2});
            NDArray logDet = Tensors.mul(v, 2 * Math.PI).log().sum(new int[] {2});
            this.logits = Tensors.mul(quad.add(logDet), -0.5).add(Tensors.constant(x, logWeights, new Shape(k)));
        }

        /** π_k(x), the posterior component weights, shape (N, K). */
        NDArray responsibilities() {
            return logits.softmax(1);
        }

        /** Σ_k π_k · U_k(coef ⊙ y) + Σ_k π_k · offset_k, for eigen-coordinate coefficients (N, K, d). */
        NDArray mix(NDArray coef, NDArray offset) {
            NDArray pi = responsibilities().expandDims(2);
            NDArray back = rotateBack(coef.mul(y), u);
            if (offset != null) {
                back = back.add(offset);
            }
            return back.mul(pi).sum(new int[] {1});
        }
    }

    /** y[n,k,:] = z[n,k,:]·U_k, i.e. U_kᵀ z in column form. */
    private static NDArray rotate(NDArray z, NDArray u) {
        return z.expandDims(2).matMul(u).squeeze(2);
    }

    /** z[n,k,:] = U_k y[n,k,:]. */
    private static NDArray rotateBack(NDArray y, NDArray u) {
        return y.expandDims(2).matMul(u.transpose(0, 2, 1)).squeeze(2);
    }

    private NDArray meansLike(NDArray x) {
        return Tensors.constant(x, flatMeans, new Shape(components(), dim)).expandDims(0);
    }

    /** log p_t(x) (A.1), shape (N,). */
    public NDArray logDensity(NDArray t, NDArray x) {
        return Tensors.logSumExp(new Path(t, x).logits, 1);
    }

    /** π_k(x) ∝ w_k N(x; αμ_k, Σ_k(t)), shape (N, K). */
    public NDArray responsibilities(NDArray t, NDArray x) {
        return new Path(t, x).responsibilities();
    }

    /** E[x₁ | x_t = x] = Σ_k π_k m_k with m_k = μ_k + αS_kΣ_k(t)⁻¹(x − αμ_k) (A.2). */
    @Override
    public NDArray denoiser(NDArray t, NDArray x) {
        Path p = new Path(t, x);
        return p.mix(p.lambda.expandDims(0).mul(p.alpha).div(p.v), meansLike(x));
    }

    /**
     * b = Σ_k π_k (α̇ m_k + σ̇ E[x₀ | x, k]) with E[x₀ | x, k] = σΣ_k(t)⁻¹(x − αμ_k): this form stays finite at
     * t = 0 and t = 1, where (1.6) divides by zero.
     */
    @Override
    public NDArray velocity(NDArray t, NDArray x) {
        Path p = new Path(t, x);
        long n = x.getShape().get(0);
        NDArray alphaDot = interpolant.alphaDot(t).reshape(n, 1, 1);
        NDArray sigmaDot = interpolant.sigmaDot(t).reshape(n, 1, 1);
        NDArray coef = p.lambda.expandDims(0).mul(p.alpha.mul(alphaDot)).add(p.sigma.mul(sigmaDot)).div(p.v);
        return p.mix(coef, meansLike(x).mul(alphaDot));
    }

    /** ∇log p_t(x) = −Σ_k π_k Σ_k(t)⁻¹(x − αμ_k) (A.1). */
    @Override
    public NDArray score(NDArray t, NDArray x) {
        Path p = new Path(t, x);
        return p.mix(Tensors.pow(p.v, -1).neg(), null);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Exact sampling (A.3).

    /** N draws from the data distribution p₁, in float64 on {@code manager}. */
    public NDArray sample(NDManager manager, long n, Rng rng) {
        NDArray origin = manager.zeros(new Shape(n, dim), DataType.FLOAT64);
        NDArray draws = transition(0, 1, origin, rng);
        origin.close();
        return draws;
    }

    /** Exact draw of p(x₁ | x_t) (spec §1.4): the DDPM transition with t' = 1. */
    @Override
    public NDArray samplePosterior(double t, NDArray xt, Rng rng) {
        return transition(t, 1, xt, rng);
    }

    /**
     * Exact draw of p(x_{t'} | x_t) under the forward-Markov coupling (A.3). Per component, with a = α/α' and
     * c = σ² − a²σ'², the eigen-coordinates of x_{t'} have mean α'μ + (a v'/v)·y and variance v'c/v, where
     * v' = α'²λ + σ'² and v = a²v' + c; the component is drawn from π_k(x_t).
     */
    @Override
    public NDArray transition(double t, double tNext, NDArray xt, Rng rng) {
        Checks.timePair("t", t, "t'", tNext);
        return Tensors.scoped(scope -> {
            long n = xt.getShape().get(0);
            Path p = new Path(Tensors.times(xt, t), xt);
            double aNext = interpolant.alpha(tNext);
            double sNext = interpolant.sigma(tNext);
            double a = interpolant.alpha(t) / aNext;
            double c = Math.max(interpolant.sigma(t) * interpolant.sigma(t) - a * a * sNext * sNext, 0);
            NDArray vNext = Tensors.mul(p.lambda.expandDims(0), aNext * aNext).add(sNext * sNext);
            NDArray meanEig = Tensors.mul(vNext, a).div(p.v).mul(p.y);
            NDArray stdEig = Tensors.mul(vNext, c).div(p.v).sqrt();
            NDArray noise = rng.normal(scope, new Shape(n, components(), dim), xt.getDataType());
            // Draw every component's candidate, then keep the one the categorical draw picks.
            NDArray candidates = rotateBack(meanEig.add(stdEig.mul(noise)), p.u)
                    .add(Tensors.mul(meansLike(xt), aNext));
            NDArray pick = categorical(scope, p.responsibilities(), rng);
            return candidates.mul(pick.expandDims(2)).sum(new int[] {1});
        }, xt);
    }

    /** One-hot (N, K) rows drawn from per-row probabilities (N, K). */
    private static NDArray categorical(NDManager scope, NDArray probs, Rng rng) {
        long n = probs.getShape().get(0);
        int k = (int) probs.getShape().get(1);
        NDArray u = rng.uniform(scope, 0, 1, new Shape(n, 1), probs.getDataType());
        NDArray index = u.gt(probs.cumSum(1)).toType(DataType.INT64, false).sum(new int[] {1}).clip(0, k - 1);
        return index.oneHot(k, probs.getDataType());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Exact moments, for tests and metrics (Java doubles).

    /** Mean and covariance of the data distribution p₁. */
    public Moments moments() {
        double[] w = weights;
        double[][] m = means;
        double[][][] c = covariances;
        return mixtureMoments(w, m, c);
    }

    /** Mean and covariance of p(x_{t'} | x_t = x) (A.3); t' = 1 gives the posterior. */
    public Moments transitionMoments(double t, double tNext, double[] x) {
        Checks.timePair("t", t, "t'", tNext);
        if (x.length != dim) {
            throw new IllegalArgumentException("x has dimension " + x.length + ", expected " + dim);
        }
        double alpha = interpolant.alpha(t);
        double sigma = interpolant.sigma(t);
        double aNext = interpolant.alpha(tNext);
        double sNext = interpolant.sigma(tNext);
        double a = alpha / aNext;
        double c = Math.max(sigma * sigma - a * a * sNext * sNext, 0);
        int k = components();
        double[] logits = new double[k];
        double[][] compMeans = new double[k][];
        double[][][] compCovs = new double[k][][];
        for (int i = 0; i < k; i++) {
            RealMatrix u = eigenMatrix(i);
            RealVector diff = new ArrayRealVector(x).subtract(new ArrayRealVector(means[i]).mapMultiply(alpha));
            RealVector y = u.transpose().operate(diff);
            double[] meanEig = new double[dim];
            double[] varEig = new double[dim];
            double logit = logWeights[i];
            for (int j = 0; j < dim; j++) {
                double lam = eigenvalues[i * dim + j];
                double v = alpha * alpha * lam + sigma * sigma;
                double vNext = aNext * aNext * lam + sNext * sNext;
                meanEig[j] = a * vNext / v * y.getEntry(j);
                varEig[j] = vNext * c / v;
                logit += -0.5 * (y.getEntry(j) * y.getEntry(j) / v + Math.log(2 * Math.PI * v));
            }
            logits[i] = logit;
            compMeans[i] = u.operate(meanEig);
            for (int j = 0; j < dim; j++) {
                compMeans[i][j] += aNext * means[i][j];
            }
            compCovs[i] = u.multiply(MatrixUtils.createRealDiagonalMatrix(varEig)).multiplyTransposed(u).getData();
        }
        return mixtureMoments(softmax(logits), compMeans, compCovs);
    }

    private RealMatrix eigenMatrix(int i) {
        double[][] u = new double[dim][dim];
        for (int r = 0; r < dim; r++) {
            System.arraycopy(eigenvectors, (i * dim + r) * dim, u[r], 0, dim);
        }
        return new Array2DRowRealMatrix(u, false);
    }

    private static double[] softmax(double[] logits) {
        double max = Arrays.stream(logits).max().orElse(0);
        double[] p = Arrays.stream(logits).map(l -> Math.exp(l - max)).toArray();
        double sum = Arrays.stream(p).sum();
        return Arrays.stream(p).map(v -> v / sum).toArray();
    }

    private static Moments mixtureMoments(double[] w, double[][] m, double[][][] c) {
        int d = m[0].length;
        double[] mean = new double[d];
        for (int i = 0; i < w.length; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += w[i] * m[i][j];
            }
        }
        double[][] cov = new double[d][d];
        for (int i = 0; i < w.length; i++) {
            for (int r = 0; r < d; r++) {
                for (int s = 0; s < d; s++) {
                    cov[r][s] += w[i] * (c[i][r][s] + (m[i][r] - mean[r]) * (m[i][s] - mean[s]));
                }
            }
        }
        return new Moments(mean, cov);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Value functions and tilted targets (A.4). Rewards enter already divided by the temperature λ.

    /**
     * V_t(x) = log E[exp(cᵀX₁) | X_t = x] = log Σ_k π_k exp(cᵀm_k + ½cᵀC_k c) (A.4) for the linear reward cᵀx
     * (pass c/λ for temperature λ), shape (N,). Differentiable in x.
     */
    public NDArray valueLinear(double t, NDArray x, double[] c) {
        Checks.time("t", t);
        requireDimension("c", c.length);
        Path p = new Path(Tensors.times(x, t), x);
        NDArray cVec = Tensors.constant(x, c, new Shape(dim));
        // cᵀm_k = cᵀμ_k + (U_kᵀc) · (αλ/v ⊙ y); cᵀC_k c = Σ_j (U_kᵀc)_j² λσ²/v with C_k's eigenvalues λσ²/v.
        NDArray cEig = rotate(cVec.reshape(1, 1, dim).broadcast(new Shape(1, components(), dim)), p.u);
        NDArray lam = p.lambda.expandDims(0);
        NDArray cMean = meansLike(x).mul(cVec).sum(new int[] {2})
                .add(cEig.mul(lam.mul(p.alpha).div(p.v)).mul(p.y).sum(new int[] {2}));
        NDArray cVar = cEig.square().mul(lam.mul(p.sigma.square()).div(p.v)).sum(new int[] {2});
        NDArray joint = p.logits.add(cMean).add(Tensors.mul(cVar, 0.5));
        return Tensors.logSumExp(joint, 1).sub(Tensors.logSumExp(p.logits, 1));
    }

    /**
     * V_t(x) = log E[exp(−‖AX₁ − y‖²/(2v)) | X_t = x] for the Gaussian-measurement reward (A.4), where
     * v = λη² folds the temperature into the noise variance: per component the measurement has law
     * N(Am_k, AC_kAᵀ + vI), so V = log Σ_k π_k N(y; Am_k, AC_kAᵀ + vI) + (d_y/2)·log(2πv). Shape (N,).
     */
    public NDArray valueQuadratic(double t, NDArray x, double[][] a, double[] y, double variance) {
        Checks.time("t", t);
        Checks.positive("variance", variance);
        int dy = y.length;
        for (double[] row : a) {
            requireDimension("each row of A", row.length);
        }
        if (a.length != dy) {
            throw new IllegalArgumentException("A has " + a.length + " rows but y has " + dy + " entries");
        }
        double alpha = interpolant.alpha(t);
        double sigma = interpolant.sigma(t);
        int k = components();
        RealMatrix am = MatrixUtils.createRealMatrix(a);
        double[] inverses = new double[k * dy * dy];
        double[] logNorms = new double[k];
        for (int i = 0; i < k; i++) {
            double[] postVar = new double[dim];
            for (int j = 0; j < dim; j++) {
                double lam = eigenvalues[i * dim + j];
                postVar[j] = lam * sigma * sigma / (alpha * alpha * lam + sigma * sigma);
            }
            RealMatrix u = eigenMatrix(i);
            RealMatrix au = am.multiply(u);
            RealMatrix g = au.multiply(MatrixUtils.createRealDiagonalMatrix(postVar)).multiplyTransposed(au)
                    .add(MatrixUtils.createRealIdentityMatrix(dy).scalarMultiply(variance));
            CholeskyDecomposition chol = new CholeskyDecomposition(symmetrised(g));
            RealMatrix inv = chol.getSolver().getInverse();
            for (int r = 0; r < dy; r++) {
                for (int c = 0; c < dy; c++) {
                    inverses[(i * dy + r) * dy + c] = inv.getEntry(r, c);
                }
            }
            logNorms[i] = -0.5 * (Math.log(chol.getDeterminant()) + dy * Math.log(2 * Math.PI));
        }
        Path p = new Path(Tensors.times(x, t), x);
        NDArray m = rotateBack(p.lambda.expandDims(0).mul(p.alpha).div(p.v).mul(p.y), p.u).add(meansLike(x));
        double[] flatA = Arrays.stream(a).flatMapToDouble(Arrays::stream).toArray();
        NDArray aArr = Tensors.constant(x, flatA, new Shape(dy, dim));
        NDArray residual = Tensors.constant(x, y, new Shape(dy)).sub(m.matMul(aArr.transpose()));
        NDArray ginv = Tensors.constant(x, inverses, new Shape(k, dy, dy));
        NDArray quad = rotate(residual, ginv).mul(residual).sum(new int[] {2});
        NDArray logLik = Tensors.mul(quad, -0.5).add(Tensors.constant(x, logNorms, new Shape(k)));
        return Tensors.logSumExp(p.logits.add(logLik), 1).sub(Tensors.logSumExp(p.logits, 1))
                .add(0.5 * dy * Math.log(2 * Math.PI * variance));
    }

    /** The tilted target p₁(x)·exp(cᵀx)/Z for a linear reward (pass c/λ): μ_k + S_k c, S_k, w_k e^{cᵀμ_k + ½cᵀS_k c}. */
    public GaussianMixture tiltLinear(double[] c) {
        requireDimension("c", c.length);
        int k = components();
        double[] logW = new double[k];
        double[][] mu = new double[k][];
        RealVector cv = new ArrayRealVector(c);
        for (int i = 0; i < k; i++) {
            RealMatrix s = MatrixUtils.createRealMatrix(covariances[i]);
            RealVector sc = s.operate(cv);
            mu[i] = new ArrayRealVector(means[i]).add(sc).toArray();
            logW[i] = logWeights[i] + cv.dotProduct(new ArrayRealVector(means[i])) + 0.5 * cv.dotProduct(sc);
        }
        return new GaussianMixture(softmax(logW), mu, covariances, interpolant);
    }

    /**
     * The tilted target p₁(x)·exp(−‖Ax − y‖²/(2v))/Z (v = λη²): a Kalman update per component, with gain
     * K = S_kAᵀ(AS_kAᵀ + vI)⁻¹, mean μ_k + K(y − Aμ_k), covariance S_k − KAS_k and weight ∝ w_k N(y; Aμ_k, AS_kAᵀ + vI).
     */
    public GaussianMixture tiltQuadratic(double[][] a, double[] y, double variance) {
        Checks.positive("variance", variance);
        int dy = y.length;
        RealMatrix am = MatrixUtils.createRealMatrix(a);
        if (am.getColumnDimension() != dim || am.getRowDimension() != dy) {
            throw new IllegalArgumentException("A must be " + dy + "x" + dim);
        }
        int k = components();
        double[] logW = new double[k];
        double[][] mu = new double[k][];
        double[][][] cov = new double[k][][];
        RealVector yv = new ArrayRealVector(y);
        for (int i = 0; i < k; i++) {
            RealMatrix s = MatrixUtils.createRealMatrix(covariances[i]);
            RealMatrix g = am.multiply(s).multiplyTransposed(am)
                    .add(MatrixUtils.createRealIdentityMatrix(dy).scalarMultiply(variance));
            CholeskyDecomposition chol = new CholeskyDecomposition(symmetrised(g));
            RealMatrix gain = s.multiplyTransposed(am).multiply(chol.getSolver().getInverse());
            RealVector resid = yv.subtract(am.operate(new ArrayRealVector(means[i])));
            mu[i] = new ArrayRealVector(means[i]).add(gain.operate(resid)).toArray();
            cov[i] = symmetrised(s.subtract(gain.multiply(am).multiply(s))).getData();
            RealVector solved = chol.getSolver().solve(resid);
            logW[i] = logWeights[i] - 0.5 * (resid.dotProduct(solved) + Math.log(chol.getDeterminant())
                    + dy * Math.log(2 * Math.PI));
        }
        return new GaussianMixture(softmax(logW), mu, cov, interpolant);
    }

    private static RealMatrix symmetrised(RealMatrix m) {
        return m.add(m.transpose()).scalarMultiply(0.5);
    }

    private void requireDimension(String name, int length) {
        if (length != dim) {
            throw new IllegalArgumentException(name + " has dimension " + length + ", expected " + dim);
        }
    }

    @Override
    public String toString() {
        return "GaussianMixture(K=" + components() + ", d=" + dim + ", " + interpolant.name() + ")";
    }

    /** The DDPM coupling's c² (4.1), which this transition samples exactly when its flow is exact. */
    @Override
    public double stepVariance(double t, double tNext) {
        return interpolant.ddpmStepVariance(t, tNext);
    }
}
