package io.clustersim.core.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
