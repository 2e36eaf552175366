package io.diamondmaps.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.util.function.IntConsumer;

/** Progress bars on stderr for long loops; silent when stderr is not a terminal (logs, tests, CI). */
final class Progress implements AutoCloseable {
    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    static Progress start(String task, long total) {
        if (System.console() == null) {
            return new Progress(null);
        }
        return new Progress(new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).build());
    }

    /** A listener that moves the bar to the step it hears. */
    IntConsumer listener() {
        return step -> {
            if (bar != null) {
                bar.stepTo(step);
            }
        };
    }

    /** A short status shown beside the bar (loss, rate). */
    void message(String text) {
        if (bar != null) {
            bar.setExtraMessage(text);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
