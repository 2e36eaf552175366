package io.diamondmaps.model;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.interpolant.Interpolant;

/** Counts every call of a velocity field (velocity, denoiser or score: one model evaluation each). */
public record CountingVelocityField(VelocityField inner, EvaluationCounter counter) implements VelocityField {
    @Override
    public Interpolant interpolant() {
        return inner.interpolant();
    }

    @Override
    public double[] coveredTimes() {
        return inner.coveredTimes();
    }

    @Override
    public int evaluationsPerCall() {
        return inner.evaluationsPerCall();
    }

    @Override
    public NDArray[] predictions(NDArray t, NDArray x) {
        counter.model(x.getShape().get(0) * inner.evaluationsPerCall());
        return inner.predictions(t, x);
    }

    @Override
    public NDArray velocity(NDArray t, NDArray x) {
        counter.model(x.getShape().get(0) * inner.evaluationsPerCall());
        return inner.velocity(t, x);
    }

    @Override
    public NDArray denoiser(NDArray t, NDArray x) {
        counter.model(x.getShape().get(0) * inner.evaluationsPerCall());
        return inner.denoiser(t, x);
    }

    @Override
    public NDArray score(NDArray t, NDArray x) {
        counter.model(x.getShape().get(0) * inner.evaluationsPerCall());
        return inner.score(t, x);
    }
}
