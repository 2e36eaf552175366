package io.diamondmaps.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.diamondmaps.data.ToyDatasets;
import io.diamondmaps.eval.MarkdownTable;
import io.diamondmaps.model.CountingVelocityField;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.neural.DiamondNetwork;
import io.diamondmaps.sample.DiamondSampler;
import io.diamondmaps.sample.GlassFlow;
import io.diamondmaps.sample.OdeSolver;
import io.diamondmaps.util.AtomicFiles;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.Rng;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Rare posterior modes: one-call Posterior Diamond Maps distilled with default settings from mixtures with a rare
 * component, for several component balances of the distillation's x₁ draws ({@link GaussianMixture#balanced}), against
 * GLASS with 8 Euler steps, at states x_t of p_t next to the rare component (x₁ drawn from it). Writes diamond-rare.md.
 */
public final class RareModeBenchmark {
    private static final double[] TIMES = {0.3, 0.6};

    /**
     * @param n posterior draws per method and state
     * @param states states x_t per time
     * @param steps distillation steps (the library's default batch and network)
     * @param balances component balances of the distillation data to compare
     * @param seed the run's seed
     * @param outDir output folder
     */
    public record Config(int n, int states, int steps, double[] balances, long seed, Path outDir) {
        public Config {
            Checks.positive("n", n);
            Checks.positive("states", states);
            Checks.positive("steps", steps);
            for (double b : balances) {
                Checks.fraction("the component balance", b);
            }
        }
    }

    /** A mixture with a rare component (index 0) and its name. */
    record RareMixture(String name, GaussianMixture gmm) {
    }

    private RareModeBenchmark() {
    }

    /** A 2-D mixture of four components, the first with 3 % of the weight, apart from the others. */
    static RareMixture twoD() {
        return new RareMixture("2-D, 4 components, rare 3 %", new GaussianMixture(new double[] {0.03, 0.32, 0.32, 0.33},
                new double[][] {{1.8, 1.6}, {-1.5, 0.5}, {0.5, -1.8}, {-0.4, 1.9}},
                new double[][][] {
                    {{0.15, 0.05}, {0.05, 0.20}}, {{0.30, 0.10}, {0.10, 0.20}},
                    {{0.20, -0.05}, {-0.05, 0.25}}, {{0.25, 0.0}, {0.0, 0.10}}}));
    }

    /** {@link AlignBenchmark#randomMixture}(4, 4, 3) with the first component's weight set to 4 %. */
    static RareMixture fourD() {
        GaussianMixture base = AlignBenchmark.randomMixture(4, 4, 3);
        return new RareMixture("4-D, 4 components, rare 4 %", new GaussianMixture(new double[] {0.04, 0.32, 0.32,
            0.32}, base.means(), base.covariances()));
    }

    public static Report run(Config config, Device device, ProgressReporter progress) throws IOException {
        long started = System.nanoTime();
        MarkdownTable table = new MarkdownTable("mixture", "t", "method", "energy distance", "ratio to GLASS-8",
                "mean error", "covariance error");
        try (NDManager m = NDManager.newBaseManager(device)) {
            for (RareMixture mixture : List.of(twoD(), fourD())) {
                GaussianMixture gmm = mixture.gmm();
                DiamondNetwork[] maps = new DiamondNetwork[config.balances().length];
                for (int b = 0; b < maps.length; b++) {
                    maps[b] = DiamondBenchmark.distil(gmm, ToyDatasets.mixture(gmm.balanced(config.balances()[b]),
                            "gmm:" + mixture.name()), config.steps(), config.seed(), m, progress);
                }
                Rng rng = Rng.of(config.seed());
                for (double t : TIMES) {
                    double[][] points = statesNearRareComponent(gmm, t, config.states(), m, rng);
                    double[] floor = DiamondBenchmark.average(gmm, t, points, c -> gmm, config.n(), config.seed(), m);
                    double[] glass = DiamondBenchmark.average(gmm, t, points,
                            c -> new GlassFlow(new CountingVelocityField(gmm, c), 8, OdeSolver.EULER), config.n(),
                            config.seed(), m);
                    table.row(mixture.name(), t, "exact (second draw: noise floor)", floor[0], floor[0] / glass[0],
                            floor[1], floor[2]);
                    table.row(mixture.name(), t, "GLASS Euler 8", glass[0], 1.0, glass[1], glass[2]);
                    for (int b = 0; b < maps.length; b++) {
                        DiamondNetwork map = maps[b];
                        double[] e = DiamondBenchmark.average(gmm, t, points, c -> new DiamondSampler(map, 1, c),
                                config.n(), config.seed(), m);
                        table.row(mixture.name(), t, "Diamond, 1 call, balance " + config.balances()[b], e[0],
                                e[0] / glass[0], e[1], e[2]);
                    }
                }
            }
        }
        double minutes = (System.nanoTime() - started) / 6e10;
        String text = "# Rare posterior modes: one-call Diamond Maps against GLASS-8\n\n"
                + "Generated by `./diamond bench diamond-rare --n " + config.n() + " --states " + config.states()
                + " --steps " + config.steps() + " --balances " + balances(config.balances()) + " --seed "
                + config.seed() + "` in " + String.format("%.1f", minutes) + " minutes on this machine ("
                + Runtime.getRuntime().availableProcessors() + " cores). Each mixture has a rare component; per time, "
                + config.states() + " states x_t of p_t next to it (x1 drawn from the rare component, then "
                + "interpolated), " + config.n() + " posterior draws x1 | x_t per method and state, compared with as "
                + "many exact draws (energy distance; mean and covariance errors relative to the exact posterior's "
                + "spread), averaged over the states. One Diamond Map per balance b, distilled with the default "
                + "settings (MLP 256×3, batch 512, " + config.steps() + " steps) on x1 drawn from the mixture with "
                + "component weights ∝ w^(1−b) (b = 0: the data's own weights); the teacher is always the exact "
                + "mixture, so the regression target is the same function for every b.\n\n" + table;
        Files.createDirectories(config.outDir());
        Path md = config.outDir().resolve("diamond-rare.md");
        AtomicFiles.writeString(md, text);
        return new Report(text, table.toString(), List.of(md));
    }

    private static String balances(double[] balances) {
        return java.util.Arrays.stream(balances).mapToObj(b -> b == Math.rint(b) ? String.valueOf((long) b)
                : String.valueOf(b)).collect(java.util.stream.Collectors.joining(","));
    }

    /** States x_t ~ p_t(· | rare component): x₁ from component 0, then the interpolant at t. */
    static double[][] statesNearRareComponent(GaussianMixture gmm, double t, int count, NDManager m, Rng rng) {
        GaussianMixture rare = new GaussianMixture(new double[] {1}, new double[][] {gmm.means()[0]},
                new double[][][] {gmm.covariances()[0]}, gmm.interpolant());
        return DiamondBenchmark.points(rare, t, count, m, rng);
    }
}
