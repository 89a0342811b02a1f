package io.clustersim.scenarios;

import io.clustersim.core.ClusterSim;
import io.clustersim.core.SimOptions;
import io.clustersim.core.Report;
import io.clustersim.core.Scenario;
import io.clustersim.core.model.AnalyticStepModel;
import io.clustersim.core.model.Framework;
import io.clustersim.core.model.SoftwareSpec;
import io.clustersim.core.plan.PlanSearch;
import io.clustersim.core.plan.RankedPlan;
import io.clustersim.core.plan.SearchResult;
import io.clustersim.core.plan.SearchSpace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code software.framework} restricts plan search to plans that framework runs: on the bundled
 * Llama 3 405B (torchtitan) and GPT-3 175B (Megatron-LM) examples, every plan {@code clustersim plan}
 * ranks is one the framework offers, while the same search without a framework ranks plans it
 * does not (so the restriction is doing something).
 */
class FrameworkProfileTest {

    @ParameterizedTest
    @CsvSource({"scenarios/examples/llama3-405b-16k-h100.conf, TORCHTITAN",
            "scenarios/examples/gpt3-175b-a100.conf, MEGATRON"})
    void planSearchProposesOnlyPlansTheFrameworkRuns(String file, Framework framework) {
        Scenario scenario = ScenarioLoader.load(Path.of(file)).scenario();
        assertEquals(framework, scenario.software().framework());
        SearchResult result;
        try (ClusterSim sim = ClusterSim.create(SimOptions.defaults().withThreads(1))) {
            result = sim.search(scenario, 20);
        }
        assertFalse(result.ranked().isEmpty());
        for (RankedPlan ranked : result.ranked()) {
            assertTrue(framework.problems(ranked.plan()).isEmpty(), framework + " cannot run " + ranked.plan());
        }
        SoftwareSpec s = scenario.software();
        SoftwareSpec generic = new SoftwareSpec(s.flashAttention(), s.overlapGradReduce(), s.overlapTpBackward(),
                Framework.GENERIC, s.gradReduceBytes(), s.prefetchUnits(), s.contextComm());
        SearchResult unrestricted = new PlanSearch(new AnalyticStepModel(generic))
                .search(scenario.model(), scenario.cluster(), new SearchSpace(scenario.globalBatch()), 20);
        assertTrue(result.evaluated() < unrestricted.evaluated(), "the profile skips plans " + framework + " cannot run: "
                + result.evaluated() + " of " + unrestricted.evaluated() + " evaluated");
        if (framework == Framework.MEGATRON) { // without the profile, ZeRO-3 with PP 2 ranks second
            assertTrue(unrestricted.ranked().stream().anyMatch(r -> !framework.runs(r.plan())));
        }
    }

    /**
     * FlashAttention-2 on H100 is priced at its published rate, and the report's calibration says so
     * (a saved report tells which kernel it assumed); on A100, where it is the chip's own kernel, it
     * changes nothing and says nothing.
     */
    @org.junit.jupiter.api.Test
    void theReportNamesFlashAttention2WhereItsPublishedRateApplies() {
        String h100 = ScenarioLoaderTest.VALID.replace("a100-80gb-sxm", "h100-sxm");
        Report fused, fa2, a100fa2;
        try (ClusterSim sim = ClusterSim.create(SimOptions.defaults().withThreads(1))) {
            fused = sim.run(ScenarioLoader.parse(h100, "h.conf").scenario());
            fa2 = sim.run(ScenarioLoader.parse(h100 + "software.attention-kernel = flash-attn-2\n", "h.conf").scenario());
            a100fa2 = sim.run(ScenarioLoader.parse(ScenarioLoaderTest.VALID + "software.attention-kernel = flash-attn-2\n",
                    "a.conf").scenario());
        }
        assertTrue(fa2.step().calibration().endsWith("; attention on flash-attn-2 at its published 0.337 of BF16 peak"),
                fa2.step().calibration());
        assertFalse(fused.step().calibration().contains("flash-attn-2"), fused.step().calibration());
        assertTrue(fa2.step().seconds() > fused.step().seconds());
        assertFalse(a100fa2.step().calibration().contains("flash-attn-2"), a100fa2.step().calibration());
    }

    /** A search whose fixed dimensions leave no plan the framework runs says so, instead of failing. */
    @org.junit.jupiter.api.Test
    void aSearchTheFrameworkCannotRunSaysSo() {
        Scenario scenario = ScenarioLoader.parse("""
                name = "tt"
                seed = 1
                model { architecture = llama, layers = 32, hidden = 4096, heads = 32, kv-heads = 8, ffn-hidden = 14336,
                        vocab = 128256, seq-len = 8192 }
                target { tokens = 1T, global-batch = 64 }
                fleet { chip = h100-sxm, chips = 64 }
                parallelism { search = true, zero-stage = 1, dp = 8 }
                software { framework = torchtitan }
                """, "tt.conf").scenario();
        SearchResult result;
        try (ClusterSim sim = ClusterSim.create(SimOptions.defaults().withThreads(1))) {
            result = sim.search(scenario, 3);
        }
        assertTrue(result.ranked().isEmpty());
        assertTrue(result.whyNone().orElseThrow().contains("software.framework"), result.whyNone().orElseThrow());
    }

    /**
     * A stated plan the framework cannot run is refused by the API's checks too, not only by the
     * loader: the same rule ({@link Framework#problems}) for a scenario built in code.
     */
    @org.junit.jupiter.api.Test
    void theApiRefusesAStatedPlanTheFrameworkCannotRun() {
        Scenario loaded = ScenarioLoader.load(Path.of("scenarios/examples/gpt3-175b-a100.conf")).scenario();
        assertEquals(Framework.MEGATRON, loaded.software().framework());
        var p = loaded.parallelism();
        assertTrue(p.pipeline() > 1 && p.data() > 1, p.toString());
        // Megatron shards gradients (ZeRO-2) only without pipeline parallelism
        Scenario zero2 = loaded.withParallelism(new io.clustersim.core.model.ParallelismPlan(p.tensor(), p.pipeline(),
                p.data(), p.microBatch(), p.globalBatch(), p.context(), p.expert(), p.virtualStages(),
                p.sequenceParallel(), 2, p.recompute(), p.expertTensor(), p.shardGroup()));
        try (ClusterSim sim = ClusterSim.create(SimOptions.defaults().withThreads(1))) {
            assertEquals(java.util.List.of(), sim.check(loaded));
            assertEquals(Framework.MEGATRON.problems(zero2.parallelism()), sim.check(zero2));
            assertEquals("parallelism.zero-stage", sim.check(zero2).get(0).key());
        }
    }

    /**
     * The defaults a profile sets for the experts' GEMM launches and the FP8 weight gather, and a stated
     * key overriding them; a bad value is refused at its key.
     */
    @org.junit.jupiter.api.Test
    void expertGemmAndFp8WeightGatherFollowTheProfileUnlessStated() {
        String base = smallMoe("layers = 8", "precision = fp8, ", 8, "dp = 8");
        SoftwareSpec nemo = ScenarioLoader.parse(base + "software { framework = nemo }", "n.conf").scenario().software();
        assertEquals(io.clustersim.core.model.ExpertGemm.PER_EXPERT, nemo.expertParallel().expertGemm());
        assertTrue(nemo.fp8WeightGather());
        SoftwareSpec generic = ScenarioLoader.parse(base, "g.conf").scenario().software();
        assertEquals(io.clustersim.core.model.ExpertGemm.GROUPED, generic.expertParallel().expertGemm());
        assertFalse(generic.fp8WeightGather());
        SoftwareSpec stated = ScenarioLoader.parse(base + "software { framework = nemo, expert-gemm = grouped,"
                + " fp8-weight-gather = false }", "s.conf").scenario().software();
        assertEquals(io.clustersim.core.model.ExpertGemm.GROUPED, stated.expertParallel().expertGemm());
        assertFalse(stated.fp8WeightGather());
        // the forward TP overlap (userbuffers): NeMo's by default, off where stated (Megatron-Bridge's NVFP4 presets)
        assertTrue(nemo.overlapTpForward());
        assertFalse(generic.overlapTpForward());
        assertFalse(ScenarioLoader.parse(base + "software { framework = nemo, overlap-tp-forward = false }", "t.conf")
                .scenario().software().overlapTpForward());
        // under NVFP4 the nemo profile follows NeMo's presets (tp_comm_overlap off) unless a scenario says otherwise
        String nvfp4 = smallMoe("layers = 8", "precision = nvfp4, ", 8, "dp = 8").replace("h100-sxm", "b200");
        assertFalse(ScenarioLoader.parse(nvfp4 + "software { framework = nemo }", "f.conf").scenario().software().overlapTpForward());
        assertTrue(ScenarioLoader.parse(nvfp4 + "software { framework = nemo, overlap-tp-forward = true }", "f.conf")
                .scenario().software().overlapTpForward());
        ScenarioException bad = org.junit.jupiter.api.Assertions.assertThrows(ScenarioException.class,
                () -> ScenarioLoader.parse(base + "software { expert-gemm = fused }", "b.conf"));
        assertTrue(bad.getMessage().startsWith("b.conf:") && bad.getMessage().contains("software.expert-gemm"), bad.getMessage());
    }

    /**
     * Expert-parallel groups that do not tile the scale-up domain (EP 16 in NVL72's 72-chip racks)
     * straddle two domains somewhere; the report warns that the model prices them as inside one.
     */
    @org.junit.jupiter.api.Test
    void expertGroupsNotTilingTheScaleUpDomainAreWarnedAbout() {
        String racks = smallMoe("layers = 8", "", 144, "dp = 144").replace("h100-sxm", "gb200-nvl72")
                .replace("ep = 8", "ep = 16").replace("global-batch = 64", "global-batch = 144");
        java.util.function.Function<String, java.util.List<String>> warnings = text -> {
            try (ClusterSim sim = ClusterSim.create(SimOptions.defaults().withThreads(1))) {
                return sim.run(ScenarioLoader.parse(text, "r.conf").scenario().withTrials(1)).warnings();
            }
        };
        assertTrue(warnings.apply(racks).stream().anyMatch(w -> w.startsWith("fleet.scale-up-domain: expert-parallel groups"
                + " of 16 chips do not tile its 72-chip domains")), warnings.apply(racks).toString());
        String tiled = racks.replace("fleet { chip = gb200-nvl72, chips = 144 }",
                "fleet { chip = gb200-nvl72, chips = 144, scale-up-domain = 48 }");
        assertTrue(warnings.apply(tiled).stream().noneMatch(w -> w.startsWith("fleet.scale-up-domain")), warnings.apply(tiled).toString());
    }

    /** DualPipe refuses an odd pipeline at the key that states it, one located line. */
    @org.junit.jupiter.api.Test
    void dualPipeRefusesAnOddPipelineAtItsKey() {
        String scenario = smallMoe("layers = 9", "", 24, "pp = 3, dp = 8") + "software { ep-overlap = dualpipe }\n";
        ScenarioException bad = org.junit.jupiter.api.Assertions.assertThrows(ScenarioException.class,
                () -> ScenarioLoader.parse(scenario, "d.conf"));
        assertTrue(bad.getMessage().startsWith("d.conf:7: parallelism.pp:") && bad.getMessage().contains("even number of stages"),
                bad.getMessage());
        assertFalse(bad.getMessage().contains("\n"), bad.getMessage());
    }

    /**
     * A small MoE scenario (64 experts, top-4, EP 8), its parallelism on line 7: {@code layers} and
     * {@code precision} (with a trailing ", ", or empty) into the model, {@code chips} H100,
     * {@code degrees} before EP in the parallelism.
     */
    static String smallMoe(String layers, String precision, int chips, String degrees) {
        return "name = \"p\"\nseed = 1\n"
                + "model { architecture = llama, " + layers + ", hidden = 2048, heads = 16, ffn-hidden = 768, vocab = 32000,\n"
                + "        seq-len = 4096, " + precision + "moe { experts = 64, top-k = 4, expert-ffn-hidden = 768 } }\n"
                + "target { tokens = 1T }\n"
                + "fleet { chip = h100-sxm, chips = " + chips + " }\n"
                + "parallelism { " + degrees + ", ep = 8, micro-batch = 1, global-batch = 64 }\n";
    }
}
