package io.diamondmaps.align;

import io.diamondmaps.util.Checks;

/** An alignment method with its settings, validated when made. */
public sealed interface MethodSpec {
    /** The names of the methods. */
    String NAMES = "smc, guidance, sir, best-of-n, beam";

    String describe();

    /**
     * The outer steps a user gets without asking: 10 for the particle methods, 32 for guidance, whose update
     * discretises a tilted flow (spec §6.4: with exact values 32 steps land within 0.005 of the tilt on multimodal
     * mixtures where 10 steps miss it by up to 0.05).
     */
    default int defaultSteps() {
        return 10;
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
            Checks.fraction("the twist ESS", twistEss);
        }

        /**
         * SMC with {@code particles} particles, resampling below half the particles, twists tempered to keep a
         * conditional ESS of {@value io.diamondmaps.align.Smc#DEFAULT_TWIST_ESS}, every particle output.
         */
        public static Smc of(int particles) {
            return new Smc(particles, 0.5, Resampling.SYSTEMATIC, false, false, 1,
                    io.diamondmaps.align.Smc.DEFAULT_TWIST_ESS);
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

        @Override
        public int defaultSteps() {
            return 32;
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
