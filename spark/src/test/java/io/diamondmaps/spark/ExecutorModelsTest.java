package io.diamondmaps.spark;

import io.diamondmaps.bench.AlignmentTask;
import io.diamondmaps.cli.Main;
import io.diamondmaps.model.load.ModelBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ExecutorModelsTest {
    @TempDir
    Path dir;

    private AlignmentTask task(Path model, String... more) {
        List<String> args = new ArrayList<>(List.of("--model", "gmm:" + model, "--reward", "r.json", "--out", "o.csv"));
        args.addAll(List.of(more));
        return Main.alignTask(args.toArray(String[]::new));
    }

    @Test
    void aModelIsLoadedOnceForAllTasksOfAJobAndNeverSharedAcrossJobs() throws Exception {
        Path model = dir.resolve("gmm.json");
        try (InputStream mixture = Main.class.getResourceAsStream("/io/diamondmaps/bench/demo-mixture.json")) {
            Files.copy(mixture, model);
        }
        ExecutorModels job = ExecutorModels.of("job-1", "cpu");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<ModelBundle>> loads = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String seed = Integer.toString(i);
                loads.add(pool.submit(() -> job.model(task(model, "--seed", seed))));
            }
            for (Future<ModelBundle> load : loads) {
                assertSame(loads.get(0).get(), load.get(), "tasks of one job share one loaded model");
            }
        } finally {
            pool.shutdown();
        }
        assertSame(job, ExecutorModels.of("job-1", "cpu"));
        ExecutorModels other = ExecutorModels.of("job-2", "cpu");
        assertNotSame(job.model(task(model)), other.model(task(model)), "another job loads its own");
        ExecutorModels.release("job-1");
        ExecutorModels.release("job-2");
        assertNotSame(job, ExecutorModels.of("job-1", "cpu"), "a released job starts afresh");
        ExecutorModels.release("job-1");
    }

    @Test
    void aFailedLoadIsNotKept() throws IOException {
        Path model = dir.resolve("late.json");
        ExecutorModels job = ExecutorModels.of("job-3", "cpu");
        try {
            assertThrows(IllegalArgumentException.class, () -> job.model(task(model)));
            try (InputStream mixture = Main.class.getResourceAsStream("/io/diamondmaps/bench/demo-mixture.json")) {
                Files.copy(mixture, model);
            }
            job.model(task(model));
        } finally {
            ExecutorModels.release("job-3");
        }
    }
}
