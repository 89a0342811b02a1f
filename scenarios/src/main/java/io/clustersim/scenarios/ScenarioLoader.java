package io.clustersim.scenarios;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import io.clustersim.core.InfeasibleScenarioException;
import io.clustersim.core.Scenario;
import io.clustersim.core.model.Architecture;
import io.clustersim.core.model.MoeSpec;
import io.clustersim.core.model.ParallelismPlan;
import io.clustersim.core.model.Recompute;
import io.clustersim.core.model.SoftwareSpec;
import io.clustersim.core.model.TransformerSpec;
import io.clustersim.core.plan.Deadline;
import io.clustersim.core.plan.SearchSpace;
import io.clustersim.core.run.CheckpointSpec;
import io.clustersim.core.run.CheckpointStorage;
import io.clustersim.core.run.FailureClass;
import io.clustersim.core.run.FailureClass.Effect;
import io.clustersim.core.run.FailureClass.Lifetime;
import io.clustersim.core.run.FailureClass.RepairTime;
import io.clustersim.core.run.FailureClass.Scope;
import io.clustersim.core.run.FailureSpec;
import io.clustersim.core.run.StragglerSpec;
import io.clustersim.core.run.TrainingTarget;
import io.clustersim.core.scaling.Goal;
import io.clustersim.core.scaling.ScalingLaw;
import io.clustersim.core.scaling.ShapeFamily;
import io.clustersim.core.scaling.TargetSizing;
import io.clustersim.topology.ChipCatalog;
import io.clustersim.topology.ChipFamily;
import io.clustersim.topology.ChipSpec;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.Precision;
import io.clustersim.topology.ScaleOutFabric;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Reads scenario files (HOCON; JSON is valid HOCON) into {@link Scenario}s. Every mistake becomes a
 * {@link ScenarioException} whose message is one line naming file, line and key. The format is
 * documented in the README ("Scenario format").
 *
 * <pre>{@code
 * LoadedScenario loaded = ScenarioLoader.load(Path.of("scenarios/examples/gpt3-175b-a100.conf"));
 * Report report = sim.run(loaded.scenario());
 * }</pre>
 */
public final class ScenarioLoader {

    /** Every key a scenario may set (dotted leaf paths). */
    static final Set<String> KEYS = Set.of(
            "name", "seed", "trials",
            "model.architecture", "model.layers", "model.hidden", "model.heads", "model.kv-heads",
            "model.ffn-hidden", "model.vocab", "model.seq-len", "model.precision", "model.params",
            "model.moe.experts", "model.moe.top-k", "model.moe.shared-experts", "model.moe.expert-ffn-hidden",
            "model.moe.every", "model.aspect-ratio", "model.head-dim", "model.ffn-ratio",
            "target.tokens", "target.compute", "target.loss", "target.tokens-per-parameter", "target.scaling-law",
            "target.global-batch", "target.deadline", "target.confidence", "target.min-chips", "target.chips-step",
            "fleet.chip", "fleet.chips", "fleet.chips-per-node", "fleet.scale-up-domain",
            "fleet.chip-overrides.name", "fleet.chip-overrides.family", "fleet.chip-overrides.bf16-flops",
            "fleet.chip-overrides.fp8-flops", "fleet.chip-overrides.hbm", "fleet.chip-overrides.hbm-bandwidth",
            "fleet.chip-overrides.scale-up-bandwidth", "fleet.chip-overrides.scale-up-domain",
            "fleet.chip-overrides.scale-out-bandwidth", "fleet.chip-overrides.tdp",
            "fleet.scale-out.bandwidth-per-chip", "fleet.scale-out.hop-latency", "fleet.scale-out.pod-chips",
            "fleet.scale-out.spine-oversubscription",
            "parallelism", "parallelism.search", "parallelism.tp", "parallelism.pp", "parallelism.dp", "parallelism.micro-batch",
            "parallelism.global-batch", "parallelism.cp", "parallelism.ep", "parallelism.virtual-stages",
            "parallelism.sequence-parallel", "parallelism.zero-stage", "parallelism.recompute",
            "software.flash-attention", "software.overlap-grad-reduce", "software.overlap-tp-backward",
            "validation.source", "validation.published-tflops-per-chip", "validation.published-mfu", "validation.mfu-convention",
            "validation.published-days",
            "failures.rate-per-1000-node-days", "failures.rate-per-chip-hour", "failures.detection",
            "failures.restart", "failures.cause", "failures.mix", "failures.repair-median", "failures.repair-sigma",
            "failures.spares.per-datacenter", "failures.spares.when-exhausted",
            "failures.maintenance.interval", "failures.maintenance.duration",
            "checkpoint.interval", "checkpoint.write", "checkpoint.restore",
            "checkpoint.storage.chip-write-bandwidth", "checkpoint.storage.write-bandwidth",
            "checkpoint.storage.chip-read-bandwidth", "checkpoint.storage.read-bandwidth",
            "checkpoint.mode", "checkpoint.snapshot", "checkpoint.peer-replica", "checkpoint.peer-restore",
            "stragglers.probability", "stragglers.mean-slowdown", "stragglers.distribution", "stragglers.sigma");

    /** Keys of one failure class, {@code failures.<class>.<key>}, for each of {@link FailureSpec#CLASS_NAMES}. */
    static final List<String> CLASS_KEYS = List.of("rate-per-1000-node-days", "rate-per-component-hour",
            "distribution", "shape", "fleet", "repair-median", "repair-sigma");

    /** Every key, the per-class ones included. */
    static final Set<String> ALL_KEYS = allKeys();

    private static Set<String> allKeys() {
        Set<String> all = new TreeSet<>(KEYS);
        for (String name : FailureSpec.CLASS_NAMES) {
            for (String key : CLASS_KEYS) {
                all.add("failures." + name + "." + key);
            }
        }
        return Set.copyOf(all);
    }

    /**
     * How far the parameter count derived from the shape may be from a stated {@code model.params}:
     * papers round, and count or omit biases, norms and position embeddings.
     */
    static final double PARAMS_TOLERANCE = 0.03;

    /** Chips per server when a scenario does not say (HGX-class servers). */
    static final int DEFAULT_CHIPS_PER_NODE = 8;

    private ScenarioLoader() {
    }

    /** Reads and validates a scenario file. */
    public static LoadedScenario load(Path file) {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ScenarioException(name, 0, "", "cannot read the file: " + e.getMessage());
        }
        return parse(text, name);
    }

    /** Reads a scenario from text; {@code fileName} is used in messages. */
    public static LoadedScenario parse(String text, String fileName) {
        Config config;
        try {
            config = ConfigFactory.parseString(text, ConfigParseOptions.defaults()
                            .setSyntax(ConfigSyntax.CONF).setOriginDescription(fileName).setAllowMissing(false))
                    .resolve();
        } catch (ConfigException e) {
            int line = e.origin() == null ? 0 : e.origin().lineNumber();
            String message = e.getMessage();
            // Typesafe Config prefixes "origin: line: "; keep only what is wrong.
            int cut = message.indexOf(": ", message.indexOf(": ") + 1);
            throw new ScenarioException(fileName, line, "", "cannot parse: "
                    + (cut > 0 && line > 0 ? message.substring(cut + 2) : message));
        }
        ConfigReader in = new ConfigReader(config, fileName);
        in.rejectUnknownKeys(ALL_KEYS);
        int trials = in.integer("trials", 100);
        if (trials <= 0) {
            throw in.error("trials", "must be > 0, was " + trials);
        }
        TargetSizing.Sized sized = section(in, "target", () -> modelAndTarget(in));
        boolean search = isSearch(in);
        Scenario scenario = new Scenario(
                in.string("name", fileStem(fileName)),
                in.longInteger("seed"),
                trials,
                sized.model(),
                sized.target(),
                section(in, "fleet", () -> cluster(in)),
                search ? null : section(in, "parallelism", () -> parallelism(in)),
                section(in, "failures", () -> failures(in)),
                section(in, "checkpoint", () -> checkpoint(in)),
                section(in, "software", () -> new SoftwareSpec(in.bool("software.flash-attention", true),
                        in.bool("software.overlap-grad-reduce", true), in.bool("software.overlap-tp-backward", true))),
                section(in, "stragglers", () -> stragglers(in)),
                search ? section(in, "parallelism", () -> searchSpace(in)) : null);
        return new LoadedScenario(scenario, in);
    }

    /** Builds a section, turning a constructor's complaint into a located error. */
    private static <T> T section(ConfigReader in, String key, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw in.error(key, e.getMessage());
        }
    }

    /** Keys that describe a shape family (a model sized by the tool) rather than a shape. */
    private static final String[] FAMILY_KEYS = {"model.aspect-ratio", "model.head-dim", "model.ffn-ratio"};

    /**
     * The model and the target together: the target may size the model (a shape family without
     * layers, hidden and heads) and always sizes the data, through the scenario's scaling law.
     */
    private static TargetSizing.Sized modelAndTarget(ConfigReader in) {
        TargetSizing.ModelChoice choice = section(in, "model", () -> modelChoice(in));
        ScalingLaw law = scalingLaw(in);
        Goal goal = goal(in);
        TargetSizing.Sized sized;
        try {
            sized = TargetSizing.size(choice, goal, law);
        } catch (InfeasibleScenarioException e) {
            throw in.error(e.problems().get(0).key(), e.problems().get(0).message());
        }
        Deadline deadline = deadline(in);
        return deadline == null ? sized : new TargetSizing.Sized(sized.model(), sized.target().withDeadline(deadline));
    }

    private static TargetSizing.ModelChoice modelChoice(ConfigReader in) {
        boolean shape = in.has("model.layers") || in.has("model.hidden") || in.has("model.heads");
        if (!shape) {
            return family(in);
        }
        for (String key : FAMILY_KEYS) {
            if (in.has(key)) {
                throw in.error(key, "describes a shape family, for a model the tool sizes; this model states its shape"
                        + " (layers, hidden, heads): remove one or the other");
            }
        }
        return TargetSizing.ModelChoice.fixed(model(in));
    }

    private static TargetSizing.ModelChoice family(ConfigReader in) {
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
        Architecture architecture = in.enumValue("model.architecture", Architecture.class, Architecture.GPT);
        ShapeFamily family = new ShapeFamily(architecture, in.number("model.aspect-ratio"),
                in.integer("model.head-dim", 128), in.integer("model.kv-heads", 0), in.number("model.ffn-ratio", 4.0),
                in.integer("model.vocab"), in.integer("model.seq-len"),
                in.enumValue("model.precision", Precision.class, Precision.BF16));
        if (in.has("model.params")) {
            return TargetSizing.ModelChoice.family(family, in.number("model.params"));
        }
        return TargetSizing.ModelChoice.family(family);
    }

    private static ScalingLaw scalingLaw(ConfigReader in) {
        if (!in.has("target.scaling-law")) {
            return ScalingLaw.DEFAULT;
        }
        String id = in.string("target.scaling-law");
        return ScalingLaw.find(id).orElseThrow(() -> in.error("target.scaling-law", "unknown law \"" + id
                + "\"; expected chinchilla (Hoffmann et al. 2022, approach 3) or epoch-2024 (Besiroglu et al. 2024)"));
    }

    /** Exactly one of tokens, compute, loss, tokens-per-parameter (which may come with compute). */
    private static Goal goal(ConfigReader in) {
        String[] keys = {"target.tokens", "target.compute", "target.loss", "target.tokens-per-parameter"};
        java.util.List<String> given = new java.util.ArrayList<>();
        for (String key : keys) {
            if (in.has(key)) {
                given.add(key);
            }
        }
        boolean ratioWithBudget = given.equals(java.util.List.of("target.compute", "target.tokens-per-parameter"));
        if (given.isEmpty()) {
            throw in.error("target.tokens", "missing; state the target as tokens, compute (a FLOPs budget), loss or "
                    + "tokens-per-parameter");
        }
        if (given.size() > 1 && !ratioWithBudget) {
            throw in.error(given.get(1), "the target is already stated as " + given.get(0).substring("target.".length())
                    + "; give one of tokens, compute, loss, tokens-per-parameter (the last may come with compute)");
        }
        String key = ratioWithBudget ? "target.tokens-per-parameter" : given.get(0);
        double value = in.number(key);
        if (!(value > 0) || Double.isInfinite(value)) {
            throw in.error(key, "must be > 0, was " + in.string(key));
        }
        return switch (key) {
            case "target.tokens" -> Goal.tokens(value);
            case "target.compute" -> Goal.compute(value);
            case "target.loss" -> Goal.loss(value);
            default -> ratioWithBudget ? Goal.tokensPerParameter(value, positiveNumber(in, "target.compute"))
                    : Goal.tokensPerParameter(value);
        };
    }

    private static Deadline deadline(ConfigReader in) {
        if (!in.has("target.deadline")) {
            for (String key : new String[] {"target.confidence", "target.min-chips", "target.chips-step"}) {
                if (in.has(key)) {
                    throw in.error(key, "only with a deadline (target.deadline)");
                }
            }
            return null;
        }
        double seconds = in.seconds("target.deadline");
        double confidence = in.number("target.confidence", 0.9);
        if (!(confidence > 0 && confidence < 1)) {
            throw in.error("target.confidence", "must be a fraction in (0, 1), e.g. 0.9 for P90; was " + confidence);
        }
        if (!(seconds > 0)) {
            throw in.error("target.deadline", "must be > 0");
        }
        return new Deadline(seconds / 86_400, confidence, nonNegativeCount(in, "target.min-chips"),
                nonNegativeCount(in, "target.chips-step"));
    }

    private static double positiveNumber(ConfigReader in, String key) {
        double v = in.number(key);
        if (!(v > 0) || Double.isInfinite(v)) {
            throw in.error(key, "must be > 0, was " + in.string(key));
        }
        return v;
    }

    private static int nonNegativeCount(ConfigReader in, String key) {
        int v = in.integer(key, 0);
        if (v < 0) {
            throw in.error(key, "must be >= 0, was " + v);
        }
        return v;
    }

    private static int positive(ConfigReader in, String key, int value) {
        if (value <= 0) {
            throw in.error(key, "must be > 0, was " + value);
        }
        return value;
    }

    /**
     * Whether the plan is searched: {@code parallelism = search}, or a parallelism section with
     * {@code search = true} (whose other keys then fix those dimensions).
     */
    private static boolean isSearch(ConfigReader in) {
        if (in.isObject("parallelism")) {
            return in.bool("parallelism.search", false);
        }
        if (!in.has("parallelism")) {
            throw in.error("parallelism", "missing; state a plan (parallelism { tp, pp, dp, ... }) or say parallelism = search");
        }
        String value = in.string("parallelism");
        if (!value.equals("search")) {
            throw in.error("parallelism", "expected a plan (parallelism { tp, pp, dp, ... }) or the word search, got \""
                    + value + "\"");
        }
        if (!in.has("target.global-batch")) {
            throw in.error("parallelism", "a searched plan needs the global batch (sequences per step) as "
                    + "target.global-batch: the search keeps it fixed");
        }
        return true;
    }

    /** The search space: the global batch, and any dimension a parallelism section fixes. */
    private static SearchSpace searchSpace(ConfigReader in) {
        if (!in.isObject("parallelism")) {
            return new SearchSpace(positive(in, "target.global-batch", in.integer("target.global-batch")));
        }
        String p = "parallelism.";
        SearchSpace.Builder b = SearchSpace.builder(positive(in, p + "global-batch", globalBatch(in)));
        b.tp(fixed(in, p + "tp")).cp(fixed(in, p + "cp")).pp(fixed(in, p + "pp")).dp(fixed(in, p + "dp"))
                .ep(fixed(in, p + "ep")).virtualStages(fixed(in, p + "virtual-stages"))
                .microBatch(fixed(in, p + "micro-batch")).zeroStage(fixed(in, p + "zero-stage"));
        if (in.has(p + "sequence-parallel")) {
            b.sequenceParallel(in.bool(p + "sequence-parallel", false));
        }
        if (in.has(p + "recompute")) {
            b.recompute(in.enumValue(p + "recompute", Recompute.class, Recompute.NONE));
        }
        return b.build();
    }

    /** A dimension a searched plan fixes, or null. */
    private static Integer fixed(ConfigReader in, String key) {
        if (!in.has(key)) {
            return null;
        }
        int v = in.integer(key);
        if (v < (key.endsWith("zero-stage") ? 0 : 1)) {
            throw in.error(key, "must be " + (key.endsWith("zero-stage") ? ">= 0" : "> 0") + ", was " + v);
        }
        return v;
    }

    private static TransformerSpec model(ConfigReader in) {
        TransformerSpec.Builder b = TransformerSpec.builder()
                .architecture(in.enumValue("model.architecture", Architecture.class, Architecture.GPT))
                .layers(in.integer("model.layers"))
                .hidden(in.integer("model.hidden"))
                .heads(in.integer("model.heads"))
                .vocab(in.integer("model.vocab"))
                .seqLen(in.integer("model.seq-len"))
                .precision(in.enumValue("model.precision", Precision.class, Precision.BF16));
        if (in.has("model.kv-heads")) {
            b.kvHeads(in.integer("model.kv-heads"));
        }
        if (in.has("model.ffn-hidden")) {
            b.ffnHidden(in.integer("model.ffn-hidden"));
        }
        if (in.has("model.moe")) {
            b.moe(new MoeSpec(in.integer("model.moe.experts"), in.integer("model.moe.top-k"),
                    in.integer("model.moe.shared-experts", 0), in.integer("model.moe.expert-ffn-hidden"),
                    in.integer("model.moe.every", 1)));
        }
        TransformerSpec spec = b.build();
        if (in.has("model.params")) {
            double stated = in.number("model.params");
            double derived = spec.parameterCount();
            if (Math.abs(derived - stated) > PARAMS_TOLERANCE * stated) {
                throw in.error("model.params", String.format(java.util.Locale.ROOT,
                        "the shape gives %.4g parameters, %.1f%% off the stated %.4g; check layers, hidden, ffn-hidden, "
                                + "vocab and architecture", derived, 100 * (derived / stated - 1), stated));
            }
        }
        return spec;
    }

    private static ClusterSpec cluster(ConfigReader in) {
        String id = in.string("fleet.chip");
        ChipSpec chip = in.has("fleet.chip-overrides") && id.equals("custom") ? null
                : ChipCatalog.standard().find(id).orElseThrow(() -> in.error("fleet.chip",
                        "unknown chip \"" + id + "\"; `clustersim catalog` lists the known ones, or say chip = custom"
                                + " and give every field in fleet.chip-overrides"));
        if (in.has("fleet.chip-overrides")) {
            chip = chipOverrides(in, chip);
        }
        int chips = in.integer("fleet.chips");
        ScaleOutFabric fabric = new ScaleOutFabric(
                in.has("fleet.scale-out.bandwidth-per-chip") ? in.bitsPerSecond("fleet.scale-out.bandwidth-per-chip")
                        : chip.scaleOutBitsPerSecond(),
                in.seconds("fleet.scale-out.hop-latency", 1.0e-6),
                in.integer("fleet.scale-out.pod-chips", Math.max(1, chips)),
                in.number("fleet.scale-out.spine-oversubscription", 1.0));
        return new ClusterSpec(chip, chips, in.integer("fleet.chips-per-node", DEFAULT_CHIPS_PER_NODE),
                in.integer("fleet.scale-up-domain", chip.scaleUpDomainChips()), fabric);
    }

    /**
     * A catalog chip with some fields replaced, or (base {@code null}, {@code chip = custom}) a chip
     * defined entirely in the scenario. Every field set here is marked unverified.
     */
    private static ChipSpec chipOverrides(ConfigReader in, ChipSpec base) {
        Set<String> unverified = new TreeSet<>(base == null ? Set.of() : base.unverifiedFields());
        String name;
        if (in.has(OVERRIDES + "name")) {
            name = in.string(OVERRIDES + "name");
            unverified.add("displayName");
        } else if (base == null) {
            throw in.error(OVERRIDES + "name", "missing; a custom chip (chip = custom) needs every field");
        } else {
            name = base.displayName() + " (modified)";
        }
        boolean custom = base == null;
        double bf16 = override(in, "bf16-flops", "peakBf16FlopsPerSecond", custom ? null : base.peakBf16FlopsPerSecond(),
                in::number, unverified);
        double fp8 = override(in, "fp8-flops", "peakFp8FlopsPerSecond", custom ? 0.0 : base.peakFp8FlopsPerSecond(),
                in::number, unverified);
        double hbm = override(in, "hbm", "hbmBytes", custom ? null : (double) base.hbmBytes(), in::bytes, unverified);
        double hbmBandwidth = override(in, "hbm-bandwidth", "hbmBytesPerSecond", custom ? null : base.hbmBytesPerSecond(),
                in::bytesPerSecond, unverified);
        double up = override(in, "scale-up-bandwidth", "scaleUpBytesPerSecond",
                custom ? null : base.scaleUpBytesPerSecond(), in::bytesPerSecond, unverified);
        double domain = override(in, "scale-up-domain", "scaleUpDomainChips",
                custom ? null : (double) base.scaleUpDomainChips(), in::integer, unverified);
        double out = override(in, "scale-out-bandwidth", "scaleOutBitsPerSecond",
                custom ? null : base.scaleOutBitsPerSecond(), in::bitsPerSecond, unverified);
        double tdp = override(in, "tdp", "tdpWatts", custom ? null : base.tdpWatts(), in::number, unverified);
        ChipFamily family = in.enumValue(OVERRIDES + "family", ChipFamily.class, custom ? ChipFamily.OTHER : base.family());
        try {
            return new ChipSpec(custom ? "custom" : base.id(), name, family, bf16, fp8, Math.round(hbm), hbmBandwidth, up,
                    (int) domain, out, tdp, custom ? "defined in the scenario" : base.source() + "; overridden in the scenario",
                    unverified);
        } catch (IllegalArgumentException e) {
            throw in.error("fleet.chip-overrides", e.getMessage());
        }
    }

    private static final String OVERRIDES = "fleet.chip-overrides.";

    /** The overridden value of one chip field, or {@code current}; a custom chip has no current value. */
    private static double override(ConfigReader in, String key, String component, Double current,
                                   java.util.function.ToDoubleFunction<String> read, Set<String> unverified) {
        String path = OVERRIDES + key;
        if (in.has(path)) {
            unverified.add(component);
            return read.applyAsDouble(path);
        }
        if (current == null) {
            throw in.error(path, "missing; a custom chip (chip = custom) needs every field");
        }
        return current;
    }

    private static ParallelismPlan parallelism(ConfigReader in) {
        if (!in.has("parallelism.dp")) {
            throw in.error("parallelism.dp", "missing; this key is required (or say search = true to search the plan)");
        }
        int tp = in.integer("parallelism.tp", 1);
        return ParallelismPlan.builder()
                .tp(tp).pp(in.integer("parallelism.pp", 1)).dp(in.integer("parallelism.dp"))
                .cp(in.integer("parallelism.cp", 1)).ep(in.integer("parallelism.ep", 1))
                .virtualStages(in.integer("parallelism.virtual-stages", 1))
                .microBatch(in.integer("parallelism.micro-batch", 1))
                .globalBatch(globalBatch(in))
                .sequenceParallel(in.bool("parallelism.sequence-parallel", false))
                .zeroStage(in.integer("parallelism.zero-stage", 0))
                .recompute(in.enumValue("parallelism.recompute", Recompute.class, Recompute.NONE))
                .build();
    }

    /** A stated plan's global batch: parallelism.global-batch, or target.global-batch (both must agree). */
    private static int globalBatch(ConfigReader in) {
        if (in.has("parallelism.global-batch") && in.has("target.global-batch")
                && in.integer("parallelism.global-batch") != in.integer("target.global-batch")) {
            throw in.error("parallelism.global-batch", "differs from target.global-batch (" + in.integer("target.global-batch")
                    + "); give it once");
        }
        return in.has("parallelism.global-batch") || !in.has("target.global-batch")
                ? in.integer("parallelism.global-batch") : in.integer("target.global-batch");
    }

    private static FailureSpec failures(ConfigReader in) {
        if (!in.has("failures")) {
            return FailureSpec.none();
        }
        int chipsPerNode = in.integer("fleet.chips-per-node", DEFAULT_CHIPS_PER_NODE);
        if (in.has("failures.rate-per-1000-node-days") && in.has("failures.rate-per-chip-hour")) {
            throw in.error("failures.rate-per-chip-hour", "give either rate-per-1000-node-days or rate-per-chip-hour, not both");
        }
        Double per1000NodeDays = null;
        if (in.has("failures.rate-per-chip-hour")) {
            per1000NodeDays = in.number("failures.rate-per-chip-hour") * 1000 * 24 * chipsPerNode;
        } else if (in.has("failures.rate-per-1000-node-days")) {
            per1000NodeDays = in.number("failures.rate-per-1000-node-days");
        }
        if (per1000NodeDays != null && !(per1000NodeDays >= 0)) {
            throw in.error(in.has("failures.rate-per-chip-hour") ? "failures.rate-per-chip-hour"
                    : "failures.rate-per-1000-node-days", "must be >= 0");
        }
        List<FailureClass> classes = new ArrayList<>();
        String mix = in.string("failures.mix", "none");
        if (mix.equals("llama3")) {
            if (in.has("failures.cause")) {
                throw in.error("failures.cause", "a mix names its own causes; cause goes with a single rate only");
            }
            classes.addAll(FailureSpec.llama3Classes(per1000NodeDays != null ? per1000NodeDays
                    : FailureSpec.LLAMA3_PER_1000_NODE_DAYS, chipsPerNode));
        } else if (!mix.equals("none")) {
            throw in.error("failures.mix", "unknown mix \"" + mix + "\"; expected llama3 or none");
        } else if (per1000NodeDays != null) {
            double perChipHour = in.has("failures.rate-per-chip-hour") ? in.number("failures.rate-per-chip-hour")
                    : FailureSpec.perChipHourFromPer1000NodeDays(per1000NodeDays, chipsPerNode);
            if (perChipHour > 0) {
                classes.add(new FailureClass(in.string("failures.cause", "hardware"), Scope.CHIP, 1, perChipHour,
                        Lifetime.EXPONENTIAL, Effect.REPLACE_NODE, null));
            }
        }
        RepairTime defaultRepair = repair(in, "failures.", null);
        for (String name : FailureSpec.CLASS_NAMES) {
            String prefix = "failures." + name + ".";
            if (!in.has("failures." + name)) {
                continue;
            }
            int index = -1;
            for (int i = 0; i < classes.size(); i++) {
                if (classes.get(i).cause().equals(name)) {
                    index = i;
                }
            }
            FailureClass c = index >= 0 ? classes.get(index) : newClass(in, name);
            RepairTime repair = repair(in, prefix, defaultRepair);
            if (repair != null) {
                c = c.withRepair(repair);
            }
            c = classOverrides(in, prefix, c, chipsPerNode);
            if (index >= 0) {
                classes.set(index, c);
            } else {
                classes.add(c);
            }
        }
        if (defaultRepair != null) {
            classes.replaceAll(c -> c.repair() == null ? c.withRepair(defaultRepair) : c);
        }
        FailureSpec.Spares spares = FailureSpec.Spares.UNLIMITED;
        if (in.has("failures.spares")) {
            int perDc = in.integer("failures.spares.per-datacenter");
            if (perDc < 0) {
                throw in.error("failures.spares.per-datacenter", "must be >= 0, was " + perDc);
            }
            String policy = in.string("failures.spares.when-exhausted", "wait");
            if (!policy.equals("wait") && !policy.equals("shrink")) {
                throw in.error("failures.spares.when-exhausted", "unknown value \"" + policy + "\"; expected wait or shrink");
            }
            spares = new FailureSpec.Spares(perDc, policy.equals("shrink"));
            for (FailureClass c : classes) {
                if (c.effect() == Effect.REPLACE_NODE && c.ratePerComponentHour() > 0 && c.repair() == null) {
                    throw in.error("failures.spares", "with a limited spare pool failed nodes must come back from repair:"
                            + " give failures.repair-median and failures.repair-sigma (or per class, e.g. failures."
                            + c.cause() + ".repair-median)");
                }
            }
        }
        FailureSpec.Maintenance maintenance = null;
        if (in.has("failures.maintenance")) {
            try {
                maintenance = new FailureSpec.Maintenance(in.seconds("failures.maintenance.interval"),
                        in.seconds("failures.maintenance.duration", 0));
            } catch (IllegalArgumentException e) {
                throw in.error("failures.maintenance", e.getMessage());
            }
        }
        if (classes.isEmpty() && maintenance == null) {
            throw in.error("failures", "no failure rate: give rate-per-1000-node-days or rate-per-chip-hour, mix = llama3,"
                    + " or a class (e.g. failures.accelerator.rate-per-1000-node-days)");
        }
        return new FailureSpec(classes, in.seconds("failures.detection", 0), in.seconds("failures.restart", 0), spares,
                maintenance);
    }

    /** A class the mix does not have: its scope and effect come with its name. */
    private static FailureClass newClass(ConfigReader in, String name) {
        String prefix = "failures." + name + ".";
        if (!in.has(prefix + "rate-per-1000-node-days") && !in.has(prefix + "rate-per-component-hour")) {
            throw in.error("failures." + name, "missing a rate: give rate-per-1000-node-days or rate-per-component-hour");
        }
        Scope scope = switch (name) {
            case "host", "software" -> Scope.NODE;
            case "power" -> Scope.DATACENTER;
            default -> Scope.CHIP;
        };
        Effect effect = switch (name) {
            case "software" -> Effect.RESTART;
            case "power" -> Effect.OUTAGE;
            default -> Effect.REPLACE_NODE;
        };
        return new FailureClass(name, scope, 1, 0, Lifetime.EXPONENTIAL, effect, null);
    }

    private static FailureClass classOverrides(ConfigReader in, String prefix, FailureClass c, int chipsPerNode) {
        if (in.has(prefix + "rate-per-1000-node-days") && in.has(prefix + "rate-per-component-hour")) {
            throw in.error(prefix + "rate-per-component-hour", "give either rate-per-1000-node-days or rate-per-component-hour, not both");
        }
        if (in.has(prefix + "rate-per-component-hour")) {
            c = c.withRate(nonNegative(in, prefix + "rate-per-component-hour"));
        } else if (in.has(prefix + "rate-per-1000-node-days")) {
            // the class's failures per 1,000 node-days, spread over its components
            double perNodeHour = nonNegative(in, prefix + "rate-per-1000-node-days") / 1000 / 24;
            c = c.withRate(switch (c.scope()) {
                case CHIP -> perNodeHour / chipsPerNode / c.perUnit();
                case NODE -> perNodeHour / c.perUnit();
                case DATACENTER -> {
                    int nodes = in.integer("fleet.chips") / chipsPerNode;
                    yield perNodeHour * nodes / c.perUnit();
                }
            });
        }
        String distribution = in.string(prefix + "distribution", in.has(prefix + "shape") ? "weibull" : "exponential");
        if (distribution.equals("weibull")) {
            double shape = in.number(prefix + "shape");
            String fleet = in.string(prefix + "fleet", "steady");
            if (!fleet.equals("steady") && !fleet.equals("new")) {
                throw in.error(prefix + "fleet", "unknown value \"" + fleet + "\"; expected steady or new");
            }
            try {
                c = c.withLifetime(Lifetime.weibull(shape, fleet.equals("new")));
            } catch (IllegalArgumentException e) {
                throw in.error(prefix + "shape", e.getMessage());
            }
        } else if (distribution.equals("exponential")) {
            if (in.has(prefix + "shape") || in.has(prefix + "fleet")) {
                throw in.error(prefix + (in.has(prefix + "shape") ? "shape" : "fleet"),
                        "only a Weibull distribution has a shape and a fleet age; say distribution = weibull");
            }
            c = c.withLifetime(Lifetime.EXPONENTIAL);
        } else {
            throw in.error(prefix + "distribution", "unknown value \"" + distribution + "\"; expected exponential or weibull");
        }
        return c;
    }

    private static double nonNegative(ConfigReader in, String key) {
        double v = in.number(key);
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw in.error(key, "must be >= 0, was " + v);
        }
        return v;
    }

    /** A lognormal repair time under {@code prefix}, or {@code fallback} when none is given. */
    private static RepairTime repair(ConfigReader in, String prefix, RepairTime fallback) {
        boolean median = in.has(prefix + "repair-median");
        boolean sigma = in.has(prefix + "repair-sigma");
        if (!median && !sigma) {
            return fallback;
        }
        if (!median) {
            throw in.error(prefix + "repair-sigma", "a repair time needs repair-median too");
        }
        double s = sigma ? in.number(prefix + "repair-sigma") : fallback != null ? fallback.sigma() : -1;
        if (s < 0) {
            throw in.error(prefix + "repair-median", "a lognormal repair time needs repair-sigma too (0 for a fixed time)");
        }
        try {
            return new RepairTime(in.seconds(prefix + "repair-median"), s);
        } catch (IllegalArgumentException e) {
            throw in.error(prefix + "repair-median", e.getMessage());
        }
    }

    private static CheckpointSpec checkpoint(ConfigReader in) {
        if (!in.has("checkpoint")) {
            return CheckpointSpec.none();
        }
        double write = in.seconds("checkpoint.write", 0);
        double restore = in.seconds("checkpoint.restore", 0);
        CheckpointSpec spec = "auto".equals(in.string("checkpoint.interval")) ? CheckpointSpec.auto(write, restore)
                : new CheckpointSpec(in.seconds("checkpoint.interval"), write, restore);
        String mode = in.string("checkpoint.mode", "sync");
        if (mode.equals("async")) {
            boolean peer = in.bool("checkpoint.peer-replica", false);
            if (peer && !in.has("checkpoint.peer-restore")) {
                throw in.error("checkpoint.peer-replica", "say how long a restore from peer memory takes: checkpoint.peer-restore");
            }
            spec = spec.asynchronous(in.seconds("checkpoint.snapshot"), peer, in.seconds("checkpoint.peer-restore", 0));
        } else if (mode.equals("sync")) {
            for (String key : List.of("checkpoint.snapshot", "checkpoint.peer-replica", "checkpoint.peer-restore")) {
                if (in.has(key)) {
                    throw in.error(key, "only an asynchronous checkpoint has this; say checkpoint.mode = async");
                }
            }
        } else {
            throw in.error("checkpoint.mode", "unknown value \"" + mode + "\"; expected sync or async");
        }
        if (!in.has("checkpoint.storage")) {
            return spec;
        }
        if (in.has("checkpoint.write") || in.has("checkpoint.restore")) {
            throw in.error("checkpoint.storage", "give either write and restore times or the storage they follow from, not both");
        }
        String s = "checkpoint.storage.";
        return spec.withStorage(new CheckpointStorage(in.bytesPerSecond(s + "chip-write-bandwidth"),
                in.bytesPerSecond(s + "write-bandwidth"),
                in.has(s + "chip-read-bandwidth") ? in.bytesPerSecond(s + "chip-read-bandwidth") : in.bytesPerSecond(s + "chip-write-bandwidth"),
                in.has(s + "read-bandwidth") ? in.bytesPerSecond(s + "read-bandwidth") : in.bytesPerSecond(s + "write-bandwidth")));
    }

    private static StragglerSpec stragglers(ConfigReader in) {
        if (!in.has("stragglers")) {
            return StragglerSpec.none();
        }
        double p = in.number("stragglers.probability");
        double mean = in.number("stragglers.mean-slowdown");
        String distribution = in.string("stragglers.distribution", "exponential");
        if (distribution.equals("lognormal")) {
            return StragglerSpec.lognormal(p, mean, in.number("stragglers.sigma"));
        }
        if (!distribution.equals("exponential")) {
            throw in.error("stragglers.distribution", "unknown value \"" + distribution + "\"; expected exponential or lognormal");
        }
        if (in.has("stragglers.sigma")) {
            throw in.error("stragglers.sigma", "only a lognormal slowdown has a sigma; say distribution = lognormal");
        }
        return StragglerSpec.exponential(p, mean);
    }

    private static String fileStem(String fileName) {
        String base = Path.of(fileName).getFileName().toString();
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }
}
