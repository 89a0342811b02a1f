package io.clustersim.core.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransformerSpecTest {

    /** Megatron SC'21: P = 12 l h² (1 + 13/(12h) + (V+s)/(12 l h)); we also count the final LayerNorm (2h). */
    @Test
    void gptParameterCountMatchesMegatronFormula() {
        int[][] table1 = {{24, 2304}, {30, 3072}, {36, 4096}, {40, 6144}, {48, 8192}, {60, 10240}, {80, 12288},
                {96, 16384}, {105, 20480}, {128, 25600}};
        for (int[] row : table1) {
            int l = row[0], h = row[1];
            TransformerSpec spec = TransformerSpec.builder().layers(l).hidden(h).heads(16)
                    .vocab(51_200).seqLen(2_048).build();
            double megatron = 12.0 * l * h * h * (1 + 13.0 / (12.0 * h) + (51_200 + 2_048) / (12.0 * l * h));
            assertEquals(megatron + 2.0 * h, spec.parameterCount(), 1e-6 * megatron, "l=" + l + " h=" + h);
        }
    }

    @Test
    void llama3_405bHas405BillionParameters() {
        TransformerSpec spec = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(126).hidden(16_384)
                .heads(128).kvHeads(8).ffnHidden(53_248).vocab(128_256).seqLen(8_192).build();
        assertEquals(405.8e9, spec.parameterCount(), 0.5e9);
    }

    @Test
    void rejectsShapesThatDoNotDivide() {
        assertThrows(IllegalArgumentException.class,
                () -> TransformerSpec.builder().layers(2).hidden(100).heads(3).build());
        assertThrows(IllegalArgumentException.class,
                () -> TransformerSpec.builder().layers(2).hidden(128).heads(8).kvHeads(3).build());
    }
    /** DeepSeek-V3 (models.md; HF DeepSeek-V3 README: 671B total, 37B active, MTP module 14B on top). */
    static final TransformerSpec DEEPSEEK_V3 = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(61)
            .hidden(7_168).heads(128).ffnHidden(18_432).vocab(129_280).seqLen(4_096)
            .moe(new MoeSpec(256, 8, 1, 2_048, 1, 3, 1.0, 4)).mla(new MlaSpec(1_536, 512, 128, 64, 128))
            .mtpModules(1).build();

    @Test
    void deepSeekV3HasItsPublishedTotalActiveAndMtpParameters() {
        assertEquals(58, DEEPSEEK_V3.moeLayers());
        assertEquals(671e9, DEEPSEEK_V3.parameterCount(), 0.005 * 671e9);
        assertEquals(37e9, DEEPSEEK_V3.activeParameterCount(), 0.02 * 37e9);
        // "685B ... 671B of the Main Model weights and 14B of the Multi-Token Prediction (MTP) Module weights":
        // the checkpoint's MTP layer carries its own copies of the embedding and output head, which
        // training shares with the main model (so mtpParameterCount leaves them out)
        double checkpointCopies = 2.0 * 129_280 * 7_168;
        assertEquals(14e9, DEEPSEEK_V3.mtpParameterCount() + checkpointCopies, 0.05 * 14e9);
    }

    @Test
    void multiHeadLatentAttentionParametersByHand() {
        // q: 7168·1536 + 1536 + 1536·128·192; kv down: 7168·576 + 512; kv up: 512·128·256; out: 128·128·7168
        double byHand = 7168.0 * 1536 + 1536 + 1536.0 * 128 * 192 + 7168.0 * 576 + 512 + 512.0 * 128 * 256
                + 128.0 * 128 * 7168 + 2 * 7168;
        assertEquals(byHand, DEEPSEEK_V3.attentionParametersPerLayer(), 1e-6);
        // scores over 192, values over 128: 6·s·heads·(192 + 128) per layer and token
        assertEquals(6.0 * 4_096 * 128 * 320, DEEPSEEK_V3.attentionCoreFlopsPerToken(), 1e-3);
    }

    @Test
    void mixtralAndKimiParameterCounts() {
        // Mixtral 8x7B: 46.7B total / 12.9B active; 8x22B: 141B / 39B (Mistral AI announcements)
        TransformerSpec m7 = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(32).hidden(4_096)
                .heads(32).kvHeads(8).ffnHidden(14_336).vocab(32_000).seqLen(4_096)
                .moe(new MoeSpec(8, 2, 0, 14_336, 1)).build();
        assertEquals(46.7e9, m7.parameterCount(), 0.01 * 46.7e9);
        assertEquals(12.9e9, m7.activeParameterCount(), 0.01 * 12.9e9);
        TransformerSpec m22 = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(56).hidden(6_144)
                .heads(48).kvHeads(8).ffnHidden(16_384).vocab(32_768).seqLen(4_096)
                .moe(new MoeSpec(8, 2, 0, 16_384, 1)).build();
        assertEquals(141e9, m22.parameterCount(), 0.01 * 141e9);
        assertEquals(39e9, m22.activeParameterCount(), 0.01 * 39e9);
        // Kimi K2: "1T" total, "32B" activated (Moonshot's model card, rounded); 64 MLA heads, 384 experts,
        // first layer dense
        TransformerSpec kimi = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(61).hidden(7_168)
                .heads(64).ffnHidden(18_432).vocab(163_840).seqLen(4_096)
                .moe(new MoeSpec(384, 8, 1, 2_048, 1, 1, 1.0, 0)).mla(new MlaSpec(1_536, 512, 128, 64, 128)).build();
        assertEquals(1.0e12, kimi.parameterCount(), 0.05 * 1.0e12);
        assertEquals(32e9, kimi.activeParameterCount(), 0.05 * 32e9);
    }

    @Test
    void firstDenseAndEveryNthLayerDecideTheMoeLayers() {
        assertEquals(24, new MoeSpec(128, 1, 1, 8_192, 2).moeLayers(48)); // Llama 4 Maverick: every 2nd
        assertEquals(60, new MoeSpec(384, 8, 1, 2_048, 1, 1, 1.0, 0).moeLayers(61));
        assertThrows(IllegalArgumentException.class, () -> new MoeSpec(8, 2, 0, 64, 1, 0, 0.9, 0));
        assertThrows(IllegalArgumentException.class, () -> TransformerSpec.builder().layers(3).hidden(128).heads(8)
                .moe(new MoeSpec(8, 2, 0, 64, 1, 3, 1.0, 0)).build());
    }

    /**
     * Gemma 7B's shape (Gemma technical report, 2024): hidden 3072, 16 heads of width 256 (so the
     * queries are 4096 wide, not 3072), multi-head attention, GeGLU MLP of 24,576 — 28 layers,
     * 256,000 vocabulary: 8.54B parameters with tied embeddings, counted here with untied ones
     * (the recipe's two embedding matrices), 9.33B. Attention FLOPs follow the query width.
     */
    @Test
    void headWidthIndependentOfHidden() {
        TransformerSpec gemma = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(28).hidden(3_072)
                .heads(16).kvHeads(16).headDim(256).ffnHidden(24_576).vocab(256_000).seqLen(8_192).build();
        assertEquals(4_096, gemma.qDim());
        assertEquals(4_096, gemma.kvDim());
        double attention = 3_072.0 * (4_096 + 2 * 4_096) + 4_096.0 * 3_072 + 2 * 3_072;
        assertEquals(attention, gemma.attentionParametersPerLayer(), 1e-6);
        double layers = 28 * (attention + 3.0 * 3_072 * 24_576);
        assertEquals(8.54e9, layers + 256_000.0 * 3_072 + 3_072, 0.01e9, "tied embeddings: Gemma's 8.54B");
        double withoutHeadDim = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(28).hidden(3_072)
                .heads(16).kvHeads(16).ffnHidden(24_576).vocab(256_000).seqLen(8_192).build().modelFlopsPerToken();
        assertEquals(12.0 * 28 * (4_096 - 3_072) * 8_192 + 6 * 28 * (3_072.0 * 3 * 1_024 + 1_024.0 * 3_072),
                gemma.modelFlopsPerToken() - withoutHeadDim, 1e3, "attention at the query width, and the wider projections");
        // multi-query attention: one KV head
        TransformerSpec mqa = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(2).hidden(4_096)
                .heads(32).kvHeads(1).ffnHidden(11_008).vocab(32_000).build();
        assertEquals(128, mqa.kvDim());
    }

    /**
     * Sliding-window layers: a query of a local layer with window w attends w − w²/(2s) keys on
     * average under the causal mask (the first w − 1 positions see fewer), against s/2 for a global
     * layer. Mistral 7B's shape (window 4,096, every layer local) at 32,768 tokens: 3,840 keys per
     * query instead of 16,384, so attention FLOPs fall to 3,840 / 16,384 of the full model's; the
     * step model's attention core falls with them.
     */
    @Test
    void slidingWindowLayersAttendToTheirWindow() {
        TransformerSpec.Builder mistral = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(32)
                .hidden(4_096).heads(32).kvHeads(8).ffnHidden(14_336).vocab(32_000).seqLen(32_768);
        TransformerSpec full = mistral.build();
        TransformerSpec windowed = mistral.slidingWindow(4_096).build();
        assertEquals(2 * 3_840, windowed.attentionSpanTokens(), 1e-9);
        double attentionFull = 12.0 * 32 * 4_096 * 32_768;
        assertEquals(attentionFull * (1 - 3_840.0 / 16_384), full.modelFlopsPerToken() - windowed.modelFlopsPerToken(),
                1e-6 * attentionFull);
        // Gemma 2-style: every other layer global
        TransformerSpec alternating = mistral.slidingWindow(4_096).globalEvery(2).build();
        assertEquals(16, alternating.localLayers());
        assertEquals((16 * 7_680 + 16 * 32_768) / 32.0, alternating.attentionSpanTokens(), 1e-9);
        // a window at least the sequence changes nothing
        assertEquals(32_768, mistral.slidingWindow(65_536).globalEvery(0).build().attentionSpanTokens(), 1e-9);
        // and the step model's attention core follows
        io.clustersim.topology.ChipSpec h100 = io.clustersim.topology.ChipCatalog.standard().require("h100-sxm");
        io.clustersim.topology.ClusterSpec node = new io.clustersim.topology.ClusterSpec(h100, 8, 8, 8,
                new io.clustersim.topology.ScaleOutFabric(400e9, 1e-6, 8, 1));
        ParallelismPlan plan = ParallelismPlan.builder().tp(8).dp(1).globalBatch(1).sequenceParallel(true).build();
        AnalyticStepModel model = new AnalyticStepModel(SoftwareSpec.modern());
        double gain = model.estimate(full, node, plan).seconds() - model.estimate(windowed, node, plan).seconds();
        // by hand: per layer and chip (TP 8: 4 heads), the scores and values of 32,768 queries against
        // 32,768 − 7,680 fewer keys, 4·4·32,768·25,088·128 FLOPs counted in full, half executed by flash
        // attention, at 989 TFLOP/s × η × the attention efficiency, forward plus backward (3.5×); and
        // one exponential per executed score, forward and again backward, at 989 TFLOP/s / 256; 32 layers
        double scores = 0.5 * 4 * 32_768.0 * 25_088;
        double byHand = (3.5 * 4 * scores * 128 / (989e12 * Calibration.standard()
                .gemmEfficiency(io.clustersim.topology.ChipFamily.NVIDIA_HOPPER) * Calibration.standard().attentionEfficiency())
                + 2 * scores / (989e12 / 256)) * 32;
        assertEquals(byHand, gain, 0.01 * byHand);
        assertTrue(byHand > 0.18);
    }
}
