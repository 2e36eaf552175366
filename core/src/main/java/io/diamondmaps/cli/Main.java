package io.diamondmaps.cli;

import io.diamondmaps.bench.AlignmentTask;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code diamond} command line. */
// Option descriptions live in Help.properties (keys: command path and option name), which keeps each command's fields
// to what parses them; the subcommands inherit the bundle.
@Command(name = "diamond", mixinStandardHelpOptions = true, version = "diamond 0.1.0",
        resourceBundle = "io.diamondmaps.cli.Help",
        description = "Reward-aligned generation with flow models, GLASS flows and Diamond Maps.",
        footer = {"", "diamond spark align runs batches of alignment tasks on Apache Spark (its own module: "
                + "'./diamond spark --help')."},
        subcommands = {DemoCommand.class, SampleCommand.class, StateCommand.Posterior.class, StateCommand.Transition.class,
            AlignCommand.class, TrainCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code: 0 success, 1 bad input or failed run, 2 bad usage. */
    public static int run(String... args) {
        return run(new java.io.PrintWriter(System.err, true), args);
    }

    /** As {@link #run(String...)}, with error messages sent to {@code err}. */
    public static int run(java.io.PrintWriter err, String... args) {
        configureRuntime();
        CommandLine cli = new CommandLine(new Main());
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("diamond: error: " + describe(e));
            // Users see one line; DIAMOND_DEBUG=1 adds the stack trace for bug reports.
            if (System.getenv("DIAMOND_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        cli.setParameterExceptionHandler((e, args1) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println("diamond: error: " + e.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return 2;
        });
        return cli.execute(args);
    }

    /**
     * The run that {@code args}, the options of {@code diamond align}, describe, checked as the command checks them
     * (the same defaults; errors name the options): what {@code diamond spark align} runs for each task.
     */
    public static AlignmentTask alignTask(String... args) {
        AlignCommand command = new AlignCommand();
        try {
            new CommandLine(command).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return command.task();
    }

    /** An error as the command line words it (one line). */
    public static String describe(Throwable e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory: " + e.getMessage();
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + e.getMessage();
        }
        String msg = e.getMessage();
        return msg == null ? e.getClass().getSimpleName() : msg;
    }

    /** Offline and quiet DJL: no telemetry connection, no engine chatter on stderr. Call it before DJL starts. */
    public static void configureRuntime() {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
        System.setProperty("org.slf4j.simpleLogger.log.ai.djl.pytorch.jni.LibUtils", "error");
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
