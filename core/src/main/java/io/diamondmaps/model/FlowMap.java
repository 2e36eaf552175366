package io.diamondmaps.model;

import ai.djl.ndarray.NDArray;

/**
 * A deterministic flow map X(t, t', x) (3.1): the state at time t' of the probability-flow ODE started at x at time t.
 * Differentiable in x under autograd.
 */
public interface FlowMap {
    NDArray jump(double t, double tNext, NDArray x);
}
