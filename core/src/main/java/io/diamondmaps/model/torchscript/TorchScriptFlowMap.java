package io.diamondmaps.model.torchscript;

import ai.djl.ndarray.NDArray;
import io.diamondmaps.model.FlowMap;
import io.diamondmaps.util.Tensors;

/**
 * A flow map X(t, t', x) (3.1) from a TorchScript module {@code forward(t, t_next, x)} with time input t or τ = 1 − t
 * ({@link ModelDescription}); a jump is one module call.
 *
 * <p>Its velocity is the diagonal ∂_{t'}X(t, t', x) at t' = t (3.2). A TorchScript module has no forward-mode
 * derivative here (DJL gives no JVP through TorchScript), so the diagonal is the central difference
 * (X(t, t + h, x) − X(t, t − h, x))/(2h) with h = {@value #DIAGONAL_STEP}, second-order accurate, one-sided at t = 0
 * and t = 1: two module calls per velocity.
 */
public final class TorchScriptFlowMap extends TorchScriptModel implements FlowMap {
    /** The time step of the diagonal's difference quotient. */
    public static final double DIAGONAL_STEP = 1e-3;

    public TorchScriptFlowMap(TorchScriptModule module, ModelDescription description) {
        this(module, description, null);
    }

    TorchScriptFlowMap(TorchScriptModule module, ModelDescription description, ClassGuidance guidance) {
        super(module, description, guidance);
        if (description.prediction() != ModelDescription.Prediction.FLOW_MAP) {
            throw new IllegalArgumentException(module.name() + " predicts " + description.prediction()
                    + ", not a flow map");
        }
    }

    @Override
    public NDArray jump(double t, double tNext, NDArray x) {
        return Tensors.scoped(scope -> map(Tensors.times(x, t), Tensors.times(x, tNext), x), x);
    }

    /** X(t, t', x) with per-sample times of shape (N,). */
    public NDArray map(NDArray t, NDArray tNext, NDArray x) {
        return call(x, t, tNext);
    }

    @Override
    public NDArray velocity(NDArray t, NDArray x) {
        // Central where t ± h stays in [0, 1], one-sided at the ends; divided by each row's own time span.
        NDArray after = t.add(Tensors.scalar(t, DIAGONAL_STEP)).minimum(Tensors.scalar(t, 1));
        NDArray before = t.sub(Tensors.scalar(t, DIAGONAL_STEP)).maximum(Tensors.scalar(t, 0));
        NDArray span = Tensors.perSample(after.sub(before), x);
        return map(t, after, x).sub(map(t, before, x)).div(span);
    }
}
