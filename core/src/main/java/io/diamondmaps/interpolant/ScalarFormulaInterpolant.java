package io.diamondmaps.interpolant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.diamondmaps.util.Tensors;

import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * Base of the schedules whose formulas are written once, for scalars: the per-sample array methods evaluate the same
 * scalar formulas on the host and return the values on the times' device and in their dtype (times are (N,) vectors
 * without gradients, so this costs one small copy per call, on any device). Two schedules are equal when their
 * descriptions are: a schedule is its value, not its name.
 */
abstract class ScalarFormulaInterpolant implements Interpolant {
    @Override
    public NDArray alpha(NDArray t) {
        return map(t, this::alpha);
    }

    @Override
    public NDArray sigma(NDArray t) {
        return map(t, this::sigma);
    }

    @Override
    public NDArray alphaDot(NDArray t) {
        return map(t, this::alphaDot);
    }

    @Override
    public NDArray sigmaDot(NDArray t) {
        return map(t, this::sigmaDot);
    }

    @Override
    public NDArray gInverse(NDArray y) {
        return map(y, this::gInverse);
    }

    /** f applied to every entry of {@code v}, on v's device and in its dtype. */
    static NDArray map(NDArray v, DoubleUnaryOperator f) {
        double[] values = v.toType(DataType.FLOAT64, false).toDoubleArray();
        for (int i = 0; i < values.length; i++) {
            values[i] = f.applyAsDouble(values[i]);
        }
        return Tensors.constant(v, values, v.getShape());
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && describe().equals(((Interpolant) o).describe());
    }

    @Override
    public int hashCode() {
        return describe().hashCode();
    }

    @Override
    public String toString() {
        return Schedules.toJson(this);
    }

    @Override
    public abstract Map<String, Object> describe();
}
