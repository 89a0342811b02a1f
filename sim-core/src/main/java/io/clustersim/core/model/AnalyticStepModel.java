package io.clustersim.core.model;

import io.clustersim.topology.ChipSpec;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.GroupPlacement;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The step model: time and memory of one optimizer step of a decoder-only transformer (dense or
 * MoE) under tensor, sequence, pipeline (1F1B or interleaved), data (ZeRO 0–3), context and expert
 * parallelism, with activation recomputation, from first principles and six calibration
 * constants ({@link Calibration}).
 *
 * <h2>Maintainer notes</h2>
 * <ul>
 *   <li>Everything is per chip of the bottleneck pipeline stage (the last, which also runs the
 *       output layer, unless an uneven split left it a layer short), per micro-batch, then assembled: m
 *       micro-batches of the slowest stage plus the other stages' time once (the 1F1B fill and
 *       drain; divided by v when interleaved), plus exposed pipeline transfers, the
 *       exposed data-parallel gradient reduction, and the optimizer step.</li>
 *   <li>Each GEMM costs {@code max(flops / (peak·η), bytes / (HBM·η_hbm)) + t_kernel}: large GEMMs
 *       reach η of peak, small ones less (the fixed kernel cost and the memory roofline).
 *       Backward runs two GEMMs per forward GEMM (data and weight gradients).</li>
 *   <li>Memory-bound work (norms, residuals, activations, dropout, softmax without flash
 *       attention, rotary embeddings, the optimizer) streams its bytes at HBM bandwidth.</li>
 *   <li>Forward tensor-parallel collectives are exposed; the backward ones run behind the
 *       weight-gradient GEMMs when the software overlaps them (Megatron-LM's asynchronous TP
 *       all-reduce); context-
 *       parallel KV exchange overlaps with attention; pipeline sends are exposed; the DP gradient
 *       reduction overlaps with the last micro-batch's backward when the software says so;
 *       ZeRO-3 weight gathers are prefetched behind compute; what overlap hides still costs
 *       {@link Calibration#overlapInterference()} of it.</li>
 *   <li>Keep it cheap — a handful of small objects per evaluation (the evaluation, its group
 *       placements, the result): plan search evaluates it millions of times.</li>
 * </ul>
 */
public final class AnalyticStepModel implements StepModel {

    /** Bytes per element of activations and bf16 weights and gradients. */
    private static final double BF16 = 2;
    /** Bytes the optimizer step streams per parameter: fp32 master, m, v read and written, gradient read, weight written. */
    private static final double OPTIMIZER_STREAM_BYTES = 28;
    /** Bytes of optimizer state per parameter (fp32 master weights, Adam m and v). */
    private static final double OPTIMIZER_STATE_BYTES = 12;

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
        final PrecisionBytes format;
        final int t, p, d, c, e, v, m;
        final double b, s, h, f, a, kv, tokens; // tokens: per micro-batch per chip (b·s/c)
        final boolean sp, flash;

        Evaluation(TransformerSpec model, ClusterSpec cluster, ParallelismPlan plan) {
            this.model = model;
            this.cluster = cluster;
            this.plan = plan;
            this.chip = cluster.chip();
            this.peak = chip.peakFlopsPerSecond(model.precision());
            this.peakBf16 = chip.peakFlopsPerSecond(io.clustersim.topology.Precision.BF16);
            this.format = PrecisionBytes.of(model.precision());
            this.eta = calibration.gemmEfficiency(chip.family());
            this.overhead = calibration.kernelOverheadSeconds();
            this.hbm = chip.hbmBytesPerSecond() * calibration.hbmEfficiency();
            this.t = plan.tensor();
            this.p = plan.pipeline();
            this.d = plan.data();
            this.c = plan.context();
            this.e = plan.expert();
            this.v = plan.virtualStages();
            this.m = Math.max(1, plan.microBatchesPerReplica());
            this.b = plan.microBatch();
            this.s = model.seqLen();
            this.h = model.hidden();
            this.f = model.ffnHidden();
            this.a = model.heads();
            this.kv = model.kvDim();
            this.tokens = b * s / c;
            this.sp = plan.sequenceParallel() && t > 1;
            this.flash = software.flashAttention();
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
         * Time that communication of {@code comm} seconds adds when run behind {@code compute}
         * seconds of compute: what does not fit behind it, plus the interference of what does.
         */
        double overlapped(double comm, double compute) {
            double hidden = Math.min(comm, compute);
            return comm - hidden + calibration.overlapInterference() * hidden;
        }

        /** A communication group of {@code size} members {@code stride} chips apart. */
        GroupPlacement group(int size, int stride) {
            return GroupPlacement.of(cluster, size, stride, calibration.scaleUpEfficiency(),
                    calibration.scaleOutEfficiency());
        }

        /** Streaming {@code bytes} through HBM in {@code kernels} kernels, seconds. */
        double stream(double bytes, int kernels) {
            return bytes / hbm + kernels * overhead;
        }

        StepEstimate result() {
            // ---- one layer, one micro-batch, forward: GEMMs ----
            double qkv = gemm(tokens, (h + 2 * kv) / t, h);
            double outProj = gemm(tokens, h, h / t);
            double headsPerChip = a / t;
            double headDim = h / a;
            // Attention core: scores and values, batched over (micro-batch × local heads).
            double coreFlops = 2 * 2 * b * headsPerChip * (s / c) * s * headDim;
            double coreExecuted = flash ? 0.5 * coreFlops : coreFlops; // flash skips the masked half
            // Flash attention's score and value products stay in BF16 whatever the format (the
            // frameworks' FP8 recipes quantise the linear layers only).
            double attnCoreFwd = flash ? coreExecuted / (peakBf16 * eta * calibration.attentionEfficiency()) + 2 * overhead
                    : coreExecuted / (peakBf16 * eta) + 2 * overhead; // unfused: two plain batched GEMMs
            double softmaxBytes = flash ? 0 : BF16 * b * headsPerChip * (s / c) * s * 5; // scale, mask, softmax, dropout
            double attnCoreFwdTotal = attnCoreFwd + (flash ? 0 : stream(softmaxBytes, 2));
            // Flash attention's backward recomputes the scores: 2.5× the forward's GEMM work.
            double attnCoreBwdTotal = (flash ? 2.5 : 2.0) * attnCoreFwd + (flash ? 0 : 1.5 * stream(softmaxBytes, 2));

            double mlpFwd = mlpForward(tokens, f);
            double moeFwd = 0, moeA2aFwd = 0;
            int moeLayers = model.moeLayers();
            if (moeLayers > 0) {
                MoeSpec moe = model.moe();
                double routed = tokens * moe.topK(); // token-expert assignments this chip processes (balanced)
                double localExperts = (double) moe.experts() / e;
                double fe = moe.expertFfnHidden();
                double expertGemms = localExperts * mlpForward(routed / localExperts, fe);
                double shared = moe.sharedExperts() > 0 ? mlpForward(tokens, fe * moe.sharedExperts()) : 0;
                double router = gemmBf16(tokens, moe.experts(), h);
                moeFwd = expertGemms + shared + router;
                GroupPlacement epGroup = group(e, t * c);
                double dispatchBytes = BF16 * routed * h / (sp ? t : 1);
                moeA2aFwd = 2 * epGroup.allToAllSeconds(dispatchBytes); // dispatch and combine
            }

            // ---- memory-bound work per layer, forward ----
            boolean gpt = model.architecture() == Architecture.GPT;
            double hiddenPasses = gpt ? 15 : 10; // norms, residual adds (+ dropouts for GPT): elements read or written per hidden element
            double hiddenBytes = BF16 * tokens * h * hiddenPasses / (sp ? t : 1);
            double ffnBytes = BF16 * tokens * f / t * (gpt ? 2 : 3);
            double ropeBytes = gpt ? 0 : BF16 * tokens * (h + kv) / t * 2;
            double elementwiseFwd = stream(hiddenBytes + ffnBytes + ropeBytes, gpt ? 8 : 6);

            // ---- quantisation of the low-precision GEMMs' inputs (none in BF16) ----
            Casts casts = format.castBytesPerElement() == 0 ? Casts.NONE : casts(moeLayers);
            double castAttnFwd = casts.attentionForward(), castAttnBwd = casts.attentionBackward();
            double castMlpFwd = casts.mlpForward(), castMlpBwd = casts.mlpBackward();
            double castMoeFwd = casts.moeForward(), castMoeBwd = casts.moeBackward();

            // A layer is attention (+ norms etc.) plus its MLP: dense, or the MoE experts.
            double attentionGemmsFwd = qkv + outProj;
            double attentionFwd = attentionGemmsFwd + attnCoreFwdTotal + elementwiseFwd + castAttnFwd;
            double attentionBwd = 2 * attentionGemmsFwd + attnCoreBwdTotal + 2 * elementwiseFwd + castAttnBwd;
            double denseLayerFwd = attentionFwd + mlpFwd + castMlpFwd;
            double moeLayerFwd = attentionFwd + moeFwd + castMoeFwd;
            // backward: two GEMMs per forward GEMM, attention-core backward, elementwise twice
            double denseLayerBwd = attentionBwd + 2 * mlpFwd + castMlpBwd;
            double moeLayerBwd = attentionBwd + 2 * moeFwd + castMoeBwd;
            double recomputeDense = recomputation(denseLayerFwd, attnCoreFwdTotal);
            double recomputeMoe = recomputation(moeLayerFwd, attnCoreFwdTotal);

            // ---- tensor-parallel collectives per layer ----
            // Two in forward (after the attention output projection and after the MLP), two more when
            // full recomputation reruns the forward, and two in backward (the input gradients of the
            // column-parallel QKV and MLP-up layers). Forward ones are exposed; the backward ones run
            // behind the same layer's weight-gradient GEMM when the software overlaps them.
            GroupPlacement tpGroup = group(t, 1);
            double tpCollective = tpGroup.allReduceSeconds(BF16 * tokens * h); // AR, or RS + AG with SP
            int tpForwardCollectives = 2 + (plan.recompute() == Recompute.FULL ? 2 : 0);
            double tpBackward = 2 * tpCollective;
            double mlpUp = (model.mlpMatrices() - 1) * gemm(tokens, f / t, h);
            double tpBackwardDense = software.overlapTpBackward() && t > 1 ? overlapped(tpCollective, qkv)
                    + overlapped(tpCollective, mlpUp) : tpBackward;
            // MoE layers: the up (and gate) share of the experts' GEMM time hides it
            double moeUp = moeLayers > 0 ? moeFwd * (model.mlpMatrices() - 1) / model.mlpMatrices() : 0;
            double tpBackwardMoe = software.overlapTpBackward() && t > 1 ? overlapped(tpCollective, qkv)
                    + overlapped(tpCollective, moeUp) : tpBackward;
            double moeShare = (double) moeLayers / model.layers();
            double tpPerLayer = tpForwardCollectives * tpCollective
                    + (1 - moeShare) * tpBackwardDense + moeShare * tpBackwardMoe;

            // ---- context parallel: KV all-gather forward, reduce-scatter backward, behind attention ----
            double cpPerLayer = 0;
            if (c > 1) {
                GroupPlacement cpGroup = group(c, t);
                double kvBytes = BF16 * 2 * b * s * kv / t; // K and V of the whole sequence
                double fwd = overlapped(cpGroup.reduceScatterSeconds(kvBytes), attnCoreFwd);
                double bwd = overlapped(2 * cpGroup.reduceScatterSeconds(kvBytes), attnCoreBwdTotal);
                double re = plan.recompute() == Recompute.NONE ? 0 : fwd;
                cpPerLayer = fwd + bwd + re;
            }

            // ---- the bottleneck stage: its layers (all v chunks), plus the output layer on the last ----
            // Layers split evenly when p divides them; otherwise every stage holds ceil(L/p) but the
            // first and last, which give up the difference (Llama 3's split of 126 layers over 16).
            int denseLayers = model.layers() - moeLayers;
            double denseFraction = (double) denseLayers / model.layers(), moeFraction = 1 - denseFraction;
            int fullStage = (model.layers() + p - 1) / p;
            int lastStage = fullStage - (fullStage * p - model.layers() + 1) / 2;
            double layerCompute = denseFraction * (denseLayerFwd + denseLayerBwd + recomputeDense)
                    + moeFraction * (moeLayerFwd + moeLayerBwd + recomputeMoe);
            double layerEp = moeFraction * 2 * moeA2aFwd * (plan.recompute() == Recompute.FULL ? 1.5 : 1.0);
            double layerTotal = layerCompute + tpPerLayer + cpPerLayer + layerEp;
            double logitsFwd = gemmBf16(tokens, model.vocab() / (double) t, h); // the output layer stays in BF16
            double crossEntropy = stream(4.0 * tokens * model.vocab() / t * 3, 3);
            double outputLayer = 3 * logitsFwd + crossEntropy;
            double outputTp = t > 1 ? 2 * tpCollective : 0;
            boolean lastIsBottleneck = lastStage * layerTotal + outputLayer + outputTp >= fullStage * layerTotal;
            int stageLayers = lastIsBottleneck ? lastStage : fullStage;
            double computeMb = stageLayers * layerCompute + (lastIsBottleneck ? outputLayer : 0);
            double tpMb = stageLayers * tpPerLayer + (lastIsBottleneck ? outputTp : 0);
            double cpMb = stageLayers * cpPerLayer;
            double epMb = stageLayers * layerEp;
            double microBatch = computeMb + tpMb + cpMb + epMb;

            // ---- pipeline ----
            // 1F1B: the first micro-batch crosses every stage, the other m − 1 follow at the pace of the
            // slowest, so the step is m·t_max + Σ_{other stages} t_i — the bubble is the other stages'
            // time, not (p − 1)·t_max (the last stage's output layer does not slow the fill and drain).
            // Interleaving divides it by v.
            double bubble = 0;
            if (p > 1) {
                int firstStage = fullStage - (fullStage * p - model.layers()) / 2;
                double tFirst = firstStage * layerTotal;
                double tMiddle = fullStage * layerTotal;
                double tLast = lastStage * layerTotal + outputLayer + outputTp;
                double sum = tFirst + (p - 2) * tMiddle + tLast;
                double max = Math.max(tLast, p > 2 ? Math.max(tMiddle, tFirst) : tFirst);
                bubble = (sum - max) / v;
            }
            double ppComm = 0;
            if (p > 1) {
                GroupPlacement ppGroup = group(p, t * c * d);
                double activationBytes = BF16 * tokens * h / (t > 1 ? t : 1); // scatter-gather: each TP rank sends 1/t
                ppComm = (double) m * v * 2 * ppGroup.sendSeconds(activationBytes);
            }

            // ---- data parallel: gradients, ZeRO, optimizer ----
            double paramsPerChip = parametersPerChip();
            GroupPlacement dpGroup = group(d, t * c);
            double gradBytes = BF16 * paramsPerChip;
            double dpSync = dpGroup.allReduceSeconds(gradBytes); // = reduce-scatter + all-gather (ZeRO 1/2)
            double lastBackward = stageLayers * (denseFraction * denseLayerBwd + moeFraction * moeLayerBwd);
            double dpExposed = software.overlapGradReduce() ? overlapped(dpSync, lastBackward) : dpSync;
            double zero3Exposed = 0;
            if (plan.zeroStage() == 3) {
                double gathers = 2 * dpGroup.reduceScatterSeconds(gradBytes) * m; // forward and backward, every micro-batch
                zero3Exposed = overlapped(gathers, m * computeMb);
            }
            double optimizer = stream(OPTIMIZER_STREAM_BYTES * paramsPerChip / (plan.zeroStage() >= 1 ? d : 1), 4);
            // the layers' weights quantised once per step (not the embeddings or the output layer)
            double weightCast = cast(paramsPerChip - (double) model.vocab() * h / t, 4);

            Map<String, Double> breakdown = new LinkedHashMap<>();
            breakdown.put("compute", m * computeMb);
            breakdown.put("exposedTp", m * tpMb);
            breakdown.put("exposedCp", m * cpMb);
            breakdown.put("epAllToAll", m * epMb);
            breakdown.put("ppBubble", bubble);
            breakdown.put("ppComm", ppComm);
            breakdown.put("exposedDp", dpExposed + zero3Exposed);
            breakdown.put("optimizer", optimizer + weightCast);
            double seconds = 0;
            for (double x : breakdown.values()) {
                seconds += x;
            }

            double tokensPerStep = (double) plan.globalBatch() * model.seqLen();
            double modelFlops = model.modelFlopsPerToken() * tokensPerStep;
            double recomputeFlopsPerToken = switch (plan.recompute()) {
                case NONE -> 0;
                case SELECTIVE -> model.attentionFlopsPerToken() / 3;
                case FULL -> 2 * (model.activeParameterCount() - model.embeddingParameters()) + model.attentionFlopsPerToken() / 3;
            };
            double hardwareFlops = modelFlops + recomputeFlopsPerToken * tokensPerStep;
            double attentionFlops = model.attentionFlopsPerToken() * tokensPerStep;
            double recomputedAttention = plan.recompute() == Recompute.NONE ? 0 : attentionFlops / 3; // the forward's third
            return new StepEstimate(seconds, breakdown, modelFlops, hardwareFlops, tokensPerStep, plan.chips(), peak,
                    memory(paramsPerChip), attentionFlops, recomputedAttention);
        }

        /**
         * Quantisation per layer and micro-batch, seconds. Forward: the inputs of QKV and MLP-up
         * (shared, gathered over TP), of the output projection and of MLP-down; backward: the output
         * gradients of all four. Weights are quantised once per step (Transformer Engine caches them
         * over micro-batches), see {@code weightCast}.
         */
        Casts casts(int moeLayers) {
            double moeFwd = 0, moeBwd = 0;
            if (moeLayers > 0) {
                MoeSpec moe = model.moe();
                double routed = tokens * moe.topK() + tokens * moe.sharedExperts();
                moeFwd = cast(routed * (h + moe.expertFfnHidden() / (double) t), 2);
                moeBwd = cast(routed * ((model.mlpMatrices() - 1) * moe.expertFfnHidden() / (double) t + h), 2);
            }
            return new Casts(cast(tokens * (h + h / t), 2), cast(tokens * ((h + 2 * kv) / t + h), 2),
                    cast(tokens * (h + f / t), 2), cast(tokens * ((model.mlpMatrices() - 1) * f / t + h), 2), moeFwd, moeBwd);
        }

        /** Forward work redone in backward: none, the attention core, or the whole layer. */
        double recomputation(double layerForward, double attentionCoreForward) {
            return switch (plan.recompute()) {
                case NONE -> 0;
                case SELECTIVE -> attentionCoreForward;
                case FULL -> layerForward;
            };
        }

        /** An MLP of inner width {@code ffn} over {@code rows} tokens: up (and gate) h → ffn/t, down ffn/t → h. */
        double mlpForward(double rows, double ffn) {
            return (model.mlpMatrices() - 1) * gemm(rows, ffn / t, h) + gemm(rows, h, ffn / t);
        }

        /** Parameters held by one chip of the largest stage (the last, with the output layer). */
        double parametersPerChip() {
            double denseLayers = model.layers() - model.moeLayers();
            double perStage = denseLayers * model.parametersPerLayer() / p;
            if (model.moeLayers() > 0) {
                MoeSpec moe = model.moe();
                double expertParams = moe.experts() * model.mlpParameters(moe.expertFfnHidden());
                double nonExpert = model.parametersPerMoeLayer() - expertParams;
                perStage += model.moeLayers() * (nonExpert + expertParams / e) / p;
            }
            double outputLayer = (double) model.vocab() * h;
            return (perStage + outputLayer) / t;
        }

        MemoryEstimate memory(double paramsPerChip) {
            int zero = plan.zeroStage();
            Map<String, Double> bytes = new LinkedHashMap<>();
            bytes.put("weights", BF16 * paramsPerChip / (zero >= 3 ? d : 1));
            bytes.put("gradients", BF16 * paramsPerChip / (zero >= 2 ? d : 1));
            bytes.put("optimizer", OPTIMIZER_STATE_BYTES * paramsPerChip / (zero >= 1 ? d : 1));
            bytes.put("activations", activationBytes());
            return new MemoryEstimate(bytes, chip.hbmBytes());
        }

        /**
         * Activations held for backward on the first stage (Korthikanti et al. 2022, generalised to
         * GQA, SwiGLU, flash attention and context parallelism), bytes.
         */
        double activationBytes() {
            // norm inputs, QKV and MLP inputs, and (GPT only: Llama has no dropout) two dropout masks
            double perTokenReplicated = model.architecture() == Architecture.GPT ? 10 * h : 8 * h;
            // Q, K, V; attention output (out-projection input); MLP inner activations (GELU in and
            // out, or SwiGLU gate, up and product)
            double perTokenSharded = 2 * (h + 2 * kv) + 2 * h + (model.mlpMatrices() == 3 ? 6 * f : 4 * f);
            double scores = flash ? 0 : 5 * a * (s / c);            // per token: softmax in/out, dropout mask
            double perLayer;
            switch (plan.recompute()) {
                case FULL -> perLayer = tokens * 2 * h / (sp ? t : 1);
                case SELECTIVE -> perLayer = tokens * (perTokenReplicated / (sp ? t : 1) + perTokenSharded / t);
                default -> perLayer = tokens * (perTokenReplicated / (sp ? t : 1) + perTokenSharded / t)
                        + tokens * scores / t;
            }
            // the first stage, which holds the most micro-batches (one layer fewer on an uneven split)
            int fullStage = (model.layers() + p - 1) / p;
            double layersPerStage = fullStage - (fullStage * p - model.layers() + 1) / 2;
            // 1F1B: the first stage holds up to p micro-batches; interleaving adds (p − 1)/(p·v) of
            // that — but never more than the m micro-batches there are.
            double inFlight = Math.min(m, p * (v > 1 ? 1 + (p - 1) / (double) (p * v) : 1));
            double held = perLayer * layersPerStage * inFlight;
            if (plan.recompute() == Recompute.FULL) {
                // one layer's full activations while it is recomputed
                held += tokens * (perTokenReplicated / (sp ? t : 1) + perTokenSharded / t + scores / t);
            }
            double logits = 4.0 * tokens * model.vocab() / t; // fp32 logits on the last stage
            return held + logits;
        }
    }
}
