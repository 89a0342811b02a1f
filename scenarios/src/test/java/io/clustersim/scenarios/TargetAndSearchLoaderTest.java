package io.clustersim.scenarios;

import io.clustersim.core.Scenario;
import io.clustersim.core.plan.Deadline;
import io.clustersim.core.scaling.Goal;
import io.clustersim.core.scaling.ScalingLaw;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scenario keys of targets (compute, loss, tokens per parameter, deadline) and of plan search. */
class TargetAndSearchLoaderTest {

    /** A Llama-style family sized by a budget, with a searched plan. */
    static final String BUDGET = """
            seed = 1
            model {
              architecture = llama
              aspect-ratio = 102
              kv-heads = 8
              ffn-ratio = 3.5
              vocab = 128256
              seq-len = 4096
            }
            target {
              compute = 1e22
              global-batch = 256
            }
            fleet { chip = h100-sxm, chips = 64 }
            parallelism = search
            """;

    static Scenario load(String text) {
        return ScenarioLoader.parse(text, "t.conf").scenario();
    }

    static ScenarioException error(String text) {
        return assertThrows(ScenarioException.class, () -> ScenarioLoader.parse(text, "bad.conf"));
    }

    @Test
    void budgetSizesAShapeFamilyComputeOptimally() {
        Scenario s = load(BUDGET);
        double n = s.model().parameterCount();
        assertEquals(ScalingLaw.EPOCH_2024, s.target().law(), "the default law");
        assertEquals(Goal.Kind.COMPUTE, s.target().goal().kind());
        assertTrue(s.target().modelSized());
        assertEquals(ScalingLaw.EPOCH_2024.computeOptimal(1e22).parameters(), n, 0.03 * n);
        assertEquals(1e22, 6 * n * s.target().tokens(), 1e-9 * 1e22);
        assertEquals(128, s.model().headDim());
        assertEquals(8, s.model().kvHeads());
        assertTrue(s.searchesPlan());
        assertNull(s.parallelism());
        assertEquals(256, s.globalBatch());

        Scenario chinchilla = load(BUDGET.replace("compute = 1e22", "compute = 1e22\n  scaling-law = chinchilla"));
        assertEquals(ScalingLaw.CHINCHILLA, chinchilla.target().law());
        assertTrue(chinchilla.model().parameterCount() < n, "approach 3 as published: a smaller model, more tokens");
    }

    @Test
    void lossAndRatioTargets() {
        Scenario loss = load(BUDGET.replace("compute = 1e22", "loss = 2.3"));
        assertEquals(2.3, ScalingLaw.EPOCH_2024.loss(loss.model().parameterCount(), loss.target().tokens()), 1e-9);
        Scenario ratio = load(BUDGET.replace("compute = 1e22", "compute = 1e22\n  tokens-per-parameter = 20"));
        assertEquals(20, ratio.target().tokens() / ratio.model().parameterCount(), 1.5);
        Scenario stated = load(BUDGET.replace("compute = 1e22", "tokens-per-parameter = 20")
                .replace("seq-len = 4096", "seq-len = 4096\n  params = 3B"));
        assertEquals(3e9, stated.model().parameterCount(), 0.03 * 3e9);
        assertEquals(20 * stated.model().parameterCount(), stated.target().tokens(), 1);
    }

    @Test
    void targetMistakesAreLocated() {
        assertEquals("bad.conf:13: target.scaling-law: unknown law \"kaplan\"; expected chinchilla (Hoffmann et al. "
                        + "2022, approach 3) or epoch-2024 (Besiroglu et al. 2024)",
                error(BUDGET.replace("global-batch = 256", "global-batch = 256\n  scaling-law = kaplan")).getMessage());
        assertTrue(error(BUDGET.replace("compute = 1e22", "compute = 1e22\n  loss = 2")).getMessage()
                .startsWith("bad.conf:12: target.loss: the target is already stated as compute"));
        assertTrue(error(BUDGET.replace("compute = 1e22", "tokens = 1T")).getMessage()
                .startsWith("bad.conf:11: target.tokens: a number of tokens does not size the model"));
        assertTrue(error(BUDGET.replace("compute = 1e22", "tokens-per-parameter = 20")).getMessage()
                .startsWith("bad.conf:11: target.tokens-per-parameter: with the model's size left to the target"));
        assertTrue(error(BUDGET.replace("compute = 1e22", "loss = 1.5")).getMessage()
                .startsWith("bad.conf:11: target.loss: loss 1.500 is not reachable"));
        assertTrue(error(BUDGET.replace("  aspect-ratio = 102\n", "")).getMessage()
                .startsWith("bad.conf:2: model.layers: missing; give the shape"), "no shape and no family");
        ScenarioException mixed = error(BUDGET.replace("aspect-ratio = 102", "aspect-ratio = 102\n  layers = 4\n  hidden = 1024\n  heads = 8"));
        assertTrue(mixed.getMessage().startsWith("bad.conf:4: model.aspect-ratio: describes a shape family"), mixed.getMessage());
        ScenarioException none = error(BUDGET.replace("  compute = 1e22\n", ""));
        assertTrue(none.getMessage().startsWith("bad.conf:10: target.tokens: missing; state the target as"), none.getMessage());
    }

    @Test
    void searchNeedsAGlobalBatchAndMayFixDimensions() {
        ScenarioException e = error(BUDGET.replace("  global-batch = 256\n", ""));
        assertTrue(e.getMessage().startsWith("bad.conf:14: parallelism: a searched plan needs the global batch"),
                e.getMessage());
        assertTrue(error(BUDGET.replace("parallelism = search", "parallelism = fastest")).getMessage()
                .contains("expected a plan (parallelism { tp, pp, dp, ... }) or the word search, got \"fastest\""));
        Scenario fixed = load(BUDGET.replace("parallelism = search",
                "parallelism { search = true, tp = 4, zero-stage = 1, recompute = full, sequence-parallel = true }"));
        assertEquals(4, fixed.planSearch().tp());
        assertEquals(1, fixed.planSearch().zeroStage());
        assertEquals(io.clustersim.core.model.Recompute.FULL, fixed.planSearch().recompute());
        assertEquals(Boolean.TRUE, fixed.planSearch().sequenceParallel());
        assertNull(fixed.planSearch().pp());
        assertEquals(256, fixed.planSearch().globalBatch(), "from target.global-batch");
        ScenarioException differ = error(BUDGET.replace("parallelism = search",
                "parallelism { search = true, global-batch = 128 }"));
        assertTrue(differ.getMessage().contains("parallelism.global-batch: differs from target.global-batch (256)"),
                differ.getMessage());
    }

    @Test
    void deadlineKeys() {
        Scenario s = load(BUDGET.replace("global-batch = 256", """
                global-batch = 256
                  deadline = 30d
                  confidence = 0.95
                  chips-step = 16"""));
        Deadline d = s.target().deadline();
        assertEquals(30, d.days(), 1e-12);
        assertEquals(0.95, d.confidence());
        assertEquals(16, d.chipsStep());
        assertEquals(0, d.minChips());
        assertEquals(0.9, load(BUDGET.replace("global-batch = 256", "global-batch = 256\n  deadline = 14d"))
                .target().deadline().confidence(), "P90 by default");
        assertTrue(error(BUDGET.replace("global-batch = 256", "global-batch = 256\n  deadline = 30d\n  confidence = 90"))
                .getMessage().contains("target.confidence: must be a fraction in (0, 1)"));
        assertTrue(error(BUDGET.replace("global-batch = 256", "global-batch = 256\n  min-chips = 8")).getMessage()
                .contains("target.min-chips: only with a deadline"));
        assertNull(load(BUDGET).target().deadline());
    }
}
