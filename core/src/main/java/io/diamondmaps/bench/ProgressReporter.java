package io.diamondmaps.bench;

import java.util.function.IntConsumer;

/**
 * Hears how long work goes: the lines an experiment reports as it runs and the steps of each task. The command line
 * draws progress bars and prints the lines; tests stay silent ({@link #SILENT}).
 */
public interface ProgressReporter {
    /** Reports nothing. */
    ProgressReporter SILENT = new ProgressReporter() {
        @Override
        public Task start(String name, long total) {
            return new Task() {
                @Override
                public void accept(int done) {
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public void log(String line) {
        }
    };

    /** A task of {@code total} steps begins; it hears the number of steps done and is closed when it ends. */
    Task start(String name, long total);

    /** A line worth showing while the work runs (a finished row, a file written). */
    void log(String line);

    /** One running task. */
    interface Task extends IntConsumer, AutoCloseable {
        @Override
        void close();
    }
}
