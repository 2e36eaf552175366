package io.diamondmaps.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.util.Tensors;

/**
 * The learned log-variance head w(t, t') of (3.4): a linear function of Fourier features cos/sin(2πk·t) and
 * cos/sin(2πk·t'), k = 1…8, plus a bias. A per-sample loss ℓ becomes e^{−w}ℓ + w, so the network's loss is balanced
 * across times by a weight that tracks the typical ℓ at (t, t') (its minimiser is w = log E[ℓ | t, t']). Starts at
 * w ≡ 0, i.e. at the unweighted loss.
 */
final class LossWeight {
    static final String NAME = "loss_weight";
    private static final int FREQUENCIES = 8;
    private final NDArray weights;

    LossWeight(NDManager manager) {
        weights = manager.zeros(new Shape(4 * FREQUENCIES + 1), DataType.FLOAT32);
        weights.setName(NAME);
        weights.setRequiresGradient(true);
    }

    NDArray parameter() {
        return weights;
    }

    /** w(t, t') for times (N,) and (N,). */
    NDArray at(NDArray t, NDArray tNext) {
        double[] k = new double[FREQUENCIES];
        for (int i = 0; i < FREQUENCIES; i++) {
            k[i] = 2 * Math.PI * (i + 1);
        }
        NDArray freq = Tensors.constant(t, k, new Shape(1, FREQUENCIES));
        NDArray a = t.reshape(-1, 1).mul(freq);
        NDArray b = tNext.reshape(-1, 1).mul(freq);
        NDArray features = a.cos().concat(a.sin(), 1).concat(b.cos(), 1).concat(b.sin(), 1)
                .concat(t.reshape(-1, 1).onesLike(), 1);
        return features.matMul(weights.reshape(-1, 1)).reshape(-1);
    }
}
