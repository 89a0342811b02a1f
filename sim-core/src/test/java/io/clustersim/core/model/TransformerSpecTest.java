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
}
