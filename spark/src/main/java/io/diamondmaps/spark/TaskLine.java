package io.diamondmaps.spark;

import java.io.Serializable;
import java.util.List;

/**
 * One task of a tasks file.
 *
 * @param id the task's name, unique in the file; it names the output file
 * @param args the options of {@code diamond align} as command-line arguments, paths resolved; {@code --out} not yet
 * @param error why the line cannot run (an option the job sets itself, a value of the wrong kind), or null
 */
record TaskLine(String id, List<String> args, String error) implements Serializable {
    TaskLine {
        args = List.copyOf(args);
    }
}
