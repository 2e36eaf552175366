package io.diamondmaps.spark;

import ai.djl.ndarray.NDManager;
import io.diamondmaps.bench.AlignmentTask;
import io.diamondmaps.model.load.ModelBundle;
import io.diamondmaps.util.Devices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models of each running job in this JVM (an executor, or the driver in local mode): a model is loaded once, by
 * the first task that needs it, and shared by the job's tasks, which only read it. Jobs never share: each has its own
 * manager on its own device, keyed by the job's id, and {@link #release} frees it.
 */
final class ExecutorModels implements AutoCloseable {
    private static final Map<String, ExecutorModels> JOBS = new ConcurrentHashMap<>();

    private final NDManager manager;
    private final Map<AlignmentTask.ModelKey, CompletableFuture<ModelBundle>> models = new ConcurrentHashMap<>();

    private ExecutorModels(String device) {
        this.manager = NDManager.newBaseManager(Devices.named(device));
    }

    /** The models of job {@code jobId} in this JVM, on {@code device} (null: the engine's default). */
    static ExecutorModels of(String jobId, String device) {
        return JOBS.computeIfAbsent(jobId, id -> new ExecutorModels(device));
    }

    /** Frees the models of job {@code jobId} in this JVM, if any. */
    static void release(String jobId) {
        ExecutorModels job = JOBS.remove(jobId);
        if (job != null) {
            job.close();
        }
    }

    /** The manager the job's tasks open their scopes under. */
    NDManager manager() {
        return manager;
    }

    /** The model {@code task} runs on: loaded by the first task that asks, the others wait for it. */
    ModelBundle model(AlignmentTask task) throws IOException {
        CompletableFuture<ModelBundle> mine = new CompletableFuture<>();
        CompletableFuture<ModelBundle> loading = models.putIfAbsent(task.modelKey(), mine);
        if (loading == null) {
            try {
                mine.complete(task.loadModel(manager));
            } catch (IOException | RuntimeException e) {
                // A failed load is not kept: a later task (or Spark's retry) tries again.
                models.remove(task.modelKey(), mine);
                mine.completeExceptionally(e);
            }
            loading = mine;
        }
        try {
            return loading.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new UncheckedIOException(new IOException(cause));
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
