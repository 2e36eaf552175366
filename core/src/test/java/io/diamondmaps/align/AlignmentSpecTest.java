package io.diamondmaps.align;

import io.diamondmaps.sample.GlassFlow;
import io.diamondmaps.sample.PosteriorSpec;
import io.diamondmaps.sample.TransitionSpec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every part of an alignment spec validates itself and says, by parameter name, what is wrong. */
class AlignmentSpecTest {
    private static final TransitionSpec GLASS = new TransitionSpec.Glass(2, GlassFlow.DEFAULT_SOLVER);
    private static final ValueSpec GLASS_VALUES = new ValueSpec.PosteriorMc(new PosteriorSpec.Glass(2,
            GlassFlow.DEFAULT_SOLVER), Schedule.constant(4), null, GradientMode.PATHWISE);

    private static void assertRejected(String fragment, Runnable make) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make::run);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void partsRejectBadSettings() {
        assertRejected("particles", () -> MethodSpec.Smc.of(0));
        assertRejected("ESS threshold", () -> new MethodSpec.Smc(4, 1.5, Resampling.SYSTEMATIC, false, false, 1, 0.3));
        assertRejected("inner steps", () -> new TransitionSpec.Glass(0, GlassFlow.DEFAULT_SOLVER));
        assertRejected("MC samples must be positive integers", () -> new ValueSpec.PosteriorMc(
                new PosteriorSpec.Exact(), Schedule.constant(2.5), null, GradientMode.SCORE));
        assertRejected("unknown transition 'magic'", () -> TransitionSpec.parse("magic", 2,
                GlassFlow.DEFAULT_SOLVER));
        assertRejected("unknown posterior sampler 'ddpm'", () -> PosteriorSpec.parse("ddpm", 2,
                GlassFlow.DEFAULT_SOLVER));
    }

    @Test
    void theWholeSpecChecksHowItsPartsFit() {
        assertRejected("MC samples has 3 values", () -> new AlignmentSpec(MethodSpec.Smc.of(4),
                new ValueSpec.PosteriorMc(new PosteriorSpec.Exact(), new Schedule(new double[] {1, 2, 3}), null,
                        GradientMode.SCORE), GLASS, 8));
        assertRejected("guided SMC proposal needs the Gaussian ddpm base", () -> new AlignmentSpec(
                new MethodSpec.Smc(4, 0.5, Resampling.SYSTEMATIC, false, true, 1, 0.3), GLASS_VALUES, GLASS, 8));
        assertRejected("needs a value estimator", () -> new AlignmentSpec(MethodSpec.Guidance.kappa(), null, GLASS, 8));
        assertRejected("guidance scale has 2 values", () -> new AlignmentSpec(new MethodSpec.Guidance(
                Guidance.Scale.KAPPA, new Schedule(new double[] {1, 2})), GLASS_VALUES, GLASS, 8));
        assertRejected("annealing factors must lie in (0, 1]", () -> new AlignmentSpec(MethodSpec.Smc.of(4),
                GLASS_VALUES, GLASS, 2, new Schedule(new double[] {0.5, 1.5})));
        assertRejected("the twist ESS must be in [0, 1]", () -> MethodSpec.Smc.of(4).withTwistEss(2));
    }

    @Test
    void annealingRisesLinearlyToOne() {
        double[] beta = AlignmentSpec.linearAnnealing(0.2, 5).values();
        for (int i = 0; i < 5; i++) {
            assertEquals(0.2 + 0.2 * i, beta[i], 1e-12);
        }
        assertEquals(1.0, AlignmentSpec.linearAnnealing(0.3, 7).values()[6]);
        assertEquals(128, MethodSpec.Guidance.kappa().defaultSteps());
        assertEquals("ddpm", MethodSpec.Guidance.kappa().defaultBase());
        assertEquals(10, MethodSpec.Smc.of(4).defaultSteps());
    }

    @Test
    void describesWhatItRuns() {
        assertEquals("smc particles=16 value=posterior-mc(glass(2 midpoint), M=4) base=glass(2 midpoint) steps=8",
                new AlignmentSpec(MethodSpec.Smc.of(16), GLASS_VALUES, GLASS, 8).describe());
        assertEquals("sir candidates=8 base=ode steps=4",
                AlignmentSpec.withoutValue(new MethodSpec.Sir(8), new TransitionSpec.Ode(), 4).describe());
    }

    /** A chunk of about R particles holds whole groups and at least one output. */
    @Test
    void chunksHoldWholeGroups() {
        assertEquals(2048, MethodSpec.Guidance.kappa().outputsPerChunk(2048));
        assertEquals(2048, MethodSpec.Smc.of(16).outputsPerChunk(2050));
        assertEquals(16, MethodSpec.Smc.of(16).outputsPerChunk(5));
        assertEquals(128, MethodSpec.Smc.of(16).withOnePerGroup().outputsPerChunk(2048));
        assertEquals(1, MethodSpec.Smc.of(16).withOnePerGroup().outputsPerChunk(5));
        assertEquals(256, new MethodSpec.Sir(8).outputsPerChunk(2048));
        assertEquals(64, new MethodSpec.BestOfN(32).outputsPerChunk(2048));
        assertEquals(128, new MethodSpec.Beam(4, 4).outputsPerChunk(2048));
    }
}
