package io.clustersim.scenarios;

import io.clustersim.core.Scenario;
import io.clustersim.core.run.FailureSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenarioLoaderTest {

    static final String VALID = """
            name = "tiny"
            seed = 7
            trials = 3
            model {
              layers = 4
              hidden = 1024
              heads = 16
              vocab = 51200
              seq-len = 2048
            }
            target { tokens = 1.5B }
            fleet {
              chip = a100-80gb-sxm
              chips = 16
            }
            parallelism { tp = 2, pp = 1, dp = 8, global-batch = 64 }
            failures {
              rate-per-1000-node-days = 6.5
              detection = 5m
              restart = 10 minutes
            }
            checkpoint { interval = 1h, write = 30s, restore = 2m }
            """;
    /** {@link #VALID} with its parallelism line replaced by {@code replacement}. */
    static String withParallelism(String replacement) {
        return VALID.replace("parallelism { tp = 2, pp = 1, dp = 8, global-batch = 64 }", replacement);
    }


    /** Llama's MLP-width rule, as the refusal states it, gives the published widths. */
    @Test
    void llamaRuleGivesThePublishedWidths() {
        assertEquals(11_008, ModelReader.llamaFfnHidden(4_096, 1, 256));    // Llama 2 7B
        assertEquals(13_824, ModelReader.llamaFfnHidden(5_120, 1, 256));    // Llama 2 13B
        assertEquals(28_672, ModelReader.llamaFfnHidden(8_192, 1.3, 4_096)); // Llama 2 / 3 70B
        assertEquals(14_336, ModelReader.llamaFfnHidden(4_096, 1.3, 1_024)); // Llama 3 8B
        assertEquals(53_248, ModelReader.llamaFfnHidden(16_384, 1.2, 4_096)); // Llama 3 405B
    }

    /** A GPT model keeps its 4 × hidden default; a llama model loads once it states its width. */
    @Test
    void onlyLlamaNeedsItsMlpWidth() {
        assertEquals(4 * 1_024, ScenarioLoader.parse(VALID, "gpt.conf").scenario().model().ffnHidden());
        Scenario llama = ScenarioLoader.parse(VALID + "model { architecture = llama, ffn-hidden = 2816 }\n", "llama.conf")
                .scenario();
        assertEquals(2_816, llama.model().ffnHidden());
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> ScenarioLoader.parse(VALID + "model.architecture = llama\n", "llama.conf"));
        assertEquals("model.ffn-hidden", e.key());
        assertTrue(e.getMessage().contains("e.g. " + ModelReader.llamaFfnHidden(1_024, 1, 256) + " for hidden 1024"),
                e.getMessage());
    }

    @Test
    void readsEverySection() {
        Scenario s = ScenarioLoader.parse(VALID, "tiny.conf").scenario();
        assertEquals("tiny", s.name());
        assertEquals(7, s.seed());
        assertEquals(3, s.trials());
        assertEquals(1.5e9, s.target().tokens());
        assertEquals(16, s.cluster().chips());
        assertEquals(200e9, s.cluster().scaleOut().bitsPerSecondPerChip());
        assertEquals(2, s.parallelism().tensor());
        assertEquals(FailureSpec.perChipHourFromPer1000NodeDays(6.5, 8), s.failures().classes().get(0).ratePerComponentHour(), 1e-18);
        assertEquals(300, s.failures().detectionSeconds());
        assertEquals(600, s.failures().restartSeconds());
        assertEquals(3600, s.checkpoint().intervalSeconds());
        assertEquals(30, s.checkpoint().writeSeconds());
        assertEquals(120, s.checkpoint().restoreSeconds());
    }

    @Test
    void bundledExampleLoads() {
        Scenario s = ScenarioLoader.load(Path.of("scenarios/examples/gpt3-175b-a100.conf")).scenario();
        assertEquals("gpt3-175b-a100", s.name());
        assertEquals(300e9, s.target().tokens());
    }

    private static ScenarioException error(String text) {
        return assertThrows(ScenarioException.class, () -> ScenarioLoader.parse(text, "bad.conf"));
    }

    @Test
    void missingKeyNamesItsSectionLine() {
        ScenarioException e = error(VALID.replace("  layers = 4\n", ""));
        assertEquals("bad.conf:4: model.layers: missing; this key is required", e.getMessage());
    }

    @Test
    void misspelledKeyGetsASuggestion() {
        ScenarioException e = error(VALID.replace("  heads = 16", "  haeds = 16"));
        assertEquals("bad.conf:7: model.haeds: unknown key; did you mean 'model.heads'?", e.getMessage());
    }

    @Test
    void wrongTypeNamesTheKeyAndLine() {
        ScenarioException e = error(VALID.replace("layers = 4", "layers = four"));
        assertEquals(5, e.line());
        assertEquals("model.layers", e.key());
        assertTrue(e.getMessage().startsWith("bad.conf:5: model.layers: "), e.getMessage());
    }

    @Test
    void durationWithoutUnitIsRefused() {
        ScenarioException e = error(VALID.replace("write = 30s", "write = 30"));
        assertEquals("bad.conf:22: checkpoint.write: give a unit, e.g. \"30s\" or \"30m\"", e.getMessage());
    }

    @Test
    void unknownChipAndEnumValuesAreExplained() {
        assertTrue(error(VALID.replace("a100-80gb-sxm", "a101")).getMessage()
                .startsWith("bad.conf:13: fleet.chip: unknown chip \"a101\""));
        assertEquals("bad.conf:4: model.precision: unknown value \"fp4\"; expected one of bf16, fp8, fp8-delayed, fp8-block128, mxfp8, nvfp4",
                error(VALID.replace("model {", "model { precision = fp4")).getMessage());
    }

    /** Megatron-Core's module names are read into the plan; a wrong one, or modules without selective, is one line. */
    @Test
    void recomputeModulesAreReadAndCheckedAtTheirKey() {
        String selective = VALID.replace("global-batch = 64 }", "global-batch = 64, recompute = selective,\n"
                + "  recompute-modules = [layernorm, moe-act] }");
        assertEquals(java.util.EnumSet.of(io.clustersim.core.model.RecomputeModule.LAYERNORM,
                        io.clustersim.core.model.RecomputeModule.MOE_ACT),
                ScenarioLoader.parse(selective, "s.conf").scenario().parallelism().recomputeModules());
        assertEquals("bad.conf:17: parallelism.recompute-modules: unknown value \"attn\"; expected some of core_attn,"
                        + " mla_up_proj, layernorm, mlp, moe_act, shared_experts, moe",
                error(selective.replace("moe-act", "attn")).getMessage());
        assertEquals("bad.conf:17: parallelism.recompute-modules: recompute-modules needs recompute = selective, was full",
                error(selective.replace("selective", "full")).getMessage());
        assertTrue(error(selective.replace("[layernorm, moe-act]", "[]")).getMessage()
                .startsWith("bad.conf:17: parallelism.recompute-modules: names nothing;"));
    }

    /** The first and last stage's layers belong to a stated plan; a search refuses them at their key. */
    @Test
    void stageLayersAreReadForAStatedPlanAndRefusedInASearch() {
        String stated = withParallelism(
                "parallelism { tp = 2, pp = 2, dp = 4, global-batch = 64, first-stage-layers = 3, last-stage-layers = 1 }");
        var plan = ScenarioLoader.parse(stated, "s.conf").scenario().parallelism();
        assertEquals(3, plan.firstStageLayers());
        assertEquals(1, plan.lastStageLayers());
        String searched = withParallelism(
                "target.global-batch = 64\nparallelism { search = true, last-stage-layers = 1 }");
        assertEquals("bad.conf:17: parallelism.last-stage-layers: plan search splits the layers evenly over the"
                + " pipeline; state the plan to place them unevenly", error(searched).getMessage());
    }

    /** An HSDP shard group is read, and the report's plan line and JSON say it; all of dp is no shard group. */
    @Test
    void shardGroupIsReadAndReported() {
        String hsdp = withParallelism(
                "parallelism { tp = 2, pp = 1, dp = 8, global-batch = 64, zero-stage = 3, shard-group = 4 }");
        var plan = ScenarioLoader.parse(hsdp, "s.conf").scenario().parallelism();
        assertEquals(4, plan.shardDegree());
        io.clustersim.core.Report.Parallelism reported = io.clustersim.core.Report.Parallelism.of(plan, false);
        assertEquals(4, reported.shardGroup());
        assertTrue(TextReportWriter.plan(reported).contains("ZeRO-3 (shard group 4)"), TextReportWriter.plan(reported));
        var whole = ScenarioLoader.parse(hsdp.replace("shard-group = 4", "shard-group = 8"), "s.conf").scenario().parallelism();
        assertEquals(null, io.clustersim.core.Report.Parallelism.of(whole, false).shardGroup());
        assertFalse(io.clustersim.core.plan.PlanFormat.describe(whole).contains("shard group"));
    }

    /** A format the chip has no peak for is one located line, never a stack trace. */
    @Test
    void formatWithoutPeakIsRefusedAtThePrecisionKey() {
        assertEquals("bad.conf:10: model.precision: NVIDIA A100 80GB SXM4 has no fp8 peak in the catalog; it runs bf16",
                error(VALID.replace("seq-len = 2048", "seq-len = 2048\n  precision = fp8")).getMessage());
        assertEquals("bad.conf:10: model.precision: NVIDIA H100 SXM5 80GB has no mxfp8 peak in the catalog; it runs bf16, fp8, "
                        + "fp8-delayed, fp8-block128",
                error(VALID.replace("seq-len = 2048", "seq-len = 2048\n  precision = mxfp8").replace("a100-80gb-sxm", "h100-sxm"))
                        .getMessage());
        Scenario s = ScenarioLoader.parse(VALID.replace("seq-len = 2048", "seq-len = 2048\n  precision = nvfp4")
                .replace("a100-80gb-sxm", "gb300-nvl72"), "ok.conf").scenario();
        assertEquals(io.clustersim.topology.Precision.NVFP4, s.model().precision());
    }

    @Test
    void syntaxErrorIsOneLocatedLine() {
        ScenarioException e = error(VALID.replace("trials = 3", "trials = = 3"));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith("bad.conf:3: cannot parse"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }

    @Test
    void modelShapeThatDoesNotDivideIsLocatedAtTheHeads() {
        ScenarioException e = error(VALID.replace("heads = 16", "heads = 15"));
        assertEquals("bad.conf:7: model.heads: heads (15) must divide hidden (1024), or state head-dim", e.getMessage());
    }

    @Test
    void chipsNotDivisibleByNodeSize() {
        ScenarioException e = error(VALID.replace("chips = 16", "chips = 12"));
        assertTrue(e.getMessage().startsWith("bad.conf:14: fleet.chips: chips (12) must be a positive multiple of chips-per-node (8)"),
                e.getMessage());
    }

    @Test
    void quantitiesParse() {
        assertEquals(15.6e12, Quantities.count("15.6T"), 1);
        assertEquals(400e9, Quantities.bitsPerSecond("400Gbps"));
        assertEquals(400e9, Quantities.bitsPerSecond("400 Gb/s"));
        assertEquals(400e9, Quantities.bitsPerSecond("50GB/s"));
        assertEquals(80e9, Quantities.bytes("80GB"));
        assertEquals(96.0 * (1L << 30), Quantities.bytes("96GiB"));
        assertThrows(IllegalArgumentException.class, () -> Quantities.bitsPerSecond("400Gxps"));
        assertThrows(IllegalArgumentException.class, () -> Quantities.count("12Q"));
    }

    @Test
    void chipFieldsCanBeOverriddenAndMarkedUnverified() {
        Scenario s = ScenarioLoader.parse(VALID.replace("chips = 16", """
                chips = 16
                chip-overrides { hbm = 40GB, scale-up-bandwidth = 150GB/s, bf16-flops = 280T }"""), "o.conf").scenario();
        assertEquals(40e9, s.cluster().chip().hbmBytes());
        assertEquals(150e9, s.cluster().chip().scaleUpBytesPerSecond());
        assertEquals(280e12, s.cluster().chip().peakBf16FlopsPerSecond());
        assertEquals(2.039e12, s.cluster().chip().hbmBytesPerSecond(), 1e9, "untouched fields stay");
        assertTrue(s.cluster().chip().isUnverified("hbmBytes") && s.cluster().chip().isUnverified("scaleUpBytesPerSecond"));
    }

    @Test
    void customChipNeedsEveryField() {
        String custom = VALID.replace("chip = a100-80gb-sxm", """
                chip = custom
                chip-overrides { name = "X1", bf16-flops = 500T, hbm = 64GB, hbm-bandwidth = 2TB/s,
                  scale-up-bandwidth = 200GB/s, scale-up-domain = 8, scale-out-bandwidth = 200Gbps, tdp = 500 }""");
        Scenario s = ScenarioLoader.parse(custom, "c.conf").scenario();
        assertEquals("X1", s.cluster().chip().displayName());
        assertEquals(500e12, s.cluster().chip().peakBf16FlopsPerSecond());
        ScenarioException e = error(custom.replace("tdp = 500", ""));
        assertTrue(e.getMessage().contains("fleet.chip-overrides.tdp: missing"), e.getMessage());
    }

    @Test
    void statedParameterCountIsChecked() {
        ScenarioLoader.parse(VALID.replace("seq-len = 2048", "seq-len = 2048\n  params = 0.105B"), "p.conf");
        ScenarioException e = error(VALID.replace("seq-len = 2048", "seq-len = 2048\n  params = 0.2B"));
        assertTrue(e.getMessage().startsWith("bad.conf:10: model.params: the shape gives"), e.getMessage());
    }

    @Test
    void fullParallelismSectionReads() {
        Scenario s = ScenarioLoader.parse(withParallelism("""
                parallelism { tp = 2, pp = 2, dp = 4, virtual-stages = 2, micro-batch = 2, global-batch = 64,
                  sequence-parallel = true, zero-stage = 1, recompute = selective }
                software { flash-attention = false, overlap-grad-reduce = false }"""), "q.conf").scenario();
        assertEquals(2, s.parallelism().virtualStages());
        assertTrue(s.parallelism().sequenceParallel());
        assertEquals(io.clustersim.core.model.Recompute.SELECTIVE, s.parallelism().recompute());
        assertTrue(!s.software().flashAttention() && !s.software().overlapGradReduce());
    }

    @Test
    void checkpointIntervalCanBeAuto() {
        Scenario s = ScenarioLoader.parse(VALID.replace("interval = 1h", "interval = auto"), "a.conf").scenario();
        assertTrue(s.checkpoint().autoInterval());
        assertEquals(30, s.checkpoint().writeSeconds());
    }

    @Test
    void checkpointTimesCanFollowFromStorage() {
        Scenario s = ScenarioLoader.parse(VALID.replace("checkpoint { interval = 1h, write = 30s, restore = 2m }",
                "checkpoint { interval = auto, storage { chip-write-bandwidth = 1GB/s, write-bandwidth = 2TB/s } }"),
                "s.conf").scenario();
        assertEquals(2e12, s.checkpoint().storage().storageWriteBytesPerSecond());
        assertEquals(2e12, s.checkpoint().storage().storageReadBytesPerSecond(), "read defaults to write");
        ScenarioException e = error(VALID.replace("restore = 2m }", "restore = 2m, storage { chip-write-bandwidth = 1GB/s,"
                + " write-bandwidth = 2TB/s } }"));
        assertTrue(e.getMessage().contains("checkpoint.storage: give either"), e.getMessage());
    }
}
