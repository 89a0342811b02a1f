package io.clustersim.core.model;

import io.clustersim.topology.ChipSpec;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.GroupPlacement;
import io.clustersim.topology.Precision;

import static io.clustersim.core.model.RecomputeModule.CORE_ATTN;
import static io.clustersim.core.model.RecomputeModule.LAYERNORM;
import static io.clustersim.core.model.RecomputeModule.MLA_UP_PROJ;
import static io.clustersim.core.model.RecomputeModule.MLP;
import static io.clustersim.core.model.RecomputeModule.MOE;
import static io.clustersim.core.model.RecomputeModule.MOE_ACT;
import static io.clustersim.core.model.RecomputeModule.SHARED_EXPERTS;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The step model: time and memory of one optimizer step of a decoder-only transformer (dense or
 * MoE, with multi-head latent attention and multi-token prediction) under tensor, sequence, pipeline
 * (1F1B, interleaved or DualPipe), data (ZeRO 0–3), context, expert and expert-tensor parallelism,
 * with activation recomputation, from first principles and the fitted constants of
 * {@link Calibration} (a GEMM efficiency per chip family, the kernel overhead, scale-up and scale-out
 * efficiency, attention efficiency and the overlap contention).
 *
 * <h2>Maintainer notes</h2>
 * <ul>
 *   <li>Everything is per chip of the bottleneck pipeline stage (the last, which also runs the
 *       output layer, unless an uneven split left it a layer short), per micro-batch, then assembled: m
 *       micro-batches of the slowest stage plus the other stages' time once (the 1F1B fill and
 *       drain; interleaved, that of one chunk — the largest, ceil(L/v) of a stage's L layers),
 *       plus exposed pipeline transfers, the exposed data-parallel gradient reduction, and the
 *       optimizer step.</li>
 *   <li>Each GEMM costs {@code max(flops / (peak·η), bytes / (HBM·η_hbm)) + t_kernel}: large GEMMs
 *       reach η of peak, small ones less (the fixed kernel cost and the memory roofline).
 *       Backward runs two GEMMs per forward GEMM (data and weight gradients).</li>
 *   <li>Memory-bound work (norms, residuals, activations, dropout, softmax without flash
 *       attention, rotary embeddings, the optimizer) streams its bytes at HBM bandwidth.</li>
 *   <li>Which communication hides behind what depends on the software ({@link SoftwareSpec},
 *       {@link Framework}): backward TP collectives behind the weight-gradient GEMMs (Megatron-LM's
 *       asynchronous TP all-reduce); forward ones behind their GEMMs with
 *       {@link SoftwareSpec#overlapTpForward()} (userbuffers, dense layers and attention; MoE layers'
 *       stay exposed; the {@code nemo} profile's default); context-parallel KV
 *       exchanges behind attention; pipeline sends behind compute when interleaved under
 *       {@code megatron} and {@code nemo}, otherwise exposed; the DP gradient reduction behind the
 *       last micro-batch's (interleaved: the last min(m, p) micro-batches') backward when the
 *       software says so; ZeRO-3 weight gathers prefetched behind compute. Overlap is priced as the
 *       chip's resources shared ({@code overlapped}): while a communication kernel runs beside
 *       compute, the compute loses the share of its SMs ({@link Calibration#collectiveSms()} for
 *       NCCL, 20 for DualPipe's dispatcher), of its HBM bandwidth (only for whole-layer windows) and
 *       the fitted contention; the step pays the longer of that slowdown and the transfer's own
 *       tail beyond the compute.</li>
 *   <li>MoE layers: grouped expert GEMMs through the same {@code gemm} cost (one kernel
 *       overhead per grouped GEMM), dispatch/combine priced per link crossed
 *       ({@code moeCommunicationForward}; a token crosses the fabric once per destination domain
 *       under node-limited routing or the {@link EpDispatcher#DEEPEP} dispatcher, which also sends
 *       it once per destination rank: {@link ExpertReach}), hidden by {@link EpOverlap} schedules only in the steady
 *       phase ({@code exposedExpertParallel}); expert state shards over the expert-data group, not
 *       DP ({@link ParallelismPlan#expertData()}). Multi-token prediction runs on the last stage.</li>
 *   <li>Keep it cheap — a handful of small objects per evaluation (the evaluation, its group
 *       placements, the result): plan search evaluates it millions of times.</li>
 * </ul>
 */
public final class AnalyticStepModel implements StepModel {

    /** Bytes per element of activations and bf16 weights and gradients. */
    private static final double BF16 = 2;

    private final Calibration calibration;
    private final SoftwareSpec software;

    public AnalyticStepModel(Calibration calibration, SoftwareSpec software) {
        this.calibration = calibration;
        this.software = software;
    }

    /** The standard calibration with the given software. */
    public AnalyticStepModel(SoftwareSpec software) {
        this(Calibration.standard(), software);
    }

    /**
     * Whether the software can run the plan: its framework's and its expert-parallel schedule's rules
     * ({@link SoftwareSpec#problems}), without building their lists where neither has any (plan search
     * asks for every candidate).
     */
    @Override
    public boolean runs(ParallelismPlan plan) {
        return software.framework().runs(plan) && software.expertParallel().problems(plan).isEmpty();
    }

    @Override
    public StepEstimate estimate(TransformerSpec model, ClusterSpec cluster, ParallelismPlan plan) {
        return new Evaluation(model, cluster, plan).result();
    }

    /** Quantisation seconds of one layer and micro-batch, by part and direction. */
    private record Casts(double attentionForward, double attentionBackward, double mlpForward, double mlpBackward,
                         double moeForward, double moeBackward) {
        static final Casts NONE = new Casts(0, 0, 0, 0, 0, 0);
    }

    /** One evaluation: fields for the shared quantities keep the formulas short. */
    private final class Evaluation {
        final TransformerSpec model;
        final ClusterSpec cluster;
        final ParallelismPlan plan;
        final ChipSpec chip;
        final double peak, peakBf16, eta, overhead, hbm;
        // share of the chip's SMs an NCCL collective takes while it overlaps compute; the
        // memory-bound share of a layer's compute (set in result(), before any overlap is priced)
        final double ncclShare;
        /** The fitted contention beside an NCCL collective on this chip (0 where collectives run on dedicated engines). */
        final double ncclContention;
        double memoryBoundShare;
        final PrecisionBytes format;
        /** Bytes per weight the data-parallel all-gathers move: BF16, or FP8 where the framework keeps FP8 weights. */
        final double weightGatherBytes;
        final int t, p, d, c, e, et, v, m;
        // ZeRO stage (0 without data parallelism); data-parallel ranks one copy of its state is sharded
        // over (the shard group, or all of dp); and with the context-parallel ranks, which hold the same
        // weights and reduce the same gradients (Megatron's and torchtitan's dp × cp group), all ranks
        // one copy is sharded over
        final int zero, g, sg;
        // set by activationPerLayerBytes() and memory(): one layer's activations of one micro-batch, bytes;
        // micro-batches in flight; layers held; layers whose activations are offloaded
        double activationPerLayer, activationsInFlight;
        // set by activationPerLayerBytes(): a layer's full activations while full recomputation reruns
        // it, and the last stage's fp32 logits, bytes
        double fullRecomputeBytes, logitsBytes;
        // set by moeCommunicationForward(): HBM bytes the forward dispatch and combine move on this chip
        double moeA2aHbmFwd;
        int activationLayers, offloadedLayers;
        final double b, s, h, f, a, q, kv, tokens; // q: width of all query heads (heads·headDim) // tokens: per micro-batch per chip (b·s/c)
        final boolean sp, flash;
        // DualPipe's schedule (rank r runs stages r and p − 1 − r); how much larger a full stage's
        // largest virtual stage is than an even one
        final boolean dualPipe;
        // 1 when v divides a full stage's L layers, ceil(L/v)·v/L when the chunks are unequal
        // (Megatron-Core's pipeline layout)
        final double largestChunkFactor;
        // the pipeline split (PlanValidator): layers on the first, a middle and the last rank, and on
        // the largest rank but the last
        final int firstStage, middleStage, lastStage, fullStage;

        Evaluation(TransformerSpec model, ClusterSpec cluster, ParallelismPlan plan) {
            this.model = model;
            this.cluster = cluster;
            this.plan = plan;
            this.chip = cluster.chip();
            this.peak = chip.peakFlopsPerSecond(model.precision());
            this.peakBf16 = chip.peakFlopsPerSecond(Precision.BF16);
            this.format = PrecisionBytes.of(model.precision(), chip.family());
            boolean tensorScaledFp8 = model.precision() == Precision.FP8 || model.precision() == Precision.FP8_DELAYED;
            this.weightGatherBytes = tensorScaledFp8 && software.fp8WeightGather() ? 1 : BF16;
            this.eta = calibration.gemmEfficiency(chip.family());
            this.overhead = calibration.kernelOverheadSeconds(chip.family());
            this.hbm = chip.hbmBytesPerSecond() * calibration.hbmEfficiency();
            this.ncclShare = calibration.collectiveShare(chip);
            this.ncclContention = calibration.collectiveContention(chip);
            this.t = plan.tensor();
            this.p = plan.pipeline();
            this.d = plan.data();
            this.c = plan.context();
            this.e = plan.expert();
            this.et = plan.expertTensor();
            this.v = plan.virtualStages();
            this.m = Math.max(1, plan.microBatchesPerReplica());
            this.zero = d > 1 ? plan.zeroStage() : 0;
            this.g = zero >= 1 ? plan.shardDegree() : d;
            this.sg = zero >= 1 ? g * c : 1;
            this.b = plan.microBatch();
            this.s = model.seqLen();
            this.h = model.hidden();
            this.f = model.ffnHidden();
            this.a = model.heads();
            this.kv = model.kvDim();
            this.q = model.qDim();
            this.tokens = b * s / c;
            this.sp = plan.sequenceParallel() && t > 1;
            this.flash = software.flashAttention();
            this.dualPipe = software.expertParallel().overlap() == EpOverlap.DUALPIPE && p > 1;
            PlanValidator.StageSplit split = PlanValidator.split(model.layers(), plan);
            this.firstStage = split.first();
            this.middleStage = split.middle();
            this.lastStage = split.last();
            this.fullStage = split.full();
            this.largestChunkFactor = (double) ((fullStage + v - 1) / v * v) / fullStage;
        }

        /**
         * A GEMM of a transformer layer, (mRows × k) by (k × n), in the model's number format:
         * roofline plus kernel overhead, seconds.
         */
        double gemm(double mRows, double n, double k) {
            double flops = 2 * mRows * n * k;
            double bytes = format.inputBytesPerElement() * (mRows * k + k * n) + BF16 * mRows * n;
            return Math.max(flops / (peak * eta), bytes / hbm) + overhead;
        }

        /** The same GEMM in BF16 whatever the format (the output layer and the router stay in BF16). */
        double gemmBf16(double mRows, double n, double k) {
            double flops = 2 * mRows * n * k;
            double bytes = BF16 * (mRows * k + k * n + mRows * n);
            return Math.max(flops / (peakBf16 * eta), bytes / hbm) + overhead;
        }

        /**
         * Quantising {@code elements} BF16 elements into the model's format at HBM bandwidth
         * ({@link PrecisionBytes#castBytesPerElement()}), in {@code kernels} kernels; 0 in BF16.
         */
        double cast(double elements, int kernels) {
            return format.castBytesPerElement() == 0 ? 0 : stream(format.castBytesPerElement() * elements, kernels);
        }

        /**
         * Quantising {@code elements} that a fused producer writes in the format instead of BF16
         * ({@link PrecisionBytes#fusedCastBytesPerElement()}): no kernel of its own.
         */
        double fusedCast(double elements) {
            return format.fusedCastBytesPerElement() * elements / hbm;
        }

        /**
         * Time that an NCCL collective of {@code comm} seconds, moving {@code hbmBytes} through this
         * chip's HBM, adds when run beside {@code compute} seconds of compute ({@link #overlapped(double,
         * double, double, double)} with NCCL's SM share).
         */
        double overlapped(double comm, double compute, double hbmBytes) {
            return overlapped(comm, compute, ncclShare, memoryBoundShare, hbmBytes, ncclContention);
        }

        /**
         * Time that an NCCL collective of {@code comm} seconds adds when run beside {@code compute}
         * seconds of GEMMs or flash attention: compute-bound kernels, so the collective's HBM traffic
         * does not slow them; its SMs and the contention do.
         */
        double overlappedBesideGemm(double comm, double compute) {
            return overlapped(comm, compute, ncclShare, 0, 0, ncclContention);
        }

        /**
         * Time that a communication kernel of {@code comm} seconds adds when run beside {@code compute}
         * seconds of compute, the two sharing the chip. While they overlap the compute loses the
         * {@code slowdown} share of its throughput ({@link Calibration#overlapCost}): the kernel's
         * {@code smShare} of the SMs, the share of HBM bandwidth its {@code hbmBytes} take (a read to
         * send and a write on receipt per byte moved) from the {@code memoryBound} share of the
         * compute, and the {@code contention} (the fitted one for NCCL). So the compute ends
         * {@code slowdown × comm} late if it outlasts the transfer, and the transfer's own tail
         * {@code comm − compute} is exposed if it outlasts the compute — whichever is longer (the
         * compute cannot both run slowed and be waited for). Seconds.
         */
        double overlapped(double comm, double compute, double smShare, double memoryBound, double hbmBytes,
                          double contention) {
            if (comm <= 0) {
                return 0;
            }
            double hbmShare = Math.min(1, hbmBytes / (comm * hbm));
            return Calibration.exposedBeside(comm, compute, Calibration.slowdown(smShare, memoryBound * hbmShare, contention));
        }

        /**
         * Time that a point-to-point transfer of {@code comm} seconds within {@code group} (a ring
         * step of context parallelism, pipeline sends) adds beside {@code compute} seconds of compute
         * whose memory-bound share its {@code hbmBytes} slow: inside a scale-up domain NVLink sends
         * take as many NCCL channels as a collective ({@link #overlapped}); over the network NCCL
         * gives a peer only a few ({@link Calibration#p2pNetSlowdown}).
         */
        double overlappedSend(GroupPlacement group, double comm, double compute, double hbmBytes) {
            return group.insideScaleUpDomain() ? overlapped(comm, compute, hbmBytes)
                    : Calibration.exposedBeside(comm, compute, calibration.p2pNetSlowdown(chip));
        }

        /**
         * Time that a copy-engine transfer of {@code copy} seconds adds when run behind {@code compute}
         * seconds of compute: what does not fit behind it, plus the {@code hbmShare} of HBM bandwidth
         * the hidden part takes from the compute.
         */
        double copyBehind(double copy, double compute, double hbmShare) {
            double hidden = Math.min(copy, compute);
            return copy - hidden + hbmShare * hidden;
        }

        /** A communication group of {@code size} members {@code stride} chips apart. */
        GroupPlacement group(int size, int stride) {
            return GroupPlacement.of(cluster, size, stride, calibration.scaleUpEfficiency(),
                    calibration.scaleOutEfficiency());
        }

        /**
         * The experts' GEMM over {@code groups} equal problems, each priced by the same cost as a
         * single GEMM: the kernel overhead paid once for one grouped kernel (DeepSeek's), once per
         * expert where each is its own kernel (Megatron-Core on Transformer Engine: {@link ExpertGemm}). Seconds.
         */
        double groupedGemm(double groups, double mRows, double n, double k) {
            double launches = software.expertParallel().expertGemm() == ExpertGemm.PER_EXPERT ? groups : 1;
            return groups * (gemm(mRows, n, k) - overhead) + launches * overhead;
        }

        /** Streaming {@code bytes} through HBM in {@code kernels} kernels, seconds. */
        double stream(double bytes, int kernels) {
            return bytes / hbm + kernels * overhead;
        }

        StepEstimate result() {
            // ---- one layer, one micro-batch, forward: GEMMs ----
            MlaSpec mla = model.mla();
            double qkv, outProj, mlaUp = 0;
            if (mla == null) {
                qkv = gemm(tokens, (q + 2 * kv) / t, h);
                outProj = gemm(tokens, h, q / t);
            } else {
                // latent down-projections are replicated over TP (duplicated weights); the up
                // projections and the output projection split the heads
                double qDown = mla.qLoraRank() > 0 ? gemm(tokens, mla.qLoraRank(), h) : 0;
                double qUp = gemm(tokens, a * mla.qkHeadDim() / t, mla.qLoraRank() > 0 ? mla.qLoraRank() : h);
                double kvDown = gemm(tokens, mla.kvLoraRank() + mla.qkRopeHeadDim(), h);
                double kvUp = gemm(tokens, a * (mla.qkNopeHeadDim() + mla.vHeadDim()) / t, mla.kvLoraRank());
                qkv = qDown + qUp + kvDown + kvUp;
                mlaUp = qUp + kvUp; // what selective recomputation reruns (Megatron's mla_up_proj)
                outProj = gemm(tokens, h, a * mla.vHeadDim() / t);
            }
            double headsPerChip = a / t;
            // scores contract over the query/key width, values over the value width: their mean
            double headDim = mla == null ? model.headDim() : 0.5 * (model.qkHeadDim() + model.vHeadDim());
            // Attention core: scores and values, batched over (micro-batch × local heads).
            // keys per query in the full-count convention: s, or less with sliding-window layers
            double span = model.attentionSpanTokens();
            double coreFlops = 2 * 2 * b * headsPerChip * (s / c) * span * headDim;
            double coreExecuted = flash ? 0.5 * coreFlops : coreFlops; // flash skips the masked half
            // Flash attention's score and value products stay in BF16 whatever the format (the
            // frameworks' FP8 recipes quantise the linear layers only).
            // the chip's own fused kernel at its fitted rate, or FlashAttention-2 on Hopper at its
            // published one (AttentionKernel)
            java.util.OptionalDouble published = software.attentionKernel().fractionOfBf16Peak(chip.family());
            double flashRate = peakBf16 * published.orElse(eta * calibration.attentionEfficiency());
            // The chip's own fused kernel computes the softmax's exponentials (one per score) on the
            // special-function units between its two products, the tensor cores waiting (NVIDIA's
            // account of Blackwell's attention loop: ChipFamily.exponentialsPerBf16Flop; an
            // assumption on Hopper, whose kernels hide part of it); the backward recomputes them
            // once. FlashAttention-2 on Hopper's published rate includes them.
            double expsPerSecond = peakBf16 * chip.family().exponentialsPerBf16Flop();
            double softmaxExp = flash && published.isEmpty() ? coreExecuted / (4 * headDim) / expsPerSecond : 0;
            double attnCoreFwd = flash ? coreExecuted / flashRate + 2 * overhead
                    : coreExecuted / (peakBf16 * eta) + 2 * overhead; // unfused: two plain batched GEMMs
            double softmaxBytes = flash ? 0 : BF16 * b * headsPerChip * (s / c) * span * 5; // scale, mask, softmax, dropout
            double attnCoreFwdTotal = attnCoreFwd + softmaxExp + (flash ? 0 : stream(softmaxBytes, 2));
            // Flash attention's backward recomputes the scores: 2.5× the forward's GEMM work.
            double attnCoreBwdTotal = (flash ? 2.5 : 2.0) * attnCoreFwd + softmaxExp
                    + (flash ? 0 : 1.5 * stream(softmaxBytes, 2));

            double mlpFwd = mlpForward(tokens, f);
            double moeFwd = 0, moeA2aFwd = 0;
            int moeLayers = model.moeLayers();
            if (moeLayers > 0) {
                moeFwd = moeForward();
                moeA2aFwd = moeCommunicationForward();
            }

            // ---- memory-bound work per layer, forward ----
            boolean gpt = model.architecture() == Architecture.GPT;
            double hiddenPasses = gpt ? 15 : 10; // norms, residual adds (+ dropouts for GPT): elements read or written per hidden element
            double hiddenBytes = BF16 * tokens * h * hiddenPasses / (sp ? t : 1);
            double ffnBytes = BF16 * tokens * f / t * (gpt ? 2 : 3);
            double ropeBytes = gpt ? 0 : BF16 * tokens * (q + kv) / t * 2;
            double elementwiseFwd = stream(hiddenBytes + ffnBytes + ropeBytes, gpt ? 8 : 6);
            // MoE layers: the activation function runs over the routed assignments and the shared
            // experts instead of a dense FFN
            double moeActFwd = moeLayers > 0 ? stream(moeActivationBytes(), 2) : 0;
            double elementwiseMoeFwd = moeLayers > 0 ? stream(hiddenBytes + ropeBytes, gpt ? 6 : 4) + moeActFwd : 0;

            // ---- quantisation of the low-precision GEMMs' inputs (none in BF16) ----
            Casts casts = format.castBytesPerElement() == 0 ? Casts.NONE : casts(moeLayers);
            double castAttnFwd = casts.attentionForward(), castAttnBwd = casts.attentionBackward();
            double castMlpFwd = casts.mlpForward(), castMlpBwd = casts.mlpBackward();
            double castMoeFwd = casts.moeForward(), castMoeBwd = casts.moeBackward();

            // A layer is attention (+ norms etc.) plus its MLP: dense, or the MoE experts.
            double attentionGemmsFwd = qkv + outProj;
            double attentionFwd = attentionGemmsFwd + attnCoreFwdTotal + castAttnFwd;
            double attentionBwd = 2 * attentionGemmsFwd + attnCoreBwdTotal + castAttnBwd;
            // what the framework leaves unfused of the model's clamped SwiGLU, expert biases and YaRN
            Unfused unfused = unfused(moeLayers);
            double denseLayerFwd = attentionFwd + elementwiseFwd + mlpFwd + castMlpFwd + unfused.denseForward();
            double moeLayerFwd = attentionFwd + elementwiseMoeFwd + moeFwd + castMoeFwd + unfused.moeForward();
            // backward: two GEMMs per forward GEMM, attention-core backward, elementwise twice
            double denseLayerBwd = attentionBwd + 2 * elementwiseFwd + 2 * mlpFwd + castMlpBwd + unfused.denseBackward();
            double moeLayerBwd = attentionBwd + 2 * elementwiseMoeFwd + 2 * moeFwd + castMoeBwd + unfused.moeBackward();
            // recomputation: the whole forward (full), or the forward work of each module selective
            // recomputation reruns (RecomputeModule says which parts those are)
            double recomputeDense, recomputeMoe;
            if (plan.recompute() == Recompute.FULL) {
                recomputeDense = denseLayerFwd;
                recomputeMoe = moeLayerFwd;
            } else {
                // a norm of its own (not fused into the next GEMM): one pass reading and writing h
                double separateNorm = plan.recomputes(LAYERNORM) ? stream(2 * BF16 * tokens * h / (sp ? t : 1), 1) : 0;
                double attentionPart = (plan.recomputes(CORE_ATTN) ? attnCoreFwdTotal : 0)
                        + (plan.recomputes(MLA_UP_PROJ) ? mlaUp : 0) + (mla != null ? separateNorm : 0);
                recomputeDense = attentionPart + (plan.recomputes(MLP) ? mlpFwd + castMlpFwd + stream(ffnBytes, 1)
                        + unfused.denseClampForward() : 0);
                // moe_act reruns the routed experts' activation only (Megatron-Core's grouped MLPs);
                // the shared experts are their own module
                boolean shared = moeLayers > 0 && plan.recomputes(SHARED_EXPERTS) && model.moe().sharedExperts() > 0;
                double moePart = moeLayers == 0 ? 0 : plan.recomputes(MOE) ? moeFwd + castMoeFwd + moeActFwd
                        : (plan.recomputes(MOE_ACT) ? stream(routedActivationBytes(), 1) : 0)
                        + (shared ? sharedExpertsForward() + stream(sharedActivationBytes(), 1) : 0);
                recomputeMoe = attentionPart + separateNorm + moePart + unfused.moeRerun(plan);
            }

            // The memory-bound share of a layer's compute (norms, residuals, activations, casts): the
            // part a collective's HBM traffic slows while they overlap
            double moeMix = (double) moeLayers / model.layers();
            double streamed = (1 - moeMix) * (3 * elementwiseFwd + castAttnFwd + castAttnBwd + castMlpFwd + castMlpBwd
                    + unfused.denseForward() + unfused.denseBackward())
                    + moeMix * (3 * elementwiseMoeFwd + castAttnFwd + castAttnBwd + castMoeFwd + castMoeBwd
                    + unfused.moeForward() + unfused.moeBackward());
            double work = (1 - moeMix) * (denseLayerFwd + denseLayerBwd) + moeMix * (moeLayerFwd + moeLayerBwd);
            memoryBoundShare = work > 0 ? Math.min(1, streamed / work) : 0;

            // ---- tensor-parallel collectives per layer ----
            // Two in forward (after the attention output projection and after the MLP), two more when
            // full recomputation reruns the forward, and two in backward (the input gradients of the
            // column-parallel QKV and MLP-up layers). Forward ones are exposed; the backward ones run
            // behind the same layer's weight-gradient GEMM when the software overlaps them.
            GroupPlacement tpGroup = group(t, 1);
            // AR, or RS + AG with SP. With SP in a low-precision format the all-gather half carries
            // the already-quantised GEMM input (Transformer Engine gathers the FP8/FP4 copy of the
            // norm output, and of the output gradient in backward); the reduce-scatter stays BF16.
            double tpElementBytes = sp ? 0.5 * (BF16 + format.inputBytesPerElement()) : BF16;
            double tpCollective = tpGroup.allReduceSeconds(tpElementBytes * tokens * h);
            int tpForwardCollectives = 2 + (plan.recompute() == Recompute.FULL ? 2 : 0);
            double tpBackward = 2 * tpCollective;
            double mlpUp = mlpUp(tokens, f);
            double tpBackwardDense = software.overlapTpBackward() && t > 1 ? overlappedBesideGemm(tpCollective, qkv)
                    + overlappedBesideGemm(tpCollective, mlpUp) : tpBackward;
            // MoE layers: the up (and gate) share of the experts' GEMM time hides it
            double moeUp = moeLayers > 0 ? moeFwd * (model.mlpMatrices() - 1) / model.mlpMatrices() : 0;
            double tpBackwardMoe = software.overlapTpBackward() && t > 1 ? overlappedBesideGemm(tpCollective, qkv)
                    + overlappedBesideGemm(tpCollective, moeUp) : tpBackward;
            double moeShare = (double) moeLayers / model.layers();
            double tpForwardDense = tpForwardCollectives * tpCollective, tpForwardMoe = tpForwardDense;
            if (software.overlapTpForward() && sp) {
                // Transformer Engine's userbuffers (NeMo's tp_comm_overlap): each forward all-gather
                // (before QKV and MLP-up) and reduce-scatter (after the output projection and
                // MLP-down) is split into chunks pipelined with that GEMM
                double half = 0.5 * tpCollective;
                double attention = overlappedBesideGemm(half, qkv) + overlappedBesideGemm(half, outProj);
                double mlpDown = gemm(tokens, h, f / t);
                int passes = tpForwardCollectives / 2; // the forward, and its rerun under full recomputation
                tpForwardDense = passes * (attention + overlappedBesideGemm(half, mlpUp) + overlappedBesideGemm(half, mlpDown));
                // userbuffers cover Transformer Engine's linear layers only: Megatron-Core's MoE layer
                // runs its own TP x EP communication (TE's MoE layers have no parallel_mode), exposed
                tpForwardMoe = passes * (attention + tpCollective);
            }
            double tpPerLayer = (1 - moeShare) * (tpForwardDense + tpBackwardDense)
                    + moeShare * (tpForwardMoe + tpBackwardMoe);

            // ---- context parallel: K and V exchanged behind attention (all-gather or ring), or
            // all-to-alls around it (Ulysses) ----
            double cpPerLayer = 0;
            if (c > 1) {
                GroupPlacement cpGroup = group(c, t);
                double kvWidth = mla == null ? 2 * kv : a * (model.qkHeadDim() + model.vHeadDim());
                double kvBytes = BF16 * b * s * kvWidth / t; // K and V of the whole sequence
                double fwd, bwd;
                switch (software.contextComm()) {
                    case RING -> {
                        // c − 1 steps, each passing a 1/c chunk of K and V on behind 1/c of the
                        // attention; backward also passes their gradients
                        double step = cpGroup.ringStepSeconds(kvBytes / c);
                        // beside flash attention, compute-bound: the sends' HBM traffic slows nothing
                        fwd = (c - 1) * overlappedSend(cpGroup, step, attnCoreFwdTotal / c, 0);
                        bwd = (c - 1) * overlappedSend(cpGroup, 2 * step, attnCoreBwdTotal / c, 0);
                    }
                    case ALL_TO_ALL -> {
                        // Q, K, V from sequence- to head-sharded before attention, the output back
                        // after it: exposed, twice again in backward
                        double qWidth = mla == null ? q : a * model.qkHeadDim(), outWidth = mla == null ? q : a * model.vHeadDim();
                        double qkvBytes = BF16 * tokens * (qWidth + kvWidth) / t, outBytes = BF16 * tokens * outWidth / t;
                        fwd = cpGroup.allToAllSeconds(qkvBytes) + cpGroup.allToAllSeconds(outBytes);
                        bwd = fwd;
                    }
                    default -> {
                        fwd = overlappedBesideGemm(cpGroup.reduceScatterSeconds(kvBytes), attnCoreFwdTotal);
                        bwd = overlappedBesideGemm(2 * cpGroup.reduceScatterSeconds(kvBytes), attnCoreBwdTotal);
                    }
                }
                double re = plan.recomputes(CORE_ATTN) ? fwd : 0; // the exchange runs inside the attention core
                cpPerLayer = fwd + bwd + re;
            }

            // ---- the bottleneck stage: its layers (all v chunks), plus the output layer on the last ----
            // Layers split evenly when p divides them; otherwise every stage holds ceil(L/p) but the
            // first and last, which give up the difference (Llama 3's split of 126 layers over 16) —
            // unless the plan states the first and last stage's layers (a pipeline layout)
            int denseLayers = model.layers() - moeLayers;
            double denseFraction = (double) denseLayers / model.layers(), moeFraction = 1 - denseFraction;
            double layerCompute = denseFraction * (denseLayerFwd + denseLayerBwd + recomputeDense)
                    + moeFraction * (moeLayerFwd + moeLayerBwd + recomputeMoe);
            // dispatch + combine forward, their gradients backward, and again when recomputation
            // reruns the MoE block (full, or Megatron's moe module)
            double epRaw = moeA2aFwd * (plan.recomputes(MOE) ? 3 : 2);
            double epHbm = moeA2aHbmFwd * (plan.recomputes(MOE) ? 3 : 2);
            double layerEp = moeFraction * exposedExpertParallel(epRaw,
                    moeLayerFwd + moeLayerBwd + recomputeMoe, epHbm);
            double layerTotal = layerCompute + tpPerLayer + cpPerLayer + layerEp;
            double logitsFwd = gemmBf16(tokens, model.vocab() / (double) t, h); // the output layer stays in BF16
            double crossEntropy = stream(4.0 * tokens * model.vocab() / t * 3, 3);
            double outputLayer = 3 * logitsFwd + crossEntropy;
            double outputTp = t > 1 ? 2 * tpCollective : 0;
            double mtpCp = 0, mtpEp = 0;
            if (model.mtpModules() > 0) {
                // each module on the last stage: the 2h → h projection, one more block (MoE if the
                // model is) with its communication, and its own pass through the shared output layer
                int k = model.mtpModules();
                double tpForward = tpForwardCollectives * tpCollective;
                outputLayer += k * (3 * gemm(tokens, h / t, 2 * h) + 3 * logitsFwd + crossEntropy
                        + (moeLayers > 0 ? moeLayerFwd + moeLayerBwd + recomputeMoe
                        : denseLayerFwd + denseLayerBwd + recomputeDense));
                outputTp += k * (tpForward + (moeLayers > 0 ? tpBackwardMoe : tpBackwardDense) + (t > 1 ? 2 * tpCollective : 0));
                mtpCp = k * cpPerLayer;
                mtpEp = moeLayers > 0 ? k * exposedExpertParallel(epRaw, moeLayerFwd + moeLayerBwd + recomputeMoe, epHbm) : 0;
            }
            double outputComm = outputTp + mtpCp + mtpEp;
            // DualPipe feeds micro-batches from both ends: rank r holds stage r and stage p − 1 − r and
            // runs each for half of them, so a rank's time per micro-batch is the mean of its two
            // stages' — the last stage, with the output head and MTP, shares a rank with the first
            // (arXiv 2412.19437 §3.2.1 and §3.4); with p = 2 that pair is every rank
            double lastLayers = dualPipe ? (firstStage + lastStage) / 2.0 : lastStage;
            double lastShare = dualPipe ? 0.5 : 1;
            // the other ranks the pace could be set on: under DualPipe the middle ones (the first is
            // paired with the last), else the largest but the last
            double otherLayers = dualPipe ? middleStage : fullStage;
            boolean lastIsBottleneck = lastLayers * layerTotal + lastShare * (outputLayer + outputComm)
                    >= otherLayers * layerTotal || dualPipe && p == 2;
            // per micro-batch on the rank that sets the pace: its layers and its share of the output layer
            double paceLayers = lastIsBottleneck ? lastLayers : otherLayers;
            double outputShare = lastIsBottleneck ? lastShare : 0;
            int stageLayers = lastIsBottleneck ? lastStage : fullStage; // the pace rank's layers (ZeRO-3 units)
            double computeMb = paceLayers * layerCompute + outputShare * outputLayer;
            double tpMb = paceLayers * tpPerLayer + outputShare * outputTp;
            double cpMb = paceLayers * cpPerLayer + outputShare * mtpCp;
            double epMb = paceLayers * layerEp + outputShare * mtpEp;
            double microBatch = computeMb + tpMb + cpMb + epMb;

            // ---- pipeline ----
            // 1F1B: the first micro-batch crosses every stage, the other m − 1 follow at the pace of the
            // slowest, so the step is m·t_max + Σ_{other stages} t_i — the bubble is the other stages'
            // time, not (p − 1)·t_max (the last stage's output layer does not slow the fill and drain).
            // Interleaving makes it one chunk's: divided by v, or ceil(L/v)/L of it when v does not divide L.
            double bubble = 0;
            if (p > 1) {
                double tFirst = firstStage * layerTotal;
                double tMiddle = middleStage * layerTotal;
                double tLast = lastStage * layerTotal + outputLayer + outputComm;
                double sum = tFirst + (p - 2) * tMiddle + tLast;
                double max = Math.max(tLast, p > 2 ? Math.max(tMiddle, tFirst) : tFirst);
                // chunks of unequal size (v not dividing the stage's layers) pass at the pace of the
                // largest: ceil(L/v) of the stage's L layers
                bubble = (sum - max) / v * largestChunkFactor;
                if (dualPipe) {
                    // DualPipe: (p/2 − 1) overlapped forward-backward chunks in the bubble where 1F1B
                    // has p − 1 (arXiv 2412.19437, Table 2)
                    bubble *= Math.max(0, p / 2.0 - 1) / (p - 1);
                }
            }
            double ppComm = 0;
            if (p > 1) {
                GroupPlacement ppGroup = group(p, t * c * d);
                double activationBytes = BF16 * tokens * h / (t > 1 ? t : 1); // scatter-gather: each TP rank sends 1/t
                ppComm = (double) m * v * 2 * ppGroup.sendSeconds(activationBytes);
                if (v > 1 && software.framework().overlapsPipelineSends()) {
                    // overlap_p2p_comm: the interleaved schedule posts each send and receive ahead and
                    // waits for it only when the next chunk needs it
                    ppComm = overlappedSend(ppGroup, ppComm, m * computeMb, 2 * m * v * 2 * activationBytes);
                }
            }

            // ---- data parallel: gradients, ZeRO, optimizer ----
            double expertParamsPerChip = expertParametersPerChip();
            double denseParamsPerChip = parametersPerChip();
            double paramsPerChip = denseParamsPerChip + expertParamsPerChip;
            double lastBackward = paceLayers * (denseFraction * denseLayerBwd + moeFraction * moeLayerBwd);
            double forwardMb = paceLayers * (denseFraction * denseLayerFwd + moeFraction * moeLayerFwd)
                    + outputShare * logitsFwd;
            double dpExposed = dataParallel(denseParamsPerChip, stageLayers, forwardMb, computeMb - forwardMb, lastBackward)
                    + expertDataParallel(expertParamsPerChip, computeMb, lastBackward);
            int ed = plan.expertData();
            double optimizer = stream(software.optimizer().streamBytesPerParameter() * (denseParamsPerChip / sg
                    + expertParamsPerChip / (zero >= 1 ? ed : 1)), 4);
            MemoryEstimate memory = memory();
            // offloaded activations: out to host memory behind the forward, back behind the backward.
            // The copy engines move them (no SMs, unlike NCCL's kernels): what a hidden copy takes
            // from compute is its share of HBM bandwidth, not the SMs an NCCL collective holds.
            double offloadBytes = offloadedLayers * activationPerLayer;
            double offload = 0;
            if (offloadBytes > 0) {
                double hostLink = HostLink.bytesPerSecond(chip);
                double transfer = offloadBytes / hostLink;
                double share = Math.min(1, hostLink / chip.hbmBytesPerSecond());
                offload = m * (copyBehind(transfer, forwardMb, share) + copyBehind(transfer, computeMb - forwardMb, share));
            }
            // the layers' weights quantised once per step (not the embeddings or the output layer)
            double weightCast = cast(denseParamsPerChip + expertParamsPerChip - (double) model.vocab() * h / t, 4);

            LinkedHashMap<String, Double> breakdown = new LinkedHashMap<>();
            breakdown.put("compute", m * computeMb);
            // what compute is made of, per the same layer sums (StepEstimate.COMPUTE_PARTS)
            double layers = m * paceLayers;
            LinkedHashMap<String, Double> parts = new LinkedHashMap<>();
            parts.put("attentionProjections", layers * 3 * attentionGemmsFwd);
            parts.put("attentionCore", layers * (attnCoreFwdTotal + attnCoreBwdTotal));
            parts.put("mlp", layers * 3 * (denseFraction * mlpFwd + moeFraction * moeFwd));
            parts.put("memoryBound", layers * streamed);
            parts.put("recomputation", layers * (denseFraction * recomputeDense + moeFraction * recomputeMoe));
            parts.put("outputLayer", m * outputShare * outputLayer);
            breakdown.put("exposedTp", m * tpMb);
            breakdown.put("exposedCp", m * cpMb);
            breakdown.put("epAllToAll", m * epMb);
            breakdown.put("ppBubble", bubble);
            breakdown.put("ppComm", ppComm);
            breakdown.put("exposedDp", dpExposed);
            breakdown.put("optimizer", optimizer + weightCast);
            if (offload > 0) {
                breakdown.put("offload", offload);
            }
            double seconds = 0;
            for (double x : breakdown.values()) {
                seconds += x;
            }

            double tokensPerStep = (double) plan.globalBatch() * model.seqLen();
            double modelFlops = model.modelFlopsPerToken() * tokensPerStep;
            double hardwareFlops = modelFlops + recomputedFlopsPerToken() * tokensPerStep;
            double attentionFlops = model.attentionFlopsPerToken() * tokensPerStep;
            double recomputedAttention = plan.recomputes(CORE_ATTN) ? attentionFlops / 3 : 0; // the forward's third
            return new StepEstimate(seconds, FrozenMap.adopt(breakdown), modelFlops, hardwareFlops, tokensPerStep, plan.chips(), peak,
                    memory, attentionFlops, recomputedAttention, FrozenMap.adopt(parts));
        }

        /**
         * Exposed data-parallel communication of one step, seconds: the gradient reduction (and,
         * sharded, the weight gathers) over the shard group, what of it runs behind compute, and
         * the share of the chip what does takes from compute.
         *
         * <ul>
         *   <li>ZeRO 0–2: one reduction of the gradients after the last micro-batch (all-reduce, or
         *       reduce-scatter + all-gather of the updated weights — the same bytes), behind the last
         *       backward when the software overlaps it. ZeRO-2 under frameworks that keep no full
         *       gradient buffer (DeepSpeed, FSDP2 without PP) reduce-scatters every micro-batch behind
         *       its backward instead, and gathers the weights once.</li>
         *   <li>ZeRO-3 / FSDP: every micro-batch, each unit (a layer's weights; the output layer's
         *       spread over them) is all-gathered before its forward and again before its backward,
         *       and its gradient reduce-scattered after — NCCL rings over the shard group, with their
         *       per-step latency. With a unit prefetched, unit i + 1's gather runs behind unit i's
         *       compute: per pass the first gather is exposed and every later unit exposes what its
         *       communication exceeds its compute; backward also waits for the last
         *       reduce-scatter.</li>
         *   <li>HSDP (shard group g &lt; dp): the sharded collectives run inside the group; the
         *       gradient shards are then all-reduced across the dp / g groups once per step, behind
         *       the last backward when overlapped.</li>
         * </ul>
         */
        double dataParallel(double paramsPerChip, int units, double forwardMb, double backwardMb, double lastBackward) {
            if (d * c <= 1) {
                return 0;
            }
            double reduceBytes = software.gradReduceBytes() * paramsPerChip;
            double gatherBytes = weightGatherBytes * paramsPerChip; // the updated weights, gathered
            if (zero < 3 && g == d && !(zero == 2 && software.framework().zero2ReducesEveryMicroBatch(plan))) {
                // one reduction of the whole buffer per step: an all-reduce (ZeRO-0), or with a sharded
                // optimizer a reduce-scatter of the gradients and an all-gather of the updated weights
                // (BF16, or FP8 where the framework keeps FP8 weights: weightGatherBytes)
                GroupPlacement all = group(d * c, t);
                if (!software.overlapGradReduce()) {
                    return zero == 0 ? all.allReduceSeconds(reduceBytes)
                            : all.ringReduceScatterSeconds(reduceBytes) + all.ringReduceScatterSeconds(gatherBytes);
                }
                // A chunk's gradients are final after its last micro-batch's backward. Interleaved
                // (v > 1), the last min(m, p) micro-batches run backward through every chunk in turn,
                // so each chunk's reduction runs behind the later chunks' backward (Megatron's bucketed
                // overlap_grad_reduce): that whole window hides them, not one micro-batch's backward.
                double window = v > 1 ? Math.min(m, p) * lastBackward : lastBackward;
                if (zero == 0) {
                    return overlapped(all.allReduceSeconds(reduceBytes), window, 4 * reduceBytes);
                }
                double scatter = all.ringReduceScatterSeconds(reduceBytes);
                double gather = all.ringReduceScatterSeconds(gatherBytes);
                if (software.framework().overlapsParamGather()) {
                    // overlap_param_gather: each chunk's weights are gathered behind the next step's
                    // forward of the chunks before it (the first min(m, p) micro-batches' forward)
                    double forwardWindow = (v > 1 ? Math.min(m, p) : 1) * forwardMb;
                    return overlapped(scatter, window, 2 * reduceBytes) + overlapped(gather, forwardWindow, 2 * gatherBytes);
                }
                return overlapped(scatter + gather, window, 2 * reduceBytes + 2 * gatherBytes);
            }
            GroupPlacement shard = group(g * c, t);
            double replicas = 0; // HSDP: the gradient shard all-reduced across the groups, once per step
            if (g < d) {
                double across = group(d / g, t * c * g).allReduceSeconds(reduceBytes / (g * c));
                replicas = software.overlapGradReduce() ? overlapped(across, lastBackward, 4 * reduceBytes / (g * c)) : across;
            }
            if (zero < 3) {
                boolean everyMicroBatch = zero == 2 && software.framework().zero2ReducesEveryMicroBatch(plan);
                double scatter = shard.ringReduceScatterSeconds(reduceBytes);
                double gather = shard.ringReduceScatterSeconds(gatherBytes);
                double reduce = everyMicroBatch
                        ? m * (software.overlapGradReduce() ? overlapped(scatter, backwardMb, 2 * reduceBytes) : scatter)
                        : (software.overlapGradReduce() ? overlapped(scatter, lastBackward, 2 * reduceBytes) : scatter);
                return reduce + gather + replicas;
            }
            double unitGather = shard.ringReduceScatterSeconds(gatherBytes / units);
            double unitScatter = shard.ringReduceScatterSeconds(reduceBytes / units);
            double fwdUnit = forwardMb / units, bwdUnit = backwardMb / units;
            double gatherHbm = 2 * gatherBytes / units, scatterHbm = 2 * reduceBytes / units;
            double forward = unitGather + (units - 1) * overlapped(unitGather, fwdUnit, gatherHbm);
            double backward = unitGather + (units - 1) * overlapped(unitGather + unitScatter, bwdUnit, gatherHbm + scatterHbm)
                    + unitScatter;
            return m * (forward + backward) + replicas;
        }

        /**
         * Exposed communication of the routed experts' gradients, seconds: reduced over the
         * expert-data group (the ranks holding the same experts) after the last backward, and with
         * ZeRO-3 also gathered and reduce-scattered every micro-batch behind its compute. The
         * expert state is never split into HSDP groups.
         */
        double expertDataParallel(double expertParamsPerChip, double computeMb, double lastBackward) {
            int ed = plan.expertData();
            if (expertParamsPerChip <= 0 || ed <= 1) {
                return 0;
            }
            GroupPlacement edpGroup = group(ed, e * et);
            double syncBytes = software.gradReduceBytes() * expertParamsPerChip;
            double sync = edpGroup.allReduceSeconds(syncBytes);
            double exposed = software.overlapGradReduce() ? overlapped(sync, lastBackward, 4 * syncBytes) : sync;
            if (zero == 3) {
                double gathers = 2 * edpGroup.reduceScatterSeconds(weightGatherBytes * expertParamsPerChip) * m;
                exposed += overlapped(gathers, m * computeMb, 2 * 2 * weightGatherBytes * expertParamsPerChip * m);
            }
            return exposed;
        }

        /**
         * Quantisation per layer and micro-batch, seconds. Forward: the inputs of QKV and MLP-up
         * (shared, gathered over TP), of the output projection and of MLP-down; backward: the output
         * gradients of all four. Weights are quantised once per step (Transformer Engine caches them
         * over micro-batches), see {@code weightCast}.
         *
         * <p>Where Transformer Engine fuses the quantisation into the kernel that produces the tensor
         * — the norm before QKV and MLP-up (its LayerNormLinear and LayerNormMLP modules), the
         * activation before MLP-down, and its derivative before the MLP-up weight and data gradients
         * (its fused activation-cast and dact-cast-transpose kernels; Megatron-Bridge 0.1 changelog,
         * "Fusion of activation and cast") — the cast is priced by
         * {@link #fusedCast}: no kernel of its own, only the bytes beyond the BF16 output it
         * replaces. The attention output (flash attention writes BF16) and the gradients arriving
         * from the next layer or from flash attention's backward are quantised by kernels of their
         * own ({@link #cast}).
         */
        Casts casts(int moeLayers) {
            double moeFwd = 0, moeBwd = 0;
            if (moeLayers > 0) {
                MoeSpec moe = model.moe();
                double routed = tokens * moe.topK() + tokens * moe.sharedExperts();
                // the experts' input is quantised once per token (fused into the norm) before it is
                // dispatched (the copies travel quantised); each copy's inner activation is quantised
                // by the fused activation on its expert; backward, the output gradients arriving from
                // the combine by kernels of their own, the activation's derivative fused
                moeFwd = fusedCast(tokens * h + routed * moe.expertFfnHidden() / (double) t);
                moeBwd = cast(routed * h, 2) + fusedCast(routed * (model.mlpMatrices() - 1) * moe.expertFfnHidden() / (double) t);
            }
            double attentionFwd = fusedCast(tokens * h) + cast(tokens * h / t, 2);
            double attentionBwd = cast(tokens * (q + 2 * kv) / t, 2) + cast(tokens * h, 2);
            double mlpFwd = fusedCast(tokens * (h + f / t));
            double mlpBwd = fusedCast(tokens * (model.mlpMatrices() - 1) * f / t) + cast(tokens * h, 2);
            return new Casts(attentionFwd, attentionBwd, mlpFwd, mlpBwd, moeFwd, moeBwd);
        }

        /**
         * Matrix FLOPs per token that recomputation adds (the hardware FLOPs beyond the model's):
         * the forward of every layer under full recomputation, else each recomputed module's GEMMs
         * (norms and activation functions do no matrix FLOPs).
         */
        double recomputedFlopsPerToken() {
            double attentionCore = model.attentionFlopsPerToken() / 3; // the forward's third of fwd + bwd
            if (plan.recompute() == Recompute.FULL) {
                return 2 * (model.activeParameterCount() - model.embeddingParameters()) + attentionCore;
            }
            int moeLayers = model.moeLayers(), denseLayers = model.layers() - moeLayers;
            MlaSpec mla = model.mla();
            double flops = plan.recomputes(CORE_ATTN) ? attentionCore : 0;
            if (mla != null && plan.recomputes(MLA_UP_PROJ)) {
                flops += 2 * mla.upProjectionParameters(h, a) * model.layers();
            }
            if (plan.recomputes(MLP)) {
                flops += 2 * model.mlpParameters(f) * denseLayers;
            }
            if (moeLayers > 0) {
                MoeSpec moe = model.moe();
                double expert = model.mlpParameters(moe.expertFfnHidden());
                if (plan.recomputes(MOE)) {
                    flops += 2 * ((double) h * moe.experts() + (moe.topK() + moe.sharedExperts()) * expert) * moeLayers;
                } else if (plan.recomputes(SHARED_EXPERTS)) {
                    flops += 2 * moe.sharedExperts() * expert * moeLayers;
                }
            }
            return flops;
        }

        /** An MLP of inner width {@code ffn} over {@code rows} tokens: up (and gate) h → ffn/t, down ffn/t → h. */
        double mlpForward(double rows, double ffn) {
            return mlpUp(rows, ffn) + gemm(rows, h, ffn / t);
        }

        /**
         * The up projection of an MLP of inner width {@code ffn} (with its gate, if gated): one GEMM
         * of the joint width where the framework fuses them ({@link Framework#fusesGateUp()}), else
         * one per matrix.
         */
        double mlpUp(double rows, double ffn) {
            int matrices = model.mlpMatrices() - 1;
            return software.framework().fusesGateUp() ? gemm(rows, matrices * ffn / t, h) : matrices * gemm(rows, ffn / t, h);
        }

        /**
         * Non-expert parameters held by one chip of the largest stage (the last, with the output
         * layer and the multi-token prediction modules), split over TP.
         */
        double parametersPerChip() {
            double outputLayer = (double) model.vocab() * h;
            return ((double) model.layers() / p * layerParameters() + outputLayer) / t + mtpParametersPerChip();
        }

        /** A layer's non-expert parameters, the mean over dense and MoE layers (unsharded). */
        double layerParameters() {
            int moeLayers = model.moeLayers();
            return ((model.layers() - moeLayers) * model.parametersPerLayer()
                    + (moeLayers > 0 ? moeLayers * nonExpertParametersPerMoeLayer() : 0)) / model.layers();
        }

        /** Parameters of an MoE layer's routed experts (unsharded). */
        double routedExpertParameters() {
            return model.moe().experts() * model.mlpParameters(model.moe().expertFfnHidden());
        }

        /** Parameters of an MoE layer but its routed experts: attention, norms, router, shared experts. */
        double nonExpertParametersPerMoeLayer() {
            return model.parametersPerMoeLayer() - routedExpertParameters();
        }

        /**
         * The multi-token prediction modules' parameters on a chip of the last stage, routed experts
         * aside ({@link #mtpExpertParametersPerChip()}): the 2h → h projection and one block each.
         */
        double mtpParametersPerChip() {
            double block = model.moeLayers() > 0 ? nonExpertParametersPerMoeLayer() : model.parametersPerLayer();
            return model.mtpModules() * (2.0 * h * h + block) / t;
        }

        /** The multi-token prediction blocks' routed-expert parameters on a chip, over EP × expert TP. */
        double mtpExpertParametersPerChip() {
            if (model.moeLayers() == 0) {
                return 0;
            }
            return model.mtpModules() * routedExpertParameters() / ((double) e * et);
        }

        /**
         * Routed-expert parameters one chip of the largest stage holds: its stage's share of the
         * MoE layers (and of the multi-token prediction blocks), split over EP × expert TP.
         */
        double expertParametersPerChip() {
            if (model.moeLayers() == 0) {
                return 0;
            }
            return model.moeLayers() / (double) p * routedExpertParameters() / ((double) e * et) + mtpExpertParametersPerChip();
        }

        /**
         * Memory per chip: that of the pipeline rank ({@link #rankShares()}) whose weights, gradients,
         * optimizer state and activations together are largest — each rank with its own layers, the
         * vocabulary matrices on it, the last stage's MTP modules and logits. Dense parameters' ZeRO
         * state shards over the shard group (dp × cp, or the HSDP group); expert parameters over the
         * expert-data group (the ranks holding the same experts). A DualPipe rank holds two stages'
         * weights and gradients, the optimizer state of one (each stage's two copies share it). When
         * the largest does not fit, activation offload moves that rank's layers, fewest first.
         */
        MemoryEstimate memory() {
            int ed = plan.expertData();
            double perLayer = activationPerLayerBytes();
            double layerBytes = format.layerWeightBytesPerParameter();
            double vocabMatrix = (double) model.vocab() * h / t;
            int moeLayers = model.moeLayers();
            // a layer's parameters on one chip, the mean over dense and MoE layers: the non-expert
            // ones over TP, the routed experts over EP × expert TP
            double layerDense = layerParameters() / t;
            double layerExpert = moeLayers > 0 ? (double) moeLayers / model.layers() * routedExpertParameters() / ((double) e * et) : 0;
            double dispatchBuffers = moeLayers > 0 ? dispatchBufferBytes() : 0; // the same on every rank
            // DualPipe's two copies of a stage share one optimizer state (ZeRO over both)
            double optimizerShare = dualPipe ? 0.5 : 1;
            boolean gatherBuffers = zero == 3 && sg > 1;
            // per rank: weights, gradients, optimizer, activations, dispatch buffers, gather buffers —
            // MemoryEstimate's entries in its order, so the total is its perChipBytes
            double[] peakBytes = null;
            RankShare peak = null;
            double peakTotal = -1;
            for (RankShare rank : rankShares()) {
                double vocab = rank.vocabMatrices() * vocabMatrix;
                double dense = rank.layers() * layerDense + vocab + (rank.lastStage() ? mtpParametersPerChip() : 0);
                double expert = rank.layers() * layerExpert + (rank.lastStage() ? mtpExpertParametersPerChip() : 0);
                // the units gathered at once (the one computed and those prefetched), and one unit's
                // unsharded gradients before its reduce-scatter
                double unit = (dense + expert) / Math.max(1, rank.layers());
                double[] b = {
                        // the layers' weights in the format's parameter bytes (NVFP4 keeps 4-bit compute
                        // parameters), the embeddings and the output layer in BF16
                        (BF16 * vocab + layerBytes * (dense - vocab)) / (zero >= 3 ? sg : 1) + layerBytes * expert / (zero >= 3 ? ed : 1),
                        BF16 * (dense / (zero >= 2 ? sg : 1) + expert / (zero >= 2 ? ed : 1)),
                        optimizerShare * software.optimizer().stateBytesPerParameter() * (dense / sg + expert / (zero >= 1 ? ed : 1)),
                        perLayer * rank.heldLayerMicroBatches() + fullRecomputeBytes + (rank.lastStage() ? logitsBytes : 0),
                        dispatchBuffers,
                        gatherBuffers ? (1 + software.prefetchUnits()) * layerBytes * unit + software.gradReduceBytes() * unit : 0};
                double total = 0;
                for (double x : b) {
                    total += x;
                }
                if (total > peakTotal) {
                    peakTotal = total;
                    peakBytes = b;
                    peak = rank;
                }
            }
            LinkedHashMap<String, Double> bytes = new LinkedHashMap<>();
            bytes.put("weights", peakBytes[0]);
            bytes.put("gradients", peakBytes[1]);
            bytes.put("optimizer", peakBytes[2]);
            bytes.put("activations", peakBytes[3]);
            if (moeLayers > 0) {
                bytes.put("dispatchBuffers", peakBytes[4]);
            }
            if (gatherBuffers) {
                bytes.put("buffers", peakBytes[5]);
            }
            activationLayers = (int) peak.layers();
            activationsInFlight = peak.layers() > 0 ? peak.heldLayerMicroBatches() / peak.layers() : 0;
            if (!(peakTotal <= chip.hbmBytes()) && software.offloadActivations() && activationLayers > 1) {
                // the fewest layers whose activations, moved to host memory, make the plan fit (the
                // layer being computed stays)
                double perLayerHeld = activationPerLayer * activationsInFlight;
                int k = (int) Math.min(activationLayers - 1, Math.ceil((peakTotal - chip.hbmBytes()) / perLayerHeld));
                offloadedLayers = k;
                bytes.put("activations", bytes.get("activations") - k * perLayerHeld);
            }
            return new MemoryEstimate(FrozenMap.adopt(bytes), chip.hbmBytes()); // bytes not touched again
        }

        /**
         * Elementwise work a framework runs in kernels of their own for a model's clamped SwiGLU
         * ({@link Framework#clampsSwigluApart()}), its experts' biases ({@code software.expert-bias},
         * {@link ExpertBias}) and YaRN RoPE ({@link Framework#fusesYarnRope()}):
         * gpt-oss under Megatron-Core. Zero for every other model and framework. Counted in passes of
         * BF16 tensors through HBM and in kernels:
         * <ul>
         *   <li>clamp: {@code chunk} (a view), two {@code clamp}s (each reads and writes half of the
         *       [rows, 2f] activation input) and a {@code cat} (reads and writes all of it): 4 passes, 3
         *       kernels and the linear offset's copy to the GPU forward; the clamps' gradients (a mask
         *       times the gradient: 3 passes, 2 kernels) backward; again when the activation is rerun;</li>
         *   <li>bias: per local expert {@code b · p} and {@code t + b · p}, then a {@code cat} — 6 passes
         *       of the [rows, h] output and 2 kernels per expert forward; backward the gradients of b
         *       and p (a product and a sum each, 4 kernels per expert) and the split's concatenation:
         *       8 passes; with {@link ExpertBias#BOTH} also the first's {@code t + b} over the [rows, 2f]
         *       gate-and-up output, 5 passes and a kernel per expert forward, 3 passes and a kernel per
         *       expert backward;</li>
         *   <li>YaRN: rotate-half (a negation and a {@code cat}), two products and a sum over Q and K,
         *       10 passes where the fused kernel makes 2, 5 kernels each, forward and backward alike.</li>
         * </ul>
         */
        record Unfused(double denseClampForward, double denseClampBackward, double routedClampForward,
                       double sharedClampForward, double moeClampBackward, double biasForward, double biasBackward,
                       double ropeEach) {
            static final Unfused NONE = new Unfused(0, 0, 0, 0, 0, 0, 0, 0);

            double denseForward() {
                return denseClampForward + ropeEach;
            }

            double denseBackward() {
                return denseClampBackward + ropeEach;
            }

            double moeForward() {
                return routedClampForward + sharedClampForward + biasForward + ropeEach;
            }

            double moeBackward() {
                return moeClampBackward + biasBackward + ropeEach;
            }

            /** What selective recomputation of {@code plan}'s modules reruns of it in an MoE layer. */
            double moeRerun(ParallelismPlan plan) {
                if (plan.recomputes(MOE)) {
                    return routedClampForward + sharedClampForward + biasForward;
                }
                return (plan.recomputes(MOE_ACT) ? routedClampForward : 0)
                        + (plan.recomputes(SHARED_EXPERTS) ? sharedClampForward : 0);
            }
        }

        Unfused unfused(int moeLayers) {
            Framework fw = software.framework();
            boolean clamp = model.swigluClamp() > 0 && model.mlpMatrices() == 3 && fw.clampsSwigluApart();
            ExpertBias biasAdd = software.expertParallel().expertBias();
            boolean bias = moeLayers > 0 && model.moe().expertBias() && biasAdd != ExpertBias.FUSED;
            // Megatron's MLA scales its rope dims inside the fused kernel (Megatron-Bridge keeps fusion
            // for position_embedding_type rope, which its MLA providers state, the YaRN in rope_type)
            boolean yarn = model.ropeScaling() == RopeScaling.YARN && !fw.fusesYarnRope() && model.mla() == null;
            if (!clamp && !bias && !yarn) {
                return Unfused.NONE;
            }
            // an activation's input, [rows, 2·width] BF16, is 4·rows·width bytes per pass
            double denseInput = 4 * tokens * f / t;
            double routedInput = moeLayers > 0 ? 4 * routedActivationElements() : 0;
            double sharedInput = moeLayers > 0 ? 4 * sharedActivationElements() : 0;
            int sharedCalls = moeLayers > 0 && model.moe().sharedExperts() > 0 ? 1 : 0;
            double denseClampFwd = 0, denseClampBwd = 0, routedClampFwd = 0, sharedClampFwd = 0, moeClampBwd = 0;
            if (clamp) {
                denseClampFwd = stream(4 * denseInput, 4);
                denseClampBwd = stream(3 * denseInput, 2);
                routedClampFwd = moeLayers > 0 ? stream(4 * routedInput, 4) : 0;
                sharedClampFwd = sharedCalls > 0 ? stream(4 * sharedInput, 4) : 0;
                moeClampBwd = moeLayers > 0 ? stream(3 * (routedInput + sharedInput), 2 * (1 + sharedCalls)) : 0;
            }
            double biasFwd = 0, biasBwd = 0;
            if (bias) {
                double output = BF16 * assignmentsPerRank() * model.moe().imbalance() * h; // one pass of [rows, h]
                int local = (int) Math.max(1, localExperts());
                biasFwd = stream(6 * output, 2 * local + 1);
                biasBwd = stream(8 * output, 4 * local + 1);
                if (biasAdd == ExpertBias.BOTH) {
                    // the first's, t + b over the [rows, 2f] gate-and-up output: 3 passes and a kernel per
                    // expert, and the concatenation's 2; backward b's gradient (a sum per expert) and the
                    // split's concatenation
                    double gateUp = routedInput; // [rows, 2·width] BF16: one pass
                    biasFwd += stream(5 * gateUp, local + 1);
                    biasBwd += stream(3 * gateUp, local + 1);
                }
            }
            double rope = 0;
            if (yarn) {
                rope = stream(8 * BF16 * tokens * (q + kv) / t, 8); // 10 passes and kernels where the fused kernel makes 2 and 2
            }
            return new Unfused(denseClampFwd, denseClampBwd, routedClampFwd, sharedClampFwd, moeClampBwd, biasFwd,
                    biasBwd, rope);
        }

        /** Token-expert assignments one rank's experts process per micro-batch (balanced). */
        double assignmentsPerRank() {
            return tokens * model.moe().topK() * et / t;
        }

        /**
         * Bytes the MoE activation function streams on the slowest rank: gate and up read, product
         * written (in and out for a two-matrix MLP), over the routed assignments and the shared
         * experts' tokens.
         */
        double moeActivationBytes() {
            return routedActivationBytes() + sharedActivationBytes();
        }

        /** {@link #moeActivationBytes()} over the routed assignments only. */
        double routedActivationBytes() {
            return BF16 * (model.mlpMatrices() == 3 ? 3 : 2) * routedActivationElements();
        }

        /** {@link #moeActivationBytes()} over the shared experts' tokens only. */
        double sharedActivationBytes() {
            return BF16 * (model.mlpMatrices() == 3 ? 3 : 2) * sharedActivationElements();
        }

        /** The routed experts' inner width times their rows on the slowest rank: one activation output. */
        double routedActivationElements() {
            return assignmentsPerRank() * model.moe().imbalance() * model.moe().expertFfnHidden() / et;
        }

        /** The shared experts' inner width times their tokens on a chip: one activation output. */
        double sharedActivationElements() {
            MoeSpec moe = model.moe();
            return tokens * (double) moe.expertFfnHidden() * moe.sharedExperts() / t;
        }

        /** Routed experts each EP rank holds. */
        double localExperts() {
            return (double) model.moe().experts() / e;
        }

        /**
         * Forward time of one MoE block on the slowest expert rank, seconds: router (GEMM and
         * fp32 top-k scoring), shared experts (split over TP like a dense MLP), the routed experts
         * as grouped GEMMs over {@code rows} = assignments per local expert, and the permutation of
         * tokens into expert order and back.
         */
        double moeForward() {
            MoeSpec moe = model.moe();
            double slowest = assignmentsPerRank() * moe.imbalance();
            double localExperts = localExperts();
            double rows = slowest / localExperts;
            double fe = (double) moe.expertFfnHidden() / et;
            // the gate and up projections run as one GEMM of their joint width (Megatron-Core's
            // linear_fc1, DeepGEMM's fused gate-up): one launch per expert, not two
            double experts = groupedGemm(localExperts, rows, (model.mlpMatrices() - 1) * fe, h)
                    + groupedGemm(localExperts, rows, h, fe);
            double shared = sharedExpertsForward();
            double routerTokens = tokens / (sp ? t : 1);
            double router = gemmBf16(routerTokens, moe.experts(), h) + stream(4.0 * routerTokens * moe.experts() * 3, 2);
            double permute = stream(BF16 * slowest * h * 4, 4);
            return experts + shared + router + permute;
        }

        /** Forward time of one MoE block's shared experts (split over TP like a dense MLP), seconds. */
        double sharedExpertsForward() {
            MoeSpec moe = model.moe();
            return moe.sharedExperts() > 0 ? mlpForward(tokens, (double) moe.expertFfnHidden() * moe.sharedExperts()) : 0;
        }

        /**
         * Forward dispatch and combine of one MoE block, seconds: each rank sends its 1/t share of
         * the tokens to the experts' ranks over the EP group (stride etp) — inside the scale-up
         * domain over its links, to other domains through the NICs. With node-limited routing or
         * a deduplicating dispatcher ({@link EpDispatcher#DEEPEP}) a token crosses the fabric once
         * per destination domain (the expected distinct domains holding its top-k experts, at most
         * M under node-limited routing: {@link ExpertReach}) and is forwarded inside; the
         * deduplicating dispatcher sends one copy to each distinct rank holding any of its experts,
         * the all-to-all one per expert. The most-loaded rank's receive sets the pace. Expert TP adds an
         * all-gather of the tokens and a reduce-scatter of the outputs over the etp group.
         */
        double moeCommunicationForward() {
            MoeSpec moe = model.moe();
            double seconds = 0;
            if (e > 1) {
                GroupPlacement ep = group(e, et);
                ExpertParallelSoftware sw = software.expertParallel();
                int inDomain = ep.membersPerDomain();
                int domains = ep.domains();
                boolean perRank = sw.dispatcher().dedupsPerDomain();
                ExpertReach reach = ExpertReach.of(moe, e, inDomain);
                // what lands on expert ranks per token: one copy per expert (Megatron's all-to-all
                // permutes a token into its k copies first), or one per rank holding any of them
                // (DeepEP and HybridEP send a token once to each such rank, which permutes it locally)
                double copies = perRank ? reach.ranks() : moe.topK();
                double inCopies, outCopies;
                if ((moe.nodeLimit() > 0 || perRank) && domains > 1) {
                    // one crossing per distinct domain reached (capped at the node limit); the
                    // sender's own domain, 1/domains of them, is not crossed; inside each, a copy
                    // to every rank it reaches but the one it landed on
                    outCopies = reach.domains() * (domains - 1) / domains;
                    inCopies = copies * (inDomain - 1.0) / inDomain;
                } else {
                    outCopies = copies * (e - inDomain) / e;
                    inCopies = copies * (inDomain - 1.0) / e;
                }
                double perCopy = tokens / t * h;
                double dispatchBytes = perCopy * ExpertParallelSoftware.elementBytes(sw.dispatch());
                double combineBytes = perCopy * ExpertParallelSoftware.elementBytes(sw.combine());
                seconds += moe.imbalance() * (ep.allToAllSeconds(inCopies * dispatchBytes, outCopies * dispatchBytes)
                        + ep.allToAllSeconds(inCopies * combineBytes, outCopies * combineBytes));
                // every copy sent is read from HBM here and written into HBM where it lands
                moeA2aHbmFwd = 2 * moe.imbalance() * (inCopies + outCopies) * (dispatchBytes + combineBytes);
            }
            if (et > 1) {
                seconds += 2 * group(et, 1).reduceScatterSeconds(BF16 * assignmentsPerRank() * h);
            }
            return seconds;
        }

        /**
         * The expert-parallel all-to-all of one MoE layer ({@code raw} seconds over forward,
         * backward and recomputation) as the step sees it. Exposed without overlap; with a 1F1B or
         * DualPipe overlap, hidden behind the other micro-batch's work on the same layer
         * ({@code layerCompute}) in the steady phase, and exposed in the warm-up and cool-down,
         * where a micro-batch has no partner. While hidden, the dispatcher's kernels hold their SMs
         * ({@link EpOverlap#communicationSms}: DeepSeek's 20 under DualPipe, NCCL's
         * {@link Calibration#collectiveSms()} for Megatron's 1F1B overlap) and their HBM traffic
         * ({@code hbmBytes}), slowing the partner's compute as {@code overlapped} prices it; the
         * fitted contention only under 1F1B (NCCL's kernels), not DeepSeek's (see {@link EpOverlap#DUALPIPE}).
         */
        double exposedExpertParallel(double raw, double layerCompute, double hbmBytes) {
            EpOverlap overlap = software.expertParallel().overlap();
            if (raw <= 0 || overlap == EpOverlap.NONE) {
                return raw;
            }
            double steady = Math.max(0, m - Math.max(1, p - 1)) / (double) m;
            double share = Calibration.smShare(chip, overlap.communicationSms(calibration.collectiveSms()));
            // DeepSeek's dispatcher keeps off the L2 and the other SMs (EpOverlap.DUALPIPE): no contention
            double contention = overlap == EpOverlap.DUALPIPE ? 0 : ncclContention;
            return steady * overlapped(raw, layerCompute, share, memoryBoundShare, hbmBytes, contention) + (1 - steady) * raw;
        }

        /**
         * Micro-batches whose activations pipeline rank {@code rank} holds at once, in whole-stage
         * units, never more than the m there are: 1F1B's warm-up leaves p − i on rank i; the
         * interleaved schedule's (Megatron-Core) 2(p − i − 1) + (v − 1)p + 1 passes of a chunk — one
         * v-th of the stage, the largest when they are unequal — i.e. p + (p − 2i − 1)/v stages.
         */
        double inFlight(int rank) {
            return Math.min(m, v > 1 ? p + (p - 2.0 * rank - 1) * largestChunkFactor / v : p - rank);
        }

        /**
         * Dispatch buffers of the most-loaded rank: the tokens received for its experts and the
         * outputs sent back, in and out, at BF16.
         */
        double dispatchBufferBytes() {
            return 4 * BF16 * assignmentsPerRank() * model.moe().imbalance() * h;
        }

        /**
         * One layer's activations of one micro-batch held for backward (Korthikanti et al. 2022,
         * generalised to GQA, SwiGLU, flash attention and context parallelism), bytes; sets what a
         * rank adds beside them (a layer rerun in full, the logits).
         */
        double activationPerLayerBytes() {
            // what selective recomputation drops (full recomputation keeps layer inputs only, below)
            Set<RecomputeModule> selected = plan.recomputeModules();
            // norm inputs, QKV and MLP inputs, and (GPT only: Llama has no dropout) two dropout masks
            double perTokenReplicated = model.architecture() == Architecture.GPT ? 10 * h : 8 * h;
            // Q, K, V; attention output (out-projection input); MLP inner activations (GELU in and
            // out, or SwiGLU gate, up and product)
            double attention = 2 * (q + 2 * kv) + 2 * q;
            MlaSpec mla = model.mla();
            if (mla != null) {
                // every head's Q, K (query/key width) and V, the attention output (value width) —
                // only the output when recomputation rebuilds Q, K, V from the latents (mla_up_proj);
                // the latents (and the shared rotary key) are replicated over TP
                attention = selected.contains(MLA_UP_PROJ) ? 2.0 * a * mla.vHeadDim()
                        : 2 * a * (2.0 * mla.qkHeadDim() + 2.0 * mla.vHeadDim());
                perTokenReplicated += 2 * (mla.qLoraRank() + mla.kvLoraRank() + mla.qkRopeHeadDim());
            }
            double mlpInner = model.mlpMatrices() == 3 ? 6 * f : 4 * f;
            boolean lowPrecision = model.precision() != Precision.BF16;
            // the activation function's inputs (gate and up) kept in FP8 (software.fp8-activation-inputs)
            boolean fp8ActInputs = lowPrecision && software.fp8ActivationInputs();
            if (lowPrecision) {
                // Transformer Engine keeps the quantised (1-byte) copies of the GEMM inputs it saves
                // for backward: the two norm outputs (QKV and MLP-up inputs), the attention output
                // (out-projection input) and the MLP product (down-projection input); routed experts
                // count their own below. The out-projection's copy is one more than the BF16 output
                // fused attention keeps for its own backward, unless the attention core is rerun
                perTokenReplicated -= 2 * h;
                double outWidth = mla == null ? q : a * mla.vHeadDim();
                attention += selected.contains(CORE_ATTN) ? -outWidth : outWidth;
                mlpInner -= f;
                if (fp8ActInputs) {
                    mlpInner -= (model.mlpMatrices() - 1) * f; // gate and up, 1 byte each instead of 2
                }
            }
            if (selected.contains(MLP)) {
                mlpInner = 0; // dense layers keep only the MLP's input (the norm output, above)
            }
            // a norm of its own drops its output (the next module's input): 2 bytes per element, or
            // the quantised copy's 1 in a low-precision format
            double normOutput = lowPrecision ? h : 2 * h;
            if (mla != null && selected.contains(LAYERNORM)) {
                perTokenReplicated -= normOutput; // MLA's input norm feeds two down-projections
            }
            int moeLayers = model.moeLayers();
            if (moeLayers > 0) {
                // MoE layers, per routed assignment: the first expert GEMM's input (kept in FP8 by
                // FP8 GEMMs, as Transformer Engine and DeepSeek-V3 do), its output (gate and up,
                // BF16), the activation's output (the second GEMM's input; dropped when moe_act is
                // recomputed) and — unless the framework weighs inside the experts — the expert
                // output the weighted combine needs; over the expert
                // split. Shared experts like a dense MLP over TP. Recomputing the whole block (moe)
                // keeps only its input; a pre-MLP norm recomputed (layernorm) drops its output. The
                // mean over dense and MoE layers.
                MoeSpec moe = model.moe();
                double gemmIn = lowPrecision ? 1 : 2;
                double assignments = moe.topK() * moe.imbalance() * et; // per token, ×1/t below
                double fe = (double) moe.expertFfnHidden() / et;
                double up = (fp8ActInputs ? 1.0 : 2.0) * (model.mlpMatrices() - 1) * fe;
                boolean wholeBlock = selected.contains(MOE);
                double combineInput = software.framework().weighsInsideExperts() ? 0 : 2 * h;
                double routed = wholeBlock ? 0
                        : assignments * (gemmIn * h + up + (selected.contains(MOE_ACT) ? 0 : gemmIn * fe) + combineInput);
                // shared experts like a dense MLP: BF16 inner activations, the product's FP8 copy (and
                // the gate and up in FP8) under a low-precision format
                double shared = wholeBlock || selected.contains(SHARED_EXPERTS) ? 0
                        : moe.sharedExperts() * ((model.mlpMatrices() == 3 ? 6.0 : 4.0) - (lowPrecision ? 1 : 0)
                        - (fp8ActInputs ? model.mlpMatrices() - 1 : 0)) * moe.expertFfnHidden();
                double moeShare = (double) moeLayers / model.layers();
                mlpInner = (1 - moeShare) * mlpInner + moeShare * (routed + shared);
                if (selected.contains(LAYERNORM)) {
                    perTokenReplicated -= moeShare * normOutput;
                }
            }
            double perTokenSharded = attention + mlpInner;
            double scores = flash ? 0 : 5 * a * (s / c) * model.attentionSpanTokens() / s; // per token: softmax in/out, dropout mask
            double perLayer;
            if (plan.recompute() == Recompute.FULL) {
                perLayer = tokens * 2 * h / (sp ? t : 1);
            } else {
                perLayer = tokens * (perTokenReplicated / (sp ? t : 1) + perTokenSharded / t)
                        + (selected.contains(CORE_ATTN) ? 0 : tokens * scores / t);
            }
            activationPerLayer = perLayer;
            // one layer's full activations while it is recomputed
            fullRecomputeBytes = plan.recompute() == Recompute.FULL
                    ? tokens * (perTokenReplicated / (sp ? t : 1) + perTokenSharded / t + scores / t) : 0;
            logitsBytes = 4.0 * tokens * model.vocab() / t; // fp32 logits on the last stage
            return perLayer;
        }

        /**
         * One pipeline rank as the memory model sees it: the transformer layers it holds, the
         * vocabulary-sized matrices on it (input embedding, output layer), whether it holds the last
         * stage (its MTP modules and logits), and its activations in flight in layer-micro-batches.
         */
        private record RankShare(double layers, int vocabMatrices, boolean lastStage, double heldLayerMicroBatches) {
        }

        /**
         * The ranks whose memory may peak: the first (most micro-batches in flight), the second (as
         * many less one, perhaps more layers: an uneven split's first rank gives some up) and the
         * last (the output layer, MTP and logits). DualPipe's rank h holds p − h micro-batches of its
         * stage h and h + 1 of its stage p − 1 − h (p + 1 in all: arXiv 2412.19437 Table 2), at most m/2
         * of each: the rank pairing the first stage with the last, and a middle one.
         */
        List<RankShare> rankShares() {
            int layers = model.layers(), first = firstStage, last = lastStage, middle = middleStage;
            List<RankShare> out = new ArrayList<>(3);
            if (p == 1) {
                out.add(new RankShare(layers, model.architecture() == Architecture.GPT ? 1 : 2, true, layers * inFlight(0)));
            } else if (dualPipe) {
                double half = m / 2.0;
                out.add(new RankShare(first + last, 2, true, Math.min(p, half) * first + Math.min(1, half) * last));
                if (p > 2) {
                    out.add(new RankShare(2 * middle, 0, false, Math.min(p + 1, m) * middle));
                }
            } else {
                out.add(new RankShare(first, 1, false, first * inFlight(0)));
                if (p > 2) {
                    out.add(new RankShare(middle, 0, false, middle * inFlight(1)));
                }
                out.add(new RankShare(last, 1, true, last * inFlight(p - 1)));
            }
            return out;
        }
    }
}
