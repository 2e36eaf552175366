package io.diamondmaps.spark;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import io.diamondmaps.bench.AlignmentTask;
import io.diamondmaps.bench.ProgressReporter;
import io.diamondmaps.cli.Main;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one task where Spark puts it: parses its options as {@code diamond align} does, takes the model from the
 * executor's shared models and writes {@code OUT/<id>.csv}. Any error of the task becomes its outcome, so one bad task
 * never stops the others. The task's randomness comes from its seed alone, so a retried task writes the same bytes.
 *
 * @param jobId the job's id (keys the executor's models)
 * @param device the device of the executors' models, or null for the GPU Spark assigns to the task (resource "gpu")
 *     where it assigns one, else the engine's default
 * @param outDir the output folder, absolute
 */
record TaskRunner(String jobId, String device, String outDir) implements Serializable {
    TaskOutcome run(TaskLine task) {
        long start = System.nanoTime();
        if (task.error() != null) {
            return failed(task, task.error(), start);
        }
        Main.configureRuntime();
        useTaskCpus();
        Engine.getInstance();
        // Spark's task threads are not the engine's: autograd is on in a new thread, which records graphs that
        // inference never uses and turns off the in-place updates of the networks.
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            List<String> args = withShippedFiles(task.args());
            args.add("--out");
            args.add(Path.of(outDir, task.id() + ".csv").toString());
            AlignmentTask align = Main.alignTask(args.toArray(String[]::new));
            ExecutorModels models = ExecutorModels.of(jobId, device != null ? device : assignedGpu());
            AlignmentTask.Result result = align.run(models.model(align), models.manager(), ProgressReporter.SILENT);
            return new TaskOutcome(task.id(), null, result.summary().samples(), seconds(start),
                    result.summary().nfePerSample(), result.reliability().untrusted() ? result.reliability().warning()
                            : null);
        } catch (Exception e) {
            return failed(task, Main.describe(e), start);
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /**
     * A task owns spark.task.cpus cores (default 1), so libtorch gets as many intra-op threads, unless
     * ai.djl.pytorch.num_threads says otherwise: tasks side by side beat threads inside one task for these many small
     * operations, and more threads than cores slow both (bench/results/spark.md). Takes effect where the engine starts.
     */
    private static void useTaskCpus() {
        if (System.getProperty(THREADS) == null && SparkEnv.get() != null) {
            System.setProperty(THREADS, SparkEnv.get().conf().get("spark.task.cpus", "1"));
        }
    }

    private static final String THREADS = "ai.djl.pytorch.num_threads";

    /**
     * {@code args} where a file that this executor does not have at its path, but that the job shipped with
     * spark-submit's --files (spark.files), stands in: a tasks file names files by paths on the driver.
     */
    static List<String> withShippedFiles(List<String> args) {
        List<String> out = new ArrayList<>(args);
        for (int i = 0; i + 1 < out.size(); i++) {
            String option = out.get(i);
            String value = out.get(i + 1);
            String prefix = option.startsWith("--") ? TasksFile.filePrefix(option.substring(2), value) : null;
            if (prefix == null || Files.exists(Path.of(value.substring(prefix.length())))) {
                continue;
            }
            Path shipped = shippedFile(Path.of(value.substring(prefix.length())).getFileName().toString());
            if (shipped != null) {
                out.set(i + 1, prefix + shipped);
            }
        }
        return out;
    }

    private static Path shippedFile(String name) {
        if (SparkEnv.get() == null) {
            return null;
        }
        Path file = Path.of(SparkFiles.get(name));
        return Files.exists(file) ? file : null;
    }

    /** The GPU Spark assigned to this task (resource "gpu"), as a device name, or null where none was. */
    private static String assignedGpu() {
        TaskContext context = TaskContext.get();
        ResourceInformation gpu = context == null ? null : context.resourcesJMap().get("gpu");
        return gpu == null || gpu.addresses().length == 0 ? null : "gpu:" + gpu.addresses()[0];
    }

    private static TaskOutcome failed(TaskLine task, String error, long start) {
        return new TaskOutcome(task.id(), error, 0, seconds(start), Double.NaN, null);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
