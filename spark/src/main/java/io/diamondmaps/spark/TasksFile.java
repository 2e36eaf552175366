package io.diamondmaps.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.diamondmaps.model.load.ModelLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A tasks file: JSON Lines, one object per task, {@code "id"} and the options of {@code diamond align} by their long
 * names without dashes ({@code "model"}, {@code "reward"}, {@code "particles"}, {@code "mc-samples"}, …). Numbers and
 * strings are option values, {@code true} sets a flag, arrays are comma-separated lists (schedules). Relative paths
 * start at the file's folder.
 */
final class TasksFile {
    /** Options the job sets for every task: where outputs go and the device. */
    static final Set<String> SET_BY_JOB = Set.of("out", "report", "device", "help", "version");

    /** Ids name files: letters, digits, '.', '_' and '-', not starting with a dot. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}");

    private TasksFile() {
    }

    /**
     * The tasks in file order. A line that is not a JSON object with a valid, unique id makes the whole file invalid
     * (its outputs could not be named); a task whose options are wrong fails alone when it runs.
     */
    static List<TaskLine> read(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        ObjectMapper json = new ObjectMapper();
        List<TaskLine> tasks = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = file + ", line " + (i + 1) + ": ";
            JsonNode node;
            try {
                node = json.readTree(line);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(where + "not JSON: " + e.getOriginalMessage());
            }
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException(where + "a task is a JSON object");
            }
            JsonNode id = node.get("id");
            if (id == null || !id.isTextual() || !ID.matcher(id.asText()).matches()) {
                throw new IllegalArgumentException(where + "\"id\" must be a string of letters, digits, '.', '_' and "
                        + "'-' (it names the output file)");
            }
            if (!ids.add(id.asText())) {
                throw new IllegalArgumentException(where + "the id '" + id.asText() + "' is used twice");
            }
            tasks.add(task(id.asText(), node, dir));
        }
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException(file + " has no tasks");
        }
        return tasks;
    }

    private static TaskLine task(String id, JsonNode node, Path dir) {
        List<String> args = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (key.equals("id") || value.isNull() || value.isBoolean() && !value.asBoolean()) {
                continue;
            }
            if (SET_BY_JOB.contains(key)) {
                return new TaskLine(id, List.of(), "\"" + key + "\" is set by the job, not by a task");
            }
            if (value.isBoolean()) {
                args.add("--" + key);
                continue;
            }
            String text;
            if (value.isArray()) {
                List<String> items = new ArrayList<>();
                value.forEach(item -> items.add(item.asText()));
                text = String.join(",", items);
            } else if (value.isValueNode()) {
                text = value.asText();
            } else {
                return new TaskLine(id, List.of(), "\"" + key + "\" must be a string, a number, a boolean or a list");
            }
            args.add("--" + key);
            args.add(resolved(key, text, dir));
        }
        return new TaskLine(id, args, null);
    }

    /** Paths in the values of model, reward and diamond:CKPT samplers start at the tasks file's folder. */
    private static String resolved(String key, String value, Path dir) {
        String prefix = filePrefix(key, value);
        return prefix == null ? value : prefix + dir.resolve(value.substring(prefix.length()));
    }

    /**
     * What stands before the file in the value of option {@code key} ("" for a plain path, "gmm:", "diamond:", …), or
     * null when the value names no file (a sampler such as glass, any other option).
     */
    static String filePrefix(String key, String value) {
        return switch (key) {
            case "model" -> ModelLoader.filePrefix(value);
            case "reward" -> "";
            case "posterior", "base" -> value.startsWith(ModelLoader.DIAMOND_PREFIX) ? ModelLoader.DIAMOND_PREFIX : null;
            default -> null;
        };
    }
}
