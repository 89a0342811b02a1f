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

    /**
     * Meta counts failures per 1,000 node-days of 8-GPU nodes. On a fleet of 4-chip nodes (GB200
     * trays) the mix keeps Llama 3's rate per chip for chip-level causes and per node for the host;
     * a rate the scenario states counts the scenario's own nodes.
     */
    @Test
    void failureRatesAcrossNodeSizes() {
        String fourPerNode = "fleet {\n  chip = a100-80gb-sxm\n  chips = 16\n  chips-per-node = 4\n}";
        String base4 = BASE.replace("fleet {\n  chip = a100-80gb-sxm\n  chips = 16\n}", fourPerNode);
        assertTrue(base4.contains("chips-per-node = 4"), base4);
        java.util.function.Function<String, FailureSpec> parse4 =
                f -> ScenarioLoader.parse(base4 + f, "run.conf").scenario().failures();
        double gpuHours = 16_384 * 54 * 24.0, nodeHours = 2_048 * 54 * 24.0;

        // the mix at Llama 3's own rates: per chip and per node, whatever the node size
        FailureSpec eight = parse("failures { mix = llama3 }\n").failures();
        FailureSpec four = parse4.apply("failures { mix = llama3 }\n");
        for (String cause : new String[] {"accelerator", "hbm", "software", "switch", "nic"}) {
            assertEquals(find(eight, cause).ratePerComponentHour(), find(four, cause).ratePerComponentHour(), 1e-18, cause);
        }
        assertEquals(196 / gpuHours, find(four, "accelerator").ratePerComponentHour(), 1e-18);
        assertEquals(46 / nodeHours, find(four, "host").ratePerComponentHour(), 1e-18);
        assertEquals(FailureClass.Scope.NODE, find(four, "host").scope());
        // 16 chips in four 4-chip nodes: the chip-level 373 of 419 events at half a Meta node's
        // rate per node, the host's 46 at a whole one
        double perNodeHour = (373 / gpuHours * 4 + 46 / nodeHours);
        assertEquals(4 * perNodeHour, four.fleetRatePerHour(16, 4, 1), 1e-15);
        assertEquals(16 * (373 / gpuHours) + 2 * 46 / nodeHours, eight.fleetRatePerHour(16, 2, 1), 1e-15);

        // a stated rate counts the scenario's nodes: 6.5 per 1,000 4-chip node-days, the mix's
        // shares on these nodes kept (accelerator per chip over host per node as observed)
        FailureSpec scaled = parse4.apply("failures { mix = llama3, rate-per-1000-node-days = 6.5 }\n");
        assertEquals(4 * 6.5 / 1000 / 24, scaled.fleetRatePerHour(16, 4, 1), 1e-15);
        assertEquals((196 / gpuHours) / (46 / nodeHours),
                find(scaled, "accelerator").ratePerComponentHour() / find(scaled, "host").ratePerComponentHour(), 1e-9);
        // the shorthand: one per-chip class, the scenario's node failing at the rate
        FailureSpec shorthand = parse4.apply("failures { rate-per-1000-node-days = 6.5 }\n");
        assertEquals(6.5 / 1000 / 24 / 4, shorthand.classes().get(0).ratePerComponentHour(), 1e-18);
        // a rate per chip-hour with the mix: the fleet fails at 16 × that
        FailureSpec perChip = parse4.apply("failures { mix = llama3, rate-per-chip-hour = 1e-5 }\n");
        assertEquals(16 * 1e-5, perChip.fleetRatePerHour(16, 4, 1), 1e-15);
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
        // software comes with each chip (one training process per GPU): 2 per 1,000 8-chip node-days
        assertEquals(2.0 / 1000 / 24 / 8, only.classes().get(0).ratePerComponentHour(), 1e-15);
        assertEquals(2.0 / 1000 / 24 * 2, only.fleetRatePerHour(16, 2, 1), 1e-15);
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
                        + " give failures.repair-median and failures.repair-sigma",
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
