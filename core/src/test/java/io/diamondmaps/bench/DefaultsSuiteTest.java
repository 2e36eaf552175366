package io.diamondmaps.bench;

import ai.djl.ndarray.NDManager;
import io.diamondmaps.Fixtures;
import io.diamondmaps.cli.DefaultsBenchmarkSpecs;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The suite nobody tunes on, and the runs' own reliability warnings on it. */
class DefaultsSuiteTest {
    private static final DefaultsBenchmark.SpecSource ALIGN_DEFAULTS = DefaultsBenchmarkSpecs::spec;

    @Test
    void theSuiteIsReproducibleAndSpansWhatItPromises() {
        List<DefaultsSuite.Problem> a = DefaultsSuite.generate(2027, 24);
        List<DefaultsSuite.Problem> b = DefaultsSuite.generate(2027, 24);
        Set<Integer> dims = new TreeSet<>();
        Set<Integer> components = new TreeSet<>();
        int rare = 0;
        for (int i = 0; i < a.size(); i++) {
            DefaultsSuite.Problem p = a.get(i);
            assertEquals(p.name(), b.get(i).name());
            assertEquals(p.gmm().weights()[0], b.get(i).gmm().weights()[0]);
            assertEquals(i % 2 == 1, p.heldOut());
            dims.add(p.gmm().dimension());
            components.add(p.gmm().components());
            if (p.rareTarget()) {
                rare++;
                assertTrue(p.gmm().weights()[DefaultsSuite.lightest(p.gmm().weights())] <= 0.1 + 1e-12, p.name());
            }
        }
        assertEquals(Set.of(2, 3, 4, 5, 6, 7, 8), dims);
        assertEquals(Set.of(2, 3, 4, 5, 6), components);
        assertEquals(8, rare);
        assertTrue(!a.get(0).name().equals(DefaultsSuite.generate(2028, 1).get(0).name()), "another seed, others");
    }

    /**
     * The warnings on suite problems with align's defaults (500 samples, one seed): they fire where a run is far off
     * its target and stay quiet where it is on it; both counted. Problems: #1 and #3 (easy, every method within its
     * goal), #7 and #18 (targets far from most of the model's mass: guidance and SIR end an energy distance above 1
     * from them).
     */
    @Test
    void runsWarnWhenFarOffAndStayQuietWhenOnTarget(@org.junit.jupiter.api.io.TempDir Path dir) {
        List<DefaultsSuite.Problem> all = DefaultsSuite.generate(2027, 24);
        List<DefaultsSuite.Problem> chosen = List.of(all.get(1), all.get(3), all.get(7), all.get(18));
        DefaultsBenchmark.Config config = new DefaultsBenchmark.Config(24, 1, 500, 2027, dir);
        try (NDManager m = Fixtures.manager()) {
            List<DefaultsBenchmark.Run> runs = DefaultsBenchmark.runs(chosen, config, ALIGN_DEFAULTS, m,
                    DefaultsBenchmark.perProblemTable(), i -> { });
            int farOff = 0;
            int onTarget = 0;
            for (DefaultsBenchmark.Run r : runs) {
                String what = r.method() + " on " + r.problem().name() + ": excess " + r.excess();
                System.out.println(what + (r.warned() ? " (warned)" : ""));
                if (r.worseThanUntilted() || r.excess() > 1) {
                    farOff++;
                    assertTrue(r.warned(), "a run far off its target must warn: " + what);
                }
                if (r.excess() < 0.02) {
                    onTarget++;
                    assertTrue(!r.warned(), "a run on its target must not warn: " + what);
                }
            }
            assertTrue(farOff >= 2 && onTarget >= 4, farOff + " far off, " + onTarget + " on target");
        }
    }
}
