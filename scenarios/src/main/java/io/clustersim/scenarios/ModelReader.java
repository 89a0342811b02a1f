package io.clustersim.scenarios;

import io.clustersim.core.model.Architecture;
import io.clustersim.core.model.MlaSpec;
import io.clustersim.core.model.MoeSpec;
import io.clustersim.core.model.RopeScaling;
import io.clustersim.core.model.Routing;
import io.clustersim.core.model.TransformerSpec;
import io.clustersim.core.scaling.ShapeFamily;
import io.clustersim.core.scaling.TargetSizing;
import io.clustersim.topology.Precision;

import java.util.List;

/**
 * Reads {@code model.*}: a stated transformer shape (with MoE, MLA, MTP) or a shape family for the
 * target to size, with the Llama MLP-width rule and the stated parameter count checked.
 *
 * <pre>{@code
 * TargetSizing.ModelChoice choice = ModelReader.modelChoice(in);
 * }</pre>
 */
final class ModelReader {

    private ModelReader() {
    }

    /**
     * How far the parameter count derived from the shape may be from a stated {@code model.params}:
     * papers round, and count or omit biases, norms and position embeddings.
     */
    static final double PARAMS_TOLERANCE = 0.03;

    /** Keys that describe a shape family (a model sized by the tool) rather than a shape. */
    static final String[] FAMILY_KEYS = {"model.aspect-ratio", "model.head-dim", "model.ffn-ratio"};

    static TargetSizing.ModelChoice modelChoice(ConfigReader in) {
        boolean shape = in.has("model.layers") || in.has("model.hidden") || in.has("model.heads");
        if (!shape) {
            return family(in);
        }
        for (String key : FAMILY_KEYS) {
            if (in.has(key) && !key.equals("model.head-dim")) { // a stated shape may state its head width
                throw in.error(key, "describes a shape family, for a model the tool sizes; this model states its shape"
                        + " (layers, hidden, heads): remove one or the other");
            }
        }
        return TargetSizing.ModelChoice.fixed(model(in));
    }

    static TargetSizing.ModelChoice family(ConfigReader in) {
        if (!in.has("model.aspect-ratio")) {
            throw in.error("model.layers", "missing; give the shape (layers, hidden, heads), or a shape family "
                    + "(aspect-ratio, with head-dim, kv-heads, ffn-ratio) for the target to size");
        }
        if (in.has("model.moe")) {
            throw in.error("model.moe", "a shape family sizes dense models only; give a mixture-of-experts model's shape");
        }
        if (in.has("model.ffn-hidden")) {
            throw in.error("model.ffn-hidden", "a shape family gives the MLP width as ffn-ratio (ffn-hidden / hidden)");
        }
        for (String key : List.of("model.sliding-window", "model.global-every", "model.swiglu-clamp", "model.rope-scaling")) {
            if (in.has(key)) {
                throw in.error(key, "a shape family sizes plain models (full attention, plain SwiGLU and RoPE); give"
                        + " the shape to state " + key);
            }
        }
        Architecture architecture = in.read("model.architecture").choice(Architecture.class);
        if (architecture == Architecture.LLAMA && !in.has("model.ffn-ratio")) {
            throw in.errorAt("model.architecture", "model.ffn-ratio", "missing; a llama family states its MLP width over"
                    + " hidden, it is not 4: Llama's rule gives about 8/3 · multiplier, e.g. 2.69 for Llama 2 7B"
                    + " (11008 / 4096), 3.5 for Llama 3 70B (28672 / 8192)");
        }
        // ShapeFamily checks the ranges, naming the field; head-dim (128 in a family), kv-heads and ffn-ratio
        // are declared with defaults in words
        ShapeFamily family = new ShapeFamily(architecture, in.readUnranged("model.aspect-ratio").number(),
                in.readUnranged("model.head-dim").integer(128),
                in.readUnranged("model.kv-heads").integer(0), in.readUnranged("model.ffn-ratio").number(4.0),
                in.readUnranged("model.vocab").integer(), in.readUnranged("model.seq-len").integer(),
                in.read("model.precision").choice(Precision.class));
        if (in.has("model.params")) {
            return TargetSizing.ModelChoice.family(family, in.readUnranged("model.params").number());
        }
        return TargetSizing.ModelChoice.family(family);
    }

    /**
     * The most-loaded expert rank over the mean: {@code model.moe.imbalance}, or a capacity factor
     * (the expert buffers, and with token dropping the slowest expert's work, are that many times
     * the mean); 1 (balanced, as the published benchmarks force) when neither is given.
     */
    static double imbalance(ConfigReader in) {
        if (in.has("model.moe.imbalance") && in.has("model.moe.capacity-factor")) {
            throw in.error("model.moe.capacity-factor", "give the imbalance or the capacity factor, not both");
        }
        String key = in.has("model.moe.capacity-factor") ? "model.moe.capacity-factor" : "model.moe.imbalance";
        if (!in.has(key)) {
            return 1.0;
        }
        double v = in.readUnranged(key).number(); // the range explained: what the value is
        if (!(v >= 1) || !Double.isFinite(v)) {
            throw in.error(key, "must be >= 1 (the most-loaded expert over the mean), was " + v);
        }
        return v;
    }

    /**
     * Llama's MLP width for {@code hidden}: {@code m · ceil(floor(multiplier · floor(8/3 · hidden)) / m)}
     * (the reference implementation's {@code ffn_dim_multiplier} and {@code multiple_of}).
     */
    static int llamaFfnHidden(int hidden, double multiplier, int multipleOf) {
        long width = (long) (multiplier * (long) (2 * (4L * hidden) / 3));
        return (int) (multipleOf * ((width + multipleOf - 1) / multipleOf));
    }

    static TransformerSpec model(ConfigReader in) {
        // the model records (TransformerSpec, MoeSpec, MlaSpec) check the ranges, naming the field
        Architecture architecture = in.read("model.architecture").choice(Architecture.class);
        TransformerSpec.Builder b = TransformerSpec.builder()
                .architecture(architecture)
                .layers(in.readUnranged("model.layers").integer())
                .hidden(in.readUnranged("model.hidden").integer())
                .heads(in.readUnranged("model.heads").integer())
                .vocab(in.readUnranged("model.vocab").integer())
                .seqLen(in.readUnranged("model.seq-len").integer())
                .precision(in.read("model.precision").choice(Precision.class));
        if (in.has("model.kv-heads")) {
            b.kvHeads(in.readUnranged("model.kv-heads").integer());
        }
        if (in.has("model.ffn-hidden")) {
            b.ffnHidden(in.readUnranged("model.ffn-hidden").integer());
        } else if (architecture == Architecture.LLAMA) {
            // 4 × hidden (the GPT default) is never a Llama width: refuse rather than guess the rule's m and multiplier
            int hidden = in.readUnranged("model.hidden").integer();
            throw in.errorAt("model.architecture", "model.ffn-hidden", "missing; a llama model states its MLP width, it is"
                    + " not 4 × hidden: Llama's rule is ffn-hidden = m · ceil(floor(multiplier · floor(8/3 · hidden)) / m),"
                    + " e.g. " + llamaFfnHidden(hidden, 1, 256) + " for hidden " + hidden
                    + " with m = 256 and multiplier 1 (Llama 2), 28672 for hidden 8192 with m = 4096 and multiplier 1.3"
                    + " (Llama 3 70B)");
        }
        if (in.has("model.head-dim")) {
            b.headDim(in.readUnranged("model.head-dim").integer());
        }
        b.slidingWindow(in.readUnranged("model.sliding-window").integer(0))
                .globalEvery(in.readUnranged("model.global-every").integer())
                .swigluClamp(in.read("model.swiglu-clamp").number())
                .ropeScaling(in.read("model.rope-scaling").choice(RopeScaling.class));
        if (in.has("model.moe")) {
            String m = "model.moe.";
            b.moe(new MoeSpec(in.readUnranged(m + "experts").integer(), in.readUnranged(m + "top-k").integer(),
                    in.readUnranged(m + "shared-experts").integer(), in.readUnranged(m + "expert-ffn-hidden").integer(),
                    in.readUnranged(m + "every").integer(), in.readUnranged(m + "first-dense").integer(), imbalance(in),
                    in.readUnranged(m + "node-limit").integer(), in.read(m + "routing").choice(Routing.class),
                    in.read(m + "expert-bias").bool()));
        }
        if (in.has("model.mla")) {
            String m = "model.mla.";
            b.mla(new MlaSpec(in.readUnranged(m + "q-lora-rank").integer(), in.readUnranged(m + "kv-lora-rank").integer(),
                    in.readUnranged(m + "qk-nope-head-dim").integer(), in.readUnranged(m + "qk-rope-head-dim").integer(),
                    in.readUnranged(m + "v-head-dim").integer()));
        }
        b.mtpModules(in.readUnranged("model.mtp-modules").integer());
        TransformerSpec spec = b.build();
        if (in.has("model.params")) {
            double stated = in.read("model.params").number();
            double derived = spec.parameterCount();
            if (Math.abs(derived - stated) > PARAMS_TOLERANCE * stated) {
                throw in.error("model.params", String.format(java.util.Locale.ROOT,
                        "the shape gives %.4g parameters, %.1f%% off the stated %.4g; check layers, hidden, ffn-hidden, "
                                + "vocab and architecture", derived, 100 * (derived / stated - 1), stated));
            }
        }
        return spec;
    }
}
