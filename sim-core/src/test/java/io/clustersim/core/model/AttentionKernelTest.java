package io.clustersim.core.model;

import io.clustersim.topology.ChipCatalog;
import io.clustersim.topology.ChipFamily;
import io.clustersim.topology.ChipSpec;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.Precision;
import io.clustersim.topology.ScaleOutFabric;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttentionKernelTest {

    static final TransformerSpec.Builder LONG = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(32)
            .hidden(4_096).heads(32).kvHeads(32).ffnHidden(11_008).vocab(32_000).seqLen(131_072);
    static final ParallelismPlan PLAN = ParallelismPlan.builder().tp(8).cp(1).dp(1).globalBatch(1)
            .sequenceParallel(true).build();

    static double attentionCore(ChipSpec chip, AttentionKernel kernel, TransformerSpec model) {
        ClusterSpec node = new ClusterSpec(chip, 8, 8, 8, new ScaleOutFabric(400e9, 1e-6, 8, 1));
        AnalyticStepModel m = new AnalyticStepModel(SoftwareSpec.modern().withAttentionKernel(kernel));
        return m.estimate(model, node, PLAN).computeBreakdownSeconds().get("attentionCore");
    }

    @Test
    void flashAttention2OnHopperRunsAtItsPublishedRateWithoutTheSoftmaxTerm() {
        ChipSpec h100 = ChipCatalog.standard().require("h100-sxm");
        // the attention core of one sequence at two lengths: the per-kernel overheads (the same count
        // of kernels) cancel in the difference; by hand, per layer and chip (TP 8: 4 heads), 4·4·s²·128 / 2
        // executed FLOPs forward, 3.5 of them with the backward, at 0.337 of 989 TFLOP/s; 32 layers
        TransformerSpec shorter = LONG.seqLen(65_536).build();
        double gain = attentionCore(h100, AttentionKernel.FLASH_ATTN_2, LONG.seqLen(131_072).build())
                - attentionCore(h100, AttentionKernel.FLASH_ATTN_2, shorter);
        double flops = 3.5 * 0.5 * 4 * 4 * 128 * (131_072.0 * 131_072 - 65_536.0 * 65_536);
        double byHand = flops / (h100.peakFlopsPerSecond(Precision.BF16) * AttentionKernel.FLASH_ATTN_2_ON_HOPPER) * 32;
        assertEquals(byHand, gain, 1e-9 * byHand);
        // slower than the chip's own kernel, which the fitted calibration describes
        TransformerSpec model = LONG.build();
        double fused = attentionCore(h100, AttentionKernel.FUSED, model);
        double fa2 = attentionCore(h100, AttentionKernel.FLASH_ATTN_2, model);
        assertTrue(fa2 > 1.2 * fused, fa2 + " vs " + fused);
    }

    @Test
    void flashAttention2IsAmperesOwnKernel() {
        ChipSpec a100 = ChipCatalog.standard().require("a100-80gb-sxm");
        TransformerSpec model = LONG.build();
        assertEquals(attentionCore(a100, AttentionKernel.FUSED, model),
                attentionCore(a100, AttentionKernel.FLASH_ATTN_2, model), 0.0);
        assertTrue(AttentionKernel.FLASH_ATTN_2.runsOn(ChipFamily.NVIDIA_AMPERE));
        assertFalse(AttentionKernel.FLASH_ATTN_2.runsOn(ChipFamily.NVIDIA_BLACKWELL));
        assertFalse(AttentionKernel.FLASH_ATTN_2.runsOn(ChipFamily.GOOGLE_TPU));
        assertEquals("flash-attn-2", AttentionKernel.FLASH_ATTN_2.key());
    }

    @Test
    void blackwellUltrasDoubledExponentialsShortenTheSoftmax() {
        // The same calibration for both families, so only the softmax's exponentials differ: B300's
        // SFUs return twice B200's per FLOP. The attention core of a long sequence (products P, exponentials
        // E per pass: 3.5P + 2E) is then faster on B300 by E at B200's rate, as much as the by-hand count.
        ChipSpec b200 = ChipCatalog.standard().require("b200");
        ChipSpec b300 = ChipCatalog.standard().require("b300");
        assertEquals(b200.peakFlopsPerSecond(Precision.BF16), b300.peakFlopsPerSecond(Precision.BF16), 0.0);
        Calibration same = Calibration.standard().withFitted(
                java.util.Map.of(ChipFamily.NVIDIA_BLACKWELL_ULTRA, Calibration.standard().gemmEfficiency(ChipFamily.NVIDIA_BLACKWELL)),
                java.util.Map.of(), 1.0, 0.76, Calibration.NCCL_SMS, Calibration.standard().attentionEfficiency());
        TransformerSpec model = LONG.build();
        double onB200 = core(b200, same, model), onB300 = core(b300, same, model);
        // exponentials of one step: 32 layers × 4 heads × s²/2, forward and backward, at peak/512 on B200
        double exponentials = 2 * 32 * 4 * 131_072.0 * 131_072 / 2 / (b200.peakFlopsPerSecond(Precision.BF16) / 512);
        assertEquals(exponentials / 2, onB200 - onB300, 0.01 * exponentials);
    }

    @Test
    void chipsWithoutAPublishedSfuFigureBorrowHoppersAndSaySo() {
        assertEquals(ChipFamily.NVIDIA_HOPPER.exponentialsPerBf16Flop(), ChipFamily.GOOGLE_TPU.exponentialsPerBf16Flop(), 0.0);
        assertFalse(ChipFamily.AWS_TRAINIUM.exponentialRatePublished());
        Calibration standard = Calibration.standard();
        assertTrue(standard.provenance(ChipFamily.GOOGLE_TPU).endsWith("; softmax exponentials per FLOP borrowed from NVIDIA_HOPPER"),
                standard.provenance(ChipFamily.GOOGLE_TPU));
        assertFalse(standard.provenance(ChipFamily.NVIDIA_HOPPER).contains("softmax"), standard.provenance(ChipFamily.NVIDIA_HOPPER));
        // and the borrowed term is priced: a TPU's attention core exceeds its products alone
        ChipSpec tpu = ChipCatalog.standard().require("tpu-v5p");
        ClusterSpec slice = new ClusterSpec(tpu, 8, 4, 8, new ScaleOutFabric(400e9, 1e-6, 8, 1));
        TransformerSpec model = LONG.build();
        double coreSeconds = new AnalyticStepModel(SoftwareSpec.modern()).estimate(model, slice, PLAN)
                .computeBreakdownSeconds().get("attentionCore");
        double products = 32 * 3.5 * 0.5 * 4 * 4 * 128 * 131_072.0 * 131_072
                / (tpu.peakFlopsPerSecond(Precision.BF16) * standard.gemmEfficiency(ChipFamily.GOOGLE_TPU)
                * standard.attentionEfficiency());
        double exponentials = 2 * 32 * 4 * 131_072.0 * 131_072 / 2 / (tpu.peakFlopsPerSecond(Precision.BF16) / 256);
        assertEquals(products + exponentials, coreSeconds, 0.01 * coreSeconds);
    }

    private static double core(ChipSpec chip, Calibration calibration, TransformerSpec model) {
        ClusterSpec node = new ClusterSpec(chip, 8, 8, 8, new ScaleOutFabric(400e9, 1e-6, 8, 1));
        return new AnalyticStepModel(calibration, SoftwareSpec.modern()).estimate(model, node, PLAN)
                .computeBreakdownSeconds().get("attentionCore");
    }
}
