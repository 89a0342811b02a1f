package io.clustersim.core;

import io.clustersim.core.model.AttentionKernel;
import io.clustersim.core.model.Problem;
import io.clustersim.core.model.SoftwareSpec;
import io.clustersim.topology.ChipCatalog;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.Datacenter;
import io.clustersim.topology.Fleet;
import io.clustersim.topology.ScaleOutFabric;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The API refuses what the loader refuses: FlashAttention-2 where the model has no rate for it. */
class AttentionKernelProblemsTest {

    static Fleet on(String chip) {
        return Fleet.single(Datacenter.of("dc", new ClusterSpec(ChipCatalog.standard().require(chip), 64, 8, 8,
                new ScaleOutFabric(400e9, 1e-6, 64, 1))));
    }

    @Test
    void flashAttention2IsAProblemOffAmpereAndHopper() {
        SoftwareSpec fa2 = SoftwareSpec.modern().withAttentionKernel(AttentionKernel.FLASH_ATTN_2);
        assertTrue(Planner.attentionKernelProblems(fa2, on("h100-sxm")).isEmpty());
        assertTrue(Planner.attentionKernelProblems(fa2, on("a100-80gb-sxm")).isEmpty());
        List<Problem> onB200 = Planner.attentionKernelProblems(fa2, on("b200"));
        assertEquals(1, onB200.size());
        assertEquals("software.attention-kernel", onB200.get(0).key());
        assertTrue(onB200.get(0).message().contains("NVIDIA B200"), onB200.get(0).message());
        assertTrue(Planner.attentionKernelProblems(SoftwareSpec.modern(), on("b200")).isEmpty());
        // unfused attention runs no kernel of the two
        SoftwareSpec unfused = new SoftwareSpec(false, true, true).withAttentionKernel(AttentionKernel.FLASH_ATTN_2);
        assertTrue(Planner.attentionKernelProblems(unfused, on("b200")).isEmpty());
    }
}
