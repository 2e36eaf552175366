package io.diamondmaps.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diamondmaps.bench.ProgressReporter;
import io.diamondmaps.util.AtomicFiles;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code diamond spark align}: every task of a tasks file on Spark, one task per partition, then
 * {@code OUT/summary.json}.
 */
final class SparkAlignJob {
    /**
     * The allocator settings of ./diamond (see the launcher) for executor processes Spark starts: freed memory kept (no
     * page fault per op), and as many heaps as the executor runs tasks at once, where that is known: one heap for
     * several task threads serialises them (bench/results/spark.md).
     */
    static final Map<String, String> EXECUTOR_ENV = Map.of("MALLOC_MMAP_THRESHOLD_", "268435456",
            "MALLOC_TRIM_THRESHOLD_", "268435456");

    /**
     * The job's settings.
     *
     * @param tasks the tasks file
     * @param out the output folder
     * @param master Spark's master URL, or null for the one spark-submit set, else local[*]
     * @param device the executors' device, or null (see {@link TaskRunner})
     * @param conf further Spark settings
     */
    record Options(Path tasks, Path out, String master, String device, Map<String, String> conf) {
    }

    /** What the job did: the outcome of every task, in file order, and the summary it wrote. */
    record Result(List<TaskOutcome> outcomes, Path summary) {
        boolean anyFailed() {
            return outcomes.stream().anyMatch(o -> !o.ok());
        }
    }

    private SparkAlignJob() {
    }

    static Result run(Options options, ProgressReporter progress) throws IOException {
        List<TaskLine> tasks = TasksFile.read(options.tasks());
        Files.createDirectories(options.out());
        SparkConf conf = new SparkConf().setAppName("diamond spark align");
        options.conf().forEach(conf::set);
        if (options.master() != null) {
            conf.setMaster(options.master());
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        EXECUTOR_ENV.forEach((name, value) -> conf.setIfMissing("spark.executorEnv." + name, value));
        if (conf.contains("spark.executor.cores")) {
            conf.setIfMissing("spark.executorEnv.MALLOC_ARENA_MAX", conf.get("spark.executor.cores"));
        }
        String jobId = UUID.randomUUID().toString();
        TaskRunner runner = new TaskRunner(jobId, options.device(), options.out().toAbsolutePath().toString());
        List<TaskOutcome> outcomes;
        progress.log("running " + tasks.size() + " tasks on " + conf.get("spark.master"));
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            spark.setLogLevel("WARN");
            outcomes = spark.parallelize(tasks, tasks.size()).map(runner::run).collect();
        } finally {
            // In local mode the executors are this JVM; elsewhere their models go with their processes.
            ExecutorModels.release(jobId);
        }
        for (TaskOutcome o : outcomes) {
            progress.log(o.ok() ? String.format("%s: ok, %d samples, %.2f s", o.id(), o.samples(), o.wallSeconds())
                    : o.id() + ": failed: " + o.error());
        }
        Path summary = options.out().resolve("summary.json");
        AtomicFiles.writeString(summary, summaryJson(outcomes));
        progress.log("wrote " + summary);
        return new Result(outcomes, summary);
    }

    /** One object per task, in file order. */
    static String summaryJson(List<TaskOutcome> outcomes) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ArrayNode list = json.createArrayNode();
        for (TaskOutcome o : outcomes) {
            ObjectNode task = list.addObject();
            task.put("id", o.id());
            task.put("status", o.ok() ? "ok" : "failed");
            if (!o.ok()) {
                task.put("error", o.error());
            }
            task.put("samples", o.samples());
            task.put("wall_seconds", o.wallSeconds());
            if (o.ok()) {
                task.put("model_per_sample", o.modelPerSample());
            }
            if (o.warning() != null) {
                task.put("warning", o.warning());
            }
        }
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(list) + "\n";
    }
}
