package io.diamondmaps.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import io.diamondmaps.util.Autograd;

import java.util.function.Function;

/** Splits a batch into row chunks to bound memory, and joins the per-chunk results. */
final class Chunks {
    private Chunks() {
    }

    static NDArray map(NDArray x, long rows, Function<NDArray, NDArray> f) {
        long n = x.getShape().get(0);
        if (n <= rows) {
            return f.apply(x);
        }
        NDList parts = new NDList();
        for (long start = 0; start < n; start += rows) {
            try (NDArray chunk = x.get(start + ":" + Math.min(n, start + rows))) {
                parts.add(f.apply(chunk));
            }
        }
        NDArray joined = NDArrays.concat(parts);
        parts.close();
        return joined;
    }

    static Autograd.ValueAndGradient mapWithGradient(NDArray x, long rows,
            Function<NDArray, Autograd.ValueAndGradient> f) {
        long n = x.getShape().get(0);
        if (n <= rows) {
            return f.apply(x);
        }
        NDList values = new NDList();
        NDList gradients = new NDList();
        for (long start = 0; start < n; start += rows) {
            try (NDArray chunk = x.get(start + ":" + Math.min(n, start + rows))) {
                Autograd.ValueAndGradient vg = f.apply(chunk);
                values.add(vg.value());
                gradients.add(vg.gradient());
            }
        }
        Autograd.ValueAndGradient joined = new Autograd.ValueAndGradient(NDArrays.concat(values),
                NDArrays.concat(gradients));
        values.close();
        gradients.close();
        return joined;
    }
}
