package io.clustersim.core.scaling;

import io.clustersim.core.InfeasibleScenarioException;
import io.clustersim.core.model.Architecture;
import io.clustersim.core.model.TransformerSpec;
import io.clustersim.topology.Precision;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetSizingTest {

    static final TransformerSpec LLAMA_70B = TransformerSpec.builder().architecture(Architecture.LLAMA).layers(80)
            .hidden(8_192).heads(64).kvHeads(8).ffnHidden(28_672).vocab(128_256).seqLen(8_192).build();
    static final ShapeFamily FAMILY = new ShapeFamily(Architecture.LLAMA, 128, 128, 8, 3.5, 128_256, 8_192,
            Precision.BF16);

    @Test
    void fixedShapeBudgetSizesOnlyTheData() {
        TargetSizing.Sized s = TargetSizing.size(TargetSizing.ModelChoice.fixed(LLAMA_70B), Goal.compute(5.76e23),
                ScalingLaw.CHINCHILLA);
        assertEquals(LLAMA_70B, s.model());
        assertEquals(5.76e23 / (6 * LLAMA_70B.parameterCount()), s.target().tokens(), 1);
        assertFalse(s.target().modelSized());
        assertEquals(ScalingLaw.CHINCHILLA, s.target().law());
    }

    @Test
    void freeShapeBudgetSizesTheModelComputeOptimally() {
        for (ScalingLaw law : ScalingLaw.all()) {
            ScalingLaw.Allocation optimal = law.computeOptimal(5.76e23);
            TargetSizing.Sized s = TargetSizing.size(TargetSizing.ModelChoice.family(FAMILY), Goal.compute(5.76e23), law);
            double n = s.model().parameterCount();
            assertTrue(s.target().modelSized());
            assertEquals(optimal.parameters(), n, 0.03 * optimal.parameters(), law.id());
            // the budget holds exactly: D = C / 6N of the shape actually chosen
            assertEquals(5.76e23, 6 * n * s.target().tokens(), 1e-9 * 5.76e23);
        }
    }

    @Test
    void lossTargetReachesTheLossNearTheCheapestCompute() {
        ScalingLaw law = ScalingLaw.EPOCH_2024;
        double loss = 2.0;
        TargetSizing.Sized s = TargetSizing.size(TargetSizing.ModelChoice.family(FAMILY), Goal.loss(loss), law);
        double n = s.model().parameterCount(), d = s.target().tokens();
        assertEquals(loss, law.loss(n, d), 1e-9);
        double cheapest = law.cheapestFor(loss).computeFlops();
        assertTrue(6 * n * d >= cheapest * (1 - 1e-9), "nothing is cheaper than the frontier");
        assertEquals(cheapest, 6 * n * d, 0.01 * cheapest); // a shape within a few % of N costs < 1% more

        // a fixed model reaches the same loss on the data it needs
        TargetSizing.Sized fixed = TargetSizing.size(TargetSizing.ModelChoice.fixed(LLAMA_70B), Goal.loss(loss), law);
        assertEquals(loss, law.loss(LLAMA_70B.parameterCount(), fixed.target().tokens()), 1e-9);
    }

    @Test
    void tokensPerParameterRatio() {
        TargetSizing.Sized fixed = TargetSizing.size(TargetSizing.ModelChoice.fixed(LLAMA_70B),
                Goal.tokensPerParameter(20), ScalingLaw.DEFAULT);
        assertEquals(20 * LLAMA_70B.parameterCount(), fixed.target().tokens(), 1);

        TargetSizing.Sized free = TargetSizing.size(TargetSizing.ModelChoice.family(FAMILY),
                Goal.tokensPerParameter(20, 5.76e23), ScalingLaw.DEFAULT);
        double n = free.model().parameterCount();
        assertEquals(Math.sqrt(5.76e23 / 120), n, 0.03 * n);
        assertEquals(5.76e23, 6 * n * free.target().tokens(), 1e-9 * 5.76e23);
        assertEquals(20, free.target().tokens() / n, 20 * 0.06);

        // stated parameter count with a family: the family is sized to it, the ratio sizes the data
        TargetSizing.Sized stated = TargetSizing.size(TargetSizing.ModelChoice.family(FAMILY, 8e9),
                Goal.tokensPerParameter(20), ScalingLaw.DEFAULT);
        assertEquals(8e9, stated.model().parameterCount(), 0.03 * 8e9);
        assertEquals(20 * stated.model().parameterCount(), stated.target().tokens(), 1);
    }

    private static String keyOf(Runnable r) {
        SizingException e = assertThrows(SizingException.class, r::run);
        assertEquals(e.problem().key(), new InfeasibleScenarioException(e).problems().get(0).key());
        return e.problem().key();
    }

    @Test
    void impossibleTargetsNameTheirKey() {
        assertEquals("target.tokens", keyOf(() -> TargetSizing.size(TargetSizing.ModelChoice.family(FAMILY),
                Goal.tokens(1e12), ScalingLaw.DEFAULT)));
        assertEquals("target.tokens-per-parameter", keyOf(() -> TargetSizing.size(
                TargetSizing.ModelChoice.family(FAMILY), Goal.tokensPerParameter(20), ScalingLaw.DEFAULT)));
        assertEquals("target.compute", keyOf(() -> TargetSizing.size(TargetSizing.ModelChoice.fixed(LLAMA_70B),
                Goal.tokensPerParameter(20, 1e24), ScalingLaw.DEFAULT)));
        assertEquals("target.loss", keyOf(() -> TargetSizing.size(TargetSizing.ModelChoice.fixed(LLAMA_70B),
                Goal.loss(1.85), ScalingLaw.EPOCH_2024)));
        assertEquals("target.loss", keyOf(() -> TargetSizing.size(TargetSizing.ModelChoice.family(FAMILY),
                Goal.loss(1.6), ScalingLaw.CHINCHILLA)));
    }
}
