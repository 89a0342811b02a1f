package io.clustersim.core.model;

import io.clustersim.topology.ChipCatalog;
import io.clustersim.topology.ChipSpec;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.GroupPlacement;
import io.clustersim.topology.ScaleOutFabric;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Context parallelism's three exchanges on a long sequence (Llama 3 8B, 131,072 tokens, CP 8 inside
 * one H100 node): ring attention passes 1/8 of K and V per step behind 1/8 of the attention, so at
 * this length it hides; Ulysses' all-to-alls of Q, K, V and the output are exposed; the all-gather
 * hides behind the whole attention.
 */
class ContextParallelTest {

    static final ChipSpec H100 = ChipCatalog.standard().require("h100-sxm");
    static final TransformerSpec LLAMA_8B_128K = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(32)
            .hidden(4_096).heads(32).kvHeads(8).ffnHidden(14_336).vocab(128_256).seqLen(131_072).build();
    static final ClusterSpec NODE = new ClusterSpec(H100, 8, 8, 8, new ScaleOutFabric(400e9, 1e-6, 8, 1));
    static final ParallelismPlan PLAN = ParallelismPlan.builder().cp(8).dp(1).globalBatch(1).build();

    static StepEstimate with(ContextComm comm) {
        SoftwareSpec s = new SoftwareSpec(true, true, true, Framework.GENERIC, 2, 1, comm);
        return new AnalyticStepModel(ShardedDataParallelTest.HAND, s).estimate(LLAMA_8B_128K, NODE, PLAN);
    }

    @Test
    void ringHidesUlyssesExposesAtLongSequences() {
        double ring = with(ContextComm.RING).breakdownSeconds().get("exposedCp");
        double gather = with(ContextComm.ALL_GATHER).breakdownSeconds().get("exposedCp");
        double ulysses = with(ContextComm.ALL_TO_ALL).breakdownSeconds().get("exposedCp");
        // each 1/8 chunk's transfer hides behind 1/8 of the attention, which is compute-bound (its
        // HBM traffic slows nothing) and, in this calibration, loses no SMs to it and no contention
        assertEquals(0, ring, 1e-12, "each 1/8 chunk's transfer hides behind 1/8 of the attention");
        assertEquals(0, gather, 1e-12);
        // Ulysses, by hand: per layer, forward all-to-alls of Q, K, V (16,384 tokens × (4096 + 2·1024) × 2 B
        // = 201 MB) and of the output (134 MB), each 7/8 over NVLink at 450 GB/s plus 1 µs; backward the same
        double perLayer = 2 * ((201.3e6 + 134.2e6) * 7 / 8 / 450e9 + 2e-6);
        assertEquals(32 * perLayer, ulysses, 0.02 * ulysses);
    }

    @Test
    void ringExposesWhenTheChunkOutrunsItsAttention() {
        // across nodes (one GPU per node on 50 GB/s NICs × 0.74) at a short sequence: K and V of 1/8
        // of 16,384 tokens take longer to pass than 1/8 of their attention takes to compute
        TransformerSpec shortSeq = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(32).hidden(4_096)
                .heads(32).kvHeads(8).ffnHidden(14_336).vocab(128_256).seqLen(16_384).build();
        ClusterSpec spread = new ClusterSpec(H100, 8, 1, 1, new ScaleOutFabric(100e9, 1e-6, 8, 1));
        SoftwareSpec s = new SoftwareSpec(true, true, true, Framework.GENERIC, 2, 1, ContextComm.RING);
        double ring = new AnalyticStepModel(ShardedDataParallelTest.HAND, s).estimate(shortSeq, spread, PLAN).breakdownSeconds().get("exposedCp");
        assertTrue(ring > 0, "exposed " + ring);
    }

    @Test
    void aRingOverTheNetworkCostsOnlyTheFewChannelsNcclGivesAPeer() {
        // 8 nodes of one GPU each on 400 Gb/s NICs, 131,072 tokens: each step's 1/8 of K and V
        // (131,072 × 2 × 1024 × 2 B / 8 = 67 MB) hides behind 1/8 of the attention, and costs the
        // attention what NCCL's point-to-point send takes from it: 2 channels per network peer (NCCL up
        // to 2.28), 2 of 132 SMs and the contention per SM — not a collective's 24
        ClusterSpec spread = new ClusterSpec(H100, 8, 1, 1, new ScaleOutFabric(400e9, 1e-6, 8, 1));
        SoftwareSpec s = new SoftwareSpec(true, true, true, Framework.GENERIC, 2, 1, ContextComm.RING);
        Calibration standard = Calibration.standard();
        double exposed = new AnalyticStepModel(standard, s).estimate(LLAMA_8B_128K, spread, PLAN).breakdownSeconds().get("exposedCp");
        double step = GroupPlacement.of(spread, 8, 1, standard.scaleUpEfficiency(), standard.scaleOutEfficiency())
                .ringStepSeconds(131_072 * 2 * 1_024 * 2.0 / 8);
        double slowdown = 2.0 / 132 + standard.overlapContention() * 2 / standard.collectiveSms();
        assertEquals(slowdown, standard.p2pNetSlowdown(H100), 1e-12);
        // per layer: 7 steps forward, 7 of twice the bytes backward
        assertEquals(32 * 7 * slowdown * 3 * step, exposed, 1e-9 * exposed);
        assertTrue(standard.p2pNetSlowdown(H100) < standard.collectiveShare(H100) + standard.collectiveContention(H100));
    }
}
