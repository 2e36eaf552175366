package io.diamondmaps.util;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.SplittableRandom;

/**
 * The randomness of one run: a splittable generator made from the run's seed and passed down to every draw.
 *
 * <p>Why not the engine's {@code randomNormal}: PyTorch's generator is process-global, so two runs in two threads of
 * one JVM (Spark's local mode, a server) would interleave their draws and neither would be reproducible. Draws here
 * are made on the host and copied to the manager's device in engine-owned memory (see {@link Tensors#owned}); a
 * generator is not thread-safe, so each run, chunk or task owns its own ({@link #split()}).
 */
public final class Rng {
    private final SplittableRandom random;

    private Rng(SplittableRandom random) {
        this.random = random;
    }

    /** The generator of a run with this seed: the same seed gives the same draws, in any thread. */
    public static Rng of(long seed) {
        return new Rng(new SplittableRandom(seed));
    }

    /** An independent generator for a sub-task (a chunk, a particle group, a task), advancing this one once. */
    public Rng split() {
        return new Rng(random.split());
    }

    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return random.nextDouble();
    }

    public double nextGaussian() {
        return random.nextGaussian();
    }

    /** Standard normal draws of the given shape and floating dtype on {@code manager}'s device. */
    public NDArray normal(NDManager manager, Shape shape, DataType dtype) {
        return normal(manager, 1, shape, dtype);
    }

    /** Normal draws N(0, std²) of the given shape and floating dtype on {@code manager}'s device. */
    public NDArray normal(NDManager manager, double std, Shape shape, DataType dtype) {
        double[] v = new double[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = std * random.nextGaussian();
        }
        return create(manager, v, shape, dtype);
    }

    /** Standard normal draws shaped like {@code like}, in its dtype, on {@code manager}. */
    public NDArray normalLike(NDManager manager, NDArray like) {
        return normal(manager, like.getShape(), like.getDataType());
    }

    /** Uniform draws in [lo, hi) of the given shape and floating dtype on {@code manager}'s device. */
    public NDArray uniform(NDManager manager, double lo, double hi, Shape shape, DataType dtype) {
        double[] v = new double[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + (hi - lo) * random.nextDouble();
        }
        return create(manager, v, shape, dtype);
    }

    /** Uniform integers in [lo, hi) as int64 on {@code manager}'s device. */
    public NDArray integers(NDManager manager, long lo, long hi, Shape shape) {
        long[] v = new long[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextLong(lo, hi);
        }
        try (NDArray wrapped = manager.create(v, shape)) {
            return wrapped.duplicate();
        }
    }

    private static NDArray create(NDManager manager, double[] v, Shape shape, DataType dtype) {
        if (dtype == DataType.FLOAT64) {
            return Tensors.owned(manager, v, shape);
        }
        if (dtype != DataType.FLOAT32) {
            throw new IllegalArgumentException("random draws are float32 or float64, not " + dtype);
        }
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        try (NDArray wrapped = manager.create(f, shape)) {
            return wrapped.duplicate();
        }
    }
}
