package io.diamondmaps.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.util.Tensors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Named arrays laid end to end in one flat (P,) array: the order of a parameter map, each name's shape and offset. */
final class FlatLayout {
    private final List<String> names;
    private final List<Shape> shapes;
    private final long[] offsets;

    private FlatLayout(List<String> names, List<Shape> shapes) {
        this.names = List.copyOf(names);
        this.shapes = List.copyOf(shapes);
        this.offsets = new long[names.size() + 1];
        for (int i = 0; i < names.size(); i++) {
            offsets[i + 1] = offsets[i] + shapes.get(i).size();
        }
    }

    /** The number of values of all arrays together. */
    long size() {
        return offsets[names.size()];
    }

    static FlatLayout of(Map<String, NDArray> arrays) {
        List<String> names = new ArrayList<>();
        List<Shape> shapes = new ArrayList<>();
        arrays.forEach((k, a) -> {
            names.add(k);
            shapes.add(a.getShape());
        });
        return new FlatLayout(names, shapes);
    }

    /** Fails unless {@code arrays} has this layout's names, in its order, with its shapes. */
    void check(Map<String, NDArray> arrays) {
        int i = 0;
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            if (i >= names.size() || !names.get(i).equals(e.getKey())
                    || !shapes.get(i).equals(e.getValue().getShape())) {
                throw new IllegalStateException("the parameters changed between steps: " + e.getKey() + " "
                        + e.getValue().getShape() + " where " + (i < names.size() ? names.get(i) + " " + shapes.get(i)
                        : "nothing") + " was");
            }
            i++;
        }
        if (i != names.size()) {
            throw new IllegalStateException("the parameters changed between steps: " + i + " arrays, not "
                    + names.size());
        }
    }

    /** The arrays end to end, on {@code manager}. */
    NDArray flatten(Map<String, NDArray> arrays, NDManager manager) {
        return Tensors.endToEnd(names.stream().map(arrays::get).toList(), manager);
    }

    /** Each named array minus its part of {@code flat}, in place. */
    void subtractFrom(Map<String, NDArray> arrays, NDArray flat) {
        try (NDManager scope = flat.getManager().newSubManager()) {
            scope.tempAttachAll(flat);
            for (int i = 0; i < names.size(); i++) {
                arrays.get(names.get(i)).subi(flat.get(part(i)).reshape(shapes.get(i)));
            }
        }
    }

    /** The slice of array {@code i} (an index object: parsing "a:b" strings cost more than the update itself). */
    private NDIndex part(int i) {
        return new NDIndex().addSliceDim(offsets[i], offsets[i + 1]);
    }

    /** The parts of {@code flat} as arrays of their own shapes, on {@code manager}. */
    Map<String, NDArray> unflatten(NDArray flat, NDManager manager) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        try (NDManager scope = flat.getManager().newSubManager()) {
            scope.tempAttachAll(flat);
            for (int i = 0; i < names.size(); i++) {
                NDArray part = flat.get(part(i)).reshape(shapes.get(i)).duplicate();
                part.attach(manager);
                out.put(names.get(i), part);
            }
        }
        return out;
    }
}
