package io.diamondmaps.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.diamondmaps.cli.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tasks file with good and bad tasks in local mode (two executor threads): each good task writes exactly the bytes
 * of {@code diamond align} run alone with the same options, a rerun writes them again, the bad tasks fail alone with
 * their messages in the summary, and the exit code is 1.
 */
class SparkAlignJobTest {
    @TempDir
    static Path dir;
    static Path tasks;

    /** The good tasks: SMC with GLASS posterior values (every random draw of the engine), guidance, SIR and beam. */
    static final List<List<String>> GOOD = List.of(
            List.of("smc", "--particles", "8", "--steps", "6", "--n", "96", "--seed", "3"),
            List.of("smc-same-seed", "--particles", "8", "--steps", "6", "--n", "96", "--seed", "3", "--inner-steps",
                    "2"),
            List.of("guidance", "--method", "guidance", "--value", "exact", "--steps", "12", "--n", "64", "--seed",
                    "4"),
            List.of("sir", "--method", "sir", "--particles", "16", "--n", "50", "--seed", "5", "--chunk", "7"),
            List.of("beam", "--method", "beam", "--particles", "4", "--expansions", "2", "--steps", "5", "--n", "20",
                    "--seed", "6"));

    @BeforeAll
    static void writeTasks() throws IOException {
        Path data = Files.createDirectories(dir.resolve("in"));
        try (InputStream mixture = Main.class.getResourceAsStream("/io/diamondmaps/bench/demo-mixture.json")) {
            Files.copy(mixture, data.resolve("gmm.json"));
        }
        Files.writeString(data.resolve("reward.json"), "{\"type\":\"quadratic\",\"A\":[[1,1]],\"y\":[2.0],"
                + "\"noise\":0.5}");
        List<String> lines = new ArrayList<>();
        for (List<String> task : GOOD) {
            StringBuilder line = new StringBuilder("{\"id\":\"" + task.get(0)
                    + "\",\"model\":\"gmm:gmm.json\",\"reward\":\"reward.json\"");
            for (int i = 1; i < task.size(); i += 2) {
                String value = task.get(i + 1);
                line.append(",\"").append(task.get(i).substring(2)).append("\":")
                        .append(value.matches("[0-9.]+") ? value : "\"" + value + "\"");
            }
            lines.add(line + "}");
        }
        lines.add("{\"id\":\"missing-reward\",\"model\":\"gmm:gmm.json\",\"reward\":\"nowhere.json\",\"n\":10}");
        lines.add("{\"id\":\"bad-option\",\"model\":\"gmm:gmm.json\",\"reward\":\"reward.json\",\"particles\":\"many\"}");
        lines.add("{\"id\":\"unknown-method\",\"model\":\"gmm:gmm.json\",\"reward\":\"reward.json\",\"method\":\"magic\"}");
        lines.add("");
        lines.add("{\"id\":\"sets-out\",\"model\":\"gmm:gmm.json\",\"reward\":\"reward.json\",\"out\":\"x.csv\"}");
        tasks = data.resolve("tasks.jsonl");
        Files.write(tasks, lines);
    }

    private static int job(Path out) {
        return SparkMain.run("align", "--tasks", tasks.toString(), "--out", out.toString(), "--master", "local[2]",
                "--conf", "spark.ui.enabled=false");
    }

    @Test
    void goodTasksWriteWhatAlignWritesAloneAndBadTasksFailAlone() throws IOException {
        Path out = dir.resolve("out");
        assertEquals(1, job(out), "a failed task makes the exit code 1");
        Path data = dir.resolve("in");
        for (List<String> task : GOOD) {
            Path alone = dir.resolve("alone-" + task.get(0) + ".csv");
            List<String> args = new ArrayList<>(List.of("align", "--model", "gmm:" + data.resolve("gmm.json"),
                    "--reward", data.resolve("reward.json").toString(), "--out", alone.toString()));
            args.addAll(task.subList(1, task.size()));
            assertEquals(0, Main.run(args.toArray(String[]::new)), task.get(0));
            assertArrayEquals(Files.readAllBytes(alone), Files.readAllBytes(out.resolve(task.get(0) + ".csv")),
                    task.get(0) + ": the job's output differs from align's");
        }
        assertFalse(Files.readString(out.resolve("smc.csv")).equals(Files.readString(out.resolve("smc-same-seed.csv"))),
                "different options give different samples");

        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(GOOD.size() + 4, summary.size());
        for (int i = 0; i < GOOD.size(); i++) {
            JsonNode task = summary.get(i);
            assertEquals(GOOD.get(i).get(0), task.get("id").asText(), "file order");
            assertEquals("ok", task.get("status").asText(), task.toString());
            assertEquals(Files.readAllLines(out.resolve(GOOD.get(i).get(0) + ".csv")).size(),
                    task.get("samples").asLong());
            assertTrue(task.get("model_per_sample").asDouble() > 0, task.toString());
            assertTrue(task.get("wall_seconds").asDouble() > 0, task.toString());
        }
        assertFailed(summary.get(GOOD.size()), "missing-reward", "reward file not found");
        assertFailed(summary.get(GOOD.size() + 1), "bad-option", "'--particles': 'many' is not an int");
        assertFailed(summary.get(GOOD.size() + 2), "unknown-method", "unknown --method 'magic'");
        assertFailed(summary.get(GOOD.size() + 3), "sets-out", "\"out\" is set by the job");
        assertFalse(Files.exists(out.resolve("missing-reward.csv")));

        Path again = dir.resolve("again");
        assertEquals(1, job(again));
        for (List<String> task : GOOD) {
            String file = task.get(0) + ".csv";
            assertArrayEquals(Files.readAllBytes(out.resolve(file)), Files.readAllBytes(again.resolve(file)),
                    file + ": a rerun (or a retried task) writes the same bytes");
        }
    }

    private static void assertFailed(JsonNode task, String id, String message) {
        assertEquals(id, task.get("id").asText());
        assertEquals("failed", task.get("status").asText());
        assertTrue(task.get("error").asText().contains(message), task.toString());
        assertEquals(0, task.get("samples").asLong());
    }

    /** Files shipped with spark-submit's --files (spark.files) stand in for paths the executors do not have. */
    @Test
    void filesShippedWithTheJobStandInForMissingPaths() throws IOException {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.copy(dir.resolve("in/gmm.json"), elsewhere.resolve("shipped-gmm.json"));
        Files.copy(dir.resolve("in/reward.json"), elsewhere.resolve("shipped-reward.json"));
        Path shippedTasks = Files.createDirectories(dir.resolve("tasks-only")).resolve("tasks.jsonl");
        Files.writeString(shippedTasks, "{\"id\":\"shipped\",\"model\":\"gmm:shipped-gmm.json\","
                + "\"reward\":\"shipped-reward.json\",\"n\":40,\"seed\":9}\n");
        Path out = dir.resolve("shipped-out");
        assertEquals(0, SparkMain.run("align", "--tasks", shippedTasks.toString(), "--out", out.toString(), "--master",
                "local[1]", "--conf", "spark.ui.enabled=false", "--conf", "spark.files="
                        + elsewhere.resolve("shipped-gmm.json") + "," + elsewhere.resolve("shipped-reward.json")));
        Path alone = dir.resolve("alone-shipped.csv");
        assertEquals(0, Main.run("align", "--model", "gmm:" + elsewhere.resolve("shipped-gmm.json"), "--reward",
                elsewhere.resolve("shipped-reward.json").toString(), "--n", "40", "--seed", "9", "--out",
                alone.toString()));
        assertArrayEquals(Files.readAllBytes(alone), Files.readAllBytes(out.resolve("shipped.csv")));
    }
}
