package io.diamondmaps.cli;

import io.diamondmaps.model.torchscript.TorchScriptFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command that takes a model, run on a PyTorch module written in the diffusion convention (noise at τ = 1, data
 * prediction), against the same command on the exact mixture the module computes: same seeds, same samples.
 */
class TorchScriptCliTest {
    @TempDir
    Path dir;
    String err;

    private int run(String... args) {
        StringWriter sw = new StringWriter();
        int code = Main.run(new PrintWriter(sw, true), args);
        err = sw.toString();
        return code;
    }

    private static String module(String name) {
        return "torchscript:" + TorchScriptFixtures.file(name + ".pt");
    }

    private static String exact() {
        return "gmm:" + TorchScriptFixtures.file("mixture.json");
    }

    /** Runs the command on the module and on the exact mixture; the largest difference of their CSV values. */
    private double differenceToExact(String... command) throws IOException {
        List<double[]> outputs = new ArrayList<>();
        for (String model : new String[] {module("mixture_data"), exact()}) {
            Path out = dir.resolve(outputs.size() + ".csv");
            List<String> args = new ArrayList<>(List.of(command));
            args.addAll(List.of("--model", model, "--out", out.toString()));
            assertEquals(0, run(args.toArray(String[]::new)), err);
            outputs.add(values(out));
        }
        assertEquals(outputs.get(0).length, outputs.get(1).length);
        double max = 0;
        for (int i = 0; i < outputs.get(0).length; i++) {
            max = Math.max(max, Math.abs(outputs.get(0)[i] - outputs.get(1)[i]));
        }
        System.out.println(String.join(" ", command) + ": " + max);
        return max;
    }

    private static double[] values(Path csv) throws IOException {
        return Files.readAllLines(csv).stream().filter(l -> !l.isBlank() && Character.isDigit(l.replace("-", "")
                .charAt(0))).flatMap(l -> java.util.Arrays.stream(l.split(","))).mapToDouble(Double::parseDouble)
                .toArray();
    }

    @Test
    void sampleTransitionPosteriorAndAlignRunOnAModuleAsOnTheExactMixture() throws IOException {
        assertTrue(differenceToExact("sample", "--method", "ode", "--outer-steps", "32", "--n", "200", "--seed", "1")
                < 1e-3);
        assertTrue(differenceToExact("sample", "--method", "glass", "--outer-steps", "4", "--n", "200", "--seed",
                "1") < 1e-3);
        assertTrue(differenceToExact("posterior", "--t", "0.4", "--x", "0.3,0.2", "--sampler", "glass", "--n", "200",
                "--seed", "2") < 1e-3);
        assertTrue(differenceToExact("transition", "--t", "0.2", "--t-next", "0.6", "--x", "0.3,0.2", "--sampler",
                "glass", "--n", "200", "--seed", "3") < 1e-3);
        Path reward = TorchScriptFixtures.file("quadratic_reward_json.json");
        assertTrue(differenceToExact("align", "--reward", reward.toString(), "--method", "guidance", "--steps", "8",
                "--n", "100", "--seed", "4") < 1e-3);
        assertTrue(differenceToExact("align", "--reward", reward.toString(), "--steps", "4", "--particles", "4",
                "--n", "64", "--seed", "5") < 1e-3);
        // Pathwise gradients differentiate through the module along the whole GLASS inner flow.
        assertTrue(differenceToExact("align", "--reward", reward.toString(), "--method", "guidance", "--gradient",
                "pathwise", "--steps", "4", "--mc-samples", "2", "--n", "64", "--seed", "6") < 1e-3);
    }

    /** SMC resamples by comparing weights, so a reward that differs would change which particles survive. */
    @Test
    void aTorchScriptRewardGivesTheSmcResultOfItsJsonTwin() throws IOException {
        List<double[]> outputs = new ArrayList<>();
        for (String reward : new String[] {"quadratic_reward.json", "quadratic_reward_json.json"}) {
            Path out = dir.resolve(outputs.size() + ".csv");
            assertEquals(0, run("align", "--model", exact(), "--reward", TorchScriptFixtures.file(reward).toString(),
                    "--method", "smc", "--steps", "6", "--particles", "8", "--n", "200", "--seed", "5", "--out",
                    out.toString()), err);
            outputs.add(values(out));
        }
        double max = 0;
        for (int i = 0; i < outputs.get(0).length; i++) {
            max = Math.max(max, Math.abs(outputs.get(0)[i] - outputs.get(1)[i]));
        }
        assertTrue(max < 1e-4, "largest difference " + max);
    }

    @Test
    void aRewardModuleWorksInsideASumWithAPathFromTheRewardFilesFolder() throws IOException {
        Files.copy(TorchScriptFixtures.file("quadratic_reward.pt"), dir.resolve("r.pt"));
        Path sum = dir.resolve("sum.json");
        Files.writeString(sum, "{\"type\":\"sum\",\"terms\":[{\"weight\":0.25,\"reward\":{\"type\":\"torchscript\","
                + "\"file\":\"r.pt\"}},{\"weight\":0.75,\"reward\":" + Files.readString(
                TorchScriptFixtures.file("quadratic_reward_json.json")).strip() + "}]}");
        List<double[]> outputs = new ArrayList<>();
        for (Path reward : new Path[] {sum, TorchScriptFixtures.file("quadratic_reward_json.json")}) {
            Path out = dir.resolve(outputs.size() + ".csv");
            assertEquals(0, run("align", "--model", exact(), "--reward", reward.toString(), "--steps", "4",
                    "--particles", "4", "--n", "64", "--seed", "7", "--out", out.toString()), err);
            outputs.add(values(out));
        }
        for (int i = 0; i < outputs.get(0).length; i++) {
            assertEquals(outputs.get(1)[i], outputs.get(0)[i], 1e-4);
        }
    }

    @Test
    void aFlowMapModuleSamplesInJumps() throws IOException {
        Path out = dir.resolve("map.csv");
        assertEquals(0, run("sample", "--model", module("gaussian_flow_map"), "--method", "flowmap", "--outer-steps",
                "2", "--n", "4000", "--seed", "6", "--out", out.toString()), err);
        double[] v = values(out);
        double mean0 = 0;
        double mean1 = 0;
        for (int i = 0; i < v.length; i += 2) {
            mean0 += v[i] / (v.length / 2.0);
            mean1 += v[i + 1] / (v.length / 2.0);
        }
        // The data distribution N((1, −0.5), diag(0.5, 0.2)): standard errors 0.011 and 0.007.
        assertEquals(1.0, mean0, 0.05);
        assertEquals(-0.5, mean1, 0.05);
    }

    @Test
    void aDiamondMapDistilsFromAModuleTeacher() throws IOException {
        Path d = dir.resolve("d.ckpt");
        Path out = dir.resolve("post.csv");
        assertNotEquals(0, run("train", "diamond", "--teacher", module("mixture_data"), "--steps", "2", "--out",
                d.toString()));
        assertTrue(err.contains("--data: data is required with a TorchScript teacher"), err);
        assertEquals(0, run("train", "diamond", "--teacher", module("mixture_data"), "--data", exact(), "--steps",
                "20", "--batch", "64", "--width", "16", "--depth", "1", "--out", d.toString()), err);
        assertEquals(0, run("posterior", "--model", module("mixture_data"), "--t", "0.5", "--x", "0.1,0.2",
                "--sampler", "diamond:" + d, "--n", "7", "--out", out.toString()), err);
        assertEquals(7, Files.readAllLines(out).size());
        assertEquals(0, run("sample", "--model", d.toString(), "--method", "diamond", "--outer-steps", "2", "--n",
                "5", "--out", out.toString()), err);
        assertEquals(5, Files.readAllLines(out).size());
    }

    /** A DDPM image module (timestep index, epsilon) as the teacher of a U-Net Diamond Map on Fashion-MNIST. */
    @Test
    void aDiamondMapDistilsFromAnImageDdpmTeacher() throws IOException {
        Path d = dir.resolve("image.ckpt");
        Path out = dir.resolve("image.png");
        assertEquals(0, run("train", "diamond", "--teacher", module("schedule_ddpm_image"), "--data", "fashion-mnist",
                "--data-dir", "subset", "--steps", "2", "--batch", "4", "--base", "4", "--out", d.toString()), err);
        assertEquals(0, run("sample", "--model", d.toString(), "--method", "diamond", "--outer-steps", "2", "--n",
                "2", "--out", out.toString()), err);
        assertTrue(Files.size(out) > 0);
    }

    @Test
    void devicesAndBrokenModulesGetClearErrors() throws IOException {
        Path out = dir.resolve("x.csv");
        assertEquals(0, run("sample", "--model", module("mixture_data"), "--device", "cpu", "--n", "3", "--out",
                out.toString()), err);
        assertNotEquals(0, run("sample", "--model", module("mixture_data"), "--device", "tpu", "--out",
                out.toString()));
        assertTrue(err.contains("unknown device 'tpu' (expected cpu, gpu (the first GPU) or gpu:N)"), err);
        if (ai.djl.engine.Engine.getInstance().getGpuCount() == 0) {
            assertNotEquals(0, run("sample", "--model", module("mixture_data"), "--device", "gpu", "--out",
                    out.toString()));
            assertTrue(err.contains("device gpu:"), err);
        }
        Path lonely = dir.resolve("lonely.pt");
        Files.copy(TorchScriptFixtures.file("mixture_data.pt"), lonely);
        assertNotEquals(0, run("sample", "--model", "torchscript:" + lonely, "--out", out.toString()));
        assertTrue(err.contains("diamond: error: the model description " + dir.resolve("lonely.json")
                + " is missing"), err);
        assertNotEquals(0, run("bench", "fashion-mnist-align", "--model", module("mixture_data"), "--out-dir",
                dir.toString()));
        assertTrue(err.contains("--model must be a flow map of Fashion-MNIST"), err);
        Path reward = dir.resolve("r.json");
        Files.writeString(reward, "{\"type\":\"torchscript\",\"file\":\"missing.pt\"}");
        assertNotEquals(0, run("align", "--model", exact(), "--reward", reward.toString(), "--out", out.toString()));
        assertTrue(err.contains("TorchScript reward module not found: " + dir.resolve("missing.pt")), err);
    }
}
