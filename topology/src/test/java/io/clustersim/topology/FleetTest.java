package io.clustersim.topology;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Datacenters, power budgets, WAN links and the routes and collectives over them. */
class FleetTest {

    static final ChipSpec H100 = ChipCatalog.standard().require("h100-sxm");

    static Datacenter dc(String name, int chips) {
        return Datacenter.of(name, new ClusterSpec(H100, chips, 8, 8, new ScaleOutFabric(400e9, 1e-6, 1024, 1)));
    }

    @Test
    void distinctChipsKeepSiteOrderAndDropRepeats() {
        ChipSpec b200 = ChipCatalog.standard().require("b200");
        Datacenter other = Datacenter.of("b", new ClusterSpec(b200, 64, 8, 8, new ScaleOutFabric(400e9, 1e-6, 1024, 1)));
        Fleet fleet = new Fleet(List.of(dc("a", 64), other, dc("c", 64)),
                List.of(new WanLink("a", "b", 1e12, 0), new WanLink("b", "c", 1e12, 0)));
        assertEquals(List.of(H100, b200), fleet.distinctChips());
    }

    @Test
    void powerBudgetCapsChipsAndNamesTheShortfall() {
        // SemiAnalysis' 100k H100 figures: 700 W GPU + 575 W server, here at PUE 1.2 = 1,530 W per GPU
        PowerSpec power = new PowerSpec(150e6, 1.2, 575, 1.0);
        assertEquals(1530, power.provisionedWattsPerChip(H100), 1e-9);
        assertEquals(98_039, power.maxChips(H100)); // floor(150e6 / 1530)
        Datacenter fits = new Datacenter("a", dc("a", 98_032).cluster(), power, -1);
        assertNull(fits.powerShortfall());
        Datacenter over = new Datacenter("a", dc("a", 100_000).cluster(), power, 1); // one spare node of 8
        String message = over.powerShortfall();
        // (100,000 + 8) × 1,530 W = 153.0 MW against 150 MW: 3.0 MW short, 98,031 chips fit beside the 8 spares
        assertTrue(message.contains("need 153.0 MW"), message);
        assertTrue(message.contains("budget is 150.0 MW: 3.0 MW short"), message);
        assertTrue(message.contains("at most 98,031 chips fit"), message);
        assertTrue(message.contains("1 hot spare nodes (8 chips)"), message);
    }

    @Test
    void energyUsesAverageDrawAndProvisioningUsesTdp() {
        PowerSpec power = new PowerSpec(Double.POSITIVE_INFINITY, 1.1, 500, 0.8);
        Datacenter d = new Datacenter("a", dc("a", 1000).cluster(), power, 100 / 8);
        assertEquals(1096 * (700 + 500) * 1.1, d.provisionedWatts(), 1e-6);
        assertEquals(1000 * (700 * 0.8 + 500) * 1.1, d.averageWatts(), 1e-6);
        assertEquals(0.8 * 700, PowerSpec.defaults(H100).serverOverheadWattsPerChip(), 1e-9);
    }

    @Test
    void fibreLatencyIsFivePointNineMicrosecondsPerKilometreAndWavesAddUp() {
        WanLink link = WanLink.overFibre("a", "b", 500 * WanLink.ZR800_BITS_PER_SECOND, 1000);
        assertEquals(4.9e-3, link.latencySeconds(), 1e-12);
        assertEquals(400e12, link.bitsPerSecond(), 1e-3);
    }

    @Test
    void fleetRefusesUnknownEndsDuplicatesAndIslands() {
        Datacenter a = dc("a", 8), b = dc("b", 8), c = dc("c", 8);
        assertThrows(IllegalArgumentException.class, () -> new Fleet(List.of(a, b), List.of(new WanLink("a", "x", 1e12, 0))));
        assertThrows(IllegalArgumentException.class, () -> new Fleet(List.of(a, dc("a", 16)), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Fleet(List.of(a, b),
                List.of(new WanLink("a", "b", 1e12, 0), new WanLink("b", "a", 1e12, 0))));
        IllegalArgumentException island = assertThrows(IllegalArgumentException.class,
                () -> new Fleet(List.of(a, b, c), List.of(new WanLink("a", "b", 1e12, 0))));
        assertTrue(island.getMessage().contains("\"c\" has no WAN route"), island.getMessage());
        assertEquals(24, new Fleet(List.of(a, b, c), List.of(new WanLink("a", "b", 1e12, 0), new WanLink("b", "c", 1e12, 0))).chips());
    }

    @Test
    void twoSitesAllReduceIsOneBufferEachWayPlusTwoLatencies() {
        // 2 sites: each sends half its buffer in the reduce-scatter and half in the all-gather
        double bits = 100e12, latency = 5e-3, bytes = 1e12, eff = 0.8;
        Fleet f = new Fleet(List.of(dc("a", 8), dc("b", 8)), List.of(new WanLink("a", "b", bits, latency)));
        double expected = bytes / (bits / 8 * eff) + 2 * latency;
        assertEquals(expected, f.routes().allReduceSeconds(bytes, eff), 1e-12);
        assertEquals(bytes, f.routes().allReduceBytesPerSite(bytes), 1e-3);
    }

    @Test
    void fullMeshUsesTheDirectScheduleChainUsesTheRing() {
        double bits = 80e12, bytes = 3e12;
        double perLink = bits / 8;
        Datacenter a = dc("a", 8), b = dc("b", 8), c = dc("c", 8);
        Fleet mesh = new Fleet(List.of(a, b, c), List.of(new WanLink("a", "b", bits, 0), new WanLink("b", "c", bits, 0),
                new WanLink("a", "c", bits, 0)));
        // direct: every link carries 1/3 of the buffer each way in each phase
        assertEquals(2 * (bytes / 3) / perLink, mesh.routes().allReduceSeconds(bytes, 1.0), 1e-12);
        // chain a-b-c: the ring a→b→c→a routes c→a through b, still one flow per link direction: 2·(2/3)·S
        Fleet chain = new Fleet(List.of(a, b, c), List.of(new WanLink("a", "b", bits, 0), new WanLink("b", "c", bits, 0)));
        assertEquals(2 * (2.0 / 3) * bytes / perLink, chain.routes().allReduceSeconds(bytes, 1.0), 1e-12);
        // and a slow link on the chain is the bottleneck
        Fleet slow = new Fleet(List.of(a, b, c), List.of(new WanLink("a", "b", bits, 0), new WanLink("b", "c", bits / 4, 0)));
        assertEquals(2 * (2.0 / 3) * bytes / (perLink / 4), slow.routes().allReduceSeconds(bytes, 1.0), 1e-12);
    }

    @Test
    void routesTakeTheLeastLatency() {
        Datacenter a = dc("a", 8), b = dc("b", 8), c = dc("c", 8);
        Fleet f = new Fleet(List.of(a, b, c), List.of(new WanLink("a", "b", 1e12, 1e-3), new WanLink("b", "c", 2e12, 1e-3),
                new WanLink("a", "c", 4e12, 5e-3)));
        assertEquals(2e-3, f.routes().latencySeconds(0, 2), 1e-15); // a→b→c beats the direct 5 ms
        assertEquals(1e12 / 8, f.routes().routeBytesPerSecond(0, 2), 1e-3); // bottleneck a–b
        assertEquals(1e9 / (1e12 / 8) + 2e-3, f.routes().sendSeconds(0, 2, 1e9, 1.0), 1e-12);
    }
}
