package io.clustersim.scenarios.validation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns each row of the measured-throughput tables into a scenario file (HOCON, checked in under
 * {@code scenarios/validation/measured/}), or into the reason the format cannot state it. The
 * scenario says what the row says — model shape (from {@link MeasuredModels}), chip, chips, plan,
 * precision — and the assumptions it had to make are written into its header and the listing.
 *
 * <h2>Maintainer notes</h2>
 * <ul>
 *   <li>The generator writes a key the loader does not know yet when the row needs it (e.g.
 *       {@code model.head-dim} for heads wider than hidden / heads, or a precision format): the
 *       harness then lists the row with the loader's own one-line refusal, and the row joins the
 *       comparison by itself once the format states it.</li>
 *   <li>Systems map to catalog chips and fleets in {@link #fleet}; NVL72 jobs use 64 GPUs per rack
 *       (their sizes are powers of two), TPU slices are the scale-up domain.</li>
 * </ul>
 */
final class MeasuredScenarios {

    static final Path DIR = Path.of("scenarios/validation/measured");

    private MeasuredScenarios() {
    }

    /**
     * One row's outcome.
     *
     * @param row                  the table row
     * @param file                 the generated scenario file (relative to the repository root), or null
     * @param text                 its content, or null
     * @param reason               why no scenario was generated, or null
     * @param category             for rows without a scenario: "MoE: issue 11", "not comparable", "not expressible"
     * @param publishedTokensPerChip tokens/s per chip the row states (or derives, see {@code derivation}); NaN when none
     * @param derivation           how the published tokens/s per chip was obtained
     * @param assumptions          what the scenario assumes beyond the row
     */
    record Outcome(MeasuredRow row, Path file, String text, String reason, String category,
                   double publishedTokensPerChip, String derivation, List<String> assumptions) {
        boolean generated() {
            return file != null;
        }
    }

    static List<Outcome> all() {
        List<Outcome> out = new ArrayList<>();
        for (MeasuredRow row : MeasuredRow.all()) {
            out.add(generate(row));
        }
        return out;
    }

    static Outcome generate(MeasuredRow row) {
        try {
            return switch (row.table()) {
                case MeasuredRow.NEMO -> nemo(row);
                case MeasuredRow.MAXTEXT -> maxtext(row);
                case MeasuredRow.TORCHTITAN -> torchtitan(row);
                default -> throw new IllegalArgumentException(row.table());
            };
        } catch (Refusal r) {
            return new Outcome(row, null, null, r.getMessage(), r.category, Double.NaN, null, List.of());
        }
    }

    /** A row the harness cannot turn into a scenario; the message is the reason listed. */
    static final class Refusal extends RuntimeException {
        final String category;

        Refusal(String category, String message) {
            super(message, null, false, false);
            this.category = category;
        }
    }

    /** A row whose GPU column a later page version changed: the earlier version and the count that agrees with the plan. */
    private static final Pattern EARLIER_GPU_COUNT = Pattern.compile("INCONSISTENT: the earlier file version (\\w+) lists #GPUs=(\\d+) for this row");
    /** The GPU count the row's own plan multiplies to, as the table's notes give it. */
    private static final Pattern PLAN_GPU_COUNT = Pattern.compile("TP x PP x DP x CP = (\\d+)");

    /** The match of {@link #EARLIER_GPU_COUNT} in the row's notes (group 1 the version, 2 the count), or {@code null}. */
    private static Matcher earlierGpuCount(MeasuredRow row) {
        Matcher m = EARLIER_GPU_COUNT.matcher(row.get("notes"));
        return m.find() ? m : null;
    }

    private static Refusal notExpressible(String why) {
        return new Refusal("not expressible", why);
    }

    private static MeasuredModels.Shape shape(MeasuredRow row, String system) {
        String model = row.get("model");
        if (MeasuredModels.MOE.contains(model)) {
            if (MeasuredModels.MOE_NOT_EXPRESSIBLE.containsKey(model)) {
                throw notExpressible(MeasuredModels.MOE_NOT_EXPRESSIBLE.get(model));
            }
            return MeasuredModels.findMoe(model).map(MeasuredModels.MoeModel::shape)
                    .orElseThrow(() -> notExpressible("mixture-of-experts model " + model + " not in models.md"));
        }
        if (MeasuredModels.UNKNOWN.containsKey(model)) {
            throw notExpressible(MeasuredModels.UNKNOWN.get(model));
        }
        return MeasuredModels.find(system, model).orElseThrow(() -> notExpressible("model " + model + " not in models.md"));
    }

    /**
     * NVIDIA's performance scripts reduce gradients in BF16 from NeMo 25.02 on: NeMo 2's
     * {@code set_precision_configs} sets {@code grad_reduce_in_fp32 = False} (NVIDIA/NeMo
     * scripts/llm/performance, commit 78f445f8 "callbacks and bf16 grad", 2025-01-30; later
     * scripts/performance/helpers.py), and every Megatron-Bridge performance configuration does the
     * same (scripts/performance/configs/*: the YAML files at a2884419 for 25.09, the
     * {@code *_llm_pretrain.py} of v0.2.0 and v0.3.0 for 25.11–26.02.01). The 24.x containers'
     * launcher configurations are not read for it: they keep the framework's FP32 reduction.
     */
    static final String BF16_GRAD_REDUCE = "gradients reduced in BF16 (grad-reduce bf16): NVIDIA's performance scripts"
            + " set grad_reduce_in_fp32 = False from NeMo 25.02 on (NVIDIA/NeMo 78f445f8; Megatron-Bridge"
            + " scripts/performance/configs at a2884419, v0.2.0, v0.3.0)";

    /**
     * Megatron-Bridge's Llama 3 and 3.1 pre-training presets turn Transformer Engine's TP communication
     * overlap off under NVFP4: {@code cfg.comm_overlap.tp_comm_overlap = False if precision == "nvfp4"}
     * in every one of them (scripts/performance/configs/llama3/llama3_llm_pretrain.py @ v0.2.0;
     * configs/llama/llama3_llm_pretrain.py and llama31_llm_pretrain.py @ v0.3.0 and v0.3.1).
     */
    static final String NVFP4_NO_TP_OVERLAP = "forward TP collectives not overlapped (the nemo profile's overlap-tp-forward"
            + " default under nvfp4):"
            + " Megatron-Bridge's Llama 3/3.1 presets set tp_comm_overlap = False under nvfp4"
            + " (scripts/performance/configs/llama3/llama3_llm_pretrain.py @ v0.2.0; configs/llama/llama3_llm_pretrain.py"
            + " and llama31_llm_pretrain.py @ v0.3.0, v0.3.1)";

    /** Whether a Megatron-Bridge row ran a Llama NVFP4 preset, which turns the TP overlap off ({@link #NVFP4_NO_TP_OVERLAP}). */
    static boolean nvfp4WithoutTpOverlap(MeasuredRow row) {
        return row.table().equals(MeasuredRow.NEMO) && !automodel(row) && row.get("precision").trim().equals("NVFP4")
                && row.get("model").startsWith("Llama") && integerOr(row, "tp", 1) > 1; // without TP it changes nothing
    }

    /** Whether a NeMo or Megatron-Bridge row ran NVIDIA's performance scripts' BF16 reduction ({@link #BF16_GRAD_REDUCE}). */
    static boolean bf16GradReduce(MeasuredRow row) {
        return row.table().equals(MeasuredRow.NEMO) && !automodel(row) && !row.get("version").trim().startsWith("24.");
    }

    /**
     * The 25.09 tables' parenthesised "FP8-block32x32" is MXFP8 (32-element blocks with shared
     * scales): the plans of its GB200 Llama 3 70B and 405B rows are those of the release's fp8_mx
     * presets only (docs/reference/measured-throughput/megatron-bridge-presets.md §1).
     */
    static final String BLOCK32_AS_MXFP8 = "FP8-block32x32 as MXFP8 (mxfp8): 25.09's label for the fp8_mx recipe"
            + " (bf16_with_mxfp8_mixed), whose presets alone have the plans of its GB200 Llama 3 70B and 405B rows"
            + " (NVIDIA-NeMo/Megatron-Bridge scripts/performance/configs/llama3/llama3_70b_llm_pretrain.yaml and"
            + " llama31/llama31_405b_llm_pretrain.yaml @ a2884419)";

    /**
     * NVIDIA's 2024 launch environment switched cuDNN's fused attention off, so Transformer Engine ran
     * FlashAttention-2: {@code NVTE_FUSED_ATTN: 0 # Disable cudnn FA until we've tested it more} in
     * NeMo-Megatron-Launcher's launcher_scripts/conf/config.yaml from tag 24.01 through 24.05
     * (containers 24.01.01 and 24.03.01) and at its last commit (4550dc9f, 2024-07-02), and
     * {@code "NVTE_FUSED_ATTN": "0"} in the same environment NeMo 2's first executor copied
     * (NVIDIA/NeMo examples/llm/pretrain/default_executor.py @ 8e3d65dc, the 24.07 table's commit).
     * NeMo 2's performance scripts set it to 1 from v2.3.0 (scripts/performance/utils.py).
     */
    static final String FLASH_ATTN_2 = "attention on FlashAttention-2 (attention-kernel flash-attn-2): NVIDIA's 2024"
            + " launch environment set NVTE_FUSED_ATTN: 0 (\"Disable cudnn FA until we've tested it more\","
            + " NeMo-Megatron-Launcher launcher_scripts/conf/config.yaml @ 24.01–24.05 and 4550dc9f; NVIDIA/NeMo"
            + " examples/llm/pretrain/default_executor.py @ 8e3d65dc)";

    /** Whether a row ran in a 24.x NeMo container under that environment ({@link #FLASH_ATTN_2}); every such row is DGX-H100's. */
    static boolean flashAttention2(MeasuredRow row) {
        return row.table().equals(MeasuredRow.NEMO) && !automodel(row) && row.get("version").trim().startsWith("24.");
    }

    static final String DELAYED = "FP8 as delayed scaling (fp8-delayed): the container's Transformer Engine predates"
            + " current scaling (Float8CurrentScaling, TE 2.2, 2025), so its FP8 recipe took the amax from history";

    /**
     * Whether a NeMo container version ran a Transformer Engine with delayed FP8 scaling only: the
     * 24.x containers and 25.02 (TE ≤ 2.0); current scaling arrived with TE 2.2.
     */
    static boolean delayedScalingOnly(String version) {
        String v = version.trim();
        return v.startsWith("24.") || v.startsWith("25.02");
    }

    /** The precision key for a table's spelling, or a refusal naming it. */
    static String precision(String published) {
        String p = published.trim();
        if (p.equals("BF16")) {
            return "bf16";
        }
        if (p.equals("FP8") || p.equals("FP8-CS") || p.startsWith("FP8 (torchao")) {
            return "fp8";
        }
        if (p.equals("MXFP8") || p.equals("FP8-MX")) {
            return "mxfp8";
        }
        if (p.equals("NVFP4")) {
            return "nvfp4";
        }
        if (p.startsWith("FP8-block128")) {
            return "fp8-block128";
        }
        if (p.equals("FP8-block32x32")) {
            return "mxfp8"; // 25.09's label for fp8_mx (BLOCK32_AS_MXFP8)
        }
        if (p.equals("FP8-alt")) {
            throw notExpressible("parenthesised FP8 alternative whose meaning is in a page footnote the excerpt does not show");
        }
        throw notExpressible("precision \"" + p + "\" has no format");
    }

    private record Fleet(String chip, int chipsPerNode, int scaleUpDomain, String overrides, String assumption) {
    }

    private static Fleet fleet(String system, int chips) {
        return switch (system) {
            case "DGX-H100" -> new Fleet("h100-sxm", 8, 0, null, null);
            case "DGX-B200" -> new Fleet("b200", 8, 0, null, null);
            case "DGX-B300" -> new Fleet("b300", 8, 0, null, null);
            case "DGX-GB200", "DGX-GB300" -> new Fleet(system.equals("DGX-GB200") ? "gb200-nvl72" : "gb300-nvl72", 4,
                    Math.min(chips, 64), null, chips > 64 ? "NVL72 racks with 64 GPUs of each in the job (assumed)" : null);
            case "A100 80GB" -> new Fleet("a100-80gb-sxm", 8, 0, null, "network of the A100 cluster not stated: catalog's 200 Gb/s per GPU");
            default -> {
                if (system.startsWith("H100 (doc: \"HBM2e")) {
                    yield new Fleet("h100-sxm", 8, 0, "hbm = 95GB",
                            "\"HBM2e based lower TDP SXM H100 (95GB)\": H100 SXM with 95 GB; its HBM2e bandwidth and clocks are not stated (catalog H100 figures)");
                }
                throw notExpressible("system \"" + system + "\" has no catalog chip");
            }
        };
    }

    // ---------------------------------------------------------------------------------------------
    // NeMo / Megatron-Bridge / Automodel

    private static Outcome nemo(MeasuredRow row) {
        String system = row.get("system");
        boolean fromTflops = row.blank("tokens_per_s_per_gpu");
        if (fromTflops) {
            if (row.get("notes").contains("WITHOUT CP")) {
                throw notExpressible("plan not stated (\"most performant configuration without CP\"; TP/PP/DP not given)");
            }
            if (MeasuredModels.MOE.contains(row.get("model"))) {
                throw new Refusal("not comparable", "no tokens/s; only TFLOP/s per GPU, and NVIDIA's FLOPs per token"
                        + " of a mixture-of-experts model are checked on no row");
            }
        }
        MeasuredModels.Shape m = shape(row, system);
        String precision = precision(row.get("precision"));
        List<String> assumptions = new ArrayList<>();
        if (precision.equals("fp8") && delayedScalingOnly(row.get("version"))) {
            precision = "fp8-delayed";
            assumptions.add(DELAYED);
        }
        if (row.get("precision").trim().equals("FP8-block32x32")) {
            assumptions.add(BLOCK32_AS_MXFP8);
        }
        if (nvfp4WithoutTpOverlap(row)) {
            assumptions.add(NVFP4_NO_TP_OVERLAP);
        }
        if (flashAttention2(row)) {
            assumptions.add(FLASH_ATTN_2);
        }
        if (bf16GradReduce(row)) {
            assumptions.add(BF16_GRAD_REDUCE);
        } else if (!automodel(row) && precision.startsWith("fp8-delayed")) {
            assumptions.add("FP8 weights gathered in FP8 (the nemo profile's fp8-weight-gather, from NeMo 2's FP8 recipes;"
                    + " this NeMo 1.x container's launcher configuration is not read for it)");
        }
        int gpus = integer(row, "gpus");
        Matcher earlier = earlierGpuCount(row);
        if (earlier != null) {
            // The page's later version changed the GPU column but not the plan; the earlier one agrees with
            // the plan. Per-GPU TFLOP/s is a property of the plan, so the plan's own count is used.
            gpus = Integer.parseInt(earlier.group(2));
            Matcher plan = PLAN_GPU_COUNT.matcher(row.get("notes"));
            if (!plan.find() || Integer.parseInt(plan.group(1)) != gpus) {
                throw notExpressible("the page's earlier GPU count " + gpus + " is not its TP × PP × DP × CP either");
            }
            assumptions.add("GPU count " + gpus + " as TP × PP × DP × CP and the page's earlier version " + earlier.group(1)
                    + " give it (the version cited lists " + row.get("gpus") + ")");
        } else if (row.get("notes").contains("INCONSISTENT")) {
            throw notExpressible("the table's TP × PP × DP × CP is not its GPU count");
        }
        int tp = integerOr(row, "tp", 1), pp = integerOr(row, "pp", 1), cp = integerOr(row, "cp", 1);
        int vp = integerOr(row, "vp", 1);
        int gbs = integer(row, "gbs");
        int mbs;
        if (row.blank("mbs")) {
            mbs = 1;
            assumptions.add("micro-batch not stated: 1");
        } else {
            mbs = integer(row, "mbs");
        }
        if (gpus % (tp * pp * cp) != 0) {
            throw notExpressible("TP × PP × CP = " + tp * pp * cp + " does not divide " + gpus + " GPUs");
        }
        int dp = gpus / (tp * pp * cp);
        if (gbs % (dp * mbs) != 0) {
            throw notExpressible("global batch " + gbs + " is not a multiple of DP × micro-batch = " + dp * mbs);
        }
        if (!row.blank("ga") && integer(row, "ga") != gbs / (dp * mbs)) {
            assumptions.add("table's GA " + row.get("ga") + " differs from GBS / (DP × MBS) = " + gbs / (dp * mbs) + "; GBS and MBS used");
        }
        int zero;
        String fsdp = row.get("fsdp");
        if (!fsdp.isEmpty() && !fsdp.equals("0") && !fsdp.equalsIgnoreCase("n/a")) {
            int group = Integer.parseInt(fsdp);
            if (group > 1 && group != dp) {
                // no row of the tables states one; parallelism.shard-group would express a divisor of DP
                throw notExpressible("FSDP group " + group + " is not the data-parallel degree " + dp
                        + " (HSDP, not stated by any row so far)");
            }
            zero = 3;
            assumptions.add("FSDP (" + (group == 1 ? "flag" : "group " + group) + ") as ZeRO-3 over the data-parallel group");
        } else {
            zero = 1;
            assumptions.add("Megatron distributed optimizer (ZeRO-1)");
        }
        String recompute = "none";
        AutomodelConfig automodel = automodelConfig(row);
        MegatronBridgeMoePresets.Preset preset = moePreset(row);
        if (preset != null) {
            recompute = preset.recomputeModules().isEmpty() ? "none" : "selective";
            assumptions.add(MegatronBridgeMoePresets.describe(preset));
        } else if (automodel != null) {
            recompute = automodel.checkpointing() ? "full" : "none";
            assumptions.add("recomputation from the benchmark configuration the page names (NVIDIA-NeMo/Automodel "
                    + "examples/llm_benchmark/" + automodel.file() + " @ cb976544: activation_checkpointing "
                    + (automodel.checkpointing() ? "true" : "not set, false") + "): " + recompute);
        } else {
            assumptions.add("recomputation not stated: none");
        }
        Fleet fleet = fleet(system, gpus);
        if (fleet.assumption() != null) {
            assumptions.add(fleet.assumption());
        }
        if (m.assumption() != null) {
            assumptions.add(m.assumption());
        }
        moeAssumptions(row, assumptions);
        double published;
        String derivation;
        if (fromTflops) {
            // NeMo's containers up to 25.07 count 6 FLOPs per weight of the layers and the output layer
            // and attention in full; every dense row of those releases that publishes both columns agrees
            // (MeasuredValidationTest.nvidiaFlopConventionsHoldOnTheRowsThatPublishBoth)
            double share = attentionShare(row.get("version"));
            double flops = MeasuredModels.flopsPerToken(m, integer(row, "seq"), share);
            published = Double.parseDouble(row.get("model_tflops_per_gpu")) * 1e12 / flops;
            derivation = String.format(Locale.ROOT, "%s TFLOP/s per GPU as published ÷ %.4g FLOPs per token, NVIDIA's"
                    + " convention of the release: attention %s", row.get("model_tflops_per_gpu"), flops,
                    share == 1 ? "in full" : "causal-halved");
        } else {
            published = Double.parseDouble(row.get("tokens_per_s_per_gpu"));
            derivation = "tokens/s per GPU as published";
        }
        String text = conf(row, m, precision, integer(row, "seq"), fleet, gpus, tp, pp, dp, cp, vp, mbs, gbs,
                tp > 1, zero, 0, recompute, published, derivation, assumptions);
        return outcome(row, m, system, text, published, derivation, assumptions);
    }

    /**
     * The benchmark configuration NeMo Automodel's performance page (docs/performance-summary.mdx
     * @ cb976544) names for each pre-training row, by model and GPU count, and whether it sets
     * {@code distributed.activation_checkpointing} (Automodel's per-layer checkpointing: full
     * recomputation; unset means false, {@code FSDP2Config}'s default at that commit), and the token
     * dispatcher its {@code model.backend.dispatcher} names ({@code deepep} or {@code hybridep}; none for
     * the dense Llama 3 70B), and its {@code distributed.ep_size} (0 for the dense one). Every MoE
     * configuration sets {@code model.backend.fake_balanced_gate: true}: Automodel's benchmark gate sends
     * token t to the k consecutive experts t·k … t·k + k − 1 (mod E), {@code routing = contiguous}. The
     * 1,024-GPU DeepSeek-V3 row's batch (8,192 sequences, 8 per GPU) is that of
     * {@code deepseek_v3_te_deepep_1024.yaml}.
     */
    static final java.util.Map<String, AutomodelConfig> AUTOMODEL_CONFIGS = java.util.Map.of(
            "DeepSeek-V3@1024", new AutomodelConfig("deepseek/deepseek_v3_te_deepep_1024.yaml", false, "deepep", 64),
            "DeepSeek-V3@256", new AutomodelConfig("deepseek/deepseek_v3_te_deepep.yaml", true, "deepep", 64),
            "Kimi-K2@256", new AutomodelConfig("kimi/kimi_k2_te_deepep.yaml", true, "deepep", 32),
            "Qwen3-30B-A3B@8", new AutomodelConfig("qwen/qwen3_moe_30b_te_deepep.yaml", true, "deepep", 8),
            "gpt-oss-20b@8", new AutomodelConfig("gpt_oss/gptoss_20b_te_deepep.yaml", false, "deepep", 8),
            "gpt-oss-120b@64", new AutomodelConfig("gpt_oss/gptoss_120b_te_deepep.yaml", false, "hybridep", 64),
            "Llama3-70B@64", new AutomodelConfig("llama3_3/custom_llama3_1_70b_pretrain_benchmark_8nodes.yaml", true,
                    null, 0));

    /**
     * An Automodel benchmark configuration: its path under examples/llm_benchmark, its checkpointing,
     * its token dispatcher ({@code null} when it sets none) and its expert-parallel size (0: dense).
     */
    record AutomodelConfig(String file, boolean checkpointing, String dispatcher, int ep) {
    }

    /** Whether a row's experts have biases that Automodel's experts add per expert ({@code expert-bias both}). */
    static boolean addsBothExpertBiases(MeasuredRow row) {
        MeasuredModels.MoeModel moe = MeasuredModels.findMoe(row.get("model")).orElse(null);
        return moe != null && moe.extras() != null && moe.extras().expertBias() && automodelConfig(row) != null;
    }

    /**
     * Why an Automodel row's experts add both biases per expert ({@code software.expert-bias = both}):
     * Automodel's {@code GroupedExpertsDeepEP} applies {@code _apply_bias} after each grouped GEMM,
     * which takes no bias.
     */
    static final String AUTOMODEL_EXPERT_BIAS = "experts' biases both added per expert (software.expert-bias both):"
            + " NeMo Automodel's GroupedExpertsDeepEP calls _apply_bias after each grouped GEMM, which takes no bias"
            + " (nemo_automodel/components/moe/experts.py @ cb976544, l. 802–855)";

    /**
     * The expert-parallel size of an MoE row: its EP column, else the Automodel benchmark configuration's
     * {@code ep_size} (the gpt-oss rows publish none), else 1.
     */
    static int expertParallel(MeasuredRow row) {
        if (!row.blank("ep")) {
            return integer(row, "ep");
        }
        AutomodelConfig automodel = automodelConfig(row);
        return automodel != null && automodel.ep() > 0 ? automodel.ep() : 1;
    }

    /** Whether the row is NeMo Automodel's (PyTorch-native FSDP2), not Megatron-Core's. */
    static boolean automodel(MeasuredRow row) {
        return row.get("source").contains("Automodel");
    }

    /** The Automodel benchmark configuration a row's page names, or {@code null} (not Automodel, or unnamed). */
    static AutomodelConfig automodelConfig(MeasuredRow row) {
        return automodel(row) ? AUTOMODEL_CONFIGS.get(row.get("model") + "@" + row.get("gpus")) : null;
    }

    /**
     * Why a row's scenario states the per-domain dispatcher ({@code ep-dispatcher deepep}), or {@code null}
     * where no source says which dispatcher ran (NCCL's all-to-all then, Megatron-Core's default). NeMo
     * Automodel's rows: the page's kernel column naming DeepEP and the configuration it names. Megatron-Bridge's
     * 25.09 DeepSeek-V3 rows on 1,024 H100: the release's performance script enables DeepEP on H100 exactly
     * when it does not drop tokens, the "(dropless)" variant the table names, on this plan. The other
     * Megatron-Bridge rows whose release's preset selects Megatron-Core's flex dispatcher (HybridEP, or
     * DeepEP for Qwen3-30B-A3B on H100 from 26.02): that preset ({@link MegatronBridgeMoePresets#flexBackend}).
     */
    static String dispatcherSource(MeasuredRow row) {
        AutomodelConfig automodel = automodelConfig(row);
        if (automodel != null && automodel.dispatcher() != null && row.get("notes").contains("DeepEP")) {
            return "token dispatcher DeepEP (ep-dispatcher deepep): the page's kernel optimizations column names DeepEP"
                    + " and the benchmark configuration it names sets dispatcher: " + automodel.dispatcher()
                    + (automodel.dispatcher().equals("hybridep") ? " (HybridEP: the same per-node traffic)" : "")
                    + " (NVIDIA-NeMo/Automodel examples/llm_benchmark/" + automodel.file() + " @ cb976544)";
        }
        if (row.get("version").equals("25.09") && row.get("system").equals("DGX-H100")
                && row.get("model").equals("DeepSeek-V3") && row.get("gpus").equals("1024")
                && row.get("notes").contains("(dropless)")) {
            return "token dispatcher DeepEP (ep-dispatcher deepep): Megatron-Bridge's 25.09 performance script"
                    + " enables DeepEP (moe_token_dispatcher_type flex, moe_enable_deepep) for DeepSeek-V3 on H100"
                    + " without token dropping, the \"(dropless)\" run the table names, on this plan (TP 2, PP 8, VP 4,"
                    + " EP 64, global batch 8,192) (NVIDIA-NeMo/Megatron-Bridge scripts/performance/run_script.py and"
                    + " configs/deepseek/deepseek_v3_llm_pretrain.yaml @ f37f883a)";
        }
        MegatronBridgeMoePresets.Preset preset = moePreset(row);
        if (preset != null && preset.flexBackend() != null) {
            return "token dispatcher " + (preset.flexBackend().equals("hybridep") ? "HybridEP" : "DeepEP")
                    + " (ep-dispatcher deepep): the release's preset selects Megatron-Core's flex dispatcher with"
                    + " backend " + preset.flexBackend() + " (" + preset.flexSource() + "; docs/reference/measured-throughput/"
                    + "megatron-bridge-moe-presets.md §4, disp; MegatronBridgeMoePresets.flexBackend)";
        }
        return null;
    }

    /**
     * Releases whose TFLOP/s column counts attention in full (NeMo 1.0/2.0 containers, 24.03–25.07):
     * their rows that publish tokens/s and TFLOP/s both give MaxText's FLOPs per token; Megatron-Bridge's
     * (25.09 on) halve attention for the causal mask. 24.03.01 publishes no row with both columns: its
     * long-sequence table is taken to count as 24.07 does (the same NeMo line and Megatron-LM's formula
     * of the time, which had no causal factor); its 4K row then gives 16,665 tokens/s per GPU, 24.07's
     * 4K Llama 2 7B row 16,934.
     */
    static final java.util.Set<String> FULL_ATTENTION_CONVENTION = java.util.Set.of("24.03.01.framework", "24.07",
            "25.02", "25.04", "25.04.rc2", "25.07");

    /**
     * The share of attention's full-count FLOPs NVIDIA's TFLOP/s column of {@code version} counts: 1 for
     * {@link #FULL_ATTENTION_CONVENTION}'s releases, 0.5 (the causal mask's unmasked half) after.
     */
    static double attentionShare(String version) {
        return FULL_ATTENTION_CONVENTION.contains(version) ? 1.0 : 0.5;
    }

    /** The Megatron-Bridge preset of an MoE row's release ({@link MegatronBridgeMoePresets}), or {@code null}. */
    static MegatronBridgeMoePresets.Preset moePreset(MeasuredRow row) {
        return MeasuredModels.findMoe(row.get("model")).isPresent() ? MegatronBridgeMoePresets.of(row) : null;
    }

    /** Whether an MoE row states multi-token prediction: its label, else the model's own (DeepSeek-V3: 1). */
    static int mtpModules(MeasuredRow row) {
        if (!row.get("model").equals("DeepSeek-V3") || row.get("notes").contains("w/o MTP")) {
            return 0;
        }
        return 1;
    }

    /** What an MoE row's scenario assumes beyond the row: routing, expert TP, MTP, the model's own caveats. */
    private static void moeAssumptions(MeasuredRow row, List<String> assumptions) {
        MeasuredModels.MoeModel moe = MeasuredModels.findMoe(row.get("model")).orElse(null);
        if (moe == null) {
            return;
        }
        String dispatcher = dispatcherSource(row);
        AutomodelConfig automodel = automodelConfig(row);
        String routing = automodel != null
                ? "routing balanced by Automodel's benchmark gate (fake_balanced_gate: true in the configuration the page"
                + " names: FakeBalancedGate, nemo_automodel/components/moe/layers.py @ cb976544, sends token t to the"
                + " top-k consecutive experts t·k … t·k + k − 1, routing contiguous): imbalance 1"
                : "routing force-balanced (the tables' footnote): imbalance 1";
        assumptions.add(routing + "; expert TP 1 (Megatron-Bridge MoE"
                + " recipes); BF16 dispatch and combine" + (dispatcher == null
                ? ", every expert copy sent on its own (not stated)" : "") + (dispatcher == null ? "" : "; " + dispatcher)
                + (moePreset(row) != null ? "" : "; all-to-all not overlapped (not stated)"));
        if (row.blank("ep")) {
            assumptions.add(expertParallel(row) > 1 ? "EP not stated by the row: the configuration's ep_size "
                    + expertParallel(row) : "EP not stated: 1");
        }
        int[] stageLayers = MegatronBridgeMoePresets.stageLayers(row);
        if (stageLayers != null) {
            assumptions.add("pipeline layout not stated: the release's (its recipe's map for this pp and vp, or the layout"
                    + " its preset states; docs/reference/measured-throughput/megatron-bridge-moe-presets.md §9), " + stageLayers[0]
                    + " layers on the first rank and " + stageLayers[1] + " on the last beside the output layer"
                    + (mtpModules(row) > 0 ? " and MTP" : "") + " (MegatronBridgeMoePresets.stageLayers cites it)");
        }
        if (row.get("model").equals("DeepSeek-V3") && !row.get("notes").contains("MTP")) {
            assumptions.add("MTP not labelled: the model's one module (num_nextn_predict_layers 1)");
        }
        if (moe.moe().assumption() != null) {
            assumptions.add(moe.moe().assumption());
        }
        if (addsBothExpertBiases(row)) {
            assumptions.add(AUTOMODEL_EXPERT_BIAS);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // MaxText on TPU

    private static Outcome maxtext(MeasuredRow row) {
        String system = row.get("system");
        if (row.blank("chips")) {
            throw notExpressible("chip count not stated");
        }
        MeasuredModels.Shape m = shape(row, system);
        if (row.blank("per_device_batch") || row.blank("seq") || row.blank("tflops_per_chip")) {
            throw notExpressible("plan or batch not stated (a recipe's example log line; sharding not given)");
        }
        String chip = switch (system) {
            case "TPU v5p" -> "tpu-v5p";
            case "TPU v5e" -> "tpu-v5e";
            case "TPU v4" -> "tpu-v4";
            default -> throw notExpressible("system " + system + " has no catalog chip");
        };
        int chips = integer(row, "chips");
        int slices = integerOr(row, "num_slices", 1);
        if (chips % slices != 0) {
            throw notExpressible(chips + " chips do not split into " + slices + " equal slices");
        }
        int sliceChips = chips / slices;
        int tp = 1, fsdp = -1;
        for (String part : row.get("parallelism").split(";")) {
            String[] kv = part.split("=");
            if (kv.length != 2) {
                continue;
            }
            switch (kv[0].trim()) {
                case "ici_tensor_parallelism" -> tp = Integer.parseInt(kv[1].trim());
                case "ici_fsdp_parallelism" -> fsdp = Integer.parseInt(kv[1].trim());
                case "dcn_data_parallelism" -> {
                    if (Integer.parseInt(kv[1].trim()) != slices) {
                        throw notExpressible("DCN data parallelism " + kv[1].trim() + " differs from the slice count " + slices);
                    }
                }
                default -> throw notExpressible("sharding " + kv[0] + " has no equivalent");
            }
        }
        int dp = chips / tp;
        // FSDP inside each slice (ICI), data parallelism across the slices (DCN): HSDP, the slice's
        // FSDP ranks sharing one sharded copy
        if (sliceChips % tp != 0) {
            throw notExpressible("TP " + tp + " does not divide a slice's " + sliceChips + " chips");
        }
        int shardGroup = sliceChips / tp;
        if (fsdp > 0 && fsdp != shardGroup) {
            throw notExpressible("FSDP " + fsdp + " × TP " + tp + " does not cover a slice's " + sliceChips + " chips");
        }
        int pdb = integer(row, "per_device_batch");
        int gbs = pdb * chips;
        int mbs = gbs / dp;
        List<String> assumptions = new ArrayList<>();
        assumptions.add("FSDP over the slice (ici_fsdp_parallelism) as ZeRO-3; per-device batch " + pdb
                + " × " + chips + " chips = global batch " + gbs + ", no gradient accumulation");
        if (slices > 1) {
            assumptions.add(slices + " slices of " + sliceChips + " chips joined by the data-centre network"
                    + " (dcn_data_parallelism): HSDP, each slice's " + shardGroup + " FSDP ranks one shard group"
                    + " (parallelism.shard-group), the slice the scale-up domain");
        }
        String remat = row.get("remat");
        String recompute = switch (remat) {
            case "full" -> "full";
            case "minimal" -> {
                assumptions.add("remat policy \"minimal\" as selective recomputation");
                yield "selective";
            }
            default -> throw notExpressible("remat policy \"" + remat + "\" has no equivalent");
        };
        if (m.assumption() != null) {
            assumptions.add(m.assumption());
        }
        int seq = integer(row, "seq");
        double tflops = Double.parseDouble(row.get("tflops_per_chip"));
        double published = tflops * 1e12 / MeasuredModels.maxtextFlopsPerToken(m, seq);
        String derivation = String.format(Locale.ROOT, "%.0f TFLOP/s per chip / %.4g FLOPs per token (MaxText's formula: attention in full)",
                tflops, MeasuredModels.maxtextFlopsPerToken(m, seq));
        Fleet fleet = new Fleet(chip, chip.equals("tpu-v5e") ? 8 : 4, sliceChips, null, null);
        String text = conf(row, m, precision(row.get("precision")), seq, fleet, chips, tp, 1, dp, 1, 1, mbs, gbs,
                tp > 1, 3, slices > 1 ? shardGroup : 0, recompute, published, derivation, assumptions);
        return outcome(row, m, system, text, published, derivation, assumptions);
    }

    // ---------------------------------------------------------------------------------------------
    // torchtitan

    private static Outcome torchtitan(MeasuredRow row) {
        String system = row.get("system");
        MeasuredModels.Shape m = shape(row, system);
        int gpus = integer(row, "gpus");
        int tp = integerOr(row, "tp", 1), pp = integerOr(row, "pp", 1), cp = integerOr(row, "cp", 1);
        int fsdp = integer(row, "fsdp");
        int dp = gpus / (tp * pp * cp);
        if (fsdp != dp) {
            throw notExpressible("FSDP " + fsdp + " is not the data-parallel degree " + dp + " (HSDP)");
        }
        int gbs = integer(row, "global_batch");
        int mbs = integer(row, "local_batch");
        List<String> assumptions = new ArrayList<>();
        assumptions.add("FSDP2 as ZeRO-3 over the data-parallel group");
        String recompute = switch (row.get("activation_ckpt")) {
            case "none" -> "none";
            case "full" -> "full";
            case "selective op" -> {
                assumptions.add("op-level selective activation checkpointing as selective recomputation");
                yield "selective";
            }
            case "selective layer" -> throw notExpressible("layer-level selective checkpointing (every second layer recomputed in full) has no equivalent");
            default -> throw notExpressible("activation checkpointing \"" + row.get("activation_ckpt") + "\" has no equivalent");
        };
        if (row.get("async_tp").equals("yes")) {
            assumptions.add("asynchronous TP (forward collectives overlapped) is not modelled: costed as without");
        }
        Fleet fleet = fleet(system, gpus);
        if (fleet.assumption() != null) {
            assumptions.add(fleet.assumption());
        }
        if (m.assumption() != null) {
            assumptions.add(m.assumption());
        }
        double published = Double.parseDouble(row.get("tokens_per_s_per_gpu"));
        String text = conf(row, m, precision(row.get("precision")), integer(row, "seq"), fleet, gpus, tp, pp, dp, cp, 1,
                mbs, gbs, tp > 1, 3, 0, recompute, published, "tokens/s per GPU as published", assumptions);
        return outcome(row, m, system, text, published, "tokens/s per GPU as published", assumptions);
    }

    // ---------------------------------------------------------------------------------------------

    private static Outcome outcome(MeasuredRow row, MeasuredModels.Shape m, String system, String text, double published,
                                   String derivation, List<String> assumptions) {
        return new Outcome(row, file(row), text, null, null, published, derivation, List.copyOf(assumptions));
    }

    /** The scenario's path: one directory per table, named by system, model, precision, chips and the row's line. */
    static Path file(MeasuredRow row) {
        String system = row.get("system").replaceAll("\\s*\\(.*", "");
        Matcher earlier = earlierGpuCount(row);
        String chips = earlier != null ? earlier.group(2) // the count the scenario runs (nemo(row))
                : row.columns().containsKey("gpus") ? row.get("gpus") : row.get("chips");
        String name = String.format(Locale.ROOT, "%03d-%s-%s-%s-%s", row.line(), slug(system), slug(row.get("model")),
                slug(row.get("precision").replaceAll("\\s*\\(.*", "")), chips);
        return DIR.resolve(row.table().replace(".csv", "")).resolve(name + ".conf");
    }

    private static String slug(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("(^-|-$)", "");
    }

    private static String conf(MeasuredRow row, MeasuredModels.Shape m, String precision, int seq, Fleet fleet, int chips,
                               int tp, int pp, int dp, int cp, int vp, int mbs, int gbs, boolean sp, int zero,
                               int shardGroup, String recompute, double published, String derivation, List<String> assumptions) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Generated by MeasuredValidationTest from docs/reference/measured-throughput/").append(row.table())
                .append(" line ").append(row.line()).append(". Do not edit: regenerate (docs/validation.md).\n");
        sb.append("# ").append(row.get("system")).append(", ").append(row.get("model")).append(", ")
                .append(row.get("precision")).append(", ").append(chips).append(" chips: ")
                .append(String.format(Locale.ROOT, "%.1f tokens/s per chip (%s)", published, derivation)).append('\n');
        sb.append("# Source: ").append(row.get("source")).append(" (version ").append(row.get("version")).append(")\n");
        sb.append("# Model: ").append(m.source()).append('\n');
        for (String a : assumptions) {
            sb.append("# Assumed: ").append(a).append('\n');
        }
        sb.append("name = \"").append(file(row).getFileName().toString().replace(".conf", "")).append("\"\n");
        sb.append("seed = 1\ntrials = 1\n\nmodel {\n");
        kv(sb, "architecture", m.architecture());
        kv(sb, "layers", m.layers());
        kv(sb, "hidden", m.hidden());
        kv(sb, "heads", m.heads());
        kv(sb, "kv-heads", m.kvHeads());
        if (m.headDim() * m.heads() != m.hidden()) {
            kv(sb, "head-dim", m.headDim());
        }
        kv(sb, "ffn-hidden", m.ffn());
        kv(sb, "vocab", m.vocab());
        kv(sb, "seq-len", seq);
        kv(sb, "precision", precision);
        MeasuredModels.MoeModel moe = MeasuredModels.findMoe(row.get("model")).orElse(null);
        MeasuredModels.Extras extras = moe == null ? null : moe.extras();
        if (extras != null) {
            kv(sb, "sliding-window", extras.slidingWindow());
            kv(sb, "global-every", extras.globalEvery());
            kv(sb, "swiglu-clamp", extras.swigluClamp());
            kv(sb, "rope-scaling", extras.ropeScaling());
        }
        if (moe != null) {
            MeasuredModels.MoeLayout e = moe.moe();
            sb.append("  moe {\n");
            kv(sb, "  experts", e.experts());
            kv(sb, "  top-k", e.topK());
            kv(sb, "  shared-experts", e.shared());
            kv(sb, "  expert-ffn-hidden", e.expertFfn());
            if (e.firstDense() > 0) {
                kv(sb, "  first-dense", e.firstDense());
            }
            if (extras != null && extras.expertBias()) {
                kv(sb, "  expert-bias", true);
            }
            if (automodelConfig(row) != null) {
                kv(sb, "  routing", "contiguous"); // Automodel's FakeBalancedGate (AUTOMODEL_CONFIGS)
            }
            sb.append("  }\n");
            if (e.mla() != null) {
                sb.append("  mla {\n");
                kv(sb, "  q-lora-rank", e.mla().qLoraRank());
                kv(sb, "  kv-lora-rank", e.mla().kvLoraRank());
                kv(sb, "  qk-nope-head-dim", e.mla().qkNopeHeadDim());
                kv(sb, "  qk-rope-head-dim", e.mla().qkRopeHeadDim());
                kv(sb, "  v-head-dim", e.mla().vHeadDim());
                sb.append("  }\n");
            }
            if (mtpModules(row) > 0) {
                kv(sb, "mtp-modules", mtpModules(row));
            }
        }
        sb.append("}\n\ntarget {\n  tokens = 1T\n}\n\nfleet {\n");
        kv(sb, "chip", fleet.chip());
        kv(sb, "chips", chips);
        kv(sb, "chips-per-node", Math.min(fleet.chipsPerNode(), chips));
        if (fleet.scaleUpDomain() > 0) {
            kv(sb, "scale-up-domain", fleet.scaleUpDomain());
        }
        if (fleet.overrides() != null) {
            sb.append("  chip-overrides { ").append(fleet.overrides()).append(" }\n");
        }
        sb.append("}\n\nparallelism {\n");
        kv(sb, "tp", tp);
        kv(sb, "pp", pp);
        kv(sb, "dp", dp);
        kv(sb, "cp", cp);
        if (moe != null) {
            kv(sb, "ep", expertParallel(row));
        }
        kv(sb, "virtual-stages", vp);
        int[] stageLayers = moe != null ? MegatronBridgeMoePresets.stageLayers(row) : null;
        if (stageLayers != null) {
            kv(sb, "first-stage-layers", stageLayers[0]);
            kv(sb, "last-stage-layers", stageLayers[1]);
        }
        kv(sb, "micro-batch", mbs);
        kv(sb, "global-batch", gbs);
        kv(sb, "sequence-parallel", sp);
        kv(sb, "zero-stage", zero);
        if (shardGroup > 0) {
            kv(sb, "shard-group", shardGroup);
        }
        kv(sb, "recompute", recompute);
        MegatronBridgeMoePresets.Preset preset = moePreset(row);
        if (recompute.equals("selective") && preset != null) {
            kv(sb, "recompute-modules", "[" + String.join(", ", preset.recomputeModules()) + "]");
        }
        boolean muon = row.get("notes").contains("Muon optimizer used");
        // NeMo and Megatron-Bridge run on Megatron-Core (their overlaps: software.framework = nemo);
        // NeMo Automodel is PyTorch-native FSDP2 and keeps the generic profile
        boolean nemo = row.table().equals(MeasuredRow.NEMO) && !automodel(row);
        boolean epOverlap = preset != null && preset.a2aOverlap();
        boolean deepEp = moe != null && dispatcherSource(row) != null;
        // Automodel's experts add both biases per expert (AutomodelConfig): the models that have them
        boolean biasBoth = addsBothExpertBiases(row);
        if (epOverlap || muon || nemo || deepEp || biasBoth) {
            sb.append("}\n\nsoftware {\n");
            if (nemo) {
                kv(sb, "framework", "nemo");
                if (bf16GradReduce(row)) {
                    kv(sb, "grad-reduce", "bf16");
                }
                if (flashAttention2(row)) {
                    kv(sb, "attention-kernel", "flash-attn-2");
                }
            }
            if (epOverlap) {
                kv(sb, "ep-overlap", "1f1b");
            }
            if (deepEp) {
                kv(sb, "ep-dispatcher", "deepep");
            }
            if (muon) { // the row's page note
                kv(sb, "optimizer", "muon");
            }
            if (biasBoth) {
                kv(sb, "expert-bias", "both");
            }
        }
        sb.append("}\n\nvalidation {\n");
        kv(sb, "source", "\"" + row.get("source").replace("\"", "'") + "\"");
        sb.append("}\n");
        return sb.toString();
    }

    private static void kv(StringBuilder sb, String key, Object value) {
        sb.append("  ").append(key).append(" = ").append(value).append('\n');
    }

    private static int integer(MeasuredRow row, String column) {
        String v = row.get(column);
        try {
            return (int) Math.round(Double.parseDouble(v));
        } catch (NumberFormatException e) {
            throw notExpressible(column + " not stated (\"" + v + "\")");
        }
    }

    private static int integerOr(MeasuredRow row, String column, int otherwise) {
        return row.blank(column) ? otherwise : integer(row, column);
    }

    /** The listing's categories, in the order the listing shows them. */
    static final Map<String, Integer> CATEGORY_ORDER = Map.of("not expressible", 0, "not comparable", 1, "MoE: issue 11", 2);
}
