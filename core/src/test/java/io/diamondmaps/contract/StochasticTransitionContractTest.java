package io.diamondmaps.contract;

import ai.djl.ndarray.NDManager;
import io.diamondmaps.Fixtures;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.StochasticTransition;
import io.diamondmaps.sample.DdpmTransition;
import io.diamondmaps.sample.DiamondSampler;
import io.diamondmaps.sample.EarlyStopTransition;
import io.diamondmaps.sample.GlassFlow;
import io.diamondmaps.sample.OdeSolver;
import io.diamondmaps.sample.PosteriorFlow;
import io.diamondmaps.sample.RenoiseTransition;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@link StochasticTransition} of the DDPM coupling against the same exact-mixture cases
 * ({@link StochasticTransitionContract}), tolerances about twice the measured errors (exact sampler: 0.009–0.017 for
 * the mean, 0.023–0.026 for the covariance). The two approximate transitions must fail them.
 */
class StochasticTransitionContractTest {
    @Nested
    class ExactMixture extends StochasticTransitionContract {
        ExactMixture() {
            super(new double[] {0.035, 0.05}, new double[] {0.035, 0.05});
        }

        @Override
        StochasticTransition transition(GaussianMixture gmm, NDManager m) {
            return gmm;
        }
    }

    /** 8 midpoint inner steps (the default); measured 0.013 / 0.021 early, 0.010 / 0.040 late. */
    @Nested
    class Glass extends StochasticTransitionContract {
        Glass() {
            super(new double[] {0.035, 0.05}, new double[] {0.035, 0.08});
        }

        @Override
        StochasticTransition transition(GaussianMixture gmm, NDManager m) {
            return new GlassFlow(gmm, 8, GlassFlow.DEFAULT_SOLVER);
        }
    }

    /** 32 Euler inner steps; measured 0.013 / 0.029 early, 0.011 / 0.069 late. */
    @Nested
    class GlassEuler extends StochasticTransitionContract {
        GlassEuler() {
            super(new double[] {0.035, 0.06}, new double[] {0.035, 0.14});
        }

        @Override
        StochasticTransition transition(GaussianMixture gmm, NDManager m) {
            return new GlassFlow(gmm, 32, OdeSolver.EULER);
        }
    }

    /** The early-stop readout of the GLASS posterior flow (8 midpoint steps); measured as GLASS's. */
    @Nested
    class EarlyStopOfGlass extends StochasticTransitionContract {
        EarlyStopOfGlass() {
            super(new double[] {0.035, 0.05}, new double[] {0.035, 0.08});
        }

        @Override
        StochasticTransition transition(GaussianMixture gmm, NDManager m) {
            return new EarlyStopTransition(gmm.interpolant(), new GlassFlow(gmm, 8, GlassFlow.DEFAULT_SOLVER));
        }
    }

    /** The early-stop readout of exact posterior draws, exact by spec A.6; measured 0.017 / 0.014, 0.010 / 0.012. */
    @Nested
    class EarlyStopOfExactPosterior extends StochasticTransitionContract {
        EarlyStopOfExactPosterior() {
            super(new double[] {0.035, 0.05}, new double[] {0.035, 0.05});
        }

        @Override
        StochasticTransition transition(GaussianMixture gmm, NDManager m) {
            return new EarlyStopTransition(gmm.interpolant(), PosteriorFlow.interpolating(gmm));
        }
    }

    /** Two-jump early stop of the built-in Diamond Map on its ring; measured 0.019 / 0.032 early, 0.021 / 0.032 late. */
    @Nested
    class BuiltInDiamondMap extends StochasticTransitionContract {
        BuiltInDiamondMap() {
            super(new double[] {0.045, 0.065}, new double[] {0.045, 0.065});
        }

        @Override
        GaussianMixture mixture() {
            return MomentCase.builtInMixture();
        }

        @Override
        StochasticTransition transition(GaussianMixture gmm, NDManager m) {
            return new DiamondSampler(MomentCase.builtInDiamond(m), 2);
        }
    }

    /**
     * The contract's power: the DDPM baseline (a Gaussian around the denoiser; covariance error 0.55 and 0.69) and
     * predict-then-renoise (right marginals, no DDPM correlation; 0.11 / 0.14 on the early step) fail it.
     */
    @Test
    void approximateTransitionsFailTheContract() {
        GaussianMixture gmm = Fixtures.mixture2d();
        try (NDManager m = Fixtures.manager()) {
            double[] ddpm = MomentCase.errors(MomentCase.states(gmm, 0.3, m),
                    (xt, rng) -> new DdpmTransition(gmm).transition(0.3, 0.6, xt, rng),
                    x -> gmm.transitionMoments(0.3, 0.6, x), m);
            assertTrue(ddpm[1] > 0.3, "DDPM covariance error " + ddpm[1]);
            double[] renoise = MomentCase.errors(MomentCase.states(gmm, 0.3, m),
                    (xt, rng) -> new RenoiseTransition(gmm.interpolant(), gmm).transition(0.3, 0.6, xt, rng),
                    x -> gmm.transitionMoments(0.3, 0.6, x), m);
            assertTrue(renoise[0] > 0.07 && renoise[1] > 0.09, "renoise errors " + renoise[0] + ", " + renoise[1]);
        }
    }
}
