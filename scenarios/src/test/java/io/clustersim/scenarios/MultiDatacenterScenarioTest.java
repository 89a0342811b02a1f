package io.clustersim.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clustersim.core.ClusterSim;
import io.clustersim.core.Report;
import io.clustersim.core.Scenario;
import io.clustersim.core.SimOptions;
import io.clustersim.core.model.CrossDcSpec;
import io.clustersim.scenarios.cli.ClusterSimCli;
import io.clustersim.topology.Datacenter;
import io.clustersim.topology.WanLink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scenario files that span datacenters: keys, located errors, the report sections, the sweep command. */
class MultiDatacenterScenarioTest {

    static final String HEAD = """
            name = "multi"
            seed = 11
            trials = 6
            model { architecture = llama, layers = 32, hidden = 4096, heads = 32, kv-heads = 8, ffn-hidden = 14336,
                    vocab = 128256, seq-len = 8192 }
            target { tokens = 100B }
            """;

    static final String SINGLE = HEAD + """
            fleet {
              chip = h100-sxm
              chips = 512
              scale-out { pod-chips = 256, spine-oversubscription = 2 }
              power { budget = 2MW, pue = 1.15, server-overhead = 575W, chip-utilisation = 0.8 }
            }
            parallelism { tp = 8, pp = 2, dp = 32, global-batch = 256, sequence-parallel = true, zero-stage = 1 }
            failures { rate-per-1000-node-days = 6.5, detection = 5m, restart = 10m }
            checkpoint { interval = auto, write = 10s, restore = 1m }
            """;

    static final String LIST_OF_ONE = HEAD + """
            fleet {
              datacenters = [
                { chip = h100-sxm, chips = 512, scale-out { pod-chips = 256, spine-oversubscription = 2 },
                  power { budget = 2MW, pue = 1.15, server-overhead = 575W, chip-utilisation = 0.8 } }
              ]
            }
            parallelism { tp = 8, pp = 2, dp = 32, global-batch = 256, sequence-parallel = true, zero-stage = 1 }
            failures { rate-per-1000-node-days = 6.5, detection = 5m, restart = 10m }
            checkpoint { interval = auto, write = 10s, restore = 1m }
            """;

    static final String THREE = HEAD + """
            fleet {
              datacenters = [
                { name = iowa, chip = h100-sxm, chips = 512, power { budget = 2MW }, hot-spare-nodes = 2 }
                { name = texas, chip = h100-sxm, chips = 256 }
                { name = ohio, chip = h100-sxm, chips = 256 }
              ]
              wan-links = [
                { between = [iowa, texas], waves = 50, wave = 800ZR, distance = 1300km }
                { between = [texas, ohio], bandwidth = 20Tbps, latency = 8ms }
              ]
            }
            parallelism {
              tp = 8, pp = 2, dp = 64, global-batch = 512
              cross-dc = diloco
              diloco { inner-steps = 100, fragments = 4, outer-precision = int4, overlap-steps = 2, token-efficiency = 0.9 }
            }
            """;

    static ScenarioException error(String text) {
        return assertThrows(ScenarioException.class, () -> ScenarioLoader.parse(text, "dc.conf"));
    }

    static int line(String text, String needle) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException(needle);
    }

    @Test
    void oneDatacenterInTheListIsTheSingleSiteScenarioByteForByte() {
        Scenario single = ScenarioLoader.parse(SINGLE, "a.conf").scenario();
        Scenario listed = ScenarioLoader.parse(LIST_OF_ONE, "a.conf").scenario();
        assertEquals(single, listed);
        try (ClusterSim sim = ClusterSim.create(SimOptions.defaults().withThreads(2))) {
            JsonReportWriter json = new JsonReportWriter();
            assertEquals(json.write(sim.run(single)), json.write(sim.run(listed)));
        }
    }

    @Test
    void readsDatacentersLinksAndDiloco() {
        Scenario s = ScenarioLoader.parse(THREE, "three.conf").scenario();
        assertEquals(3, s.fleet().datacenters().size());
        Datacenter iowa = s.fleet().datacenters().get(0);
        assertEquals("iowa", iowa.name());
        assertEquals(2e6, iowa.power().budgetWatts());
        assertEquals(2, iowa.hotSpareNodes());
        assertEquals(1_024, s.cluster().chips());
        WanLink first = s.fleet().links().get(0);
        assertEquals(50 * 800e9, first.bitsPerSecond());
        assertEquals(1300 * 4.9e-6, first.latencySeconds(), 1e-15);
        assertEquals(8e-3, s.fleet().links().get(1).latencySeconds(), 1e-15);
        assertEquals(CrossDcSpec.diloco(100, 4, 0.5, 2, 0.9), s.crossDc());
    }

    @Test
    void mistakesInDatacentersAndLinksAreLocated() {
        String unknownEnd = THREE.replace("between = [texas, ohio]", "between = [texas, utah]");
        ScenarioException e = error(unknownEnd);
        assertEquals(line(unknownEnd, "utah"), e.line());
        assertEquals("fleet.wan-links[1].between", e.key());
        assertTrue(e.problem().contains("no datacenter named \"utah\" (known: iowa, texas, ohio)"), e.getMessage());

        String typo = THREE.replace("{ name = texas, chip = h100-sxm, chips = 256 }", "{ name = texas, chip = h100-sxm, chps = 256 }");
        e = error(typo);
        assertEquals("dc.conf:" + line(typo, "chps") + ": fleet.datacenters[1].chps: unknown key; did you mean 'chips'?",
                e.getMessage());

        String both = THREE.replace("waves = 50, wave = 800ZR,", "waves = 50, bandwidth = 40Tbps,");
        assertTrue(error(both).problem().contains("either bandwidth"), error(both).getMessage());

        String mixed = THREE.replace("fleet {\n", "fleet {\n  chip = h100-sxm\n");
        assertEquals("fleet.chip", error(mixed).key());

        String island = THREE.replace("{ between = [texas, ohio], bandwidth = 20Tbps, latency = 8ms }", "");
        e = error(island);
        assertTrue(e.problem().contains("\"ohio\" has no WAN route"), e.getMessage());
    }

    @Test
    void powerShortfallIsALocatedErrorWithExitCode2(@TempDir Path dir) throws IOException {
        // 512 H100 + 16 spares at (700 W + 560 W default server) × PUE 1.2 = 0.80 MW; a 0.7 MW budget is short
        String text = THREE.replace("power { budget = 2MW }", "power { budget = 0.7MW }");
        Path file = dir.resolve("power.conf");
        Files.writeString(file, text);
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = ClusterSimCli.execute(new String[] {"validate", file.toString()}, new PrintWriter(out), new PrintWriter(err));
        assertEquals(ClusterSimCli.EXIT_SCENARIO_ERROR, code);
        String message = err.toString().trim().split("\n")[0];
        assertTrue(message.startsWith(file + ":" + line(text, "budget = 0.7MW") + ": fleet.datacenters[0].power.budget: iowa: "
                + "512 chips and 2 hot spare nodes (16 chips) need 0.8 MW"), message);
        assertTrue(message.contains("0.1 MW short; at most 446 chips fit"), message); // floor(0.7e6 / 1512) − 16
        assertTrue(!err.toString().contains("Exception"), err.toString());
    }

    @Test
    void singleSitePowerErrorIsLocatedAtFleetPower() {
        String text = SINGLE.replace("budget = 2MW", "budget = 500kW");
        LoadedScenario loaded = ScenarioLoader.parse(text, "one.conf");
        try (ClusterSim sim = ClusterSim.create(SimOptions.defaults().withThreads(1))) {
            ScenarioException e = loaded.locate(sim.check(loaded.scenario()).get(0));
            assertEquals("fleet.power.budget", e.key());
            assertEquals(line(text, "budget = 500kW"), e.line());
        }
    }

    @Test
    void reportCarriesEnergyFleetBatchAndWarnings() throws IOException {
        Scenario s = ScenarioLoader.parse(THREE.replace(", token-efficiency = 0.9", ""), "three.conf").scenario();
        Report report;
        try (ClusterSim sim = ClusterSim.create(SimOptions.defaults().withThreads(2))) {
            report = sim.run(s);
        }
        // energy: iowa at defaults (PUE 1.2, 0.8 × 700 W server), chips at TDP
        double watts = 1_024 * (700 + 560) * 1.2;
        assertEquals(watts / 1e6, report.energy().averageMegawatts(), 1e-9);
        assertEquals(watts * 24 * report.run().wallClockDays().mean() / 1e6, report.energy().megawattHours(),
                1e-9 * report.energy().megawattHours());
        assertEquals((1_024 + 16) * (700 + 560) * 1.2 / 1e6, report.energy().provisionedMegawatts(), 1e-9);
        assertEquals("diloco", report.fleet().crossDc().method());
        assertTrue(report.step().breakdownSeconds().containsKey("exposedWan"));
        assertTrue(report.warnings().get(0).startsWith("parallelism.diloco.token-efficiency not given"), report.warnings().toString());
        assertEquals(512 * 8192.0, report.batch().globalBatchTokens());
        assertEquals(report.run().steps() * report.batch().globalBatchTokens(), report.batch().trainedTokens());
        JsonNode json = new ObjectMapper().readTree(new JsonReportWriter().write(report));
        assertEquals(3, json.at("/fleet/datacenters").size());
        assertEquals(2e6 / 1e6, json.at("/fleet/datacenters/0/powerBudgetMegawatts").asDouble());
        assertTrue(json.at("/fleet/datacenters/1/powerBudgetMegawatts").isNull());
        assertEquals(0.5, json.at("/fleet/crossDc/outerBytesPerParameter").asDouble());
        assertTrue(json.at("/energy/megawattHours").isNumber());
        assertTrue(json.at("/batch/criticalBatchTokens").isNumber());
        assertEquals(1, json.at("/warnings").size());
    }

    @Test
    void tokenEfficiencyCostsTokensAndTheCriticalBatchIsCharged() {
        Scenario efficient = ScenarioLoader.parse(THREE, "three.conf").scenario();
        Scenario charged = ScenarioLoader.parse(THREE.replace("tokens = 100B", "tokens = 100B, critical-batch = 1M, reference-batch = 1M"),
                "three.conf").scenario();
        try (ClusterSim sim = ClusterSim.create(SimOptions.defaults().withThreads(2))) {
            Report a = sim.run(efficient.withTrials(1));
            // 100B / 0.9 tokens, in whole steps of 512 × 8192
            assertEquals(Math.ceil(100e9 / 0.9 / (512 * 8192.0)), a.run().steps());
            Report b = sim.run(charged.withTrials(1));
            // batch 4.19M tokens vs a 1M critical batch, target at 1M: (1 + 4.19)/(1 + 1) more tokens, then / 0.9
            double factor = (1 + 512 * 8192 / 1e6) / 2;
            assertEquals(factor, b.batch().tokenFactor(), 1e-12);
            assertEquals(Math.ceil(100e9 * factor / 0.9 / (512 * 8192.0)), b.run().steps());
            assertTrue(b.batch().pastCritical());
            assertTrue(b.warnings().stream().anyMatch(w -> w.contains("critical batch")), b.warnings().toString());
        }
    }

    @Test
    void overridesReachIntoLists(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("three.conf");
        Files.writeString(file, THREE);
        Scenario s = ScenarioLoader.load(file, Map.of("fleet.wan-links[1].bandwidth", "1Tbps",
                "parallelism.diloco.inner-steps", "500")).scenario();
        assertEquals(1e12, s.fleet().links().get(1).bitsPerSecond());
        assertEquals(500, s.crossDc().innerSteps());
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> ScenarioLoader.load(file, Map.of("fleet.wan-links[7].bandwidth", "1Tbps")));
        assertTrue(e.problem().contains("no object at index 7"), e.getMessage());
    }

    @Test
    void lostDatacentersAndCutLinksFollowThePolicy() {
        String base = MultiDatacenterScenarioTestFixtures.TWO_SITES.replace("distance = 800km }",
                "distance = 800km, cuts-per-year = 200, repair-median = 4h, repair-sigma = 0.5 }") + """
                failures {
                  power { rate-per-component-hour = 0.01, repair-median = 3h, repair-sigma = 0.3 }
                  detection = 2m
                  restart = 5m
                }
                checkpoint { interval = auto, write = 20s, restore = 1m }
                target { tokens = 2T }
                trials = 20
                """;
        Scenario wait = ScenarioLoader.parse(base, "two.conf").scenario();
        Scenario go = ScenarioLoader.parse(base + "fleet.on-site-loss = continue\n", "two.conf").scenario();
        assertEquals(CrossDcSpec.SiteLoss.CONTINUE, go.crossDc().onSiteLoss());
        try (ClusterSim sim = ClusterSim.create(SimOptions.defaults().withThreads(2))) {
            Report w = sim.run(wait), g = sim.run(go);
            assertTrue(w.run().interruptions().byCause().getOrDefault("power", 0.0) > 1, w.run().interruptions().toString());
            assertTrue(w.run().interruptions().byCause().getOrDefault("wan-link", 0.0) > 1, w.run().interruptions().toString());
            assertEquals(0.0, w.run().interruptions().byCause().getOrDefault("rejoin", 0.0));
            assertTrue(w.run().timeFractions().get("waitingForRepair") > 0);
            assertEquals(0.0, w.run().timeFractions().get("degraded"), 1e-12);
            // continuing: the lost half is taken back at a planned stop, and the wait turns into slower running
            assertTrue(g.run().interruptions().byCause().getOrDefault("rejoin", 0.0) > 1, g.run().interruptions().toString());
            assertTrue(g.run().timeFractions().get("degraded") > 0);
            assertTrue(g.run().timeFractions().get("waitingForRepair") < w.run().timeFractions().get("waitingForRepair"));
            assertTrue(g.run().wallClockDays().mean() < w.run().wallClockDays().mean());
            // the MTTF counts both sites' power and the link's cuts
            double perHour = 2 * 0.01 + 200 / 8766.0;
            assertEquals(1 / perHour, w.run().mttfHours(), 1e-9);
        }
    }

    @Test
    void halfTheFleetRunsAtAboutHalfTheThroughput() {
        Scenario s = ScenarioLoader.parse(MultiDatacenterScenarioTestFixtures.TWO_SITES, "two.conf").scenario();
        try (ClusterSim sim = ClusterSim.create(SimOptions.defaults().withThreads(1))) {
            var full = sim.fleetStep(s);
            var layout = io.clustersim.core.ClusterSimAccess.layout(s, full);
            double half = layout.throughput().ratio(1, 0);
            // half the replicas, and no WAN to wait for: a little more than half the tokens per second
            assertTrue(half >= 0.5 && half < 0.55, "ratio " + half);
            assertEquals(half, layout.throughput().ratio(2, 0), 1e-12);
            assertEquals(2, layout.sites().size());
        }
    }

    @Test
    void fleetsAreDeterministicOnAnyThreadsAndEitherEngine() {
        String text = MultiDatacenterScenarioTestFixtures.TWO_SITES.replace("distance = 800km }",
                "distance = 800km, cuts-per-year = 100, repair-median = 4h, repair-sigma = 0.5 }") + """
                fleet.on-site-loss = continue
                failures {
                  mix = llama3
                  rate-per-1000-node-days = 50
                  repair-median = 6h
                  repair-sigma = 0.5
                  power { rate-per-component-hour = 0.01, repair-median = 2h, repair-sigma = 0.3 }
                  detection = 2m
                  restart = 4m
                  spares { per-datacenter = 2, when-exhausted = shrink }
                }
                checkpoint { interval = auto, mode = async, snapshot = 5s, write = 2m, peer-replica = true, peer-restore = 30s, restore = 3m }
                target { tokens = 2T }
                trials = 12
                """;
        Scenario s = ScenarioLoader.parse(text, "two.conf").scenario();
        JsonReportWriter json = new JsonReportWriter();
        String reference = null;
        for (int threads : new int[] {1, 4}) {
            for (io.clustersim.core.engine.EngineKind engine : io.clustersim.core.engine.EngineKind.values()) {
                try (ClusterSim sim = ClusterSim.create(SimOptions.defaults().withThreads(threads).withEngine(engine))) {
                    String report = json.write(sim.run(s));
                    if (reference == null) {
                        reference = report;
                        assertTrue(report.contains("\"rejoin\""), report);
                    } else {
                        assertEquals(reference, report, threads + " threads, " + engine);
                    }
                }
            }
        }
    }

    /**
     * Per-datacenter pools in the report: site a has a pool that never runs dry, site b none (and
     * the job shrinks). Every node failure of a takes one of a's spares, every one of b finds b's
     * pool empty; the two sites are alike, so each sees half the fleet's node failures (Wald:
     * failures a day / 2 × mean days, within 4 Poisson σ), and the per-site swaps add up to the total.
     */
    @Test
    void perDatacenterPoolUseIsReported() throws IOException {
        String text = MultiDatacenterScenarioTestFixtures.TWO_SITES
                .replace("{ name = a, chip = h100-sxm, chips = 256 }", "{ name = a, chip = h100-sxm, chips = 256, hot-spare-nodes = 1000 }")
                .replace("{ name = b, chip = h100-sxm, chips = 256 }", "{ name = b, chip = h100-sxm, chips = 256, hot-spare-nodes = 0 }")
                + """
                failures {
                  rate-per-1000-node-days = 1200 # enough failures per run for the 4σ comparison below (> 20)
                  repair-median = 2h
                  repair-sigma = 0
                  detection = 1m
                  restart = 2m
                  spares { when-exhausted = shrink }
                }
                checkpoint { interval = auto, write = 10s, restore = 1m }
                trials = 20
                """;
        Scenario s = ScenarioLoader.parse(text, "pools.conf").scenario();
        assertTrue(s.failures().spares().shrink());
        assertEquals(-1, s.failures().spares().perDatacenter());
        Report report;
        try (ClusterSim sim = ClusterSim.create(SimOptions.defaults().withThreads(2))) {
            report = sim.run(s);
        }
        Report.Spares spares = report.run().spares();
        assertEquals(2, spares.datacenters().size());
        Report.SitePool a = spares.datacenters().get(0), b = spares.datacenters().get(1);
        assertEquals("a", a.name());
        assertEquals(1000, a.spareNodes());
        assertEquals(0, b.spareNodes());
        assertEquals(0, a.poolEmpty());
        assertEquals(0, b.used());
        assertEquals(spares.used(), a.used() + b.used(), 1e-9);
        double expected = report.run().failuresPerDay().get("hardware") / 2 * report.run().wallClockDays().mean();
        assertTrue(expected > 20, "enough failures to compare: " + expected);
        double sigma = Math.sqrt(expected / 20);
        assertEquals(expected, a.used(), 4 * sigma, "a's swaps");
        assertEquals(expected, b.poolEmpty(), 4 * sigma, "b's failures with its pool empty");

        JsonNode json = new ObjectMapper().readTree(new JsonReportWriter().write(report)).path("run").path("spares");
        assertTrue(json.path("perDatacenter").isNull(), json.toString());
        assertEquals("b", json.path("datacenters").get(1).path("name").asText());
        assertEquals(0, json.path("datacenters").get(1).path("spareNodes").asInt(-1));
        assertEquals(b.poolEmpty(), json.path("datacenters").get(1).path("poolEmpty").asDouble(), 1e-12);
        String text2 = new TextReportWriter().write(report);
        assertTrue(text2.contains("  a          1,000 spare nodes: "), text2);
    }

    /** One rule: failures.spares.per-datacenter is the pool of every datacenter without its own hot-spare-nodes. */
    @Test
    void sparePoolKeysFollowOneRule() {
        String repairs = "failures { rate-per-1000-node-days = 6.5, repair-median = 1d, repair-sigma = 0.5\n";
        // single form: both keys are the one datacenter's pool and must agree
        String conflict = SINGLE.replace("chips = 512", "chips = 512\n  hot-spare-nodes = 3")
                .replace("failures { rate-per-1000-node-days = 6.5, ", repairs + "  spares { per-datacenter = 2 }\n  ")
                .replace("restart = 10m }", "restart = 10m\n}");
        ScenarioException e = error(conflict);
        assertEquals("fleet.hot-spare-nodes", e.key(), e.getMessage());
        assertEquals(line(conflict, "hot-spare-nodes = 3"), e.line());
        assertTrue(e.problem().contains("3 differs from failures.spares.per-datacenter (2)"), e.getMessage());
        Scenario agreeing = ScenarioLoader.parse(conflict.replace("per-datacenter = 2", "per-datacenter = 3"), "a.conf").scenario();
        assertEquals(3, agreeing.failures().spares().perDatacenter());
        // a list where every datacenter has its own pool: the default applies to none
        String unused = MultiDatacenterScenarioTestFixtures.TWO_SITES
                .replace("chips = 256 }", "chips = 256, hot-spare-nodes = 4 }")
                + repairs + "  spares { per-datacenter = 2 }\n}\n";
        e = error(unused);
        assertEquals("failures.spares.per-datacenter", e.key(), e.getMessage());
        assertTrue(e.problem().contains("applies to no datacenter"), e.getMessage());
        // some own, some default: the default fills in
        String mixed = MultiDatacenterScenarioTestFixtures.TWO_SITES
                .replace("{ name = a, chip = h100-sxm, chips = 256 }", "{ name = a, chip = h100-sxm, chips = 256, hot-spare-nodes = 4 }")
                + repairs + "  spares { per-datacenter = 2 }\n}\n";
        assertEquals(2, ScenarioLoader.parse(mixed, "m.conf").scenario().failures().spares().perDatacenter());
        // a policy without any limited pool
        e = error(MultiDatacenterScenarioTestFixtures.TWO_SITES + repairs + "  spares { when-exhausted = shrink }\n}\n");
        assertEquals("failures.spares", e.key(), e.getMessage());
        assertTrue(e.problem().contains("no spare pool"), e.getMessage());
    }
}
