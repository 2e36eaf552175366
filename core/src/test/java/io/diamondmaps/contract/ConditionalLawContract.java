package io.diamondmaps.contract;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.Fixtures;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.util.Rng;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;

import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every sampler of a conditional law x_{t'} | x_t must do (Hipparchus' integrator test base, for samplers): draw
 * with the exact conditional moments of a multimodal mixture on an early and a late step, within its own tolerances;
 * keep the shape and manager of its input; give the same draws for the same generator. Each implementation is one
 * {@link Implementation} row; every row gets the same three tests.
 */
final class ConditionalLawContract {
    private ConditionalLawContract() {
    }

    /** A sampler under test, seen as a draw x_{t'} ~ p(x_{t'} | x_t = xt). */
    @FunctionalInterface
    interface Kernel {
        NDArray draw(double t, double tNext, NDArray xt, Rng rng);
    }

    /**
     * One implementation: its name, {mean, covariance} relative-error tolerances on the early and late steps, the
     * mixture it is checked on, and how to make it on a manager.
     */
    record Implementation(String name, double[] early, double[] late, GaussianMixture mixture,
            BiFunction<GaussianMixture, NDManager, Kernel> kernel) {
        /** On the multimodal 2-D test mixture. */
        Implementation(String name, double[] early, double[] late, BiFunction<GaussianMixture, NDManager, Kernel> kernel) {
            this(name, early, late, Fixtures.mixture2d(), kernel);
        }
    }

    /** The steps t → t' the contract checks: early, late and the one for shape and reproducibility. */
    record Steps(double[] early, double[] late, double[] plain) {
    }

    /** The three tests of every implementation, one container each. */
    static Stream<DynamicContainer> tests(Steps steps, List<Implementation> implementations) {
        return implementations.stream().map(impl -> DynamicContainer.dynamicContainer(impl.name(), Stream.of(
                DynamicTest.dynamicTest("exact moments early", () -> checkMoments(impl, steps.early(), impl.early())),
                DynamicTest.dynamicTest("exact moments late", () -> checkMoments(impl, steps.late(), impl.late())),
                DynamicTest.dynamicTest("keeps shape and manager, reproducible",
                        () -> checkShapeAndReproducibility(impl, steps.plain())))));
    }

    private static void checkMoments(Implementation impl, double[] step, double[] tolerance) {
        GaussianMixture gmm = impl.mixture();
        double t = step[0];
        double tNext = step[1];
        try (NDManager m = Fixtures.manager()) {
            Kernel kernel = impl.kernel().apply(gmm, m);
            double[] e = MomentCase.errors(MomentCase.states(gmm, t, m), (xt, rng) -> kernel.draw(t, tNext, xt, rng),
                    x -> gmm.transitionMoments(t, tNext, x), m);
            String where = impl.name() + " " + t + " -> " + tNext;
            assertTrue(e[0] < tolerance[0], where + ": mean error " + e[0]);
            assertTrue(e[1] < tolerance[1], where + ": covariance error " + e[1]);
        }
    }

    private static void checkShapeAndReproducibility(Implementation impl, double[] step) {
        GaussianMixture gmm = impl.mixture();
        try (NDManager m = Fixtures.manager()) {
            Kernel kernel = impl.kernel().apply(gmm, m);
            NDArray xt = Rng.of(1).normal(m, new Shape(16, gmm.dimension()), DataType.FLOAT64);
            int before = m.getManagedArrays().size();
            NDArray a = kernel.draw(step[0], step[1], xt, Rng.of(3));
            NDArray b = kernel.draw(step[0], step[1], xt, Rng.of(3));
            assertEquals(xt.getShape(), a.getShape());
            assertEquals(before + 2, m.getManagedArrays().size(), "the draws are the only new arrays on the manager");
            assertArrayEquals(a.toType(DataType.FLOAT64, false).toDoubleArray(),
                    b.toType(DataType.FLOAT64, false).toDoubleArray(), "same generator, same draws");
        }
    }
}
