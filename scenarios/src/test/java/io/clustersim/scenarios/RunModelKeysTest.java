package io.clustersim.scenarios;

import io.clustersim.core.Scenario;
import io.clustersim.core.run.FailureClass;
import io.clustersim.core.run.FailureSpec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The failures, checkpoint and stragglers sections of the scenario format. */
class RunModelKeysTest {

    private static final String BASE = ScenarioLoaderTest.VALID.substring(0, ScenarioLoaderTest.VALID.indexOf("failures {"));

    private static Scenario parse(String runSections) {
        return ScenarioLoader.parse(BASE + runSections, "run.conf").scenario();
    }

    private static String error(String runSections) {
        return assertThrows(ScenarioException.class, () -> ScenarioLoader.parse(BASE + runSections, "bad.conf")).getMessage();
    }

    private static FailureClass find(FailureSpec f, String cause) {
        return f.classes().stream().filter(c -> c.cause().equals(cause)).findFirst().orElseThrow();
    }

    @Test
    void llama3MixAtItsOwnRateAndScaled() {
        FailureSpec own = parse("failures { mix = llama3 }\n").failures();
        assertEquals(7, own.classes().size());
        // 2 nodes of 8 chips: the whole mix is 3.79 per 1,000 node-days
        assertEquals(2 * FailureSpec.LLAMA3_PER_1000_NODE_DAYS / 1000 / 24, own.fleetRatePerHour(16, 2, 1), 1e-15);
        assertEquals(419 / (2048 * 54.0) * 1000, FailureSpec.LLAMA3_PER_1000_NODE_DAYS, 1e-12);
        FailureSpec rsc1 = parse("failures { mix = llama3, rate-per-1000-node-days = 6.5 }\n").failures();
        assertEquals(2 * 6.5 / 1000 / 24, rsc1.fleetRatePerHour(16, 2, 1), 1e-15);
        // GPU share 196 of 419, per chip
        assertEquals(6.5 / 1000 / 24 * 196 / 419 / 8, find(rsc1, "accelerator").ratePerComponentHour(), 1e-15);
        assertEquals(FailureClass.Effect.RESTART, find(rsc1, "software").effect());
    }

    @Test
    void classOverridesAndNewClasses() {
        FailureSpec f = parse("""
                failures {
                  mix = llama3
                  hbm { rate-per-component-hour = 1e-6, distribution = weibull, shape = 0.7, fleet = new }
                  power { rate-per-component-hour = 1e-4, repair-median = 4h, repair-sigma = 0.5 }
                  detection = 1m
                }
                """).failures();
        FailureClass hbm = find(f, "hbm");
        assertEquals(1e-6, hbm.ratePerComponentHour());
        assertEquals(0.7, hbm.lifetime().shape());
        assertTrue(hbm.lifetime().freshFleet());
        assertEquals(4 * 3600, find(f, "power").repair().medianSeconds());
        FailureSpec only = parse("failures { software { rate-per-1000-node-days = 2 } }\n").failures();
        assertEquals(1, only.classes().size());
        assertEquals(2.0 / 1000 / 24, only.classes().get(0).ratePerComponentHour(), 1e-15);
    }

    @Test
    void sparesMaintenanceCheckpointModesAndStragglers() {
        Scenario s = parse("""
                failures {
                  rate-per-1000-node-days = 6.5
                  repair-median = 2d
                  repair-sigma = 1
                  spares { per-datacenter = 4, when-exhausted = shrink }
                  maintenance { interval = 27.6h, duration = 30m }
                }
                checkpoint { interval = auto, write = 60s, restore = 2m, mode = async, snapshot = 3s,
                             peer-replica = true, peer-restore = 20s }
                stragglers { probability = 0.001, mean-slowdown = 0.2, distribution = lognormal, sigma = 0.5 }
                """);
        assertEquals(4, s.failures().spares().perDatacenter());
        assertTrue(s.failures().spares().shrink());
        assertEquals(27.6 * 3600, s.failures().maintenance().meanIntervalSeconds(), 1e-6);
        assertEquals(2 * 86_400, s.failures().classes().get(0).repair().medianSeconds());
        assertTrue(s.checkpoint().async());
        assertTrue(s.checkpoint().peerReplica());
        assertEquals(3, s.checkpoint().stallSeconds());
        assertTrue(s.stragglers().lognormal());
        assertFalse(parse("failures { rate-per-1000-node-days = 1 }\n").failures().spares().limited());
    }

    @Test
    void mistakesAreLocatedOneLiners() {
        assertEquals("bad.conf:19: failures.spares: with a limited spare pool failed nodes must come back from repair:"
                        + " give failures.repair-median and failures.repair-sigma (or per class, e.g."
                        + " failures.hardware.repair-median)",
                error("failures {\n  rate-per-1000-node-days = 6.5\n  spares { per-datacenter = 2 }\n}\n"));
        assertTrue(error("failures { mix = llama4 }\n").startsWith("bad.conf:17: failures.mix: unknown mix \"llama4\""));
        assertTrue(error("failures { hbm { shape = 0.7 } }\n").contains("failures.hbm: missing a rate"));
        assertTrue(error("failures { mix = llama3, hbm { distribution = exponential, shape = 2 } }\n")
                .contains("failures.hbm.shape: only a Weibull distribution has a shape"));
        assertTrue(error("failures { gpu { rate-per-component-hour = 1 } }\n").contains("failures.gpu.rate-per-component-hour: unknown key"));
        assertTrue(error("failures { power { rate-per-component-hour = 1e-4 } }\n").contains("outage needs a repair time"));
        assertTrue(error("checkpoint { interval = 1h, peer-replica = true }\n")
                .contains("checkpoint.peer-replica: only an asynchronous checkpoint has this"));
        assertTrue(error("checkpoint { interval = 1h, mode = async }\n").contains("checkpoint.snapshot: missing"));
        assertTrue(error("stragglers { probability = 2, mean-slowdown = 0.1 }\n").contains("straggler probability must be in [0, 1]"));
        assertTrue(error("failures { detection = 5m }\n").contains("failures: no failure rate"));
    }
}
