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

    public WeightedSumReward(List<Term> terms) {
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("a sum of rewards needs at least one term");
        }
        long size = terms.get(0).reward().inputSize();
        for (Term t : terms) {
            if (t.reward().inputSize() != size) {
                throw new IllegalArgumentException("all terms of a sum must read the same input size, got " + size
                        + " and " + t.reward().inputSize());
            }
        }
        this.terms = List.copyOf(terms);
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
        return terms.get(0).reward().inputSize();
    }

    @Override
    public String describe() {
        return terms.stream().map(t -> t.weight() + "·" + t.reward().describe()).collect(Collectors.joining(" + "));
    }
}
