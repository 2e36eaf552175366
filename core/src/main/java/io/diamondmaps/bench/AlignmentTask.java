package io.diamondmaps.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.diamondmaps.align.AlignmentReport;
import io.diamondmaps.align.Reliability;
import io.diamondmaps.align.AlignmentResult;
import io.diamondmaps.align.AlignmentSpec;
import io.diamondmaps.align.AlignmentSummary;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.load.ModelBundle;
import io.diamondmaps.model.load.ModelLoader;
import io.diamondmaps.reward.RewardTilt;
import io.diamondmaps.util.AtomicFiles;
import io.diamondmaps.util.Rng;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One alignment run, as {@code diamond align} does it: draw {@code output.n()} samples of the reward-tilted target
 * with the aligner {@code spec} describes, write them, and report the work done. The model is loaded separately
 * ({@link #loadModel}) so that many tasks on the same model can share one copy.
 *
 * @param model the model spec ({@link ModelLoader#load})
 * @param interpolant the interpolant of a gmm: model
 * @param diamond the Diamond Map checkpoint the spec's posterior or base names, or null
 * @param reward the reward file
 * @param spec the aligner
 * @param method the method's name, as the report states it
 * @param output where the samples go
 * @param seed the run's seed: the same seed and task give the same samples
 * @param report where the JSON report goes, or null
 */
public record AlignmentTask(String model, Interpolant interpolant, Path diamond, Path reward, AlignmentSpec spec,
        String method, SampleOutput output, long seed, Path report) {
    /** Samples kept for the energy distance to the exact target (its cost grows with the square of the count). */
    static final long DISTANCE_SAMPLES = 10_000;

    public AlignmentTask {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(interpolant, "interpolant");
        Objects.requireNonNull(reward, "reward");
        Objects.requireNonNull(spec, "alignment spec");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(output, "output");
    }

    /** What the task loads: tasks with equal keys can share one loaded model. */
    public record ModelKey(String model, Interpolant interpolant, Path diamond) {
    }

    public ModelKey modelKey() {
        return new ModelKey(model, interpolant, diamond);
    }

    /** The model, with the Diamond Map the spec names, on {@code manager}. */
    public ModelBundle loadModel(NDManager manager) throws IOException {
        ModelBundle loaded = ModelLoader.load(model, interpolant, manager);
        return diamond == null ? loaded : loaded.withDiamond(diamond, manager);
    }

    /**
     * What a run did.
     *
     * @param aligner the aligner's description
     * @param summary work, time, rewards and diagnostics over all chunks
     * @param distance energy distance of the first {@code distanceSamples} samples to the exact tilted target, or null
     *     where the model or the reward has no closed form
     * @param distanceSamples how many samples the distance used
     */
    public record Result(String aligner, AlignmentSummary summary, Double distance, long distanceSamples,
            Reliability reliability) {
        /** The run in one line. */
        public String describe() {
            return String.format("%s: NFE %.1f per sample, mean reward %.4f, %.2f s%s", aligner,
                    summary.nfePerSample(), summary.meanReward(), summary.seconds(), distance == null ? ""
                            : String.format(", energy distance to the exact target %.4g (first %d samples)", distance,
                                    distanceSamples));
        }
    }

    /**
     * Runs the task on {@code loaded} (from {@link #loadModel}; only read, so concurrent tasks may share it), its
     * arrays on sub-scopes of {@code manager}, and writes the samples and the report.
     */
    public Result run(ModelBundle loaded, NDManager manager, ProgressReporter progress) throws IOException {
        try (NDManager m = manager.newSubManager()) {
            GaussianMixture gmm = loaded.exact();
            RewardTilt tilt = Rewards.read(reward, m);
            tilt.requireInputSize(loaded.dimension());
            Rng rng = Rng.of(seed);
            EvaluationCounter counter = new EvaluationCounter();
            var aligner = spec.build(loaded, tilt, counter);
            AlignmentSummary summary = new AlignmentSummary(counter);
            List<NDArray> firstSamples = new ArrayList<>();
            long[] kept = {0};
            output.write(m, loaded.sampleShape(), spec.method()::outputsPerChunk, (scope, rows) -> {
                AlignmentResult chunk = aligner.align(scope, loaded.sampleShape(), rows, rng);
                summary.add(chunk);
                return chunk.samples();
            }, samples -> {
                summary.addRewards(tilt.reward().value(samples));
                if (gmm != null && kept[0] < DISTANCE_SAMPLES) {
                    NDArray head = samples.get("0:" + (DISTANCE_SAMPLES - kept[0])).duplicate();
                    head.attach(m);
                    firstSamples.add(head);
                    kept[0] += head.getShape().get(0);
                }
            }, progress, "align");
            Double distance = gmm == null ? null : AlignmentReport.distanceToExactTarget(gmm, tilt,
                    NDArrays.concat(new NDList(firstSamples)), rng);
            Reliability reliability = Reliability.assess(summary, tilt);
            Result result = new Result(aligner.describe(), summary, distance, kept[0], reliability);
            progress.log(result.describe());
            if (reliability.untrusted()) {
                progress.log("warning: " + reliability.warning());
            }
            if (report != null) {
                AtomicFiles.writeString(report, AlignmentReport.json(method, result.aligner(), tilt, summary,
                        distance, loaded.field().interpolant(), reliability));
                progress.log("wrote report to " + report);
            }
            return result;
        }
    }
}
