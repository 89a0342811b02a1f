package io.clustersim.core.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What plan search relies on when it asks a framework once per layout and ZeRO stage: the rule
 * ({@link Framework#problems}) never depends on sequence parallelism or recomputation, and
 * {@link Framework#runs} is exactly "no problems".
 */
class FrameworkRuleTest {

    @Test
    void theRuleReadsTheLayoutAndZeroStageOnly() {
        int checked = 0;
        for (Framework framework : Framework.values()) {
            for (int pp : new int[] {1, 2, 4}) {
                for (int v : new int[] {1, 2}) {
                    if (v > 1 && pp == 1) {
                        continue;
                    }
                    for (int dp : new int[] {1, 8}) {
                        for (int zero = 0; zero < 4; zero++) {
                            ParallelismPlan base = plan(pp, v, dp, zero, false, Recompute.NONE);
                            boolean runs = framework.problems(base).isEmpty();
                            for (boolean sp : new boolean[] {false, true}) {
                                for (Recompute recompute : Recompute.values()) {
                                    ParallelismPlan variant = plan(pp, v, dp, zero, sp, recompute);
                                    assertEquals(framework.problems(base), framework.problems(variant),
                                            framework + " " + variant);
                                    assertEquals(runs, framework.runs(variant), framework + " " + variant);
                                    checked++;
                                }
                            }
                        }
                    }
                }
            }
        }
        assertEquals(Framework.values().length * 5 * 2 * 4 * 2 * Recompute.values().length, checked);
    }

    private static ParallelismPlan plan(int pp, int v, int dp, int zero, boolean sp, Recompute recompute) {
        return new ParallelismPlan(2, pp, dp, 1, 64, 1, 1, v, sp, zero, recompute, 1, 0);
    }
}
