package io.diamondmaps.spark;

import io.diamondmaps.bench.ProgressReporter;
import io.diamondmaps.cli.Main;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code diamond spark}: the commands that run on Apache Spark. */
// Option descriptions live in Help.properties under each option's descriptionKey, as the core's do.
@Command(name = "diamond spark", mixinStandardHelpOptions = true, version = "diamond 0.1.0",
        resourceBundle = "io.diamondmaps.spark.Help",
        description = "Batches of work on Apache Spark: local threads (local[N]) or a cluster (spark-submit).",
        subcommands = {SparkMain.Align.class, SparkMain.Bench.class, CommandLine.HelpCommand.class})
public final class SparkMain implements Runnable {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line; exit code 0 when every task finished, 1 when a task or the job failed, 2 bad usage. */
    public static int run(String... args) {
        Main.configureRuntime();
        CommandLine cli = new CommandLine(new SparkMain());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("diamond spark: error: " + Main.describe(e));
            if (System.getenv("DIAMOND_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cli.execute(args);
    }

    /** The job's lines on standard output; Spark shows its own progress of stages. */
    private static final ProgressReporter LINES = new ProgressReporter() {
        @Override
        public Task start(String name, long total) {
            return SILENT.start(name, total);
        }

        @Override
        public void log(String line) {
            System.out.println(line);
        }
    };

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    @Command(name = "align", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Run many alignment tasks, each what 'diamond align' runs, on Spark.",
                "TASKS.jsonl holds one JSON object per line: \"id\" (letters, digits, '.', '_', '-'; it names the "
                        + "output) and the options of 'diamond align' by their long names without dashes (\"model\", "
                        + "\"reward\", \"method\", \"value\", \"particles\", \"steps\", \"mc-samples\", \"n\", "
                        + "\"seed\", ...; true sets a flag, a list is comma-separated). Relative paths start at the "
                        + "tasks file's folder; \"out\", \"report\" and \"device\" are the job's.",
                "Writes OUT/<id>.csv (the bytes 'diamond align --out' writes) and OUT/summary.json (per task: id, "
                        + "status, error, samples, wall_seconds, model_per_sample, and a run's reliability warning). A failed task does not stop the "
                        + "others; the exit code is 1 when any failed."})
    static final class Align implements Callable<Integer> {
        @Option(names = "--tasks", required = true, paramLabel = "TASKS.jsonl", descriptionKey = "align.tasks")
        Path tasks;
        @Option(names = "--out", required = true, paramLabel = "DIR", descriptionKey = "align.out") Path out;
        @Option(names = "--master", paramLabel = "URL", descriptionKey = "align.master") String master;
        @Option(names = "--device", paramLabel = "DEVICE", descriptionKey = "align.device") String device;
        @Option(names = "--conf", paramLabel = "KEY=VALUE", descriptionKey = "align.conf")
        Map<String, String> conf = new LinkedHashMap<>();

        @Override
        public Integer call() throws Exception {
            SparkAlignJob.Result result = SparkAlignJob.run(new SparkAlignJob.Options(tasks, out, master, device,
                    conf), LINES);
            return result.anyFailed() ? 1 : 0;
        }
    }

    @Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Throughput of 'spark align' on one batch of tasks with local[1] and local[2]: tasks and "
                    + "samples per second of the whole job, beside the same tasks on a plain thread pool of 1 and 2 "
                    + "threads (no Spark), runs alternated, and a check that all write the same bytes. Writes spark.md "
                    + "to the output folder."})
    static final class Bench implements Callable<Integer> {
        @Option(names = "--tasks", defaultValue = "24", paramLabel = "T", descriptionKey = "bench.tasks") int tasks;
        @Option(names = "--samples", defaultValue = "1000", paramLabel = "N", descriptionKey = "bench.samples")
        int samples;
        @Option(names = "--repeats", defaultValue = "3", paramLabel = "R", descriptionKey = "bench.repeats")
        int repeats;
        @Option(names = "--out-dir", defaultValue = "bench/results", paramLabel = "DIR",
                descriptionKey = "bench.out-dir")
        Path outDir;

        @Override
        public Integer call() throws Exception {
            var report = SparkBenchmark.run(new SparkBenchmark.Config(tasks, samples, repeats, outDir), LINES);
            System.out.println(report.tables());
            report.files().forEach(f -> System.out.println("wrote " + f));
            return 0;
        }
    }
}
