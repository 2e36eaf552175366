package io.diamondmaps.sample;

import io.diamondmaps.interpolant.EdmInterpolant;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.interpolant.LinearInterpolant;
import io.diamondmaps.interpolant.Schedules;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.SnrMatched;
import io.diamondmaps.model.VelocityField;
import io.diamondmaps.Fixtures;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The time grids of spec (1.15) on the run's axis, against their closed forms. */
class TimeGridTest {
    private static final Interpolant LINEAR = LinearInterpolant.INSTANCE;

    @Test
    void karrasGridIsEquation115InSigmaBetweenTheModelsEnds() {
        VelocityField edm = SnrMatched.of(Fixtures.mixture2d().withInterpolant(new EdmInterpolant(0.002, 80)), LINEAR);
        int n = 9;
        TimeGrid grid = TimeGrid.of(TimeGrid.Spacing.KARRAS, n, edm);
        assertEquals(0, grid.at(0));
        assertEquals(1, grid.at(n));
        double rho = 7;
        for (int i = 0; i < n - 1; i++) {
            double sigma = Math.pow(Math.pow(80, 1 / rho) + i / (n - 2.0) * (Math.pow(0.002, 1 / rho)
                    - Math.pow(80, 1 / rho)), rho);
            // On the linear axis σ = (1 − t)/t, so t = 1/(1 + σ).
            assertEquals(1 / (1 + sigma), grid.at(i + 1), 1e-12, "σ_" + i);
        }
    }

    @Test
    void logSnrGridIsUniformInLogSnrBetweenTheTablesEnds() {
        Interpolant ddpm = Schedules.parse("ddpm");
        VelocityField model = SnrMatched.of(Fixtures.mixture2d().withInterpolant(ddpm), LINEAR);
        TimeGrid grid = TimeGrid.of(TimeGrid.Spacing.LOG_SNR, 6, model);
        double lo = Math.log(ddpm.alpha(0) / ddpm.sigma(0));
        double hi = Math.log(ddpm.alpha(1) / ddpm.sigma(1));
        for (int i = 1; i < 6; i++) {
            double t = grid.at(i);
            assertEquals(lo + (i - 1) / 4.0 * (hi - lo), Math.log(t / (1 - t)), 1e-9);
        }
        // A model of the whole axis: ℓ ∈ [0.005, 200].
        GaussianMixture whole = Fixtures.mixture2d();
        TimeGrid wide = TimeGrid.of(TimeGrid.Spacing.LOG_SNR, 3, whole);
        assertEquals(0.005 / 1.005, wide.at(1), 1e-12);
        assertEquals(200 / 201.0, wide.at(2), 1e-12);
    }

    @Test
    void theDefaultIsUniformAndNamesAreChecked() {
        VelocityField edm = SnrMatched.of(Fixtures.mixture2d().withInterpolant(new EdmInterpolant(0.002, 80)), LINEAR);
        TimeGrid grid = TimeGrid.of(null, 4, edm);
        for (int i = 0; i <= 4; i++) {
            assertEquals(i / 4.0, grid.at(i), 1e-15);
        }
        assertEquals(TimeGrid.Spacing.LOG_SNR, TimeGrid.Spacing.parse("log-snr"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TimeGrid.Spacing.parse("cosine"));
        assertTrue(e.getMessage().contains("expected uniform, log-snr, karras"), e.getMessage());
        assertEquals(1, TimeGrid.of(TimeGrid.Spacing.KARRAS, 1, edm).steps());
    }
}
