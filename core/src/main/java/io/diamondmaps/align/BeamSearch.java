package io.diamondmaps.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.model.EvaluationCounter;
import io.diamondmaps.model.StochasticTransition;
import io.diamondmaps.reward.RewardTilt;
import io.diamondmaps.sample.Generation;
import io.diamondmaps.sample.TimeGrid;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Rng;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Beam search over stochastic transitions (spec §9, search): each output keeps B beams; every step expands each beam
 * into E children by the base transition, scores them by V̂_{t'} (r/λ at the last step), and keeps the B best. The
 * output is the best final beam. A search, not a sampler: it seeks high reward and does not target p^r.
 */
public final class BeamSearch implements Aligner {
    private final StochasticTransition base;
    private final ValueEstimator value;
    private final RewardTilt tilt;
    private final EvaluationCounter counter;
    private final TimeGrid grid;
    private final int beams;
    private final int expansions;

    public BeamSearch(StochasticTransition base, ValueEstimator value, RewardTilt tilt, EvaluationCounter counter,
            TimeGrid grid, int beams, int expansions) {
        this.base = base;
        this.value = value;
        this.tilt = tilt;
        this.counter = counter;
        this.grid = grid;
        this.beams = Checks.positive("beams", beams);
        this.expansions = Checks.positive("expansions", expansions);
    }

    @Override
    public AlignmentResult align(NDManager manager, Shape sampleShape, long n, Rng rng) {
        long start = System.nanoTime();
        int groups = Math.toIntExact(n);
        NDArray x = Generation.noise(manager, new Shape((long) groups * beams).addAll(sampleShape), DataType.FLOAT64, rng);
        List<StepDiagnostics> diagnostics = new ArrayList<>();
        int steps = grid.steps();
        for (int i = 0; i < steps; i++) {
            double t = grid.at(i);
            double tNext = grid.at(i + 1);
            NDArray children;
            try (NDArray parents = x.repeat(0, expansions)) {
                children = base.transition(t, tNext, parents, rng);
            }
            x.close();
            boolean last = i == steps - 1;
            double[] v = Smc.hostValues(last ? tilt.logTilt(children) : value.value(tNext, children, rng));
            Groups.requireFinite(v, last ? "the reward" : "the value estimate");
            int width = beams * expansions;
            int keepPerGroup = last ? 1 : beams;
            int[] keep = new int[groups * keepPerGroup];
            double mean = 0;
            for (int g = 0; g < groups; g++) {
                int from = g * width;
                int[] order = IntStream.range(from, from + width).boxed()
                        .sorted(Comparator.comparingDouble(j -> -v[j])).mapToInt(Integer::intValue).toArray();
                for (int k = 0; k < keepPerGroup; k++) {
                    keep[g * keepPerGroup + k] = order[k];
                    mean += v[order[k]] / keep.length;
                }
            }
            x = Smc.gather(children, keep);
            diagnostics.add(new StepDiagnostics(tNext, 1, keepPerGroup, true, Double.NaN, mean));
        }
        return new AlignmentResult(x, counter, diagnostics, (System.nanoTime() - start) / 1e9);
    }

    @Override
    public String describe() {
        return "beam search (" + beams + " beams x " + expansions + " expansions, value " + value.describe() + ")";
    }
}
