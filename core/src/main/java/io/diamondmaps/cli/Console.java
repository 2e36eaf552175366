package io.diamondmaps.cli;

import io.diamondmaps.bench.ProgressReporter;
import io.diamondmaps.bench.Report;

import java.nio.file.Path;

/** The terminal side of an experiment: progress bars on stderr, lines and the report's tables on stdout. */
final class Console implements ProgressReporter {
    static final Console INSTANCE = new Console();

    private Console() {
    }

    @Override
    public Task start(String name, long total) {
        Progress bar = Progress.start(name, total);
        return new Task() {
            @Override
            public void accept(int done) {
                bar.listener().accept(done);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }

    @Override
    public void log(String line) {
        System.out.println(line);
    }

    /** Prints the report's tables and the files it wrote. */
    static int print(Report report) {
        System.out.println(report.tables());
        for (Path file : report.files()) {
            System.out.println("wrote " + file);
        }
        return 0;
    }
}
