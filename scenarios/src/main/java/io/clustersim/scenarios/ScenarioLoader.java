package io.clustersim.scenarios;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.clustersim.core.Scenario;
import io.clustersim.core.model.PlanValidator;
import io.clustersim.core.model.Problem;
import io.clustersim.core.scaling.TargetSizing;
import io.clustersim.topology.ChipSpec;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.Datacenter;
import io.clustersim.topology.Fleet;
import io.clustersim.topology.Precision;
import io.clustersim.scenarios.keys.ScenarioKeys;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads scenario files (HOCON; JSON is valid HOCON) into {@link Scenario}s. Every mistake becomes a
 * {@link ScenarioException} whose message is one line naming file, line and key. The keys are
 * declared once in the key registry ({@link ScenarioKeys}; reference: docs/scenario-reference.md).
 *
 * <pre>{@code
 * LoadedScenario loaded = ScenarioLoader.load(Path.of("scenarios/examples/gpt3-175b-a100.conf"));
 * Report report = sim.run(loaded.scenario());
 * }</pre>
 *
 * <p>Maintainer note: this class only composes. {@link ScenarioParser} reads and parses the text,
 * {@link ConfigReader} gives typed, located reads, and one reader per section builds each part:
 * {@link TargetReader} (with {@link ModelReader}), {@link FleetReader} (with {@link ChipReader},
 * {@link WanReader}), {@link PlanReader}, {@link SoftwareReader}, {@link FailureReader} (with
 * {@link FailureClassReader}), {@link CheckpointReader}, {@link StragglerReader}, {@link CostReader};
 * {@link Sections} holds what they share. A new key is declared once in the registry and read in its
 * section's reader through that declaration, {@code in.read(path)} ({@link KeyRead}), which takes
 * its kind, default, range and words from there.
 */
public final class ScenarioLoader {

    /** Every key a scenario may set at its root (dotted leaf paths, per-class failure keys included): the registry's. */
    static final Set<String> ALL_KEYS = ScenarioKeys.rootKeys();

    private ScenarioLoader() {
    }

    /** Reads and validates a scenario file. */
    public static LoadedScenario load(Path file) {
        return load(file, Map.of());
    }

    /**
     * Reads a scenario file with some keys replaced (as {@code clustersim sweep --field} does).
     * A key may index a list of objects: {@code fleet.wan-links[0].bandwidth}. Values are written
     * as in a file ({@code "400Tbps"}, {@code "5ms"}, {@code "1024"}).
     */
    public static LoadedScenario load(Path file, Map<String, String> overrides) {
        String name = file.toString();
        String text = ScenarioParser.read(file); // once; a one-line reason when it is no readable, non-empty text file
        NestingCheck.check(text, name);
        try {
            return build(ScenarioParser.parseFile(file, text), name, overrides);
        } catch (StackOverflowError e) {
            throw ScenarioParser.tooDeep(name);
        }
    }

    /** An {@code include} statement, in any of HOCON's forms. */
    private static final java.util.regex.Pattern INCLUDE =
            java.util.regex.Pattern.compile("(?m)(^|[{,\\s])include\\s+(\"|required\\(|file\\(|url\\(|classpath\\()");

    /**
     * A scenario file as text that stands on its own, for another JVM to load with {@link #parse}
     * (which refuses includes): the file's own text, or, when it includes other files, the
     * scenario with those files read in (rendered as HOCON, the same keys and values).
     */
    public static String selfContainedText(Path file) {
        String name = file.toString();
        String text = ScenarioParser.read(file);
        if (!INCLUDE.matcher(text).find()) {
            return text;
        }
        NestingCheck.check(text, name);
        Config config = ScenarioParser.parseFile(file, text);
        return config.root().render(com.typesafe.config.ConfigRenderOptions.concise().setJson(false));
    }

    /** Reads a scenario from text; {@code fileName} is used in messages. */
    public static LoadedScenario parse(String text, String fileName) {
        return parse(text, fileName, Map.of());
    }

    /** Reads a scenario from text with some keys replaced ({@link #load(Path, Map)}). */
    public static LoadedScenario parse(String text, String fileName, Map<String, String> overrides) {
        NestingCheck.check(text, fileName);
        try {
            return build(ScenarioParser.parseConfig(() -> ConfigFactory.parseString(text, ScenarioIncluder.textOptions(fileName)), fileName),
                    fileName, overrides);
        } catch (StackOverflowError e) {
            throw ScenarioParser.tooDeep(fileName);
        }
    }

    private static LoadedScenario build(Config parsed, String fileName, Map<String, String> overrides) {
        Config config = parsed;
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            config = ScenarioParser.override(config, o.getKey(), o.getValue(), fileName);
        }
        ConfigReader in = new ConfigReader(config, fileName);
        in.rejectUnknownKeys(ALL_KEYS);
        int trials = in.read("trials").integer();
        // shown on terminals: no escape sequences or line breaks from the file
        String name = ScenarioException.printable(in.read("name").text(fileStem(fileName)), 200);
        long seed = in.read("seed").longInteger();
        TargetSizing.Sized sized = Sections.section(in, "target", () -> TargetReader.modelAndTarget(in));
        Fleet fleet = Sections.section(in, "fleet", () -> FleetReader.fleet(in));
        Precision precision = sized.model().precision();
        for (Datacenter dc : fleet.datacenters()) {
            ChipSpec chip = dc.cluster().chip();
            if (!chip.supports(precision)) {
                throw in.error(in.has("model.precision") ? "model.precision" : "fleet.chip", chip.displayName() + " has no "
                        + precision.key() + " peak in the catalog; it runs " + chip.formats().stream().map(Precision::key)
                        .collect(java.util.stream.Collectors.joining(", ")));
            }
        }
        boolean search = PlanReader.isSearch(in);
        Scenario scenario = new Scenario(
                name,
                seed,
                trials,
                sized.model(),
                sized.target(),
                Sections.section(in, "fleet", fleet::combinedCluster),
                search ? null : Sections.section(in, "parallelism", () -> PlanReader.parallelism(in)),
                Sections.section(in, "failures", () -> FailureReader.failures(in, fleet)),
                Sections.section(in, "checkpoint", () -> CheckpointReader.checkpoint(in)),
                Sections.section(in, "software", () -> SoftwareReader.software(in, precision)),
                Sections.section(in, "stragglers", () -> StragglerReader.stragglers(in)),
                fleet,
                Sections.section(in, "parallelism.cross-dc", () -> WanReader.crossDc(in)),
                Sections.section(in, "target", () -> TargetReader.criticalBatch(in)),
                search ? Sections.section(in, "parallelism", () -> PlanReader.searchSpace(in)) : null);
        SoftwareReader.softwareRuns(in, scenario);
        if (scenario.software().flashAttention()) { // FlashAttention-2 is priced on Ampere and Hopper only
            refuseAtAnySite(in, fleet, cluster -> scenario.software().attentionKernel().problemOn(cluster.chip()));
        }
        refuseAtAnySite(in, fleet, cluster -> scenario.software().expertParallel().formatProblemOn(cluster.chip()));
        searchedTpFits(in, scenario, fleet);
        FailureReader.recoveryOutlastsFailures(in, scenario, fleet);
        LoadedScenario loaded = new LoadedScenario(scenario, in, in.has("fleet.datacenters"),
                Sections.section(in, "fleet", () -> CostReader.read(in, scenario)));
        in.checkDeclaredRanges(); // values whose ranges the model records checked, against their declarations
        return loaded;
    }

    /**
     * A search's fixed TP must fit every site's scale-up domain, as a stated plan's must
     * ({@code PlanValidator}): said at the key, instead of a search that finds no layout.
     */
    private static void searchedTpFits(ConfigReader in, Scenario scenario, Fleet fleet) {
        Integer tp = scenario.searchesPlan() ? scenario.planSearch().tp() : null;
        if (tp == null) {
            return;
        }
        refuseAtAnySite(in, fleet, cluster -> PlanValidator.tensorInScaleUpDomain(tp, cluster));
    }

    /** The first site's problem {@code check} finds, refused at its key. */
    private static void refuseAtAnySite(ConfigReader in, Fleet fleet,
                                        Function<ClusterSpec, Optional<Problem>> check) {
        for (Datacenter dc : fleet.datacenters()) {
            var problem = check.apply(dc.cluster());
            if (problem.isPresent()) {
                throw in.error(problem.get().key(), problem.get().message());
            }
        }
    }

    private static String fileStem(String fileName) {
        String base = Path.of(fileName).getFileName().toString();
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }
}
