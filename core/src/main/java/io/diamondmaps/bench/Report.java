package io.diamondmaps.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * What an experiment produced: its results as Markdown (the header that says how it was made, then its tables) and
 * the files it wrote (atomically), in order.
 *
 * @param markdown the report, as written to its Markdown file
 * @param tables the result tables alone, for a terminal
 * @param files every file written, the Markdown report first
 */
public record Report(String markdown, String tables, List<Path> files) {
    public Report {
        files = List.copyOf(files);
    }
}
