package io.diamondmaps.reward;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.util.Tensors;

import java.util.function.Function;

/**
 * r(x) = log p(c | x) of a classifier given as a function from samples to logits (N, classes), e.g. a DJL block's
 * forward pass.
 */
public final class ClassifierReward implements Reward {
    private final Function<NDArray, NDArray> logits;
    private final int targetClass;
    private final long inputSize;
    private final String name;

    public ClassifierReward(Function<NDArray, NDArray> logits, int targetClass, long inputSize, String name) {
        if (targetClass < 0) {
            throw new IllegalArgumentException("the class index must be non-negative, got " + targetClass);
        }
        this.logits = logits;
        this.targetClass = targetClass;
        this.inputSize = inputSize;
        this.name = name;
    }

    @Override
    public NDArray value(NDArray x) {
        NDArray logProbs = logits.apply(x).logSoftmax(1);
        if (targetClass >= logProbs.getShape().get(1)) {
            throw new IllegalArgumentException("class " + targetClass + " is out of range: the classifier has "
                    + logProbs.getShape().get(1) + " classes");
        }
        // In the samples' precision like every reward (a float32 network would otherwise hand float32 to float64
        // alignment states); the cast keeps the autograd graph.
        return Tensors.cast(logProbs.get(":, " + targetClass), x.getDataType());
    }

    @Override
    public long inputSize() {
        return inputSize;
    }

    @Override
    public String describe() {
        return "log p(class " + targetClass + " | x) of " + name;
    }
}
