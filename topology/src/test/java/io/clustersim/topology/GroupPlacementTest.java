package io.clustersim.topology;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupPlacementTest {

    static final ChipSpec H100 = ChipCatalog.standard().require("h100-sxm");
    static final ClusterSpec CLUSTER = new ClusterSpec(H100, 4_096, 8, 8, new ScaleOutFabric(400e9, 1e-6, 1_024, 4));

    @Test
    void tensorGroupStaysOnNvlink() {
        GroupPlacement tp = GroupPlacement.of(CLUSTER, 8, 1, 1.0, 1.0);
        assertTrue(tp.insideScaleUpDomain());
        double bytes = 1e9;
        double expected = 2 * (7.0 / 8 * bytes / 450e9 + 3 * GroupPlacement.SCALE_UP_STEP_LATENCY_SECONDS);
        assertEquals(expected, tp.allReduceSeconds(bytes), 1e-12);
    }

    @Test
    void dataGroupAcrossNodesUsesEachMembersNic() {
        // stride 8: one member per node, 128 members in a pod of 1,024 chips
        GroupPlacement dp = GroupPlacement.of(CLUSTER, 128, 8, 1.0, 1.0);
        assertEquals(1, dp.membersPerDomain());
        double bytes = 1e9;
        double expected = 127.0 / 128 * bytes / 50e9 + 7 * 6e-6; // 400 Gb/s = 50 GB/s; ceil(log2 128) = 7 steps
        assertEquals(expected, dp.reduceScatterSeconds(bytes), 1e-12);
    }

    @Test
    void hierarchyShrinksWhatCrossesTheSpine() {
        // 512 members at stride 8 span 4 pods; only 1/128 of the buffer crosses the 1:4 spine
        GroupPlacement wide = GroupPlacement.of(CLUSTER, 512, 8, 1.0, 1.0);
        GroupPlacement pod = GroupPlacement.of(CLUSTER, 128, 8, 1.0, 1.0);
        double extra = wide.reduceScatterSeconds(1e9) - pod.reduceScatterSeconds(1e9);
        double spine = 3.0 / 4 * (1e9 / 128) / (50e9 / 4) + 2 * 6e-6;
        assertEquals(spine, extra, 1e-9);
    }

    @Test
    void aSendOfAGroupThatLeavesItsDomainGoesThroughANic() {
        // a pipeline of 8 stages at stride 4: two stages per 8-GPU node, every second send to the next
        // node — on a step's path, so the NIC's 50 GB/s (and its latency) set each send's time
        GroupPlacement pp = GroupPlacement.of(CLUSTER, 8, 4, 1.0, 1.0);
        assertEquals(2, pp.membersPerDomain());
        assertEquals(1e9 / 50e9 + 6e-6, pp.sendSeconds(1e9), 1e-12);
        // all 8 in one node (stride 1): NVLink
        GroupPlacement inside = GroupPlacement.of(CLUSTER, 8, 1, 1.0, 1.0);
        assertTrue(inside.sendSeconds(1e9) < 1e9 / 400e9);
    }

    @Test
    void singleMemberGroupsAreFree() {
        GroupPlacement one = GroupPlacement.of(CLUSTER, 1, 1, 0.8, 0.8);
        assertEquals(0, one.allReduceSeconds(1e9));
        assertEquals(0, one.allToAllSeconds(1e9));
        assertEquals(0, one.sendSeconds(1e9));
    }
}
