package io.diamondmaps.model;

import ai.djl.ndarray.NDArray;

/**
 * A stochastic transition whose law is Gaussian: x_{t'} ~ N(mean(t, t', x_t), std(t, t')²·I). Its density is known,
 * so a particle method may propose from a shifted copy and correct the weights exactly.
 */
public interface GaussianTransition extends StochasticTransition {
    NDArray mean(double t, double tNext, NDArray xt);

    double std(double t, double tNext);

    @Override
    default double stepVariance(double t, double tNext) {
        double s = std(t, tNext);
        return s * s;
    }
}
