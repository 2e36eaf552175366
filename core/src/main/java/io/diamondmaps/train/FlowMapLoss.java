package io.diamondmaps.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.interpolant.Schedules;
import io.diamondmaps.model.neural.FlowMapNetwork;
import io.diamondmaps.model.neural.Parameters;
import io.diamondmaps.util.Rng;
import io.diamondmaps.util.Tensors;

/**
 * Flow matching (2.1) and flow-map self-distillation (B.1): the first ⌊0.75·B⌋ samples train the diagonal (3.6) at
 * t = t' ~ U[0, 1], the rest the off-diagonal term at (t, t') uniform on the triangle t ≤ t' (§3.5): the Lagrangian
 * term (3.7)–(3.8) or the progressive semigroup target.
 *
 * @param net the flow map (or, by its diagonal alone, the flow model) being trained
 */
public record FlowMapLoss(FlowMapNetwork net) implements TrainingLoss {
    @Override
    public Parameters parameters() {
        return net.parameters();
    }

    @Override
    public Terms terms(NDManager scope, NDArray x1, TrainingConfig config, Rng rng) {
        Interpolant ip = net.interpolant();
        int nd = config.diagonalCount();
        int off = config.batch() - nd;
        NDArray x0 = rng.normalLike(scope, x1);
        NDArray td = rng.uniform(scope, 0, 1, new Shape(nd), x1.getDataType());
        NDArray x1d = x1.get("0:" + nd);
        NDArray x0d = x0.get("0:" + nd);
        NDArray xd = ip.interpolate(td, x0d, x1d);
        NDArray target = ip.interpolantVelocity(td, x0d, x1d);
        Term diagonal = new Term(rowSquares(net.velocity(td, xd).sub(target)), td, td);
        if (off == 0) {
            return new Terms(diagonal, null);
        }
        NDArray[] times = triangle(scope, off, x1, rng);
        NDArray t = times[0];
        NDArray tn = times[1];
        NDArray xt = ip.interpolate(t, x0.get(nd + ":"), x1.get(nd + ":"));
        NDArray perSample;
        if (config.objective() == TrainingConfig.Objective.LSD) {
            // (3.7)–(3.8): Ẋ against the network's own diagonal at the map's end point, fully stop-gradiented.
            NDArray[] xx = net.mapWithTimeDerivative(t, tn, xt);
            NDArray teacher = net.velocity(tn, xx[0].stopGradient()).stopGradient();
            perSample = rowSquares(teacher.sub(xx[1]));
        } else {
            // Progressive (semigroup) target X(u, t', X(t, u, x)), u the midpoint, scaled to velocity units.
            NDArray u = Tensors.mul(t.add(tn), 0.5);
            NDArray target2 = net.map(u, tn, net.map(t, u, xt)).stopGradient();
            NDArray gap = Tensors.perSample(Tensors.atLeast(tn.sub(t), 1e-3), xt);
            perSample = rowSquares(net.map(t, tn, xt).sub(target2).div(gap));
        }
        return new Terms(diagonal, new Term(perSample, t, tn));
    }

    /** (t, t') uniform on the triangle 0 ≤ t ≤ t' ≤ 1: the order statistics of two uniforms (§3.5). */
    static NDArray[] triangle(NDManager scope, int n, NDArray like, Rng rng) {
        NDArray u1 = rng.uniform(scope, 0, 1, new Shape(n), like.getDataType());
        NDArray u2 = rng.uniform(scope, 0, 1, new Shape(n), like.getDataType());
        return new NDArray[] {u1.minimum(u2), u1.maximum(u2)};
    }

    /** ‖a_i‖² per sample, shape (N,). */
    static NDArray rowSquares(NDArray a) {
        return a.square().reshape(a.getShape().get(0), -1).sum(new int[] {1});
    }

    @Override
    public void describe(ObjectNode meta) {
        meta.put("kind", "flow-map");
        meta.set("architecture", net.architecture());
        meta.put("interpolant", net.interpolant().name());
        meta.set("schedule", Schedules.toJsonNode(net.interpolant()));
    }
}
