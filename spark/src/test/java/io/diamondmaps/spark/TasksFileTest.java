package io.diamondmaps.spark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TasksFileTest {
    @TempDir
    Path dir;

    private List<TaskLine> read(String... lines) throws IOException {
        Path file = dir.resolve("tasks.jsonl");
        Files.write(file, List.of(lines));
        return TasksFile.read(file);
    }

    @Test
    void optionsBecomeArgumentsWithPathsFromTheFilesFolder() throws IOException {
        TaskLine task = read("{\"id\":\"a\",\"model\":\"gmm:m.json\",\"reward\":\"r.json\",\"posterior\":\"diamond:d.ckpt\","
                + "\"base\":\"glass\",\"mc-samples\":[8,4],\"guided-proposal\":true,\"damped\":false,\"n\":5,"
                + "\"scale\":0.5,\"report\":null}").get(0);
        Path abs = dir.toAbsolutePath();
        assertEquals(List.of("--model", "gmm:" + abs.resolve("m.json"), "--reward", abs.resolve("r.json").toString(),
                "--posterior", "diamond:" + abs.resolve("d.ckpt"), "--base", "glass", "--mc-samples", "8,4",
                "--guided-proposal", "--n", "5", "--scale", "0.5"), task.args());
        assertNull(task.error());
        assertEquals(List.of("--model", "/abs/m.ckpt"),
                read("{\"id\":\"b\",\"model\":\"/abs/m.ckpt\"}").get(0).args(), "absolute paths stay");
    }

    @Test
    void optionsTheJobSetsOrOfTheWrongKindFailTheTaskAlone() throws IOException {
        List<TaskLine> tasks = read("{\"id\":\"a\",\"device\":\"gpu\"}", "{\"id\":\"b\",\"n\":{\"x\":1}}",
                "{\"id\":\"c\",\"n\":3}");
        assertTrue(tasks.get(0).error().contains("\"device\" is set by the job"));
        assertTrue(tasks.get(1).error().contains("\"n\" must be"));
        assertNull(tasks.get(2).error());
    }

    @Test
    void linesThatCannotNameAnOutputRejectTheFile() {
        assertMessage("line 2: not JSON", "{\"id\":\"a\"}", "{\"id\":");
        assertMessage("line 1: a task is a JSON object", "[1, 2]");
        assertMessage("line 1: \"id\" must be", "{\"model\":\"gmm:m.json\"}");
        assertMessage("\"id\" must be", "{\"id\":\"../escape\"}");
        assertMessage("\"id\" must be", "{\"id\":7}");
        assertMessage("line 3: the id 'a' is used twice", "{\"id\":\"a\"}", "", "{\"id\":\"a\"}");
        assertMessage("has no tasks", "", " ");
    }

    private void assertMessage(String expected, String... lines) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(lines));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
