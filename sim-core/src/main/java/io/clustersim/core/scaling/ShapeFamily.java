package io.clustersim.core.scaling;

import org.apache.commons.math3.util.ArithmeticUtils;
import io.clustersim.core.model.Architecture;
import io.clustersim.core.model.TransformerSpec;
import io.clustersim.topology.Precision;

import java.util.Objects;

/**
 * A family of dense transformer shapes — what a capacity planner fixes before the model size is
 * known: the layer recipe, the aspect ratio (width over depth), the head width, the number of KV
 * heads, the MLP ratio, the vocabulary and the sequence length. {@link #sized} picks the depth and
 * width that give a parameter count.
 *
 * <pre>{@code
 * ShapeFamily llamaLike = new ShapeFamily(Architecture.LLAMA, 128, 128, 8, 3.25, 128_256, 8_192, Precision.BF16);
 * TransformerSpec model = llamaLike.sized(70e9); // the depth and width of this family nearest 70B
 * }</pre>
 *
 * <h2>Maintainer notes</h2>
 * Width is a whole number of granules — head width × a head count that is a multiple of 8 (so
 * tensor parallelism up to 8 divides it) and of the KV heads; the MLP width is rounded to a multiple
 * of 128. Every depth and every width within 2× of aspect ratio × depth is tried (the granule is
 * coarse — 1,024 for 128-wide heads — so keeping the aspect ratio exactly would miss sizes by
 * 10%). Of the shapes within 1% of the wanted size, the one nearest the aspect ratio wins (ties:
 * the shallower); if none is within 1%, the nearest in size. Deterministic; a few thousand shapes
 * per call.
 *
 * @param architecture layer recipe
 * @param aspectRatio  hidden width over layers (Llama 3 405B: 16,384 / 126 = 130; 70B: 102)
 * @param headDim      width of one attention head
 * @param kvHeads      key/value heads (grouped-query attention), or 0 for multi-head attention
 *                     (as many KV heads as heads)
 * @param ffnRatio     MLP inner width over hidden width (4 for GPT; Llama 3 uses 3.25–3.5)
 * @param vocab        vocabulary size
 * @param seqLen       training sequence length, tokens
 * @param precision    precision of the matrix multiplications
 */
public record ShapeFamily(Architecture architecture, double aspectRatio, int headDim, int kvHeads, double ffnRatio,
                          int vocab, int seqLen, Precision precision) {

    /** Head counts are multiples of this (tensor parallelism of 1, 2, 4 or 8 divides them). */
    static final int HEAD_GRANULE = 8;
    /** MLP widths are multiples of this. */
    static final int FFN_GRANULE = 128;
    /** Shapes within this fraction of the wanted size count as the right size (then the aspect ratio decides). */
    static final double SIZE_TOLERANCE = 0.01;
    /** Deepest model considered. */
    static final int MAX_LAYERS = 1_024;

    public ShapeFamily {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(precision, "precision");
        if (!(aspectRatio > 0) || Double.isInfinite(aspectRatio)) {
            throw new IllegalArgumentException("aspect-ratio must be > 0, was " + aspectRatio);
        }
        if (headDim <= 0 || kvHeads < 0 || vocab <= 0 || seqLen <= 0) {
            throw new IllegalArgumentException("head-dim, vocab and seq-len must be > 0 and kv-heads >= 0");
        }
        if (!(ffnRatio > 0) || Double.isInfinite(ffnRatio)) {
            throw new IllegalArgumentException("ffn-ratio must be > 0, was " + ffnRatio);
        }
    }

    /**
     * The shape of this family whose parameter count is closest to {@code parameters}.
     *
     * @throws IllegalArgumentException if the wanted size is not positive
     */
    public TransformerSpec sized(double parameters) {
        if (!(parameters > 0) || Double.isInfinite(parameters)) {
            throw new IllegalArgumentException("parameter count must be > 0, was " + parameters);
        }
        int headGranule = kvHeads == 0 ? HEAD_GRANULE : ArithmeticUtils.lcm(HEAD_GRANULE, kvHeads);
        int widthGranule = headDim * headGranule;
        double closeEnough = Math.log(1 + SIZE_TOLERANCE);
        TransformerSpec nearest = null, truest = null; // nearest in size; nearest in aspect among those close enough
        double nearestDistance = Double.POSITIVE_INFINITY, nearestSkew = 0, truestSkew = Double.POSITIVE_INFINITY;
        for (int layers = 1; layers <= MAX_LAYERS; layers++) {
            long from = Math.max(1, (long) Math.ceil(aspectRatio * layers / 2 / widthGranule));
            long to = (long) Math.floor(aspectRatio * layers * 2 / widthGranule);
            if (from > to) {
                continue;
            }
            if (shape(layers, (int) Math.min(Integer.MAX_VALUE, from * widthGranule)).parameterCount()
                    > parameters * (1 + SIZE_TOLERANCE) * 2) {
                break; // deeper models are larger still, however narrow
            }
            for (long g = from; g <= to && g * widthGranule <= Integer.MAX_VALUE; g++) {
                int hidden = (int) (g * widthGranule);
                TransformerSpec spec = shape(layers, hidden);
                double distance = Math.abs(Math.log(spec.parameterCount() / parameters));
                double skew = Math.abs(Math.log(hidden / (aspectRatio * layers)));
                if (distance < nearestDistance || (distance == nearestDistance && skew < nearestSkew)) {
                    nearest = spec;
                    nearestDistance = distance;
                    nearestSkew = skew;
                }
                if (distance <= closeEnough && skew < truestSkew) {
                    truest = spec;
                    truestSkew = skew;
                }
                if (spec.parameterCount() > parameters * 2) {
                    break; // wider is larger still
                }
            }
        }
        if (nearest == null) {
            throw new IllegalArgumentException("no shape of this family (aspect ratio " + aspectRatio
                    + ", head width " + headDim + ") has a width within 2x of its aspect ratio");
        }
        return truest != null ? truest : nearest;
    }

    /** The family's shape at a given depth and width. */
    public TransformerSpec shape(int layers, int hidden) {
        int heads = hidden / headDim;
        int ffn = (int) Math.max(1, Math.round(ffnRatio * hidden / FFN_GRANULE)) * FFN_GRANULE;
        return TransformerSpec.builder().architecture(architecture).layers(layers).hidden(hidden).heads(heads)
                .kvHeads(kvHeads == 0 ? heads : kvHeads).ffnHidden(ffn).vocab(vocab).seqLen(seqLen)
                .precision(precision).build();
    }
}
