package io.diamondmaps.model.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.util.Rng;
import io.diamondmaps.util.Tensors;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named trainable arrays of a network, in a fixed order, owned by one long-lived manager. Random initial weights come
 * from a fixed seed ({@value #INIT_SEED}), so a network is the same whatever thread builds it; a training run draws
 * its own with {@link #redraw(Rng)} from its seed.
 */
public final class Parameters implements AutoCloseable {
    /** The seed of the initial weights of every new network, until {@link #redraw(Rng)}. */
    public static final long INIT_SEED = 0;

    private final NDManager manager;
    private final DataType dtype;
    private final Map<String, NDArray> arrays = new LinkedHashMap<>();
    /** The (P,) array every parameter is a view of, once {@link #flat()} has packed them; null before. */
    private NDArray flat;
    /** The standard deviation of each randomly initialised array, by name, in declaration order. */
    private final Map<String, Double> randomInit = new LinkedHashMap<>();
    private final Rng init = Rng.of(INIT_SEED);

    public Parameters(NDManager parent, DataType dtype) {
        this.manager = parent.newSubManager();
        this.dtype = dtype;
    }

    public DataType dataType() {
        return dtype;
    }

    public NDManager manager() {
        return manager;
    }

    /** A weight of shape (in, out) drawn from N(0, 1/in) (LeCun normal: unit-variance pre-activations). */
    NDArray weight(String name, long in, long out) {
        return random(name, Math.sqrt(1.0 / in), new Shape(in, out));
    }

    /** A convolution kernel (out, in, k, k) from N(0, 1/(in·k²)). */
    NDArray convWeight(String name, long out, long in, long k) {
        return random(name, Math.sqrt(1.0 / (in * k * k)), new Shape(out, in, k, k));
    }

    private NDArray random(String name, double std, Shape shape) {
        randomInit.put(name, std);
        return add(name, init.normal(manager, std, shape, dtype));
    }

    /**
     * Draws every randomly initialised array anew from {@code rng} (zeros and ones stay), in place: the initial
     * weights of a training run with its own seed. Call it before copying in weights from elsewhere.
     */
    public void redraw(Rng rng) {
        for (Map.Entry<String, Double> e : randomInit.entrySet()) {
            NDArray a = arrays.get(e.getKey());
            try (NDArray fresh = rng.normal(manager, e.getValue(), a.getShape(), dtype)) {
                a.set(new ai.djl.ndarray.index.NDIndex("..."), fresh);
            }
        }
    }

    NDArray ones(String name, Shape shape) {
        return add(name, manager.ones(shape, dtype));
    }

    NDArray zeros(String name, Shape shape) {
        return add(name, manager.zeros(shape, dtype));
    }

    private NDArray add(String name, NDArray a) {
        if (flat != null) {
            throw new IllegalStateException("parameter " + name + " declared after the parameters were packed");
        }
        a.setName(name);
        a.setRequiresGradient(true);
        arrays.put(name, a);
        return a;
    }

    public NDArray get(String name) {
        NDArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no parameter named " + name);
        }
        return a;
    }

    public Map<String, NDArray> asMap() {
        return Collections.unmodifiableMap(arrays);
    }

    /**
     * The parameters end to end in one (P,) array, in declaration order, each parameter a view of its slice: an
     * in-place change of this array changes the parameters, so an optimizer step or an average of the weights is one
     * operation instead of a few per parameter array (bench/results/train-throughput.md). Packs the parameters on the
     * first call (their values are kept); no parameter can be declared after that.
     */
    public NDArray flat() {
        if (flat == null) {
            NDArray packed = Tensors.endToEnd(List.copyOf(arrays.values()), manager);
            long offset = 0;
            for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
                NDArray a = e.getValue();
                Shape shape = a.getShape();
                try (NDArray part = packed.get(new NDIndex().addSliceDim(offset, offset + shape.size()))) {
                    NDArray view = part.reshape(shape);
                    view.setName(e.getKey());
                    view.setRequiresGradient(true);
                    e.setValue(view);
                }
                a.close();
                offset += shape.size();
            }
            flat = packed;
        }
        return flat;
    }

    public long count() {
        return arrays.values().stream().mapToLong(a -> a.getShape().size()).sum();
    }

    /**
     * An array shaped like parameter {@code name}, zero except for {@code values} placed at {@code index}: a smaller
     * network's weights embedded in this one's, the inputs it lacks starting at zero. Owned by this network's manager;
     * the caller closes it once copied in.
     */
    NDArray zerosWith(String name, String index, NDArray values) {
        NDArray a = manager.zeros(get(name).getShape(), dtype);
        a.set(new ai.djl.ndarray.index.NDIndex(index), values.toType(dtype, false));
        return a;
    }

    /** Copies values in place from arrays of the same names and shapes (a checkpoint or the EMA). */
    public void copyFrom(Map<String, NDArray> source) {
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            NDArray src = source.get(e.getKey());
            if (src == null) {
                throw new IllegalArgumentException("checkpoint lacks parameter " + e.getKey());
            }
            if (!src.getShape().equals(e.getValue().getShape())) {
                throw new IllegalArgumentException("parameter " + e.getKey() + " has shape " + src.getShape()
                        + " in the checkpoint but " + e.getValue().getShape() + " in the network");
            }
            e.getValue().set(new ai.djl.ndarray.index.NDIndex("..."), src.toType(dtype, false));
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
