package io.diamondmaps.cli;

import io.diamondmaps.Fixtures;
import io.diamondmaps.bench.ImageDemo;
import io.diamondmaps.model.GaussianMixtureFile;
import io.diamondmaps.sample.OdeSolver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {
    @TempDir
    Path dir;
    Path spec;
    Path out;
    String err;

    @BeforeEach
    void writeSpec() throws IOException {
        spec = dir.resolve("gmm.json");
        GaussianMixtureFile.write(spec, Fixtures.mixture2d());
        out = dir.resolve("out.csv");
    }

    private int run(String... args) {
        StringWriter sw = new StringWriter();
        int code = Main.run(new PrintWriter(sw, true), args);
        err = sw.toString();
        return code;
    }

    private String model() {
        return "gmm:" + spec;
    }

    /**
     * A network trained on another schedule records its full value and runs SNR-matched on the run's interpolant;
     * schedules and time grids are options with clear errors.
     */
    @Test
    void schedulesAndTimeGridsAreOptions() throws IOException {
        Path ckpt = dir.resolve("ddpm.ckpt");
        String schedule = "{\"type\":\"ddpm\",\"beta_schedule\":\"scaled_linear\",\"beta_start\":0.00085,"
                + "\"beta_end\":0.012}";
        assertEquals(0, run("train", "flow", "--data", model(), "--schedule", schedule, "--steps", "3", "--batch",
                "16", "--width", "8", "--depth", "1", "--out", ckpt.toString()), err);
        com.fasterxml.jackson.databind.JsonNode meta = io.diamondmaps.model.neural.Checkpoint.readMetadata(ckpt);
        assertEquals(io.diamondmaps.interpolant.Schedules.parse(schedule),
                io.diamondmaps.interpolant.Schedules.fromJson(meta.get("schedule")));
        Path samples = dir.resolve("s.csv");
        for (String grid : new String[] {"uniform", "log-snr", "karras"}) {
            assertEquals(0, run("sample", "--model", ckpt.toString(), "--time-grid", grid, "--steps", "4", "--n", "3",
                    "--out", samples.toString()), err);
        }
        Files.delete(samples);
        assertFailsWith("--time-grid: unknown time grid 'cosine' (expected uniform, log-snr, karras)", "sample",
                "--model", model(), "--time-grid", "cosine", "--out", out.toString());
        assertFailsWith("the edm schedule has no noise end", "sample", "--model", model(), "--interpolant", "edm",
                "--out", out.toString());
        assertFailsWith("unknown schedule type 'karras'", "train", "flow", "--data", model(), "--schedule", "karras",
                "--out", out.toString());
    }

    @Test
    void pngOutputOfSamplesThatAreNeitherImagesNorPointsIsRefusedByNameInEveryCommand() throws IOException {
        Path cube = dir.resolve("cube.json");
        Files.writeString(cube, "{\"weights\":[1],\"means\":[[0,0,0]],\"covariances\":[[[1,0,0],[0,1,0],[0,0,1]]]}");
        Path reward = rewardFile("{\"type\":\"linear\",\"c\":[1,0,0]}");
        String png = dir.resolve("s.png").toString();
        assertFailsWith("--out: PNG output", "sample", "--model", "gmm:" + cube, "--n", "4", "--out", png);
        assertFailsWith("--out: PNG output", "align", "--model", "gmm:" + cube, "--reward", reward.toString(),
                "--method", "sir", "--particles", "2", "--n", "4", "--out", png);
        assertFalse(Files.exists(Path.of(png)));
    }

    private void assertFailsWith(String fragment, String... args) {
        int code = run(args);
        assertNotEquals(0, code, "expected failure for " + String.join(" ", args));
        assertTrue(err.contains(fragment), "stderr '" + err + "' lacks '" + fragment + "'");
        assertEquals(1, err.lines().filter(l -> l.startsWith("diamond: error:")).count(), err);
        assertFalse(Files.exists(out), "no output file may be left behind");
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temp file left behind");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void sampleWritesTheRequestedCsvAndIsReproducible() throws IOException {
        for (String method : new String[] {"exact", "ode", "ddpm", "glass", "early-stop"}) {
            assertEquals(0, run("sample", "--model", model(), "--method", method, "--steps", "4", "--inner-steps", "3",
                    "--n", "50", "--seed", "7", "--out", out.toString()), err);
            List<String> lines = Files.readAllLines(out);
            assertEquals(50, lines.size());
            assertEquals(2, lines.get(0).split(",").length);
            assertEquals(0, run("sample", "--model", model(), "--method", method, "--steps", "4", "--inner-steps", "3",
                    "--n", "50", "--seed", "7", "--out", dir.resolve("again.csv").toString()), err);
            assertEquals(lines, Files.readAllLines(dir.resolve("again.csv")), method + " must be reproducible");
        }
    }

    /** --chunk bounds the samples drawn at once; a deterministic sampler gives the same file for any chunk size. */
    @Test
    void chunkedRunsStreamTheirSamples() throws IOException {
        Path whole = dir.resolve("whole.csv");
        assertEquals(0, run("sample", "--model", model(), "--method", "ode", "--steps", "4", "--n", "50", "--out",
                whole.toString()), err);
        assertEquals(0, run("sample", "--model", model(), "--method", "ode", "--steps", "4", "--n", "50", "--chunk",
                "7", "--out", out.toString()), err);
        assertEquals(Files.readAllLines(whole), Files.readAllLines(out));
        assertEquals(0, run("posterior", "--model", model(), "--t", "0.3", "--x", "0.1,0.2", "--n", "20", "--chunk",
                "6", "--out", out.toString()), err);
        assertEquals(20, Files.readAllLines(out).size());
        assertEquals(0, run("transition", "--model", model(), "--t", "0.3", "--t-next", "0.6", "--x", "0.1,0.2", "--n",
                "20", "--chunk", "6", "--out", out.toString()), err);
        assertEquals(20, Files.readAllLines(out).size());
        Path reward = rewardFile("{\"type\":\"linear\",\"c\":[1,0]}");
        Path report = dir.resolve("report.json");
        // SMC groups of 4 stay whole: chunks of 8 particles hold 2 groups; the last chunk holds the 2 samples left.
        assertEquals(0, run("align", "--model", model(), "--reward", reward.toString(), "--value", "exact", "--steps",
                "3", "--particles", "4", "--n", "18", "--chunk", "8", "--out", out.toString(), "--report",
                report.toString()), err);
        assertEquals(18, Files.readAllLines(out).size());
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toFile());
        assertEquals(18, json.path("samples").asInt());
        assertEquals(3, json.path("steps").size());
        assertTrue(json.has("log_normaliser") && json.has("energy_distance_to_exact_target"), json.toString());
        Files.delete(out);
        assertFailsWith("--chunk", "sample", "--model", model(), "--n", "5", "--chunk", "0", "--out", out.toString());
    }

    /** "glass" is one integrator everywhere: the library default, which alignment's GLASS base also uses. */
    @Test
    void glassMeansTheDefaultInnerSolverInEveryCommand() throws IOException {
        assertEquals(io.diamondmaps.sample.OdeSolver.MIDPOINT,
                io.diamondmaps.sample.GlassFlow.DEFAULT_SOLVER);
        for (String command : new String[] {"posterior", "transition"}) {
            List<String> outputs = new java.util.ArrayList<>();
            for (String solver : new String[] {null, "midpoint", "euler"}) {
                List<String> args = new java.util.ArrayList<>(List.of(command, "--model", model(), "--t", "0.3",
                        "--x", "0.1,-0.3", "--sampler", "glass", "--inner-steps", "2", "--n", "20", "--seed", "5",
                        "--out", out.toString()));
                if (command.equals("transition")) {
                    args.addAll(List.of("--t-next", "0.7"));
                }
                if (solver != null) {
                    args.addAll(List.of("--inner-solver", solver));
                }
                assertEquals(0, run(args.toArray(String[]::new)), err);
                outputs.add(Files.readString(out));
            }
            assertEquals(outputs.get(1), outputs.get(0), command + ": the default is midpoint");
            assertNotEquals(outputs.get(2), outputs.get(0), command + ": euler is another integrator");
        }
    }

    @Test
    void posteriorAndTransitionWriteSamples() throws IOException {
        for (String sampler : new String[] {"exact", "glass"}) {
            assertEquals(0, run("posterior", "--model", model(), "--t", "0.5", "--x", "0.1,-0.3", "--sampler", sampler,
                    "--n", "20", "--out", out.toString()), err);
            assertEquals(20, Files.readAllLines(out).size());
        }
        for (String sampler : new String[] {"exact", "ddpm", "glass", "early-stop"}) {
            assertEquals(0, run("transition", "--model", model(), "--t", "0.2", "--t-next", "0.6", "--x", "0.1,-0.3",
                    "--sampler", sampler, "--n", "20", "--out", out.toString()), err);
            assertEquals(20, Files.readAllLines(out).size());
        }
    }

    private Path rewardFile(String json) throws IOException {
        Path r = dir.resolve("reward.json");
        Files.writeString(r, json);
        return r;
    }

    @Test
    void alignWritesSamplesAndAReport() throws IOException {
        Path reward = rewardFile("{\"type\":\"quadratic\",\"A\":[[1,0.5]],\"y\":[-0.6],\"noise\":0.3,\"temperature\":0.5}");
        Path report = dir.resolve("report.json");
        for (String method : new String[] {"smc", "guidance", "sir", "best-of-n", "beam"}) {
            assertEquals(0, run("align", "--model", model(), "--reward", reward.toString(), "--method", method,
                    "--value", "exact", "--steps", "4", "--particles", "4", "--n", "16", "--out", out.toString(),
                    "--report", report.toString()), err);
            assertEquals(16, Files.readAllLines(out).size());
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toFile());
            assertTrue(json.path("evaluations").has("model_per_sample"), json.toString());
            assertTrue(json.has("wall_seconds") && json.has("mean_reward") && json.has("steps"), json.toString());
            assertTrue(json.has("energy_distance_to_exact_target"), json.toString());
        }
        for (String value : new String[] {"posterior-mc", "plugin", "weighted"}) {
            assertEquals(0, run("align", "--model", model(), "--reward", reward.toString(), "--value", value,
                    "--steps", "3", "--particles", "4", "--mc-samples", "2", "--n", "8", "--out", out.toString()), err);
        }
    }

    private com.fasterxml.jackson.databind.JsonNode alignReport(String... options) throws IOException {
        Path reward = rewardFile("{\"type\":\"quadratic\",\"A\":[[1,0.5]],\"y\":[-0.6],\"noise\":0.3}");
        Path report = dir.resolve("report.json");
        List<String> args = new java.util.ArrayList<>(List.of("align", "--model", model(), "--reward",
                reward.toString(), "--out", out.toString(), "--report", report.toString()));
        args.addAll(List.of(options));
        assertEquals(0, run(args.toArray(String[]::new)), err);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toFile());
    }

    /** What the options select shows in the results: distances to the exact target, counted NFE, moments. */
    @Test
    void alignOptionsReachTheAlgorithms() throws IOException {
        // Exact-gradient guidance on flow-map jumps lands on the tilted target; dropping the guidance does not.
        double guided = alignReport("--method", "guidance", "--value", "exact", "--base", "ode", "--steps", "32",
                "--n", "600").path("energy_distance_to_exact_target").asDouble();
        double unguided = alignReport("--method", "best-of-n", "--particles", "1", "--base", "ode", "--steps", "8",
                "--n", "600").path("energy_distance_to_exact_target").asDouble();
        assertTrue(guided < 0.03 && unguided > 0.2, "guided " + guided + ", unguided " + unguided);
        // The three guidance scales are three different algorithms.
        java.util.Set<String> outputs = new java.util.HashSet<>();
        for (String mode : new String[] {"kappa", "constant", "auto"}) {
            alignReport("--method", "guidance", "--value", "exact", "--base", "ode", "--steps", "4",
                    "--guidance-scale", mode, "--n", "20");
            outputs.add(Files.readString(out));
        }
        assertEquals(3, outputs.size(), "kappa, constant and auto scales give three different results");
        // One output per group of P particles costs P times the work of all particles output (without the value pool,
        // whose draws cost the same for both).
        double all = alignReport("--method", "smc", "--value", "plugin", "--base", "ddpm", "--particles", "4",
                "--steps", "3", "--n", "16", "--pool-draws", "0").path("evaluations").path("model_per_sample").asDouble();
        double onePerGroup = alignReport("--method", "smc", "--value", "plugin", "--base", "ddpm", "--particles", "4",
                "--steps", "3", "--smc-output", "one-per-group", "--n", "16", "--pool-draws", "0").path("evaluations")
                .path("model_per_sample").asDouble();
        assertEquals(4 * all, onePerGroup, 1e-9);
        // NFE is counted: SMC with GLASS values, 2 midpoint inner steps (4 evaluations) per base step and per draw;
        // the per-step draws 1, 1, 2 of steps 1–3 (the last step reads the reward, so its 3 are never drawn).
        double nfe = alignReport("--method", "smc", "--value", "posterior-mc", "--steps", "4", "--particles", "1",
                "--inner-steps", "2", "--mc-samples", "1,1,2,3", "--n", "8", "--pool-draws", "0").path("evaluations")
                .path("model_per_sample").asDouble();
        assertEquals(4 * 4 + 4 * (1 + 1 + 2), nfe, 1e-9);
        // A damped plug-in measures the posterior's spread with two more denoiser calls per value (DDPM base: one call
        // per step; values at steps 1-2): 3 + 2 undamped, 3 + 2·3 damped.
        String[] plugin = {"--method", "smc", "--value", "plugin", "--base", "ddpm", "--particles", "1", "--steps", "3",
            "--n", "8", "--pool-draws", "0"};
        assertEquals(5, alignReport(plugin).path("evaluations").path("model_per_sample").asDouble(), 1e-9);
        List<String> damped = new java.util.ArrayList<>(List.of(plugin));
        damped.add("--damped");
        assertEquals(9, alignReport(damped.toArray(String[]::new)).path("evaluations").path("model_per_sample")
                .asDouble(), 1e-9);
        // Tempered and plain twists, annealed values and guidance's own default of 128 steps reach the algorithms.
        java.util.Set<String> smcOutputs = new java.util.HashSet<>();
        for (String[] extra : new String[][] {{}, {"--twist-ess", "0"}, {"--anneal", "0.2"}}) {
            List<String> args = new java.util.ArrayList<>(List.of("--method", "smc", "--value", "plugin", "--particles",
                    "8", "--steps", "4", "--n", "16", "--pool-draws", "0")); // pooled twists are not tempered here
            args.addAll(List.of(extra));
            alignReport(args.toArray(String[]::new));
            smcOutputs.add(Files.readString(out));
        }
        assertEquals(3, smcOutputs.size(), "tempered, plain and annealed SMC give three different results");
        assertTrue(alignReport("--method", "guidance", "--value", "exact", "--n", "4").path("aligner").asText()
                .contains("128 steps"));
        Files.delete(out);
        assertFailsWith("--mc-samples", "align", "--model", model(), "--reward",
                rewardFile("{\"type\":\"linear\",\"c\":[1,2]}").toString(), "--steps", "4", "--mc-samples", "1,2",
                "--out", dir.resolve("never.csv").toString());
    }

    @Test
    void interpolantAndTrainingOptionsReachTheirCode() throws IOException {
        // The trigonometric interpolant changes the path: exact posteriors of the same x_t differ from the linear ones.
        assertEquals(0, run("posterior", "--model", model(), "--t", "0.5", "--x", "0.4,-0.3", "--sampler", "exact",
                "--n", "2000", "--out", out.toString()), err);
        double[] linear = columnMeans(out);
        assertEquals(0, run("posterior", "--model", model(), "--interpolant", "trig", "--t", "0.5", "--x", "0.4,-0.3",
                "--sampler", "exact", "--n", "2000", "--out", out.toString()), err);
        double[] trig = columnMeans(out);
        assertTrue(Math.abs(linear[0] - trig[0]) + Math.abs(linear[1] - trig[1]) > 0.05,
                java.util.Arrays.toString(linear) + " vs " + java.util.Arrays.toString(trig));
        Path ckpt = dir.resolve("p.ckpt");
        assertEquals(0, run("train", "flowmap", "--data", "toy:moons", "--objective", "progressive", "--steps", "3",
                "--batch", "16", "--width", "8", "--depth", "1", "--out", ckpt.toString()), err);
        var meta = io.diamondmaps.model.neural.Checkpoint.readMetadata(ckpt);
        assertEquals("progressive", meta.path("training").path("objective").asText());
        assertEquals("toy:moons", meta.path("data").asText());
        Path d = dir.resolve("g.ckpt");
        assertEquals(0, run("train", "diamond", "--teacher", model(), "--general-t-prime", "--s-max", "0.9",
                "--steps", "2", "--batch", "16", "--width", "8", "--depth", "1", "--out", d.toString()), err);
        var diamond = io.diamondmaps.model.neural.Checkpoint.readMetadata(d).path("diamond");
        assertFalse(diamond.path("fixed_t_prime").asBoolean(true));
        assertEquals(0.9, diamond.path("s_max").asDouble(), 0);
    }

    private static double[] columnMeans(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        double[] sum = new double[lines.get(0).split(",").length];
        for (String l : lines) {
            String[] v = l.split(",");
            for (int j = 0; j < v.length; j++) {
                sum[j] += Double.parseDouble(v[j]) / lines.size();
            }
        }
        return sum;
    }

    @Test
    void alignRejectsBadRewardsAndCounts() throws IOException {
        Path unknown = rewardFile("{\"type\":\"magic\",\"c\":[1,2]}");
        assertFailsWith("unknown reward type", "align", "--model", model(), "--reward", unknown.toString(),
                "--out", out.toString());
        Path wrongDim = rewardFile("{\"type\":\"linear\",\"c\":[1,2,3]}");
        assertFailsWith("reads 3 values per sample", "align", "--model", model(), "--reward", wrongDim.toString(),
                "--out", out.toString());
        Path linear = rewardFile("{\"type\":\"linear\",\"c\":[1,2]}");
        assertFailsWith("--particles", "align", "--model", model(), "--reward", linear.toString(), "--particles", "0",
                "--out", out.toString());
        assertFailsWith("unknown --method", "align", "--model", model(), "--reward", linear.toString(),
                "--method", "magic", "--out", out.toString());
        assertFailsWith("temperature", "align", "--model", model(), "--reward",
                rewardFile("{\"type\":\"linear\",\"c\":[1,2],\"temperature\":0}").toString(), "--out", out.toString());
        assertFailsWith("malformed reward", "align", "--model", model(), "--reward",
                rewardFile("{\"type\":").toString(), "--out", out.toString());
    }

    @Test
    void trainWritesACheckpointThatEveryCommandCanUse() throws IOException {
        Path ckpt = dir.resolve("fm.ckpt");
        assertEquals(0, run("train", "flowmap", "--data", model(), "--steps", "30", "--batch", "64", "--width", "32",
                "--depth", "1", "--checkpoint-every", "10", "--out", ckpt.toString()), err);
        assertTrue(Files.exists(ckpt));
        assertEquals(31, Files.readAllLines(dir.resolve("fm.ckpt.csv")).size(), "header + one row per step");
        for (String method : new String[] {"ode", "flowmap", "glass"}) {
            assertEquals(0, run("sample", "--model", ckpt.toString(), "--method", method, "--steps", "2",
                    "--inner-steps", "2", "--n", "10", "--out", out.toString()), err);
            assertEquals(10, Files.readAllLines(out).size());
        }
        assertEquals(0, run("posterior", "--model", ckpt.toString(), "--t", "0.5", "--x", "0.1,0.2", "--n", "5",
                "--out", out.toString()), err);
        Path reward = rewardFile("{\"type\":\"linear\",\"c\":[1,0]}");
        assertEquals(0, run("align", "--model", ckpt.toString(), "--reward", reward.toString(), "--value", "weighted",
                "--steps", "3", "--particles", "4", "--n", "8", "--out", out.toString()), err);
        assertEquals(0, run("sample", "--model", ckpt.toString(), "--method", "flowmap", "--steps", "1", "--n", "50",
                "--out", dir.resolve("s.png").toString()), err);
        assertTrue(Files.size(dir.resolve("s.png")) > 1000);
        // Resuming a finished run is a no-op; exact-only samplers need a gmm: model.
        assertEquals(0, run("train", "flowmap", "--data", model(), "--steps", "30", "--batch", "64", "--width", "32",
                "--depth", "1", "--resume", "--out", ckpt.toString()), err);
        Files.delete(out);
        assertFailsWith("needs an exact model", "sample", "--model", ckpt.toString(), "--method", "exact",
                "--out", out.toString());
    }

    @Test
    void aDistilledDiamondMapServesPosteriorTransitionSampleAndAlign() throws IOException {
        Path d = dir.resolve("d.ckpt");
        assertEquals(0, run("train", "diamond", "--teacher", model(), "--steps", "20", "--batch", "64", "--width", "16",
                "--depth", "1", "--out", d.toString()), err);
        assertEquals(21, Files.readAllLines(dir.resolve("d.ckpt.csv")).size(), "header + one row per step");
        String sampler = "diamond:" + d;
        assertEquals(0, run("posterior", "--model", model(), "--t", "0.5", "--x", "0.1,0.2", "--sampler", sampler,
                "--inner-steps", "1", "--n", "7", "--out", out.toString()), err);
        assertEquals(7, Files.readAllLines(out).size());
        assertEquals(0, run("transition", "--model", model(), "--t", "0.2", "--t-next", "0.6", "--x", "0.1,0.2",
                "--sampler", sampler, "--inner-steps", "2", "--n", "7", "--out", out.toString()), err);
        assertEquals(7, Files.readAllLines(out).size());
        for (String method : new String[] {"diamond", "diamond-renoise"}) {
            assertEquals(0, run("sample", "--model", d.toString(), "--method", method, "--outer-steps", "2",
                    "--inner-steps", "1", "--n", "9", "--seed", "3", "--out", out.toString()), err);
            List<String> lines = Files.readAllLines(out);
            assertEquals(9, lines.size());
            assertEquals(0, run("sample", "--model", d.toString(), "--method", method, "--outer-steps", "2",
                    "--inner-steps", "1", "--n", "9", "--seed", "3", "--out", out.toString()), err);
            assertEquals(lines, Files.readAllLines(out), method + " must be reproducible");
        }
        Path reward = rewardFile("{\"type\":\"linear\",\"c\":[1,0]}");
        assertEquals(0, run("align", "--model", model(), "--reward", reward.toString(), "--posterior", sampler,
                "--base", sampler, "--steps", "3", "--particles", "4", "--n", "8", "--out", out.toString()), err);
        assertEquals(0, run("align", "--model", d.toString(), "--reward", reward.toString(), "--method", "guidance",
                "--posterior", "diamond", "--steps", "3", "--n", "8", "--out", out.toString()), err);
        Files.delete(out);

        assertFailsWith("needs a Posterior Diamond Map", "align", "--model", model(), "--reward", reward.toString(),
                "--posterior", "diamond", "--out", out.toString());
        assertFailsWith("the diamond transition needs a Posterior Diamond Map", "sample", "--model", model(), "--method",
                "diamond", "--out", out.toString());
        Path other = dir.resolve("gmm1.json");
        GaussianMixtureFile.write(other, Fixtures.gaussian1d());
        assertFailsWith("distilled for samples of shape", "posterior", "--model", "gmm:" + other, "--t", "0.5", "--x",
                "0.1", "--sampler", sampler, "--out", out.toString());
        assertFailsWith("not a Diamond checkpoint", "posterior", "--model", model(), "--t", "0.5", "--x", "0.1,0.2",
                "--sampler", "diamond:" + dir.resolve("d.ckpt.csv"), "--out", out.toString());
        assertFailsWith("is itself a Diamond Map", "train", "diamond", "--teacher", d.toString(), "--steps", "1",
                "--out", out.toString());
    }

    @Test
    void trainRejectsBadInput() throws IOException {
        assertEquals(2, run("train", "diffusion", "--data", model(), "--out", out.toString()));
        assertTrue(err.contains("Unmatched argument"), err);
        assertFailsWith("--data: unknown data set 'imagenet'", "train", "flow", "--data", "imagenet", "--out",
                out.toString());
        assertFailsWith("unknown toy", "train", "flow", "--data", "toy:spiral", "--out", out.toString());
        assertFailsWith("--balance: balance applies to an exact mixture's own data", "train", "diamond", "--teacher",
                model(), "--data", "toy:moons", "--balance", "0.5", "--steps", "1", "--out", out.toString());
        assertFailsWith("--balance: the component balance must be in [0, 1]", "train", "diamond", "--teacher",
                model(), "--balance", "2", "--steps", "1", "--out", out.toString());
        Path junk = dir.resolve("junk.ckpt");
        Files.writeString(junk, "not a checkpoint");
        assertFailsWith("not a Diamond checkpoint", "sample", "--model", junk.toString(), "--out", out.toString());
    }

    @Test
    void malformedJsonIsRejected() throws IOException {
        Files.writeString(spec, "{\"weights\": [1,");
        assertFailsWith("malformed", "sample", "--model", model(), "--out", out.toString());
    }

    @Test
    void nonPositiveDefiniteCovarianceIsRejected() throws IOException {
        Files.writeString(spec, "{\"weights\":[1],\"means\":[[0,0]],\"covariances\":[[[1,2],[2,1]]]}");
        assertFailsWith("not positive definite", "sample", "--model", model(), "--out", out.toString());
    }

    @Test
    void missingSpecFileIsRejected() {
        assertFailsWith("not found", "sample", "--model", "gmm:" + dir.resolve("nope.json"), "--out", out.toString());
    }

    @Test
    void wrongDimensionOfXIsRejected() {
        assertFailsWith("dimension 2", "posterior", "--model", model(), "--t", "0.5", "--x", "1,2,3",
                "--out", out.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"nan", "1e999", "abc"})
    void nonFiniteOrNonNumericXIsRejected(String bad) {
        assertFailsWith("--x", "posterior", "--model", model(), "--t", "0.5", "--x", "0.1," + bad,
                "--out", out.toString());
    }

    @Test
    void timesOutsideTheUnitIntervalAreRejected() {
        assertFailsWith("[0, 1]", "posterior", "--model", model(), "--t", "1.5", "--x", "0,0", "--out", out.toString());
        assertFailsWith("[0, 1]", "transition", "--model", model(), "--t", "-0.1", "--t-next", "0.5", "--x", "0,0",
                "--out", out.toString());
        assertFailsWith("[0, 1]", "posterior", "--model", model(), "--t", "NaN", "--x", "0,0", "--out", out.toString());
    }

    @Test
    void tNextNotAfterTIsRejected() {
        assertFailsWith("greater than", "transition", "--model", model(), "--t", "0.6", "--t-next", "0.6",
                "--x", "0,0", "--out", out.toString());
    }

    @Test
    void unknownMethodAndBadCountsAreRejected() {
        assertFailsWith("--method: unknown generation method 'magic'", "sample", "--model", model(), "--method", "magic",
                "--out", out.toString());
        assertFailsWith("--n", "sample", "--model", model(), "--n", "0", "--out", out.toString());
        assertFailsWith("--steps", "sample", "--model", model(), "--steps", "0", "--out", out.toString());
        assertFailsWith("neither gmm:SPEC.json, torchscript:MODEL.pt nor a checkpoint", "sample", "--model", "foo.bin", "--out", out.toString());
    }

    @Test
    void unwritableOutputFailsAndKeepsNothing() throws IOException {
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "x");
        int code = run("sample", "--model", model(), "--n", "5", "--out", blocker.resolve("out.csv").toString());
        assertNotEquals(0, code);
        assertTrue(err.startsWith("diamond: error:") && err.contains("out.csv"), "stderr: " + err);
    }

    @Test
    void aFailedRunKeepsAnEarlierResult() throws IOException {
        assertEquals(0, run("sample", "--model", model(), "--method", "exact", "--n", "5", "--out", out.toString()));
        String before = Files.readString(out);
        assertNotEquals(0, run("sample", "--model", model(), "--method", "magic", "--n", "5", "--out", out.toString()));
        assertEquals(before, Files.readString(out));
    }

    @Test
    void missingRequiredOptionIsAUsageError() {
        assertEquals(2, run("sample", "--out", out.toString()));
        assertTrue(err.contains("--model"), err);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sample", "posterior", "transition", "align", "train flow", "train flowmap",
        "train diamond", "train classifier", "demo", "bench diamond", "bench fashion-mnist-align"})
    void everyCommandHasHelp(String command) {
        java.io.PrintStream saved = System.out;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(buf, true));
        try {
            assertEquals(0, run((command + " --help").split(" ")));
        } finally {
            System.setOut(saved);
        }
        String help = buf.toString();
        assertTrue(help.contains("Usage: diamond " + command), help);
        assertTrue(help.contains("--seed"), help);
    }

    @Test
    void demoRunsAndWritesItsFiles() throws IOException {
        Path demo = dir.resolve("demo");
        assertEquals(0, run("demo", "--n", "300", "--out-dir", demo.toString()), err);
        assertTrue(Files.size(demo.resolve("samples.png")) > 10_000);
        assertTrue(Files.readString(demo.resolve("distances.md")).contains("glass"));
    }

    /** The committed Fashion-MNIST models, read from the repository root (the tests' working directory). */
    private static final String MODELS = "models";

    @Test
    void demoImagesInpaintsImagesOfTheShippedSubset() throws IOException {
        Path demo = dir.resolve("demo");
        assertEquals(0, run("demo", "--images", "--data-dir", "subset", "--out-dir", demo.toString()), err);
        assertTrue(Files.size(demo.resolve("inpainting.png")) > 5_000);
        assertTrue(Files.size(demo.resolve("class.png")) > 5_000);
        String table = Files.readString(demo.resolve("images.md"));
        assertTrue(table.contains("PSNR") && table.contains("classified as 1"), table);
        assertTrue(table.contains("subset shipped with Diamond"), table);
        assertFailsWith("does not exist", "demo", "--images", "--data-dir", dir.resolve("no-data").toString(),
                "--out-dir", demo.toString());
    }

    @Test
    void alignReadsAClassifierRewardFileOnImages() throws IOException {
        Path reward = rewardFile("{\"type\":\"classifier\",\"checkpoint\":\""
                + Path.of(MODELS, ImageDemo.CLASSIFIER).toAbsolutePath() + "\",\"class\":1}");
        Path png = dir.resolve("aligned.png");
        assertEquals(0, run("align", "--model", Path.of(MODELS, ImageDemo.DIAMOND).toString(), "--reward",
                reward.toString(), "--method", "guidance", "--value", "posterior-mc", "--posterior", "diamond",
                "--base", "ode", "--guidance-scale", "auto", "--steps", "2", "--mc-samples", "1", "--mc-inner-steps", "1",
                "--n", "2", "--out", png.toString()), err);
        assertTrue(Files.size(png) > 500);
        assertFailsWith("out of range", "align", "--model", Path.of(MODELS, ImageDemo.FLOW_MAP).toString(), "--reward",
                rewardFile("{\"type\":\"classifier\",\"checkpoint\":\"" + Path.of(MODELS, ImageDemo.CLASSIFIER)
                        .toAbsolutePath() + "\",\"class\":10}").toString(), "--out", out.toString());
    }

    /**
     * The command's wiring (options, the default data: the full set where Debian's package is installed, the shipped
     * subset elsewhere); {@code BenchmarksTest} runs every task of the benchmark itself.
     */
    @Test
    void imageAlignmentBenchmarkRunsOnTheDefaultData() throws IOException {
        Path results = dir.resolve("bench");
        assertEquals(0, run("bench", "fashion-mnist-align", "--tasks", "posterior,inpainting", "--measurements", "1",
                "--per-measurement", "2", "--steps", "2", "--mc-samples", "2", "--calibration-images", "2",
                "--calibration-draws", "3", "--out-dir", results.toString()), err);
        String report = Files.readString(results.resolve("fashion-mnist-align.md"));
        assertTrue(report.contains(io.diamondmaps.data.FashionMnist.source(null).describe()), report);
        assertTrue(report.contains("--calibration-images 2 --calibration-draws 3"), report);
        for (String section : new String[] {"Posterior draws", "Inpainting", "Diamond values", "Weighted Diamond",
            "Tweedie", "flow-map plug-in", "best-of-"}) {
            assertTrue(report.contains(section), section + " missing from\n" + report);
        }
        assertFalse(report.contains("Class reward"), "only the tasks asked for run");
        assertTrue(Files.size(results.resolve("fashion-mnist-align-inpainting.png")) > 1_000);
    }
}
