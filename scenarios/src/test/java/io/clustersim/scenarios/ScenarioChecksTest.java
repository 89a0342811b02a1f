package io.clustersim.scenarios;

import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where the load-time checks draw their lines: just inside is accepted, just outside refused, with
 * the thresholds worked out here by hand rather than read back from the loader.
 */
class ScenarioChecksTest {

    private static final String ONE_SITE = ScenarioLoaderTest.VALID;

    @Test
    void failureRateIsRefusedExactlyWhenTheFleetFailsFasterThanItRecovers() {
        // 16 chips, 8 per node: 2 nodes. Recovery = 5 min detection + 10 min restart + 2 min restore = 1,020 s.
        // At r failures per 1,000 node-days the fleet's MTTF is 86,400 s / (2 r / 1,000) = 43.2e6 / r s,
        // so the limit is r = 43.2e6 / 1,020 = 42,353.
        assertDoesNotThrow(() -> ScenarioLoader.parse(ONE_SITE + "failures.rate-per-1000-node-days = 42000\n", "a.conf"));
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> ScenarioLoader.parse(ONE_SITE + "failures.rate-per-1000-node-days = 43000\n", "a.conf"));
        assertEquals("failures.rate-per-1000-node-days", e.key());
        // with a peer replica restoring in 10 s the recovery is 910 s and the limit 47,473
        String peer = ONE_SITE + "checkpoint { mode = async, snapshot = 5s, peer-replica = true, peer-restore = 10s }\n";
        assertDoesNotThrow(() -> ScenarioLoader.parse(peer + "failures.rate-per-1000-node-days = 47000\n", "a.conf"));
        assertThrows(ScenarioException.class,
                () -> ScenarioLoader.parse(peer + "failures.rate-per-1000-node-days = 48000\n", "a.conf"));
    }

    @Test
    void podOfWholeNodesIsAccepted() {
        assertEquals(8, ScenarioLoader.parse(ONE_SITE + "fleet.scale-out.pod-chips = 8\n", "a.conf")
                .scenario().cluster().scaleOut().podChips());
    }

    @Test
    void bandwidthWithAUnitStillReads() {
        assertEquals(400e9, ScenarioLoader.parse(ONE_SITE + "fleet.scale-out.bandwidth-per-chip = 50GB/s\n", "a.conf")
                .scenario().cluster().scaleOut().bitsPerSecondPerChip());
        assertThrows(IllegalArgumentException.class, () -> Quantities.bitsPerSecond("400"));
    }

    @Test
    void spareWithoutRepairSuggestsKeysThatExist() {
        // the single-rate form names its cause "hardware", which has no per-class keys
        for (String failures : new String[] {"", "failures.cause = accelerator\n", "failures = null\nfailures { mix = llama3 }\n"}) {
            ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.parse(
                    ONE_SITE + failures + "failures.spares.per-datacenter = 2\n", "a.conf"));
            assertEquals("failures.spares", e.key(), e.getMessage());
            Matcher m = Pattern.compile("failures\\.[a-z0-9.-]*[a-z0-9]").matcher(e.getMessage());
            int keys = 0;
            while (m.find()) {
                if (!m.group().equals(e.key())) {
                    assertTrue(ScenarioLoader.ALL_KEYS.contains(m.group()), m.group() + " is no key: " + e.getMessage());
                    keys++;
                }
            }
            assertTrue(keys >= 2, e.getMessage());
        }
    }
}
