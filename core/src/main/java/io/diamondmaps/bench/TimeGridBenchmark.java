package io.diamondmaps.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.eval.MarkdownTable;
import io.diamondmaps.eval.SampleDistances;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.interpolant.LinearInterpolant;
import io.diamondmaps.interpolant.Schedules;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.SnrMatched;
import io.diamondmaps.model.VelocityField;
import io.diamondmaps.sample.Generation;
import io.diamondmaps.sample.OdeSolver;
import io.diamondmaps.sample.TimeGrid;
import io.diamondmaps.util.AtomicFiles;
import io.diamondmaps.util.Checks;
import io.diamondmaps.util.EnumNames;
import io.diamondmaps.util.Rng;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Time grids per schedule (spec (1.15)): the exact mixture on each schedule's path, served on the linear run axis by
 * {@link SnrMatched} as a pretrained model of that schedule would be, sampled by the probability-flow ODE on uniform,
 * log-SNR and Karras grids. The measure is the discretisation error alone: the mean distance of each sample to the same
 * noise integrated by Heun on {@value #REFERENCE_STEPS} uniform steps (the model's own limit, which for a table that
 * stops short of pure noise carries its O(ℓ_min) error too), and beside it the energy distance to exact data draws.
 * Writes time-grids.md; its winners are {@link TimeGrid.Spacing#defaultFor}.
 */
public final class TimeGridBenchmark {
    static final int REFERENCE_STEPS = 1024;
    static final List<String> SCHEDULES = List.of("linear", "cosine", "ddpm",
            "{\"type\":\"ddpm\",\"beta_schedule\":\"scaled_linear\",\"beta_start\":0.00085,\"beta_end\":0.012}",
            "edm");

    /**
     * @param n samples per run
     * @param steps the step counts to compare
     * @param seed the run's seed
     * @param outDir output folder
     */
    public record Config(int n, int[] steps, long seed, Path outDir) {
        public Config {
            Checks.positive("n", n);
            for (int s : steps) {
                Checks.positive("steps", s);
            }
        }
    }

    private TimeGridBenchmark() {
    }

    public static Report run(Config config, Device device, ProgressReporter progress) throws IOException {
        long started = System.nanoTime();
        TimeGrid.Spacing[] spacings = TimeGrid.Spacing.values();
        MarkdownTable table = new MarkdownTable("mixture", "model's schedule", "solver", "steps",
                "gap: uniform", "gap: log-snr", "gap: karras", "energy: uniform", "energy: log-snr",
                "energy: karras", "floor");
        int[][] wins = new int[2][spacings.length];
        try (NDManager m = NDManager.newBaseManager(device)) {
            List<GaussianMixture> mixtures = List.of(BuiltIn.mixture(), AlignBenchmark.randomMixture(4, 4, 3));
            for (int g = 0; g < mixtures.size(); g++) {
                GaussianMixture gmm = mixtures.get(g);
                String mixture = gmm.dimension() + "-D, " + gmm.components() + " components";
                double floor;
                try (NDManager scope = m.newSubManager()) {
                    floor = SampleDistances.energyDistance(gmm.sample(scope, config.n(), Rng.of(config.seed() + 1)),
                            gmm.sample(scope, config.n(), Rng.of(config.seed() + 2)));
                }
                for (String spec : SCHEDULES) {
                    Interpolant path = Schedules.parse(spec);
                    VelocityField model = SnrMatched.of(gmm.withInterpolant(path), LinearInterpolant.INSTANCE);
                    boolean finite = model.coveredTimes()[0] > 0 || model.coveredTimes()[1] < 1;
                    for (OdeSolver solver : new OdeSolver[] {OdeSolver.EULER, OdeSolver.HEUN}) {
                        try (NDManager scope = m.newSubManager()) {
                            NDArray x0 = Generation.noise(scope, new Shape(config.n(), gmm.dimension()),
                                    DataType.FLOAT64, Rng.of(config.seed()));
                            NDArray reference = Generation.ode(model, x0, REFERENCE_STEPS, OdeSolver.HEUN);
                            NDArray exact = gmm.sample(scope, config.n(), Rng.of(config.seed() + 1));
                            for (int steps : config.steps()) {
                                Object[] row = new Object[11];
                                row[0] = mixture;
                                row[1] = path.name().equals("ddpm") ? Schedules.toJson(path) : path.name();
                                row[2] = EnumNames.of(solver);
                                row[3] = steps;
                                int best = 0;
                                double bestGap = Double.POSITIVE_INFINITY;
                                for (int k = 0; k < spacings.length; k++) {
                                    TimeGrid grid = TimeGrid.of(spacings[k], steps, model);
                                    NDArray x = Generation.ode(model, x0, grid, solver);
                                    double gap = x.sub(reference).square().sum(new int[] {1}).sqrt().mean()
                                            .getDouble();
                                    row[4 + k] = gap;
                                    row[7 + k] = SampleDistances.energyDistance(x, exact);
                                    if (gap < bestGap) {
                                        bestGap = gap;
                                        best = k;
                                    }
                                }
                                row[10] = floor;
                                wins[finite ? 1 : 0][best]++;
                                table.row(row);
                                progress.log(String.format(Locale.ROOT, "%s, %s, %s %d steps: best %s", mixture,
                                        row[1], row[2], steps, EnumNames.of(spacings[best])));
                            }
                        }
                    }
                }
            }
        }
        double minutes = (System.nanoTime() - started) / 6e10;
        StringBuilder steps = new StringBuilder();
        for (int s : config.steps()) {
            steps.append(steps.length() == 0 ? "" : ",").append(s);
        }
        String text = "# Time grids per schedule\n\n"
                + "Generated by `./diamond bench time-grids --n " + config.n() + " --steps " + steps + " --seed "
                + config.seed() + "` in " + String.format(Locale.ROOT, "%.1f", minutes) + " minutes on this machine. "
                + "Each model is an exact mixture on a schedule's path, run on the linear axis through SNR "
                + "matching as a pretrained model of that schedule would be (a DDPM table covers ℓ ∈ [0.0063, 100], "
                + "Stable Diffusion's scaled_linear table ℓ ∈ [0.068, 34], EDM σ ∈ [0.002, 80]; outside, the hold "
                + "rules). " + config.n() + " probability-flow ODE samples from the same noise per run. **gap**: the "
                + "mean distance of each sample to the same noise integrated by Heun on " + REFERENCE_STEPS
                + " uniform steps (the grid's discretisation error alone); **energy**: the energy distance to exact "
                + "draws of the mixture (floor: two exact sets). Grids: uniform t_i = i/N; log-snr and karras keep "
                + "t = 0 and t = 1 as ends and put N − 1 times between the model's noisiest and cleanest levels "
                + "(ℓ ∈ [0.005, 200] for a model of the whole axis), uniform in ln ℓ or on Karras' ρ = 7 grid in "
                + "σ = 1/ℓ.\n\n"
                + "Lowest gap, counted over all rows: models of the whole axis (linear, cosine): uniform "
                + wins[0][0] + ", log-snr " + wins[0][1] + ", karras " + wins[0][2] + "; models of a finite range "
                + "(DDPM tables, EDM): uniform " + wins[1][0] + ", log-snr " + wins[1][1] + ", karras " + wins[1][2]
                + ". So the library's default grid (`TimeGrid.Spacing.defaultFor`) is uniform for every schedule: on "
                + "the linear axis the SNR-matched field of a DDPM or EDM model is as smooth in t as a linear model's, "
                + "and the log-SNR and Karras grids spend their steps near the ends of the SNR range, where it needs "
                + "few (diffusion code needs Karras' grid because it integrates in σ). `--time-grid` on `sample` and "
                + "`align` chooses another.\n\n" + table;
        Files.createDirectories(config.outDir());
        Path md = config.outDir().resolve("time-grids.md");
        AtomicFiles.writeString(md, text);
        return new Report(text, table.toString(), List.of(md));
    }
}
