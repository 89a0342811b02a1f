package io.clustersim.core.model;

import io.clustersim.topology.ChipCatalog;
import io.clustersim.topology.ChipSpec;
import io.clustersim.topology.ComputeUnits;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pieces of the overlap model by hand: the share of the compute a communication kernel's SMs
 * take, where the fitted contention applies, and which framework overlaps what.
 */
class OverlapPhysicsTest {

    static final ChipCatalog CATALOG = ChipCatalog.standard();

    @Test
    void aCollectivesSmsTakeTheirShareOfTheChip() {
        ChipSpec h100 = CATALOG.require("h100-sxm");
        assertEquals(132, ComputeUnits.of(h100));
        // 24 of 132 SMs: the compute beside it runs at 108/132 of its rate, losing 24/132
        assertEquals(24.0 / 132, Calibration.smShare(h100, 24), 1e-12);
        assertEquals(1.0, Calibration.smShare(h100, 200), 1e-12, "never more than the whole chip");
        assertEquals(24.0 / 148, Calibration.smShare(CATALOG.require("gb200-nvl72"), 24), 1e-12);
    }

    @Test
    void chipsWhoseCollectivesRunOnDedicatedEnginesLoseNoCoresAndNoContention() {
        Calibration standard = Calibration.standard();
        for (String id : new String[] {"tpu-v5p", "trn2", "gaudi3"}) {
            ChipSpec chip = CATALOG.require(id);
            assertEquals(0, ComputeUnits.of(chip), id);
            assertEquals(0.0, Calibration.smShare(chip, 24), id);
            assertEquals(0.0, standard.collectiveContention(chip), id);
            // only its HBM traffic's share of the memory-bound work is left
            assertEquals(0.5 * 0.2, standard.overlapCost(chip, 24, 0.2, 0.5), 1e-12, id);
        }
        ChipSpec h100 = CATALOG.require("h100-sxm");
        assertEquals(standard.overlapContention(), standard.collectiveContention(h100));
        assertEquals(24.0 / 132 + 0.5 * 0.2 + standard.overlapContention(), standard.overlapCost(h100, 24, 0.2, 0.5), 1e-12);
    }

    @Test
    void onlyNemoOverlapsTheParameterGatherAndTheForwardTensorParallelCollectives() {
        for (Framework f : Framework.values()) {
            assertEquals(f == Framework.NEMO, f.overlapsParamGather(), f + " param gather");
            assertEquals(f == Framework.NEMO, f.overlapsTpForward(), f + " forward TP");
        }
        assertTrue(Framework.MEGATRON.overlapsPipelineSends());
        assertFalse(Framework.TORCHTITAN.overlapsParamGather());
    }

    /**
     * {@code software.overlap-tp-forward} defaults to the framework's choice; turned off under NeMo (as
     * Megatron-Bridge's NVFP4 presets do) the forward TP collectives are exposed exactly as under
     * Megatron-LM, which has no userbuffers by default; on, they hide partly behind their GEMMs.
     */
    @Test
    void forwardTensorParallelOverlapIsTheFrameworksUnlessStated() {
        for (Framework f : Framework.values()) {
            assertEquals(f.overlapsTpForward(), f.defaults().overlapTpForward(), f + " default");
        }
        var plan = AnalyticStepModelTest.base().build(); // TP 8 with sequence parallelism
        SoftwareSpec nemo = Framework.NEMO.defaults();
        double on = new AnalyticStepModel(nemo).estimate(AnalyticStepModelTest.LLAMA_70B, AnalyticStepModelTest.CLUSTER, plan)
                .breakdownSeconds().get("exposedTp");
        double off = new AnalyticStepModel(nemo.withOverlapTpForward(false))
                .estimate(AnalyticStepModelTest.LLAMA_70B, AnalyticStepModelTest.CLUSTER, plan).breakdownSeconds().get("exposedTp");
        double megatron = new AnalyticStepModel(Framework.MEGATRON.defaults())
                .estimate(AnalyticStepModelTest.LLAMA_70B, AnalyticStepModelTest.CLUSTER, plan).breakdownSeconds().get("exposedTp");
        assertEquals(megatron, off, 1e-12 * megatron);
        assertTrue(on < 0.8 * off, "overlapped " + on + " s against exposed " + off + " s");
    }
}
