package io.diamondmaps.eval;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.model.Moments;
import io.diamondmaps.util.Checks;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;

/**
 * The Fréchet distance between Gaussians fitted to two feature sets (the FID construction on any feature net):
 * ‖μ₁ − μ₂‖² + tr(Σ₁ + Σ₂ − 2(Σ₁^{1/2} Σ₂ Σ₁^{1/2})^{1/2}), the squared 2-Wasserstein distance of the two Gaussians.
 */
public final class FrechetDistance {
    private FrechetDistance() {
    }

    /** Between feature samples (N, d) and (M, d). */
    public static double between(NDArray featuresA, NDArray featuresB) {
        return between(SampleStatistics.moments(featuresA), SampleStatistics.moments(featuresB));
    }

    /** Between the Gaussians with the given moments. */
    public static double between(Moments a, Moments b) {
        if (a.dimension() != b.dimension()) {
            throw new IllegalArgumentException("feature dimensions differ: " + a.dimension() + " and " + b.dimension());
        }
        // A non-finite feature would otherwise surface as an eigen-solver "convergence failed".
        Checks.finite("feature means", a.mean());
        Checks.finite("feature means", b.mean());
        for (double[][] c : new double[][][] {a.covariance(), b.covariance()}) {
            for (double[] row : c) {
                Checks.finite("feature covariances", row);
            }
        }
        double meanTerm = 0;
        for (int j = 0; j < a.dimension(); j++) {
            double e = a.mean()[j] - b.mean()[j];
            meanTerm += e * e;
        }
        RealMatrix sa = MatrixUtils.createRealMatrix(a.covariance());
        RealMatrix sb = MatrixUtils.createRealMatrix(b.covariance());
        // Σ₁^{1/2} Σ₂ Σ₁^{1/2} is symmetric PSD and has the eigenvalues of Σ₁Σ₂, so the trace of the root is Σ √λ.
        RealMatrix rootA = symmetricRoot(sa);
        double crossTrace = 0;
        for (double lambda : new EigenDecompositionSymmetric(symmetrise(rootA.multiply(sb).multiply(rootA)))
                .getEigenvalues()) {
            crossTrace += Math.sqrt(Math.max(lambda, 0));
        }
        return Math.max(0, meanTerm + sa.getTrace() + sb.getTrace() - 2 * crossTrace);
    }

    private static RealMatrix symmetricRoot(RealMatrix s) {
        EigenDecompositionSymmetric eig = new EigenDecompositionSymmetric(symmetrise(s));
        double[] lambda = eig.getEigenvalues();
        double[] root = new double[lambda.length];
        for (int i = 0; i < lambda.length; i++) {
            root[i] = Math.sqrt(Math.max(lambda[i], 0));
        }
        RealMatrix v = eig.getV();
        return v.multiply(MatrixUtils.createRealDiagonalMatrix(root)).multiply(v.transpose());
    }

    private static RealMatrix symmetrise(RealMatrix m) {
        return m.add(m.transpose()).scalarMultiply(0.5);
    }
}
