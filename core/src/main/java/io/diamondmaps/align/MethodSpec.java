package io.diamondmaps.align;

import io.diamondmaps.util.Checks;

/** An alignment method with its settings, validated when made. */
public sealed interface MethodSpec {
    /** The names of the methods. */
    String NAMES = "smc, guidance, sir, best-of-n, beam";

    String describe();

    /** The base transition a user gets without asking (the most accurate stochastic step per evaluation). */
    String DEFAULT_BASE = "glass";

    /**
     * The outer steps a user gets without asking: 10 for the particle methods, 128 for guidance, whose update
     * discretises a tilted flow (spec §6.4).
     */
    default int defaultSteps() {
        return 10;
    }

    /** The base transition's name ({@link io.diamondmaps.sample.TransitionSpec#parse}) a user gets without asking. */
    default String defaultBase() {
        return DEFAULT_BASE;
    }

    /**
     * Outputs drawn at once when a run is chunked to about {@code particles} particles (rows of the state): whole
     * groups only, and at least one output. Guidance moves one particle per output.
     */
    default int outputsPerChunk(int particles) {
        return Math.max(1, particles);
    }

    /** Outputs that {@code particles} particles make when each output takes {@code perOutput} of them. */
    private static int outputsOf(int particles, int perOutput) {
        return Math.max(1, particles / perOutput);
    }

    /**
     * Twisted SMC (spec §8).
     *
     * @param particles particles per group
     * @param essThreshold a group resamples when its ESS falls below this fraction of its particles
     * @param onePerGroup one independent output per group (P times the work) instead of every particle
     * @param guidedProposal propose from the Gaussian base shifted by {@code proposalScale}·κ(t)(t' − t)∇V̂, with
     *     the exact density-ratio correction (needs the DDPM base)
     */
    record Smc(int particles, double essThreshold, Resampling resampling, boolean onePerGroup, boolean guidedProposal,
            double proposalScale, double twistEss) implements MethodSpec {
        /**
         * Particles per group by default. With every particle output, a larger group costs no more per sample (the
         * same particles, fewer groups) and lets resampling find a target the value estimates only hint at. Chosen on
         * the tuning half of {@code bench defaults} (12 problems, align's other defaults): 16 particles failed the 0.02
         * excess energy distance on 4 problems (worst 2.7), 64 on 4 (worst 0.12), 256 on 3 (worst 0.066); judged on
         * the held-out half in bench/results/defaults.md.
         */
        public static final int DEFAULT_PARTICLES = 256;

        public Smc {
            Checks.positive("particles", particles);
            Checks.fraction("the ESS threshold", essThreshold);
            if (!Double.isNaN(twistEss)) {
                Checks.fraction("the twist ESS", twistEss);
            }
        }

        /**
         * The twist ESS floor of a run: {@code twistEss} when set, else (NaN) the default for the twists the run
         * has: {@link io.diamondmaps.align.Smc#DEFAULT_POOLED_TWIST_ESS} for twists answered from a value pool,
         * {@link io.diamondmaps.align.Smc#DEFAULT_TWIST_ESS} otherwise.
         */
        public double twistEssFor(boolean pooled) {
            return !Double.isNaN(twistEss) ? twistEss
                    : pooled ? io.diamondmaps.align.Smc.DEFAULT_POOLED_TWIST_ESS
                    : io.diamondmaps.align.Smc.DEFAULT_TWIST_ESS;
        }

        /** A group resamples when its ESS falls below this fraction of its particles (align's --ess-threshold). */
        public static final double DEFAULT_ESS_THRESHOLD = 0.5;

        /**
         * SMC with {@code particles} particles, resampling below half the particles, twists tempered to the default
         * conditional ESS for the run's twists ({@link #twistEssFor}), every particle output.
         */
        public static Smc of(int particles) {
            return new Smc(particles, DEFAULT_ESS_THRESHOLD, Resampling.SYSTEMATIC, false, false, 1, Double.NaN);
        }

        /** SMC as align runs it by default: {@value #DEFAULT_PARTICLES} particles per group. */
        public static Smc defaults() {
            return of(DEFAULT_PARTICLES);
        }

        /** The same with one output per group. */
        public Smc withOnePerGroup() {
            return new Smc(particles, essThreshold, resampling, true, guidedProposal, proposalScale, twistEss);
        }

        /** The same with another twist ESS (0: plain twisted SMC, every twist at full strength). */
        public Smc withTwistEss(double fraction) {
            return new Smc(particles, essThreshold, resampling, onePerGroup, guidedProposal, proposalScale, fraction);
        }

        @Override
        public String describe() {
            return "smc particles=" + particles;
        }

        /** Whole groups: every particle of a group is an output, or the group makes one. */
        @Override
        public int outputsPerChunk(int rows) {
            int groups = MethodSpec.outputsOf(rows, particles);
            return onePerGroup ? groups : particles * groups;
        }
    }

    /** Value-gradient guidance (spec §6.4) with the scale {@code mode} and {@code scale}. */
    record Guidance(io.diamondmaps.align.Guidance.Scale mode, Schedule scale) implements MethodSpec {
        /** The exact tilt of the velocity: κ(t)·∇V̂. */
        public static Guidance kappa() {
            return new Guidance(io.diamondmaps.align.Guidance.Scale.KAPPA, Schedule.constant(1));
        }

        @Override
        public String describe() {
            return "guidance";
        }

        /**
         * Guidance's base by default: the DDPM step costs one evaluation, so that the 128 steps a tilted flow needs
         * cost less than 32 GLASS steps did (bench/results/defaults.md).
         */
        public static final String DEFAULT_BASE = "ddpm";

        /**
         * 128 outer steps: on the tuning half of bench defaults, guidance with exact values missed the 0.05 goal on
         * 3 of 12 problems at 32 steps (worst 0.14) and on none at 64; with pooled values and the DDPM base 64 steps
         * still missed one (0.084), 128 none (worst 0.009).
         */
        @Override
        public int defaultSteps() {
            return 128;
        }

        @Override
        public String defaultBase() {
            return DEFAULT_BASE;
        }
    }

    /** Sampling-importance-resampling among {@code candidates} base samples per output. */
    record Sir(int candidates) implements MethodSpec {
        public Sir {
            Checks.positive("candidates", candidates);
        }

        @Override
        public String describe() {
            return "sir candidates=" + candidates;
        }

        @Override
        public int outputsPerChunk(int particles) {
            return MethodSpec.outputsOf(particles, candidates);
        }
    }

    /** The best of {@code candidates} base samples per output. */
    record BestOfN(int candidates) implements MethodSpec {
        public BestOfN {
            Checks.positive("candidates", candidates);
        }

        @Override
        public String describe() {
            return "best-of-n candidates=" + candidates;
        }

        @Override
        public int outputsPerChunk(int particles) {
            return MethodSpec.outputsOf(particles, candidates);
        }
    }

    /** Beam search with {@code beams} beams and {@code expansions} children per beam and step. */
    record Beam(int beams, int expansions) implements MethodSpec {
        public Beam {
            Checks.positive("beams", beams);
            Checks.positive("expansions", expansions);
        }

        @Override
        public String describe() {
            return "beam beams=" + beams;
        }

        @Override
        public int outputsPerChunk(int particles) {
            return MethodSpec.outputsOf(particles, beams * expansions);
        }
    }
}
