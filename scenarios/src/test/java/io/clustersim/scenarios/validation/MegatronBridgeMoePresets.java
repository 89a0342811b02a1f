package io.clustersim.scenarios.validation;

import java.util.Arrays;
import java.util.List;

/**
 * What Megatron-Bridge's performance preset of a mixture-of-experts row's release sets for its MoE
 * layers: whether the expert all-to-all is overlapped with another micro-batch's compute
 * ({@code moe_a2a_overlap}) and which modules selective recomputation reruns
 * ({@code recompute_modules}). The facts, each with its {@code path@commit}, are in
 * {@code docs/reference/measured-throughput/megatron-bridge-moe-presets.md}; this class encodes them
 * for the scenario generator.
 *
 * <pre>{@code
 * MegatronBridgeMoePresets.Preset p = MegatronBridgeMoePresets.of(row); // null: not a Megatron-Bridge MoE row
 * if (p.a2aOverlap()) { ... software.ep-overlap = 1f1b ... }
 * }</pre>
 *
 * <p>Maintainer notes: a release's preset is the commit its container shipped (25.09 → r0.1.0
 * a2884419, 25.11 → v0.2.0, 26.02 → v0.3.0, 26.02.01 → v0.3.1). Where a row's plan columns are
 * another commit's preset and not its release's (the 25.11 GB300 DeepSeek-V3 rows; 26.02.01's
 * Qwen3-30B on H100 and Qwen3-235B on B300, whose plans are 26.02's), the preset whose plan the row
 * states is taken: the plan identifies which configuration ran. Where neither fits exactly, the
 * release's. Rules are by release, system and model, never by a row's error.
 */
final class MegatronBridgeMoePresets {

    private MegatronBridgeMoePresets() {
    }

    /**
     * @param a2aOverlap       whether the preset overlaps the expert all-to-all ({@code ep-overlap 1f1b})
     * @param recomputeModules what selective recomputation reruns (empty: no recomputation)
     * @param source           where it says so, {@code path@commit}
     * @param flexBackend      the backend of Megatron-Core's {@code flex} token dispatcher the preset
     *                         selects ({@code hybridep} or {@code deepep}: a token sent once per
     *                         destination rank, {@code ep-dispatcher deepep}), or {@code null} for the
     *                         {@code alltoall} dispatcher
     * @param flexSource       where the dispatcher is selected, {@code path@commit} (the release's, or the
     *                         commit whose preset the row's plan is), or {@code null}
     */
    record Preset(boolean a2aOverlap, List<String> recomputeModules, String source, String flexBackend,
                  String flexSource) {
        Preset(boolean a2aOverlap, List<String> recomputeModules, String source) {
            this(a2aOverlap, recomputeModules, source, null, null);
        }

        Preset withFlex(String backend, String where) {
            return new Preset(a2aOverlap, recomputeModules, source, backend, where);
        }
    }


    private static final String MB = "NVIDIA-NeMo/Megatron-Bridge ";
    private static final String R2509 = MB + "scripts/performance/run_script.py and configs/*/*_llm_pretrain.yaml"
            + " @ a2884419 (r0.1.0, the 25.09 presets)";
    private static final String R2511 = MB + "scripts/performance/configs/*/workload_base_configs.py @ v0.2.0 (7af9601c)";
    private static final String R2511_GB300 = MB + "scripts/performance/configs/deepseek/workload_base_configs.py"
            + " @ 4a82e165 (branch gaod/r0.2.0_test, the only preset with the row's plan: pp 2, vp 4, ep 32, gbs 4096)";
    private static final String R2602 = MB + "scripts/performance/configs/*/*_workload_base_configs.py and"
            + " utils/overrides.py @ v0.3.0 (21b02e0c)";
    private static final String R260201 = MB + "scripts/performance/configs/*/*_workload_base_configs.py and"
            + " utils/overrides.py @ v0.3.1 (9c9dd848)";

    private static final String GAOD_GPT_OSS = MB + "scripts/performance/configs/gpt_oss/workload_base_configs.py"
            + " @ 4a82e165 (branch gaod/r0.2.0_test, the preset with the row's plan: mbs 1, gbs 1280, seq 8192, ep 64)";
    private static final String V2_QWEN3_GB300 = MB + "scripts/performance/configs/qwen3/*workload_base_configs.py"
            + " @ 52a31ded (GB300_BF16_V2, the preset with the row's plan: pp 4, vp 12, ep 16)";

    /** The preset of a Megatron-Bridge MoE row's release, or {@code null} for any other row. */
    static Preset of(MeasuredRow row) {
        if (!row.get("source").startsWith("NVIDIA-NeMo/Megatron-Bridge")) {
            return null;
        }
        String version = row.get("version"), system = row.get("system"), model = row.get("model");
        boolean h100 = system.equals("DGX-H100");
        String source = switch (version) {
            case "25.09" -> R2509;
            case "25.11" -> R2511;
            case "26.02" -> R2602;
            case "26.02.01" -> R260201;
            default -> null;
        };
        if (source == null) {
            return null;
        }
        Preset preset = overlapAndRecompute(row, version, system, model, h100, source);
        String backend = flexBackend(version, system, model, h100);
        if (preset == null || backend == null) {
            return preset;
        }
        // the commit whose preset the row's plan is, where it is not the release's
        String where = version.equals("25.11") && model.equals("gpt-oss-120b") ? GAOD_GPT_OSS
                : version.equals("25.11") && model.equals("Qwen3-235B-A22B") && system.equals("DGX-GB300") ? V2_QWEN3_GB300
                : version.equals("26.02.01") && model.equals("Qwen3-30B-A3B") && h100 ? R2602
                : preset.source();
        return preset.withFlex(backend, where);
    }

    /**
     * The {@code flex} dispatcher's backend a release's preset selects for a model and system, or
     * {@code null} for {@code alltoall} (§4's {@code disp} column: {@code apply_flex_dispatcher_backend}
     * with the preset's {@code moe_flex_dispatcher_backend} at v0.2.0 and v0.3.0, the Qwen3 scripts'
     * explicit {@code moe_token_dispatcher_type} and the DeepSeek recipe's default at v0.3.1, GAOD
     * for 25.11's GB200 gpt-oss and GB300 DeepSeek-V3 rows, 52a31ded for 25.11's GB300 Qwen3-235B row,
     * whose plans only those commits give; 25.11's DeepSeek-V3 on H100 DeepEP, §5, no row of the tables).
     * 25.09 ran {@code alltoall} but for DeepSeek-V3 on H100
     * without token dropping (DeepEP; {@link MeasuredScenarios#dispatcherSource} names it by the row's
     * "(dropless)" label).
     */
    static String flexBackend(String version, String system, String model, boolean h100) {
        boolean nvl = system.equals("DGX-GB200") || system.equals("DGX-GB300");
        boolean b200 = system.equals("DGX-B200");
        boolean v26 = version.startsWith("26.02");
        return switch (model) {
            case "DeepSeek-V3" -> version.equals("25.09") ? null
                    : version.equals("25.11") ? (nvl ? "hybridep" : h100 ? "deepep" : null) : "hybridep";
            case "Kimi-K2" -> v26 ? "hybridep" : null;
            case "Qwen3-30B-A3B" -> version.equals("25.09") ? null : version.equals("25.11") ? (nvl ? "hybridep" : null)
                    : h100 ? "deepep" : b200 && version.equals("26.02") ? null : "hybridep";
            case "Qwen3-235B-A22B" -> !version.equals("25.09") && nvl ? "hybridep" : null;
            case "gpt-oss-120b" -> version.equals("25.11") && system.equals("DGX-GB200") ? "hybridep" : null;
            default -> null;
        };
    }

    private static Preset overlapAndRecompute(MeasuredRow row, String version, String system, String model,
                                              boolean h100, String source) {
        return switch (model) {
            // MLA models: the all-to-all overlapped on H100 only (25.09's A2A_1F1B); the up-projections
            // recomputed, with the dense layers' MLPs on H100
            case "DeepSeek-V3" -> {
                if (version.equals("25.11") && system.equals("DGX-GB300")) {
                    yield new Preset(false, List.of("mlp", "moe_act"), R2511_GB300);
                }
                yield new Preset(h100 && version.equals("25.09"),
                        h100 ? List.of("mla_up_proj", "mlp") : List.of("mla_up_proj"), source);
            }
            case "Kimi-K2" -> new Preset(false, h100 ? List.of("mla_up_proj", "mlp") : List.of("mla_up_proj"), source);
            // overlapped on H100 from 25.11 on and on B300 in 26.02's preset, whose plan (vp 4) 26.02.01's
            // B300 row also states
            case "Qwen3-235B-A22B" -> new Preset(h100 && !version.equals("25.09")
                    || system.equals("DGX-B300") && row.get("vp").equals("4"), List.of(), source);
            // overlapped on H100 in 26.02's preset (pp 2, vp 12), whose plan 26.02.01's H100 row also states;
            // 25.11's H100 row states 25.09's plan (mbs 2, vp 24), which did not overlap
            case "Qwen3-30B-A3B" -> new Preset(h100 && version.startsWith("26.02") && row.get("vp").equals("12"),
                    List.of(), source);
            // never overlapped through v0.3.1; layernorm and moe_act recomputed from 26.02 on (v0.2.0
            // listed them without selecting selective granularity, so nothing was recomputed) except on
            // GB300 and B300, which capture CUDA graphs instead
            case "gpt-oss-120b" -> new Preset(false, version.startsWith("26.02")
                    && (h100 || system.equals("DGX-B200") || system.equals("DGX-GB200"))
                    ? List.of("layernorm", "moe_act") : List.of(), source);
            default -> null;
        };
    }

    /**
     * The layers a DeepSeek-V3 or Kimi K2 row's pipeline layout puts on the first and the last
     * pipeline rank, {@code {first, last}}, or {@code null} (the even split). Every release's recipe
     * maps (pp, vp) to a layout of n = pp·vp chunks of 64/n layers each but the last, which holds the
     * remainder of the 61 (1, 5 or 13) beside the MTP module and the loss
     * ({@code src/megatron/bridge/recipes/deepseek/deepseek_v3.py} {@code map_pp_vp_to_layout} @ a2884419,
     * {@code layout_map} @ v0.2.0 and v0.3.x; {@code recipes/kimi/kimi_k2.py} @ v0.3.1); 25.09's H100
     * preset states {@code Et|(tt|)*30mL} ({@code scripts/performance/run_script.py} @ a2884419), 26.02's
     * GB300 preset {@code Et*4|(t*4|)*14tmL}, the 16-chunk form, and the branch whose preset alone has
     * 25.11's GB200 BF16 plan {@code Et*3|(t*4|)*14ttL} ({@code deepseek_llm_pretrain.py} @ 4a82e165).
     * Chunk j sits on rank j mod pp. The layouts are copied, with their sources, to
     * {@code docs/reference/measured-throughput/megatron-bridge-moe-presets.md} §9.
     */
    static int[] stageLayers(MeasuredRow row) {
        String model = row.get("model");
        if (!row.get("source").startsWith("NVIDIA-NeMo/Megatron-Bridge")
                || !(model.equals("DeepSeek-V3") || model.equals("Kimi-K2"))) {
            return null;
        }
        int pp = Integer.parseInt(row.get("pp"));
        int vp = row.blank("vp") || row.get("vp").equalsIgnoreCase("n/a") ? 1 : Integer.parseInt(row.get("vp"));
        int[] chunks;
        if (row.get("version").equals("25.09") && row.get("system").equals("DGX-H100") && pp == 8 && vp == 4) {
            chunks = new int[32]; // Et|(tt|)*30mL
            Arrays.fill(chunks, 2);
            chunks[0] = 1;
            chunks[31] = 0;
        } else if (row.get("version").equals("25.11") && row.get("system").equals("DGX-GB200") && pp == 4 && vp == 4
                && model.equals("DeepSeek-V3") && row.get("precision").equals("BF16")) {
            chunks = new int[16]; // Et*3|(t*4|)*14ttL
            Arrays.fill(chunks, 4);
            chunks[0] = 3;
            chunks[15] = 2;
        } else {
            int n = pp * vp;
            boolean mapped = n == 4 && vp == 1 || n == 8 && vp <= 2 || n == 16 && vp <= (model.equals("Kimi-K2")
                    || row.get("system").equals("DGX-GB300") ? 8 : 4);
            if (!mapped || pp == 1) {
                return null;
            }
            // the recipe's n chunks of 64/n layers each but the last, which holds what is left of the
            // model's layers (61 for both models: models.md)
            int layers = MeasuredModels.findMoe(model).orElseThrow().shape().layers();
            chunks = new int[n];
            Arrays.fill(chunks, 64 / n);
            chunks[n - 1] = layers - 64 / n * (n - 1);
        }
        int first = 0, last = 0;
        for (int j = 0; j < chunks.length; j++) {
            first += j % pp == 0 ? chunks[j] : 0;
            last += j % pp == pp - 1 ? chunks[j] : 0;
        }
        return new int[] {first, last};
    }

    /** The scenario header's line for a preset. */
    static String describe(Preset p) {
        return "all-to-all " + (p.a2aOverlap() ? "overlapped (ep-overlap 1f1b; moe_a2a_overlap=True)"
                : "not overlapped (moe_a2a_overlap unset or False)") + "; "
                + (p.recomputeModules().isEmpty() ? "no recomputation"
                : "selective recomputation of " + String.join(", ", p.recomputeModules()))
                + ": Megatron-Bridge's performance preset for this model and system, " + p.source();
    }
}
