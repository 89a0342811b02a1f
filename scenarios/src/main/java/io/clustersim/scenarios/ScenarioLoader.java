package io.clustersim.scenarios;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import io.clustersim.core.Scenario;
import io.clustersim.core.model.Architecture;
import io.clustersim.core.model.ContextComm;
import io.clustersim.core.model.Framework;
import io.clustersim.core.model.Problem;
import io.clustersim.core.model.CriticalBatch;
import io.clustersim.core.model.CrossDcSpec;
import io.clustersim.core.model.EpOverlap;
import io.clustersim.core.model.ExpertParallelSoftware;
import io.clustersim.core.model.MlaSpec;
import io.clustersim.core.model.MoeSpec;
import io.clustersim.core.model.ParallelismPlan;
import io.clustersim.core.model.Recompute;
import io.clustersim.core.model.SoftwareSpec;
import io.clustersim.core.model.TransformerSpec;
import io.clustersim.core.plan.Deadline;
import io.clustersim.core.plan.SearchSpace;
import io.clustersim.core.run.CheckpointSpec;
import io.clustersim.core.run.CheckpointStorage;
import io.clustersim.core.run.FailureClass.Effect;
import io.clustersim.core.run.FailureClass.Lifetime;
import io.clustersim.core.run.FailureClass.RepairTime;
import io.clustersim.core.run.FailureClass.Scope;
import io.clustersim.core.run.FailureClass;
import io.clustersim.core.run.FailureSpec;
import io.clustersim.core.run.StragglerSpec;
import io.clustersim.core.scaling.Goal;
import io.clustersim.core.scaling.ScalingLaw;
import io.clustersim.core.scaling.ShapeFamily;
import io.clustersim.core.scaling.SizingException;
import io.clustersim.core.scaling.TargetSizing;
import io.clustersim.core.scaling.TrainingTarget;
import io.clustersim.topology.ChipCatalog;
import io.clustersim.topology.ChipFamily;
import io.clustersim.topology.ChipSpec;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.Datacenter;
import io.clustersim.topology.Fleet;
import io.clustersim.topology.PowerSpec;
import io.clustersim.topology.Precision;
import io.clustersim.topology.ScaleOutFabric;
import io.clustersim.topology.WanLink;
import io.clustersim.scenarios.keys.ScenarioKeys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    /**
     * Whether {@code key} names a scenario key, as {@code clustersim sweep --field} takes it
     * ({@link ScenarioKeys#isKey}).
     */
    public static boolean isKey(String key) {
        return ScenarioKeys.isKey(key);
    }

    /** Every key a scenario may set at its root (dotted leaf paths, per-class failure keys included): the registry's. */
    static final Set<String> ALL_KEYS = ScenarioKeys.rootKeys();

    /** Keys of one datacenter in {@code fleet.datacenters}: the single-site {@code fleet.*} keys without the prefix. */
    static final Set<String> DATACENTER_KEYS = ScenarioKeys.datacenterKeys();

    /** Keys of one WAN link in {@code fleet.wan-links}. */
    static final Set<String> WAN_LINK_KEYS = ScenarioKeys.wanLinkKeys();

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
        return load(file, Map.of());
    }

    /** The text of a scenario file, or a one-line reason it cannot be read. */
    private static String read(Path file) {
        String name = file.toString();
        if (Files.isDirectory(file)) {
            throw new ScenarioException(name, 0, "", "is a directory; give a scenario file (e.g. scenarios/examples/*.conf)");
        }
        if (!Files.exists(file)) {
            throw new ScenarioException(name, 0, "", "cannot read the file: no such file");
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ScenarioException(name, 0, "", "cannot read the file: not UTF-8 text");
        } catch (IOException e) {
            throw new ScenarioException(name, 0, "", "cannot read the file: " + e.getMessage());
        }
        if (text.isBlank()) {
            throw new ScenarioException(name, 0, "", "the file is empty; a scenario needs at least seed, model, target,"
                    + " fleet and parallelism (see scenarios/examples/)");
        }
        return text;
    }

    /**
     * Reads a scenario file with some keys replaced (as {@code clustersim sweep --field} does).
     * A key may index a list of objects: {@code fleet.wan-links[0].bandwidth}. Values are written
     * as in a file ({@code "400Tbps"}, {@code "5ms"}, {@code "1024"}).
     */
    public static LoadedScenario load(Path file, Map<String, String> overrides) {
        String name = file.toString();
        NestingCheck.check(read(file), name); // read: a one-line reason when it is no readable, non-empty text file
        try {
            return build(parseConfig(() -> ConfigFactory.parseFile(file.toFile(), ScenarioIncluder.options(file)), name),
                    name, overrides);
        } catch (StackOverflowError e) {
            throw tooDeep(name);
        }
    }

    /** A path of thousands of dotted parts nests as deep as braces do; what {@link NestingCheck} cannot see. */
    private static ScenarioException tooDeep(String fileName) {
        return new ScenarioException(fileName, 0, "", "cannot parse: keys, objects or lists nested too deep");
    }

    /** Reads a scenario from text; {@code fileName} is used in messages. */
    public static LoadedScenario parse(String text, String fileName) {
        return parse(text, fileName, Map.of());
    }

    /** Reads a scenario from text with some keys replaced ({@link #load(Path, Map)}). */
    public static LoadedScenario parse(String text, String fileName, Map<String, String> overrides) {
        NestingCheck.check(text, fileName);
        try {
            return build(parseConfig(() -> ConfigFactory.parseString(text, ScenarioIncluder.textOptions(fileName)), fileName),
                    fileName, overrides);
        } catch (StackOverflowError e) {
            throw tooDeep(fileName);
        }
    }

    /**
     * Parses and resolves (without the process environment: {@code ${HOME}} is an error, so a
     * report never depends on where it ran) a scenario's HOCON; any syntax mistake, refused include
     * or too-deep nesting becomes one located line.
     */
    private static Config parseConfig(Supplier<Config> parse, String fileName) {
        try {
            return parse.get().resolve(ScenarioIncluder.resolveOptions());
        } catch (ConfigException e) {
            int line = e.origin() == null ? 0 : e.origin().lineNumber();
            String message = e.getMessage();
            // Typesafe Config prefixes "origin: line: "; keep only what is wrong.
            int cut = message.indexOf(": ", message.indexOf(": ") + 1);
            String problem = cut > 0 && line > 0 ? message.substring(cut + 2) : message;
            // Typesafe Config calls an unclosed object's brace a parenthesis
            problem = problem.replace("expecting a close parentheses ')' here, not: end of file",
                    "end of file inside { ... }: a closing brace '}' is missing");
            if (problem.startsWith("Could not resolve substitution")) {
                problem += " (a ${...} may name only keys of the scenario: environment variables are not read)";
            }
            String file = e.origin() != null && e.origin().filename() != null ? e.origin().filename() : fileName;
            throw new ScenarioException(file, line, "", "cannot parse: " + problem);
        }
    }

    private static LoadedScenario build(Config parsed, String fileName, Map<String, String> overrides) {
        Config config = parsed;
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            config = override(config, o.getKey(), o.getValue(), fileName);
        }
        ConfigReader in = new ConfigReader(config, fileName);
        in.rejectUnknownKeys(ALL_KEYS);
        int trials = in.integer("trials", 100);
        if (trials <= 0 || trials > 1_000_000) {
            throw in.error("trials", "must be in 1..1000000, was " + trials);
        }
        // shown on terminals: no escape sequences or line breaks from the file
        String name = ScenarioException.printable(in.string("name", fileStem(fileName)), 200);
        long seed = in.longInteger("seed");
        TargetSizing.Sized sized = section(in, "target", () -> modelAndTarget(in));
        Fleet fleet = section(in, "fleet", () -> fleet(in));
        Precision precision = sized.model().precision();
        for (Datacenter dc : fleet.datacenters()) {
            ChipSpec chip = dc.cluster().chip();
            if (!chip.supports(precision)) {
                throw in.error(in.has("model.precision") ? "model.precision" : "fleet.chip", chip.displayName() + " has no "
                        + precision.key() + " peak in the catalog; it runs " + chip.formats().stream().map(Precision::key)
                        .collect(java.util.stream.Collectors.joining(", ")));
            }
        }
        boolean search = isSearch(in);
        Scenario scenario = new Scenario(
                name,
                seed,
                trials,
                sized.model(),
                sized.target(),
                section(in, "fleet", fleet::combinedCluster),
                search ? null : section(in, "parallelism", () -> parallelism(in)),
                section(in, "failures", () -> failures(in, fleet)),
                section(in, "checkpoint", () -> checkpoint(in)),
                section(in, "software", () -> software(in)),
                section(in, "stragglers", () -> stragglers(in)),
                fleet,
                section(in, "parallelism.cross-dc", () -> crossDc(in)),
                section(in, "target", () -> criticalBatch(in)),
                search ? section(in, "parallelism", () -> searchSpace(in)) : null);
        frameworkRuns(in, scenario);
        recoveryOutlastsFailures(in, scenario, fleet);
        return new LoadedScenario(scenario, in, in.has("fleet.datacenters"),
                section(in, "fleet", () -> CostReader.read(in, scenario)));
    }

    /**
     * The software: {@code software.framework}'s defaults ({@link Framework#defaults()}; generic
     * when unstated, which keeps the historical defaults), each overridden by a stated key.
     */
    private static SoftwareSpec software(ConfigReader in) {
        Framework framework = in.enumValue("software.framework", Framework.class, Framework.GENERIC);
        SoftwareSpec d = framework.defaults();
        int gradReduceBytes = d.gradReduceBytes();
        if (in.has("software.grad-reduce")) {
            String v = in.string("software.grad-reduce");
            if (!v.equals("bf16") && !v.equals("fp32")) {
                throw in.error("software.grad-reduce", "unknown value \"" + v + "\"; expected one of bf16, fp32");
            }
            gradReduceBytes = v.equals("fp32") ? 4 : 2;
        }
        int prefetch = in.integer("software.prefetch", d.prefetchUnits());
        if (prefetch < 1) {
            throw in.error("software.prefetch", "must be >= 1 unit, was " + prefetch);
        }
        return new SoftwareSpec(in.bool("software.flash-attention", d.flashAttention()),
                in.bool("software.overlap-grad-reduce", d.overlapGradReduce()),
                in.bool("software.overlap-tp-backward", d.overlapTpBackward()), framework, gradReduceBytes, prefetch,
                in.enumValue("software.context-parallel", ContextComm.class, d.contextComm()),
                in.bool("software.activation-offload", d.offloadActivations()), expertParallelSoftware(in));
    }

    /** Refuses a stated plan the framework cannot run, at the key the reason is about. */
    private static void frameworkRuns(ConfigReader in, Scenario scenario) {
        if (scenario.parallelism() == null) {
            return;
        }
        for (Problem problem : scenario.software().framework().problems(scenario.parallelism())) {
            String key = in.has(problem.key()) ? problem.key() : "software.framework";
            throw in.error(key, problem.message() + " (software.framework = " + scenario.software().framework().key()
                    + ")");
        }
    }

    /** {@code config} with {@code key} set to {@code value} (a number when it reads as one, else text). */
    private static Config override(Config config, String key, String value, String fileName) {
        Object v;
        try {
            double d = Double.parseDouble(value);
            v = d == Math.rint(d) && Math.abs(d) < 9e15 ? (Object) (long) d : (Object) d;
        } catch (NumberFormatException e) {
            v = value;
        }
        int open = key.indexOf('[');
        try {
            if (open < 0) {
                return config.withValue(key, ConfigValueFactory.fromAnyRef(v, "command line"));
            }
            int close = key.indexOf(']', open);
            String list = key.substring(0, open);
            int index = Integer.parseInt(key.substring(open + 1, close));
            String rest = key.substring(close + 2);
            if (!config.hasPath(list) || config.getValue(list).valueType() != ConfigValueType.LIST) {
                throw new ScenarioException(fileName, 0, key, "the scenario has no list " + list);
            }
            List<ConfigValue> values = new ArrayList<>(config.getList(list));
            if (index < 0 || index >= values.size() || !(values.get(index) instanceof ConfigObject object)) {
                throw new ScenarioException(fileName, 0, key, list + " has no object at index " + index);
            }
            values.set(index, override(object.toConfig(), rest, value, fileName).root());
            return config.withValue(list, ConfigValueFactory.fromIterable(values));
        } catch (ConfigException | NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new ScenarioException(fileName, 0, key, "cannot set this key to \"" + value + "\"");
        }
    }

    /**
     * Refuses a failure rate so high that the fleet fails, on average, before one recovery —
     * detection, restart and the checkpoint's restore (from a peer when there is a replica) — is
     * over: the run would spend its time recovering and end only at the event limit.
     */
    private static void recoveryOutlastsFailures(ConfigReader in, Scenario scenario, Fleet fleet) {
        FailureSpec f = scenario.failures();
        double perHour = f.fleetRatePerHour(scenario.cluster().chips(), scenario.cluster().nodes(), fleet.datacenters().size());
        if (!(perHour > 0)) {
            return;
        }
        CheckpointSpec c = scenario.checkpoint().resolve(CheckpointStorage.checkpointBytes(scenario.model().parameterCount()),
                scenario.cluster().chips());
        double restore = c.peerReplica() ? Math.min(c.restoreSeconds(), c.peerRestoreSeconds()) : c.restoreSeconds();
        double recovery = f.detectionSeconds() + f.restartSeconds() + restore;
        double mttf = 3600 / perHour;
        if (mttf < recovery) {
            String key = "failures";
            for (String k : rateKeys()) {
                if (in.has(k)) {
                    key = k;
                    break;
                }
            }
            throw in.error(key, String.format(java.util.Locale.ROOT, "the fleet (%d chips) would fail every %s on average,"
                    + " sooner than one recovery takes (detection %s + restart %s + restore %s = %s): the run could"
                    + " never get back to training; give a lower failure rate or a faster recovery",
                    scenario.cluster().chips(), duration(mttf), duration(f.detectionSeconds()),
                    duration(f.restartSeconds()), duration(restore), duration(recovery)));
        }
    }

    /** Keys that set a failure rate, the one to blame first first. */
    private static List<String> rateKeys() {
        List<String> keys = new ArrayList<>(List.of("failures.rate-per-1000-node-days", "failures.rate-per-chip-hour"));
        for (String name : FailureSpec.CLASS_NAMES) {
            keys.add("failures." + name + ".rate-per-1000-node-days");
            keys.add("failures." + name + ".rate-per-component-hour");
        }
        keys.add("failures.mix");
        return keys;
    }

    /** A duration for a message: seconds, minutes, hours or days, three significant figures. */
    private static String duration(double seconds) {
        if (seconds < 60) {
            return String.format(java.util.Locale.ROOT, "%.3g s", seconds);
        } else if (seconds < 3600) {
            return String.format(java.util.Locale.ROOT, "%.3g min", seconds / 60);
        } else if (seconds < 86400) {
            return String.format(java.util.Locale.ROOT, "%.3g h", seconds / 3600);
        }
        return String.format(java.util.Locale.ROOT, "%.3g d", seconds / 86400);
    }

    /**
     * Builds a section (or one value of it), turning a constructor's complaint into an error located
     * at the key under {@code key} that it is about ({@link #culprit}).
     */
    private static <T> T section(ConfigReader in, String key, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw in.error(culprit(in, key, e.getMessage()), e.getMessage());
        }
    }

    /** Names the model records use in their messages for keys spelt otherwise in a scenario. */
    private static final Map<String, String> MESSAGE_ALIASES = Map.of(
            "pod size", "pod-chips", "scale-out bandwidth", "bandwidth-per-chip",
            "straggler probability", "probability", "power budget", "budget");

    /**
     * The key a model constructor's complaint is about: of the keys given under {@code section}, the
     * one whose name the message mentions first ({@code "seq-len must be > 0"} → {@code model.seq-len},
     * hyphens and spaces alike); {@code section} itself when the message names none.
     *
     * <p>Maintainer note: the records (TransformerSpec, MoeSpec, ParallelismPlan, CheckpointSpec, ...)
     * know no scenario keys, so their messages start with the field at fault under the key's own
     * name; this reads it back. Only keys present in the file are candidates, so the line is real.
     */
    static String culprit(ConfigReader in, String section, String message) {
        String m = " " + message.toLowerCase(java.util.Locale.ROOT).replace('-', ' ') + " ";
        String best = section;
        int bestAt = Integer.MAX_VALUE;
        int bestLength = 0;
        for (String key : in.keysUnder(section)) {
            String leaf = key.substring(key.lastIndexOf('.') + 1);
            List<String> names = new ArrayList<>(List.of(leaf));
            MESSAGE_ALIASES.forEach((phrase, alias) -> {
                if (alias.equals(leaf)) {
                    names.add(phrase);
                }
            });
            for (String name : names) {
                java.util.regex.Matcher w = java.util.regex.Pattern.compile("[^a-z0-9]"
                        + java.util.regex.Pattern.quote(name.replace('-', ' ')) + "[^a-z0-9]").matcher(m);
                if (w.find() && (w.start() < bestAt || w.start() == bestAt && name.length() > bestLength)) {
                    best = key;
                    bestAt = w.start();
                    bestLength = name.length();
                }
            }
        }
        return best;
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
        } catch (SizingException e) {
            throw in.error(e.problem().key(), e.problem().message());
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
            if (in.has(key) && !key.equals("model.head-dim")) { // a stated shape may state its head width
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
        for (String key : List.of("model.sliding-window", "model.global-every")) {
            if (in.has(key)) {
                throw in.error(key, "a shape family sizes models with full attention; give the shape to use a window");
            }
        }
        Architecture architecture = in.enumValue("model.architecture", Architecture.class, Architecture.GPT);
        if (architecture == Architecture.LLAMA && !in.has("model.ffn-ratio")) {
            throw in.errorAt("model.architecture", "model.ffn-ratio", "missing; a llama family states its MLP width over"
                    + " hidden, it is not 4: Llama's rule gives about 8/3 · multiplier, e.g. 2.69 for Llama 2 7B"
                    + " (11008 / 4096), 3.5 for Llama 3 70B (28672 / 8192)");
        }
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
        if (in.has(p + "shard-group")) {
            throw in.error(p + "shard-group", "plan search shards over the whole data-parallel group; state the plan"
                    + " to use HSDP");
        }
        SearchSpace.Builder b = SearchSpace.builder(positive(in, p + "global-batch", globalBatch(in)));
        b.tp(fixed(in, p + "tp")).cp(fixed(in, p + "cp")).pp(fixed(in, p + "pp")).dp(fixed(in, p + "dp"))
                .ep(fixed(in, p + "ep")).etp(fixed(in, p + "etp")).virtualStages(fixed(in, p + "virtual-stages"))
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

    /**
     * The most-loaded expert rank over the mean: {@code model.moe.imbalance}, or a capacity factor
     * (the expert buffers, and with token dropping the slowest expert's work, are that many times
     * the mean); 1 (balanced, as the published benchmarks force) when neither is given.
     */
    private static double imbalance(ConfigReader in) {
        if (in.has("model.moe.imbalance") && in.has("model.moe.capacity-factor")) {
            throw in.error("model.moe.capacity-factor", "give the imbalance or the capacity factor, not both");
        }
        String key = in.has("model.moe.capacity-factor") ? "model.moe.capacity-factor" : "model.moe.imbalance";
        if (!in.has(key)) {
            return 1.0;
        }
        double v = in.number(key);
        if (!(v >= 1) || !Double.isFinite(v)) {
            throw in.error(key, "must be >= 1 (the most-loaded expert over the mean), was " + v);
        }
        return v;
    }

    /** {@code software.ep-overlap}, {@code .ep-dispatch}, {@code .ep-combine}. */
    private static ExpertParallelSoftware expertParallelSoftware(ConfigReader in) {
        EpOverlap overlap = EpOverlap.NONE;
        if (in.has("software.ep-overlap")) {
            overlap = EpOverlap.parse(in.string("software.ep-overlap"));
            if (overlap == null) {
                throw in.error("software.ep-overlap", "unknown value \"" + in.string("software.ep-overlap")
                        + "\"; expected one of none, 1f1b, dualpipe");
            }
        }
        return new ExpertParallelSoftware(overlap,
                in.enumValue("software.ep-dispatch", Precision.class, Precision.BF16),
                in.enumValue("software.ep-combine", Precision.class, Precision.BF16));
    }

    /**
     * Llama's MLP width for {@code hidden}: {@code m · ceil(floor(multiplier · floor(8/3 · hidden)) / m)}
     * (the reference implementation's {@code ffn_dim_multiplier} and {@code multiple_of}).
     */
    static int llamaFfnHidden(int hidden, double multiplier, int multipleOf) {
        long width = (long) (multiplier * (long) (2 * (4L * hidden) / 3));
        return (int) (multipleOf * ((width + multipleOf - 1) / multipleOf));
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
        } else if (in.enumValue("model.architecture", Architecture.class, Architecture.GPT) == Architecture.LLAMA) {
            // 4 × hidden (the GPT default) is never a Llama width: refuse rather than guess the rule's m and multiplier
            int hidden = in.integer("model.hidden");
            throw in.errorAt("model.architecture", "model.ffn-hidden", "missing; a llama model states its MLP width, it is"
                    + " not 4 × hidden: Llama's rule is ffn-hidden = m · ceil(floor(multiplier · floor(8/3 · hidden)) / m),"
                    + " e.g. " + llamaFfnHidden(hidden, 1, 256) + " for hidden " + hidden
                    + " with m = 256 and multiplier 1 (Llama 2), 28672 for hidden 8192 with m = 4096 and multiplier 1.3"
                    + " (Llama 3 70B)");
        }
        if (in.has("model.head-dim")) {
            b.headDim(in.integer("model.head-dim"));
        }
        b.slidingWindow(in.integer("model.sliding-window", 0)).globalEvery(in.integer("model.global-every", 0));
        if (in.has("model.moe")) {
            b.moe(new MoeSpec(in.integer("model.moe.experts"), in.integer("model.moe.top-k"),
                    in.integer("model.moe.shared-experts", 0), in.integer("model.moe.expert-ffn-hidden"),
                    in.integer("model.moe.every", 1), in.integer("model.moe.first-dense", 0), imbalance(in),
                    in.integer("model.moe.node-limit", 0)));
        }
        if (in.has("model.mla")) {
            b.mla(new MlaSpec(in.integer("model.mla.q-lora-rank", 0), in.integer("model.mla.kv-lora-rank"),
                    in.integer("model.mla.qk-nope-head-dim"), in.integer("model.mla.qk-rope-head-dim"),
                    in.integer("model.mla.v-head-dim")));
        }
        if (in.has("model.mtp-modules")) {
            b.mtpModules(in.integer("model.mtp-modules"));
        }
        TransformerSpec spec = b.build();
        if (in.has("model.params")) {
            double stated = positiveNumber(in, "model.params");
            double derived = spec.parameterCount();
            if (Math.abs(derived - stated) > PARAMS_TOLERANCE * stated) {
                throw in.error("model.params", String.format(java.util.Locale.ROOT,
                        "the shape gives %.4g parameters, %.1f%% off the stated %.4g; check layers, hidden, ffn-hidden, "
                                + "vocab and architecture", derived, 100 * (derived / stated - 1), stated));
            }
        }
        return spec;
    }

    /**
     * The fleet: one datacenter from the {@code fleet.*} keys, or the list {@code fleet.datacenters}
     * with {@code fleet.wan-links}.
     */
    private static Fleet fleet(ConfigReader in) {
        if (!in.has("fleet.datacenters")) {
            if (in.has("fleet.wan-links")) {
                throw in.error("fleet.wan-links", "WAN links join datacenters; list them in fleet.datacenters");
            }
            return Fleet.single(datacenter(in, "fleet.", Scenario.DEFAULT_DATACENTER));
        }
        for (String key : DATACENTER_KEYS) {
            if (in.has("fleet." + key) && !key.startsWith("cost.")) { // fleet.cost prices every datacenter
                throw in.error("fleet." + key, "with fleet.datacenters, give this in each datacenter");
            }
        }
        List<ConfigReader> sites = in.objects("fleet.datacenters");
        if (sites.isEmpty()) {
            throw in.error("fleet.datacenters", "list at least one datacenter");
        }
        List<Datacenter> dcs = new ArrayList<>();
        for (int i = 0; i < sites.size(); i++) {
            ConfigReader dc = sites.get(i);
            dc.rejectUnknownKeys(DATACENTER_KEYS);
            String dcName = ScenarioException.printable(dc.string("name", "dc" + (i + 1)), 200);
            for (Datacenter earlier : dcs) {
                if (earlier.name().equals(dcName)) {
                    throw dc.error("name", "another datacenter is already named \"" + dcName + "\"");
                }
            }
            dcs.add(datacenter(dc, "", dcName));
        }
        List<WanLink> links = new ArrayList<>();
        List<ConfigReader> linkReaders = in.objects("fleet.wan-links");
        for (ConfigReader link : linkReaders) {
            link.rejectUnknownKeys(WAN_LINK_KEYS);
            links.add(wanLink(link, dcs));
        }
        try {
            return new Fleet(dcs, links);
        } catch (IllegalArgumentException e) {
            throw in.error(linkReaders.isEmpty() ? "fleet.datacenters" : "fleet.wan-links", e.getMessage());
        }
    }

    /** "; did you mean \"h100-sxm\"?" for the closest of {@code known} within a few edits, else "". */
    static String didYouMean(String given, java.util.Collection<String> known) {
        org.apache.commons.text.similarity.LevenshteinDistance distance =
                org.apache.commons.text.similarity.LevenshteinDistance.getDefaultInstance();
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String lower = given.toLowerCase(java.util.Locale.ROOT);
        for (String k : known) {
            int d = k.startsWith(lower) || k.replace("-", "").startsWith(lower.replace("-", "")) ? 1 : distance.apply(lower, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best != null && bestDistance <= Math.max(2, given.length() / 3) ? "; did you mean \"" + best + "\"?" : "";
    }

    /** One datacenter from keys under {@code p} ({@code "fleet."} at the root, {@code ""} in a list element). */
    private static Datacenter datacenter(ConfigReader in, String p, String defaultName) {
        String id = in.string(p + "chip");
        if (id.equals("custom") && !in.has(p + "chip-overrides")) {
            throw in.error(p + "chip", "a custom chip needs every field in " + in.key(p + "chip-overrides")
                    + " (name, bf16-flops, hbm, hbm-bandwidth, scale-up-bandwidth, scale-up-domain, scale-out-bandwidth, tdp)");
        }
        ChipSpec chip = in.has(p + "chip-overrides") && id.equals("custom") ? null
                : ChipCatalog.standard().find(id).orElseThrow(() -> in.error(p + "chip",
                        "unknown chip \"" + id + "\"" + didYouMean(id, ChipCatalog.standard().ids())
                                + "; `clustersim catalog` lists the known ones, or say chip = custom"
                                + " and give every field in chip-overrides"));
        if (in.has(p + "chip-overrides")) {
            chip = chipOverrides(in, chip, p + "chip-overrides.");
        }
        int chips = in.integer(p + "chips");
        int chipsPerNode = in.integer(p + "chips-per-node", DEFAULT_CHIPS_PER_NODE);
        if (chipsPerNode <= 0) {
            throw in.error(p + "chips-per-node", "must be > 0, was " + chipsPerNode);
        }
        if (in.has(p + "scale-out.pod-chips")) {
            int pod = in.integer(p + "scale-out.pod-chips");
            if (pod > 0 && pod % chipsPerNode != 0) {
                throw in.error(p + "scale-out.pod-chips", "must be a multiple of the node size (" + chipsPerNode
                        + " chips per node): a pod holds whole nodes, was " + pod);
            }
        }
        ChipSpec c = chip;
        ClusterSpec cluster = section(in, p + "chips", () -> new ClusterSpec(c, chips,
                chipsPerNode,
                in.integer(p + "scale-up-domain", c.scaleUpDomainChips()),
                section(in, p + "scale-out", () -> new ScaleOutFabric(
                        in.has(p + "scale-out.bandwidth-per-chip") ? in.bitsPerSecond(p + "scale-out.bandwidth-per-chip")
                                : c.scaleOutBitsPerSecond(),
                        in.seconds(p + "scale-out.hop-latency", 1.0e-6),
                        in.integer(p + "scale-out.pod-chips", Math.max(1, chips)),
                        in.number(p + "scale-out.spine-oversubscription", 1.0)))));
        PowerSpec defaults = PowerSpec.defaults(c);
        PowerSpec power = section(in, p + "power", () -> new PowerSpec(
                in.has(p + "power.budget") ? in.watts(p + "power.budget") : Double.POSITIVE_INFINITY,
                in.number(p + "power.pue", defaults.pue()),
                in.has(p + "power.server-overhead") ? in.watts(p + "power.server-overhead")
                        : defaults.serverOverheadWattsPerChip(),
                in.number(p + "power.chip-utilisation", defaults.chipUtilisation())));
        int spares = in.integer(p + "hot-spare-nodes", -1);
        if (in.has(p + "hot-spare-nodes") && spares < 0) {
            throw in.error(p + "hot-spare-nodes", "must be >= 0, was " + spares);
        }
        String dcName = ScenarioException.printable(in.string(p + "name", defaultName), 200); // printed on terminals
        if (dcName.isBlank()) {
            throw in.error(p + "name", "must not be blank");
        }
        return section(in, p + "hot-spare-nodes", () -> new Datacenter(dcName, cluster, power, spares));
    }

    /** A WAN link: between two named datacenters, bandwidth (or waves), latency (or distance). */
    private static WanLink wanLink(ConfigReader in, List<Datacenter> dcs) {
        List<String> ends = in.strings("between");
        if (ends.size() != 2) {
            throw in.error("between", "name the two datacenters the link joins, e.g. between = [iowa, texas]");
        }
        if (ends.get(0).equals(ends.get(1))) {
            throw in.error("between", "a WAN link joins two different datacenters; both ends are \"" + ends.get(0) + "\"");
        }
        for (String end : ends) {
            if (dcs.stream().noneMatch(dc -> dc.name().equals(end))) {
                List<String> names = new ArrayList<>();
                dcs.forEach(dc -> names.add(dc.name()));
                throw in.error("between", "no datacenter named \"" + end + "\" (known: " + String.join(", ", names) + ")");
            }
        }
        double bits;
        if (in.has("bandwidth") == in.has("waves")) {
            throw in.error(in.has("bandwidth") ? "waves" : "bandwidth",
                    "give either bandwidth (e.g. 400Tbps) or waves and wave (e.g. waves = 500, wave = 800ZR)");
        }
        if (in.has("bandwidth")) {
            bits = in.bitsPerSecond("bandwidth");
            if (in.has("wave")) {
                throw in.error("wave", "wave goes with waves, not bandwidth");
            }
        } else {
            String wave = in.string("wave", "400ZR");
            double perWave = switch (wave.toUpperCase(java.util.Locale.ROOT)) {
                case "400ZR" -> WanLink.ZR400_BITS_PER_SECOND;
                case "800ZR" -> WanLink.ZR800_BITS_PER_SECOND;
                default -> {
                    if (wave.toUpperCase(java.util.Locale.ROOT).endsWith("ZR")) {
                        throw in.error("wave", "unknown wave \"" + wave + "\"; expected 400ZR, 800ZR or a rate such as 800Gbps");
                    }
                    yield in.bitsPerSecond("wave");
                }
            };
            int waves = in.integer("waves");
            if (waves <= 0) {
                throw in.error("waves", "must be > 0, was " + waves);
            }
            bits = waves * perWave;
        }
        if (!(bits > 0) || Double.isInfinite(bits)) {
            throw in.error(in.has("bandwidth") ? "bandwidth" : "wave", "must be > 0, was " + in.string(in.has("bandwidth") ? "bandwidth" : "wave"));
        }
        if (in.has("latency") == in.has("distance")) {
            throw in.error(in.has("latency") ? "distance" : "latency",
                    "give either latency (one way, e.g. 5ms) or distance (fibre km, 4.9 µs per km)");
        }
        String latencyKey = in.has("latency") ? "latency" : "distance";
        double latency = in.has("latency") ? in.seconds("latency") : in.kilometres("distance") * WanLink.FIBRE_SECONDS_PER_KM;
        if (!(latency >= 0) || Double.isInfinite(latency)) {
            throw in.error(latencyKey, "must be >= 0, was " + in.string(latencyKey));
        }
        WanLink.Reliability reliability = WanLink.Reliability.NEVER_CUT;
        if (in.has("cuts-per-year")) {
            double cuts = in.number("cuts-per-year");
            if (cuts > 0 && !in.has("repair-median")) {
                throw in.error("cuts-per-year", "a link that can be cut needs repair-median (and repair-sigma, 0 for a fixed time)");
            }
            reliability = section(in, "cuts-per-year", () -> new WanLink.Reliability(cuts,
                    in.has("repair-median") ? in.seconds("repair-median") : 1, in.number("repair-sigma", 0)));
        } else if (in.has("repair-median") || in.has("repair-sigma")) {
            throw in.error(in.has("repair-median") ? "repair-median" : "repair-sigma", "a repair time goes with cuts-per-year");
        }
        WanLink.Reliability r = reliability;
        return section(in, "bandwidth", () -> new WanLink(ends.get(0), ends.get(1), bits, latency, r));
    }

    private static CrossDcSpec crossDc(ConfigReader in) {
        CrossDcSpec.SiteLoss onSiteLoss = in.enumValue("fleet.on-site-loss", CrossDcSpec.SiteLoss.class,
                CrossDcSpec.SiteLoss.WAIT);
        return crossDcScheme(in).withOnSiteLoss(onSiteLoss);
    }

    private static CrossDcSpec crossDcScheme(ConfigReader in) {
        CrossDcSpec.Method method = in.enumValue("parallelism.cross-dc", CrossDcSpec.Method.class,
                CrossDcSpec.Method.HIERARCHICAL_DP);
        String d = "parallelism.diloco.";
        if (method != CrossDcSpec.Method.DILOCO) {
            if (in.has("parallelism.diloco")) {
                throw in.error("parallelism.diloco", "DiLoCo settings need parallelism.cross-dc = diloco");
            }
            return method == CrossDcSpec.Method.PIPELINE ? CrossDcSpec.pipeline() : CrossDcSpec.hierarchicalDp();
        }
        double bytes = switch (in.string(d + "outer-precision", "fp32").toLowerCase(java.util.Locale.ROOT)) {
            case "fp32" -> 4;
            case "bf16", "fp16" -> 2;
            case "fp8", "int8" -> 1;
            case "fp4", "int4" -> 0.5;
            default -> throw in.error(d + "outer-precision", "unknown value \"" + in.string(d + "outer-precision")
                    + "\"; expected one of fp32, bf16, fp8, int4");
        };
        int h = in.integer(d + "inner-steps");
        int fragments = in.integer(d + "fragments", 1);
        int overlap = in.integer(d + "overlap-steps", 0);
        double efficiency = in.has(d + "token-efficiency") ? in.number(d + "token-efficiency") : Double.NaN;
        // Streaming DiLoCo synchronises one fragment every inner-steps / fragments steps: whole steps only
        if (h >= 1 && fragments >= 1 && fragments <= h && h % fragments != 0) {
            throw in.error(d + "fragments", "must divide inner-steps (" + h + "), since one fragment is synchronised every"
                    + " inner-steps / fragments steps; was " + fragments);
        }
        try {
            return CrossDcSpec.diloco(h, fragments, bytes, overlap, efficiency);
        } catch (IllegalArgumentException e) {
            // name the key the complaint is about
            String m = e.getMessage();
            String key = m.contains("fragments") ? "fragments" : m.contains("overlap") ? "overlap-steps"
                    : m.contains("efficiency") ? "token-efficiency" : m.contains("outer") ? "outer-precision" : "inner-steps";
            throw in.error(d + key, m);
        }
    }

    private static CriticalBatch criticalBatch(ConfigReader in) {
        CriticalBatch rule;
        String key = "target.critical-batch";
        if (!in.has(key) || "kaplan".equalsIgnoreCase(in.string(key))) {
            rule = CriticalBatch.kaplan();
        } else if ("off".equalsIgnoreCase(in.string(key)) || "none".equalsIgnoreCase(in.string(key))) {
            rule = CriticalBatch.off();
        } else {
            double tokens = in.number(key);
            rule = section(in, key, () -> CriticalBatch.fixed(tokens));
        }
        if (in.has("target.reference-batch")) {
            double reference = in.number("target.reference-batch");
            CriticalBatch r = rule;
            rule = section(in, "target.reference-batch", () -> r.withReferenceBatchTokens(reference));
        }
        return rule;
    }

    /**
     * A catalog chip with some fields replaced, or (base {@code null}, {@code chip = custom}) a chip
     * defined entirely in the scenario. Every field set here is marked unverified.
     */
    private static ChipSpec chipOverrides(ConfigReader in, ChipSpec base, String overrides) {
        Set<String> unverified = new TreeSet<>(base == null ? Set.of() : base.unverifiedFields());
        String name;
        if (in.has(overrides + "name")) {
            name = in.string(overrides + "name");
            unverified.add("displayName");
        } else if (base == null) {
            throw in.error(overrides + "name", "missing; a custom chip (chip = custom) needs every field");
        } else {
            name = base.displayName() + " (modified)";
        }
        boolean custom = base == null;
        double bf16 = override(in, overrides + "bf16-flops", "peakBf16FlopsPerSecond", custom ? null : base.peakBf16FlopsPerSecond(),
                in::number, unverified);
        double fp8 = override(in, overrides + "fp8-flops", "peakFp8FlopsPerSecond", custom ? 0.0 : base.peakFp8FlopsPerSecond(),
                in::number, unverified);
        double hbm = override(in, overrides + "hbm", "hbmBytes", custom ? null : (double) base.hbmBytes(), in::bytes, unverified);
        double hbmBandwidth = override(in, overrides + "hbm-bandwidth", "hbmBytesPerSecond", custom ? null : base.hbmBytesPerSecond(),
                in::bytesPerSecond, unverified);
        double up = override(in, overrides + "scale-up-bandwidth", "scaleUpBytesPerSecond",
                custom ? null : base.scaleUpBytesPerSecond(), in::bytesPerSecond, unverified);
        double domain = override(in, overrides + "scale-up-domain", "scaleUpDomainChips",
                custom ? null : (double) base.scaleUpDomainChips(), in::integer, unverified);
        double out = override(in, overrides + "scale-out-bandwidth", "scaleOutBitsPerSecond",
                custom ? null : base.scaleOutBitsPerSecond(), in::bitsPerSecond, unverified);
        double tdp = override(in, overrides + "tdp", "tdpWatts", custom ? null : base.tdpWatts(), in::watts, unverified);
        ChipFamily family = in.enumValue(overrides + "family", ChipFamily.class, custom ? ChipFamily.OTHER : base.family());
        try {
            // the catalog chip's formats stay unless the FP8 peak or the family is overridden
            java.util.Map<Precision, Double> formats = !custom && !in.has(overrides + "fp8-flops") && !in.has(overrides + "family")
                    ? base.lowPrecisionPeaks() : ChipSpec.derivedPeaks(family, fp8, 0);
            return new ChipSpec(custom ? "custom" : base.id(), name, family, bf16, fp8, Math.round(hbm), hbmBandwidth, up,
                    (int) domain, out, tdp, custom ? "defined in the scenario" : base.source() + "; overridden in the scenario",
                    unverified, formats);
        } catch (IllegalArgumentException e) {
            throw in.error(overrides.substring(0, overrides.length() - 1), e.getMessage());
        }
    }

    /** The overridden value of one chip field, or {@code current}; a custom chip has no current value. */
    private static double override(ConfigReader in, String path, String component, Double current,
                                   java.util.function.ToDoubleFunction<String> read, Set<String> unverified) {
        if (in.has(path)) {
            unverified.add(component);
            double v = read.applyAsDouble(path);
            // only the FP8 peak may be 0 (no FP8 units)
            boolean zeroAllowed = component.equals("peakFp8FlopsPerSecond");
            if (!(zeroAllowed ? v >= 0 : v > 0) || Double.isInfinite(v)) {
                throw in.error(path, "must be " + (zeroAllowed ? ">= 0" : "> 0") + ", was " + in.string(path));
            }
            return v;
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
                .etp(in.integer("parallelism.etp", 1))
                .virtualStages(in.integer("parallelism.virtual-stages", 1))
                .microBatch(in.integer("parallelism.micro-batch", 1))
                .globalBatch(globalBatch(in))
                .sequenceParallel(in.bool("parallelism.sequence-parallel", false))
                .zeroStage(in.integer("parallelism.zero-stage", 0))
                .recompute(in.enumValue("parallelism.recompute", Recompute.class, Recompute.NONE))
                .shardGroup(in.integer("parallelism.shard-group", 0))
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

    private static FailureSpec failures(ConfigReader in, Fleet fleet) {
        if (!in.has("failures")) {
            return FailureSpec.none();
        }
        // node-days count the scenario's own nodes: every datacenter's, whatever its chips per node
        long chips = fleet.chips();
        long nodes = fleet.datacenters().stream().mapToLong(dc -> dc.cluster().nodes()).sum();
        double chipsPerNode = (double) chips / nodes;
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
            // without a rate: Llama 3's rate per chip (chip-level causes) and per node (the host);
            // with one: scaled so the scenario's own nodes fail at that rate
            classes.addAll(per1000NodeDays != null ? FailureSpec.llama3Classes(per1000NodeDays, chips, nodes)
                    : FailureSpec.llama3Classes());
        } else if (!mix.equals("none")) {
            throw in.error("failures.mix", "unknown mix \"" + mix + "\"; expected llama3 or none");
        } else if (per1000NodeDays != null) {
            double perChipHour = in.has("failures.rate-per-chip-hour") ? in.number("failures.rate-per-chip-hour")
                    : per1000NodeDays / 1000 / 24 / chipsPerNode;
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
            c = classOverrides(in, prefix, c, chipsPerNode, fleet);
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
            String policy = in.string("failures.spares.when-exhausted", "wait");
            if (!policy.equals("wait") && !policy.equals("shrink")) {
                throw in.error("failures.spares.when-exhausted", "unknown value \"" + policy + "\"; expected wait or shrink");
            }
            int perDc = sparePool(in, fleet);
            spares = new FailureSpec.Spares(perDc, policy.equals("shrink"));
            for (FailureClass c : classes) {
                if (perDc >= 0 && c.effect() == Effect.REPLACE_NODE && c.ratePerComponentHour() > 0 && c.repair() == null) {
                    // a per-class key exists only for the named classes, not for a cause such as "hardware"
                    String perClass = FailureSpec.CLASS_NAMES.contains(c.cause())
                            ? " (or for this class, failures." + c.cause() + ".repair-median)" : "";
                    throw in.error("failures.spares", "with a limited spare pool failed nodes must come back from repair:"
                            + " give failures.repair-median and failures.repair-sigma" + perClass);
                }
            }
        }
        FailureSpec.Maintenance maintenance = null;
        if (in.has("failures.maintenance")) {
            try {
                maintenance = new FailureSpec.Maintenance(in.seconds("failures.maintenance.interval"),
                        in.seconds("failures.maintenance.duration", 0));
            } catch (IllegalArgumentException e) {
                throw in.error(culprit(in, "failures.maintenance", e.getMessage()), e.getMessage());
            }
            if (maintenance.durationSeconds() >= maintenance.meanIntervalSeconds()) {
                throw in.error("failures.maintenance.duration", "a stop as long as the time between stops ("
                        + duration(maintenance.meanIntervalSeconds()) + ") leaves no time to train; give a shorter"
                        + " duration or a longer interval");
            }
        }
        if (classes.isEmpty() && maintenance == null) {
            throw in.error("failures", "no failure rate: give rate-per-1000-node-days or rate-per-chip-hour, mix = llama3,"
                    + " or a class (e.g. failures.accelerator.rate-per-1000-node-days)");
        }
        return new FailureSpec(classes, in.seconds("failures.detection", 0), in.seconds("failures.restart", 0), spares,
                maintenance);
    }

    /**
     * The default spare pool, {@code failures.spares.per-datacenter} (-1: none, unlimited), under
     * one rule: it is the pool of every datacenter that does not give its own {@code hot-spare-nodes}.
     * So it may not be left applying to no datacenter, nor contradict the one datacenter's own pool
     * in the single-site form (where both keys name the same pool), and {@code failures.spares}
     * needs a limited pool somewhere.
     */
    private static int sparePool(ConfigReader in, Fleet fleet) {
        long own = fleet.datacenters().stream().filter(dc -> dc.hotSpareNodes() >= 0).count();
        if (!in.has("failures.spares.per-datacenter")) {
            if (own == 0) {
                throw in.error("failures.spares", "no spare pool: give failures.spares.per-datacenter (the pool of every"
                        + " datacenter) or hot-spare-nodes (one datacenter's own)");
            }
            return -1;
        }
        int perDc = in.integer("failures.spares.per-datacenter");
        if (perDc < 0) {
            throw in.error("failures.spares.per-datacenter", "must be >= 0, was " + perDc);
        }
        if (own == fleet.datacenters().size()) {
            if (!in.has("fleet.datacenters")) {
                int pool = fleet.datacenters().get(0).hotSpareNodes();
                if (pool != perDc) {
                    throw in.error("fleet.hot-spare-nodes", pool + " differs from failures.spares.per-datacenter (" + perDc
                            + "): both are this datacenter's spare pool; give it once");
                }
            } else {
                throw in.error("failures.spares.per-datacenter", "applies to no datacenter: every one of fleet.datacenters"
                        + " gives its own hot-spare-nodes; remove it (failures.spares.when-exhausted still applies)");
            }
        }
        return perDc;
    }

    /** A class the mix does not have: its scope and effect come with its name. */
    private static FailureClass newClass(ConfigReader in, String name) {
        String prefix = "failures." + name + ".";
        if (!in.has(prefix + "rate-per-1000-node-days") && !in.has(prefix + "rate-per-component-hour")) {
            throw in.error("failures." + name, "missing a rate: give rate-per-1000-node-days or rate-per-component-hour");
        }
        Scope scope = switch (name) {
            case "host" -> Scope.NODE;
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

    private static FailureClass classOverrides(ConfigReader in, String prefix, FailureClass c, double chipsPerNode,
                                               Fleet sites) {
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
                    // nodes of an average datacenter of the fleet
                    double nodes = sites.chips() / chipsPerNode / sites.datacenters().size();
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
        if (sigma && !(s >= 0)) {
            throw in.error(prefix + "repair-sigma", "must be >= 0 (0 for a fixed time), was " + in.string(prefix + "repair-sigma"));
        }
        if (sigma && s > RepairTime.MAX_SIGMA) {
            throw in.error(prefix + "repair-sigma", "must be at most " + RepairTime.MAX_SIGMA + " (the 99th percentile of a"
                    + " lognormal of log-sigma 4 is already 11,000x its median), was " + in.string(prefix + "repair-sigma"));
        }
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
        boolean auto = "auto".equals(in.string("checkpoint.interval"));
        if (!auto && in.seconds("checkpoint.interval") == 0) {
            throw in.error("checkpoint.interval", "must be > 0 (or auto); for no checkpoints leave the checkpoint section out");
        }
        // Daly's optimum for a checkpoint that costs nothing is to checkpoint continuously
        boolean async = "async".equals(in.string("checkpoint.mode", "sync"));
        if (auto && !in.has("checkpoint.storage") && write == 0 && (!async || in.seconds("checkpoint.snapshot", 0) == 0)) {
            throw in.error("checkpoint.interval", "auto picks the interval from what a checkpoint costs, and this one costs"
                    + " nothing: give checkpoint.write (or checkpoint.storage)" + (async ? " or checkpoint.snapshot" : ""));
        }
        CheckpointSpec spec = auto ? CheckpointSpec.auto(write, restore)
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
        CheckpointSpec base = spec;
        return section(in, "checkpoint.storage", () -> base.withStorage(new CheckpointStorage(in.bytesPerSecond(s + "chip-write-bandwidth"),
                in.bytesPerSecond(s + "write-bandwidth"),
                in.has(s + "chip-read-bandwidth") ? in.bytesPerSecond(s + "chip-read-bandwidth") : in.bytesPerSecond(s + "chip-write-bandwidth"),
                in.has(s + "read-bandwidth") ? in.bytesPerSecond(s + "read-bandwidth") : in.bytesPerSecond(s + "write-bandwidth"))));
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
