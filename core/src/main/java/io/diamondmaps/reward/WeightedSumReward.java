package io.diamondmaps.reward;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.util.Tensors;

import java.util.List;
import java.util.stream.Collectors;

/** r(x) = Σ_j c_j r_j(x). */
public final class WeightedSumReward implements Reward {
    /** One weighted term. */
    public record Term(double weight, Reward reward) {
    }

    private final List<Term> terms;
    private final long inputSize;

    public WeightedSumReward(List<Term> terms) {
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("a sum of rewards needs at least one term");
        }
        long size = Reward.ANY_SIZE;
        for (Term t : terms) {
            long s = t.reward().inputSize();
            if (s != Reward.ANY_SIZE && size != Reward.ANY_SIZE && s != size) {
                throw new IllegalArgumentException("all terms of a sum must read the same input size, got " + size
                        + " and " + s);
            }
            size = s == Reward.ANY_SIZE ? size : s;
        }
        this.terms = List.copyOf(terms);
        this.inputSize = size;
    }

    public List<Term> terms() {
        return terms;
    }

    @Override
    public NDArray value(NDArray x) {
        NDArray total = null;
        for (Term t : terms) {
            NDArray v = Tensors.mul(t.reward().value(x), t.weight());
            total = total == null ? v : total.add(v);
        }
        return total;
    }

    @Override
    public long inputSize() {
        return inputSize;
    }

    @Override
    public String describe() {
        return terms.stream().map(t -> t.weight() + "·" + t.reward().describe()).collect(Collectors.joining(" + "));
    }
}
