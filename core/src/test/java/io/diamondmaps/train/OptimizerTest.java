package io.diamondmaps.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.Fixtures;
import io.diamondmaps.util.Rng;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The flat optimizer against Adam's and RAdam's formulas written out element by element. */
class OptimizerTest {
    private static final double B1 = 0.9;
    private static final double B2 = 0.999;

    @Test
    void adamAndRadamFollowTheirFormulasOverEveryParameter() {
        for (Optimizer.Kind kind : Optimizer.Kind.values()) {
            try (NDManager m = Fixtures.manager()) {
                Rng rng = Rng.of(3);
                Map<String, NDArray> params = new LinkedHashMap<>();
                params.put("w", rng.normal(m, new Shape(3, 2), DataType.FLOAT64));
                params.put("b", rng.normal(m, new Shape(2), DataType.FLOAT64));
                double[][] p = {params.get("w").toDoubleArray(), params.get("b").toDoubleArray()};
                double[][] mom = {new double[6], new double[2]};
                double[][] vel = {new double[6], new double[2]};
                try (Optimizer opt = new Optimizer(kind, m)) {
                    for (int step = 1; step <= 8; step++) {
                        Map<String, NDArray> grads = new LinkedHashMap<>();
                        grads.put("w", rng.normal(m, new Shape(3, 2), DataType.FLOAT64));
                        grads.put("b", rng.normal(m, new Shape(2), DataType.FLOAT64));
                        double[][] g = {grads.get("w").toDoubleArray(), grads.get("b").toDoubleArray()};
                        opt.update(params, grads, 0.01);
                        for (int k = 0; k < 2; k++) {
                            reference(kind, step, p[k], g[k], mom[k], vel[k], 0.01);
                        }
                        assertArrayEquals(p[0], params.get("w").toDoubleArray(), 1e-12, kind + " step " + step);
                        assertArrayEquals(p[1], params.get("b").toDoubleArray(), 1e-12, kind + " step " + step);
                    }
                }
            }
        }
    }

    /** A restored optimizer continues exactly where the saved one was. */
    @Test
    void stateRoundTripsThroughACheckpoint() {
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(4);
            Map<String, NDArray> a = Map.of("w", rng.normal(m, new Shape(4), DataType.FLOAT64));
            Map<String, NDArray> b = Map.of("w", a.get("w").duplicate());
            try (Optimizer first = new Optimizer(Optimizer.Kind.RADAM, m);
                    Optimizer second = new Optimizer(Optimizer.Kind.RADAM, m)) {
                for (int i = 0; i < 3; i++) {
                    first.update(a, Map.of("w", rng.normal(m, new Shape(4), DataType.FLOAT64)), 0.1);
                }
                b.get("w").set(new ai.djl.ndarray.index.NDIndex("..."), a.get("w"));
                second.restore(b, first.state(m), first.step());
                NDArray g = rng.normal(m, new Shape(4), DataType.FLOAT64);
                first.update(a, Map.of("w", g), 0.1);
                second.update(b, Map.of("w", g), 0.1);
                assertArrayEquals(a.get("w").toDoubleArray(), b.get("w").toDoubleArray(), 0);
                assertEquals(4, second.step());
                assertThrows(IllegalStateException.class, () -> first.update(Map.of("x", g), Map.of("x", g), 0.1));
                assertThrows(IllegalStateException.class, () -> first.update(List.of(g, g), g, 0.1));
            }
        }
    }

    /** Flat weights laid end to end take the same step as the named arrays they hold. */
    @Test
    void flatWeightsTakeTheStepOfTheirNamedArrays() {
        try (NDManager m = Fixtures.manager()) {
            Rng rng = Rng.of(5);
            NDArray w = rng.normal(m, new Shape(3, 2), DataType.FLOAT64);
            NDArray b = rng.normal(m, new Shape(2), DataType.FLOAT64);
            Map<String, NDArray> named = new LinkedHashMap<>();
            named.put("w", w.duplicate());
            named.put("b", b.duplicate());
            List<NDArray> flat = List.of(w.reshape(-1).duplicate(), b.duplicate());
            try (Optimizer byName = new Optimizer(Optimizer.Kind.RADAM, m);
                    Optimizer byFlat = new Optimizer(Optimizer.Kind.RADAM, m)) {
                for (int step = 1; step <= 8; step++) {
                    Map<String, NDArray> grads = new LinkedHashMap<>();
                    grads.put("w", rng.normal(m, new Shape(3, 2), DataType.FLOAT64));
                    grads.put("b", rng.normal(m, new Shape(2), DataType.FLOAT64));
                    byName.update(named, grads, 0.01);
                    byFlat.update(flat, byFlat.flatten(grads, m), 0.01);
                }
                assertArrayEquals(named.get("w").toDoubleArray(), flat.get(0).toDoubleArray(), 0);
                assertArrayEquals(named.get("b").toDoubleArray(), flat.get(1).toDoubleArray(), 0);
            }
        }
    }

    @Test
    void clippingScalesTheWholeGradientToTheNorm() {
        try (NDManager m = Fixtures.manager()) {
            NDArray g = m.create(new double[] {3, 4, 0, 0});
            assertEquals(5, Optimizer.clipGlobalNorm(g, 1), 1e-12);
            assertArrayEquals(new double[] {0.6, 0.8, 0, 0}, g.toDoubleArray(), 1e-9);
            assertEquals(1, Optimizer.clipGlobalNorm(g, 0), 1e-9);
        }
    }

    private static void reference(Optimizer.Kind kind, int step, double[] p, double[] g, double[] m, double[] v,
            double lr) {
        double bias1 = 1 - Math.pow(B1, step);
        double bias2 = 1 - Math.pow(B2, step);
        double rhoInf = 2 / (1 - B2) - 1;
        double rho = rhoInf - 2 * step * Math.pow(B2, step) / bias2;
        for (int i = 0; i < p.length; i++) {
            m[i] = B1 * m[i] + (1 - B1) * g[i];
            v[i] = B2 * v[i] + (1 - B2) * g[i] * g[i];
            double mHat = m[i] / bias1;
            if (kind == Optimizer.Kind.ADAM) {
                p[i] -= lr * mHat / (Math.sqrt(v[i] / bias2) + 1e-8);
            } else if (rho > 5) {
                double r = Math.sqrt((rho - 4) * (rho - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rho));
                p[i] -= lr * r * mHat * Math.sqrt(bias2) / (Math.sqrt(v[i]) + 1e-8);
            } else {
                p[i] -= lr * mHat;
            }
        }
    }
}
