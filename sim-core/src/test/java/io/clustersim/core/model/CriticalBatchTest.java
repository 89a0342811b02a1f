package io.clustersim.core.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The critical batch against Kaplan et al.'s formulas and McCandlish et al.'s trade-off, worked by hand. */
class CriticalBatchTest {

    static final TransformerSpec LLAMA_405B = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(126)
            .hidden(16_384).heads(128).kvHeads(8).ffnHidden(53_248).vocab(128_256).seqLen(8_192).build();

    @Test
    void kaplanCriticalBatchOfLlama3() {
        double n = LLAMA_405B.parameterCount() - LLAMA_405B.embeddingParameters();
        double d = 15.6e12;
        // L = [(8.8e13/N)^(0.076/0.095) + 5.4e13/D]^0.095; B_crit = 2.1e8 / L^(1/0.21)
        double loss = Math.pow(Math.pow(8.8e13 / n, 0.8) + 5.4e13 / d, 0.095);
        double expected = 2.1e8 / Math.pow(loss, 1 / 0.21);
        double b = CriticalBatch.kaplan().criticalBatchTokens(LLAMA_405B, d);
        assertEquals(expected, b, 1e-9 * expected);
        // about 29M tokens: Llama 3's 16M-token batch sits below it, as its authors chose
        assertTrue(b > 25e6 && b < 33e6, "B_crit " + b);
        assertTrue(loss > 1.4 && loss < 1.6, "loss " + loss);
    }

    @Test
    void mcCandlishTradeOff() {
        CriticalBatch fixed = CriticalBatch.fixed(10e6);
        // at the reference batch the target holds exactly
        assertEquals(1.0, fixed.tokenFactor(4e6, 10e6, 4e6));
        // E = E_min (1 + B/B_crit): training at B_crit takes twice the tokens of a tiny batch
        assertEquals(2.0, fixed.tokenFactor(10e6, 10e6, 1e-9), 1e-9);
        // from a 4M reference to 40M: (1 + 4) / (1 + 0.4)
        assertEquals(5 / 1.4, fixed.withReferenceBatchTokens(4e6).tokenFactor(40e6, 10e6, 40e6), 1e-12);
        // steps S = S_min (1 + B_crit/B): 10× the batch past B_crit buys far fewer than 10× fewer steps
        double steps4 = 1.0 * fixed.withReferenceBatchTokens(4e6).tokenFactor(4e6, 10e6, 4e6) / 4e6;
        double steps40 = 1.0 * fixed.withReferenceBatchTokens(4e6).tokenFactor(40e6, 10e6, 40e6) / 40e6;
        assertEquals(1.4 / 5, steps4 / steps40 / 10, 1e-12);
        assertEquals(1.0, CriticalBatch.off().tokenFactor(1e9, CriticalBatch.off().criticalBatchTokens(LLAMA_405B, 1e12), 1e6));
    }
}
