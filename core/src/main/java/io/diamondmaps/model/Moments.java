package io.diamondmaps.model;

/** Mean vector and covariance matrix of a distribution on R^d. */
public record Moments(double[] mean, double[][] covariance) {
    public int dimension() {
        return mean.length;
    }
}
