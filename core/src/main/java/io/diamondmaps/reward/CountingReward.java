package io.diamondmaps.reward;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.model.EvaluationCounter;

/** Counts the rows every reward evaluation reads. */
public record CountingReward(Reward inner, EvaluationCounter counter) implements Reward {
    @Override
    public NDArray value(NDArray x) {
        counter.reward(x.getShape().get(0));
        return inner.value(x);
    }

    @Override
    public long inputSize() {
        return inner.inputSize();
    }

    @Override
    public String describe() {
        return inner.describe();
    }
}
