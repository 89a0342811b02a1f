package io.clustersim.scenarios.validation;

import io.clustersim.core.Scenario;
import io.clustersim.core.model.AnalyticStepModel;
import io.clustersim.core.model.EpDispatcher;
import io.clustersim.core.model.EpOverlap;
import io.clustersim.core.model.ExpertParallelSoftware;
import io.clustersim.core.model.StepEstimate;
import io.clustersim.scenarios.ScenarioLoader;
import io.clustersim.topology.Precision;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bundled DeepSeek-V3-class example against what DeepSeek reports (arXiv 2412.19437, Table 1):
 * 2.664M H800 GPU-hours for the 14.8T-token pre-training on 2,048 GPUs. The scenario states no
 * failures, so GPU-hours are tokens over tokens/s per GPU.
 *
 * <p>The ±15% check passes at −9.3% (2.416M), with 8% of the step in activation offload (without it
 * −16.8%): the memory model keeps more than DeepSeek did (each expert's output for the weighted
 * combine, the attention output beside its FP8 copy). So the pass rests on two errors that cancel —
 * memory counted too high, and the offload that makes it fit slowing a step otherwise too fast — and
 * is fragile: a memory model that kept what DeepSeek kept would take it to about −15%. Memory is the largest of the ranks' weights and
 * activations together, DualPipe's rank h holding p − h micro-batches of one stage and h + 1 of the
 * other (Table 2's p + 1), with the report's FP8 caching of the MoE SwiGLU's inputs stated (§3.3.2).
 * Before: −7.8% (2.456M) until fused attention's softmax exponentials were priced and the calibration
 * refitted (Hopper's kernel overhead 23.4 → 13.0 µs); +18.0% with DualPipe's count and the peak over activations alone; −14.9% (2.268M) with
 * 1F1B's count on the first rank; −11.9% before the recomputed modules were named; +14.8% (3.058M)
 * when the check
 * was enabled. If a change to the step model flips it, say so and disable it with the figure — do
 * not move the example's stated values to pass it.
 */
class DeepSeekV3ExampleTest {

    static final Path EXAMPLE = Path.of("scenarios/examples/deepseek-v3-class-h800.conf");
    static final double REPORTED_GPU_HOURS = 2.664e6;

    static double gpuHours(StepEstimate e, double tokens) {
        return tokens / (e.tokensPerSecond() / e.chips()) / 3600;
    }

    @Test
    void theExampleFitsWithDeepSeekV3sParameters() throws Exception {
        Scenario s = ScenarioLoader.load(EXAMPLE).scenario();
        StepEstimate e = new AnalyticStepModel(s.software()).estimate(s.model(), s.cluster(), s.parallelism());
        assertTrue(e.memory().fits(), e.memory().explain());
        assertEquals(671e9, s.model().parameterCount(), 0.01 * 671e9);
    }

    @Test
    void predictsTheReportedGpuHoursWithinFifteenPercent() throws Exception {
        Scenario s = ScenarioLoader.load(EXAMPLE).scenario();
        StepEstimate e = new AnalyticStepModel(s.software()).estimate(s.model(), s.cluster(), s.parallelism());
        double hours = gpuHours(e, 14.8e12);
        assertEquals(REPORTED_GPU_HOURS, hours, 0.15 * REPORTED_GPU_HOURS, "predicted " + hours + " GPU-hours");
    }

    @Test
    void overlapFp8DispatchAndNodeLimitedRoutingAreWhatMakeItCheap() throws Exception {
        Scenario s = ScenarioLoader.load(EXAMPLE).scenario();
        StepEstimate codesigned = new AnalyticStepModel(s.software()).estimate(s.model(), s.cluster(), s.parallelism());
        StepEstimate exposed = new AnalyticStepModel(s.software().withExpertParallel(
                new ExpertParallelSoftware(EpOverlap.NONE, Precision.FP8, Precision.BF16)))
                .estimate(s.model(), s.cluster(), s.parallelism());
        StepEstimate bf16 = new AnalyticStepModel(s.software().withExpertParallel(
                new ExpertParallelSoftware(EpOverlap.NONE, Precision.BF16, Precision.BF16)))
                .estimate(s.model(), s.cluster(), s.parallelism());
        // DeepSeek's dispatcher sends a token once per node; with node-limit 4 the cap binds, so
        // NCCL's every-copy dispatcher crosses InfiniBand as often here — it only forwards more inside
        // the nodes (8 copies to DeepEP's one per rank, 7.2 of the 32 ranks of 4 nodes), under the NIC
        assertEquals(EpDispatcher.DEEPEP, s.software().expertParallel().dispatcher());
        StepEstimate nccl = new AnalyticStepModel(s.software().withExpertParallel(
                s.software().expertParallel().withDispatcher(EpDispatcher.ALL_TO_ALL)))
                .estimate(s.model(), s.cluster(), s.parallelism());
        assertTrue(codesigned.seconds() <= nccl.seconds());
        assertEquals(codesigned.seconds(), nccl.seconds(), 1e-3 * nccl.seconds());
        double a2a = codesigned.breakdownSeconds().get("epAllToAll");
        assertTrue(a2a < 0.1 * codesigned.seconds(), "exposed all-to-all " + a2a + " of " + codesigned.seconds());
        assertTrue(exposed.breakdownSeconds().get("epAllToAll") > 3 * a2a);
        assertTrue(bf16.breakdownSeconds().get("epAllToAll") > exposed.breakdownSeconds().get("epAllToAll"));
    }
}
