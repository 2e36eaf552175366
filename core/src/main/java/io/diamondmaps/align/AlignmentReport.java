package io.diamondmaps.align;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diamondmaps.eval.SampleDistances;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.interpolant.Schedules;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.reward.RewardTilt;
import io.diamondmaps.util.Rng;

import java.util.Arrays;

/** What an alignment run reports: its work, time, reward, per-step diagnostics and, where known, its exactness. */
public final class AlignmentReport {
    private AlignmentReport() {
    }

    /**
     * Energy distance between {@code samples} and as many exact draws of the tilted mixture, or null where the reward
     * has no closed-form tilt.
     */
    public static Double distanceToExactTarget(GaussianMixture gmm, RewardTilt tilt, NDArray samples, Rng rng) {
        GaussianMixture target;
        try {
            target = ExactValue.tiltedTarget(gmm, tilt);
        } catch (IllegalArgumentException e) {
            return null;
        }
        try (NDArray exact = target.sample(samples.getManager(), samples.getShape().get(0), rng)) {
            return SampleDistances.energyDistance(samples, exact);
        }
    }

    /**
     * The JSON report of a run (the distance, when not null, measured on the run's first samples): method, aligner, reward, evaluation counts, wall time, mean reward, the distance to
     * the exact target (when not null), the mean log-normaliser (SMC) and the per-step diagnostics.
     */
    public static String json(String method, String aligner, RewardTilt tilt, AlignmentSummary r, Double distance,
            Interpolant interpolant, Reliability reliability) throws JsonProcessingException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("method", method);
        // The run's time axis as its full value: every t below is on it.
        root.set("interpolant", Schedules.toJsonNode(interpolant));
        root.put("aligner", aligner);
        root.put("reward", tilt.reward().describe());
        root.put("temperature", tilt.temperature());
        root.put("samples", r.samples());
        ObjectNode nfe = root.putObject("evaluations");
        nfe.put("model_calls", r.counter().modelCalls());
        nfe.put("model_rows", r.counter().modelRows());
        nfe.put("model_per_sample", r.nfePerSample());
        nfe.put("reward_rows", r.counter().rewardRows());
        nfe.put("gradient_rows", r.counter().gradientRows());
        root.put("wall_seconds", r.seconds());
        root.put("mean_reward", r.meanReward());
        if (distance != null) {
            root.put("energy_distance_to_exact_target", distance);
        }
        ObjectNode trust = root.putObject("reliability");
        trust.put("trusted", !reliability.untrusted());
        trust.put("measured", reliability.measured());
        if (reliability.untrusted()) {
            trust.put("warning", reliability.warning());
        }
        if (r.groupLogNormalisers().length > 0) {
            root.put("log_normaliser", Arrays.stream(r.groupLogNormalisers()).average().orElse(Double.NaN));
        }
        ArrayNode steps = root.putArray("steps");
        for (StepDiagnostics d : r.steps()) {
            ObjectNode s = steps.addObject();
            s.put("t", d.t());
            s.put("ess_fraction", d.essFraction());
            s.put("unique_ancestors", d.uniqueAncestors());
            s.put("resampled", d.resampled());
            putFinite(s, "log_normaliser", d.logNormaliser());
            putFinite(s, "mean_value", d.meanValue());
        }
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    private static void putFinite(ObjectNode node, String name, double v) {
        if (Double.isFinite(v)) {
            node.put(name, v);
        }
    }
}
