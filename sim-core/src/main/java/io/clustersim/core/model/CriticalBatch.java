package io.clustersim.core.model;

import java.util.Locale;

/**
 * The critical batch size and what a batch beyond it costs in tokens.
 *
 * <p>McCandlish et al. (2018): the steps S and examples E needed to reach a loss trade off as
 * {@code (S/S_min − 1)(E/E_min − 1) = 1}, so at a batch of B tokens a run needs
 * {@code E = E_min·(1 + B/B_crit)} tokens: below the critical batch B_crit a larger batch costs few
 * extra tokens, beyond it almost every added replica is spent on extra tokens rather than fewer
 * steps. A scenario's {@code target.tokens} is what the run needs at a <em>reference</em> batch
 * (by default the plan's own), so the tokens at batch B are
 * {@code target × (1 + B/B_crit) / (1 + B_ref/B_crit)}: exactly the target at the reference batch.
 *
 * <p>B_crit is given in the scenario, or estimated from Kaplan et al. (2020):
 * {@code B_crit(L) = B* / L^(1/α_B)} (B* = 2.1e8 tokens, α_B = 0.21) at the loss the run reaches,
 * {@code L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D} (N_c = 8.8e13, α_N = 0.076, D_c = 5.4e13,
 * α_D = 0.095; N non-embedding active parameters, D target tokens). Kaplan's fit is in nats on
 * WebText2 with GPT-2's tokenizer; on other data it gives the order of magnitude only. Using the
 * final loss gives the largest B_crit of the run (it grows as the loss falls), so the extra tokens
 * are a lower bound. Constants: docs/reference/scaling-laws.md.
 *
 * <pre>{@code
 * CriticalBatch cb = CriticalBatch.kaplan();
 * double bCrit = cb.criticalBatchTokens(model, 15.6e12);        // ~2.9e7 for Llama 3 405B
 * double factor = cb.tokenFactor(64e6, bCrit, 16e6);             // tokens at 64M over tokens at 16M
 * }</pre>
 *
 * @param mode                 where B_crit comes from
 * @param fixedTokens          B_crit when {@code mode = FIXED}, tokens
 * @param referenceBatchTokens batch at which {@code target.tokens} holds, tokens; {@code NaN} = the
 *                             plan's own global batch
 */
public record CriticalBatch(Mode mode, double fixedTokens, double referenceBatchTokens) {

    /** Where the critical batch comes from. */
    public enum Mode {
        /** Kaplan et al. 2020's fit at the loss the run reaches. */
        KAPLAN,
        /** A value the scenario gives. */
        FIXED,
        /** Not modelled: batch size costs no tokens. */
        OFF
    }

    /** Kaplan et al. 2020, Table 5/6: B* tokens. */
    public static final double B_STAR = 2.1e8;
    /** Kaplan et al. 2020: α_B. */
    public static final double ALPHA_B = 0.21;
    /** Kaplan et al. 2020: N_c (non-embedding parameters). */
    public static final double N_C = 8.8e13;
    /** Kaplan et al. 2020: α_N. */
    public static final double ALPHA_N = 0.076;
    /** Kaplan et al. 2020: D_c tokens. */
    public static final double D_C = 5.4e13;
    /** Kaplan et al. 2020: α_D. */
    public static final double ALPHA_D = 0.095;

    public CriticalBatch {
        java.util.Objects.requireNonNull(mode, "mode");
        if (mode == Mode.FIXED && !(fixedTokens > 0)) {
            throw new IllegalArgumentException("critical batch must be > 0 tokens, was " + fixedTokens);
        }
        if (!Double.isNaN(referenceBatchTokens) && !(referenceBatchTokens > 0)) {
            throw new IllegalArgumentException("reference batch must be > 0 tokens, was " + referenceBatchTokens);
        }
    }

    /** Kaplan's estimate, target at the plan's own batch (the default). */
    public static CriticalBatch kaplan() {
        return new CriticalBatch(Mode.KAPLAN, Double.NaN, Double.NaN);
    }

    /** A given critical batch, tokens. */
    public static CriticalBatch fixed(double tokens) {
        return new CriticalBatch(Mode.FIXED, tokens, Double.NaN);
    }

    /** No critical batch. */
    public static CriticalBatch off() {
        return new CriticalBatch(Mode.OFF, Double.NaN, Double.NaN);
    }

    /** The same, with {@code target.tokens} holding at a batch of {@code tokens}. */
    public CriticalBatch withReferenceBatchTokens(double tokens) {
        return new CriticalBatch(mode, fixedTokens, tokens);
    }

    /** Kaplan et al.'s loss L(N, D), nats per token. */
    public static double kaplanLoss(double nonEmbeddingParameters, double tokens) {
        return Math.pow(Math.pow(N_C / nonEmbeddingParameters, ALPHA_N / ALPHA_D) + D_C / tokens, ALPHA_D);
    }

    /** The critical batch for a model trained on {@code targetTokens}, tokens ({@code +Infinity} when off). */
    public double criticalBatchTokens(TransformerSpec model, double targetTokens) {
        return switch (mode) {
            case OFF -> Double.POSITIVE_INFINITY;
            case FIXED -> fixedTokens;
            case KAPLAN -> {
                double n = model.activeParameterCount() - model.embeddingParameters();
                yield B_STAR / Math.pow(kaplanLoss(n, targetTokens), 1 / ALPHA_B);
            }
        };
    }

    /**
     * Tokens needed at a batch of {@code batchTokens} over those at the reference batch:
     * {@code (1 + B/B_crit) / (1 + B_ref/B_crit)}; the reference is {@code planBatchTokens} unless
     * one is set.
     */
    public double tokenFactor(double batchTokens, double criticalTokens, double planBatchTokens) {
        if (Double.isInfinite(criticalTokens)) {
            return 1.0;
        }
        double reference = Double.isNaN(referenceBatchTokens) ? planBatchTokens : referenceBatchTokens;
        return (1 + batchTokens / criticalTokens) / (1 + reference / criticalTokens);
    }

    /** Where B_crit came from, for reports: {@code kaplan}, {@code scenario} or {@code off}. */
    public String source() {
        return mode.name().toLowerCase(Locale.ROOT).replace("fixed", "scenario");
    }
}
