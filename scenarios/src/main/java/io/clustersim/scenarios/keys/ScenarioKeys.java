package io.clustersim.scenarios.keys;

import io.clustersim.core.run.FailureSpec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.clustersim.scenarios.keys.ScenarioKey.Type.INTEGER;
import static io.clustersim.scenarios.keys.ScenarioKey.Type.NUMBER;
import static io.clustersim.scenarios.keys.ScenarioKey.Type.TEXT;
import static io.clustersim.scenarios.keys.ScenarioKey.choice;
import static io.clustersim.scenarios.keys.ScenarioKey.of;

/**
 * The registry of scenario keys: every key a scenario may set, declared once (in this class and the
 * per-section declarations {@code ModelKeys}, {@code TargetKeys}, {@code PlanKeys}, {@code FleetKeys},
 * {@code RunKeys}). The loader reads every key through its declaration (kind, default, range,
 * words: {@code ConfigReader.read}) and refuses keys not here (suggesting the nearest),
 * {@code sweep --field} checks its keys here, and {@code clustersim keys} writes the reference page
 * and the JSON Schema from it.
 *
 * <pre>{@code
 * ScenarioKeys.rootDeclarations().get("fleet.chips-per-node").defaultValue(); // "8"
 * ScenarioKeys.isKey("fleet.wan-links[0].bandwidth");                       // true
 * }</pre>
 *
 * <p>Maintainer note: to add a key, add one declaration to the section's list, read it in its
 * section's reader with {@code in.read(path)} (docs/scenario-format.md, "Adding a key"), and run
 * {@code ./clustersim keys --write-docs .} to regenerate the docs; the tests fail until the
 * generated files match, and KeyDeclarationsTest checks the declared defaults and ranges against
 * the loader. A key of one failure class is declared once as
 * {@code failures.<class>.x} and expands to each of {@link FailureSpec#CLASS_NAMES}.
 */
public final class ScenarioKeys {

    private ScenarioKeys() {
    }

    /** Keys at the top of a scenario and the published figures the validation tests read. */
    private static final List<ScenarioKey> GENERAL = List.of(
            of("name", TEXT).byDefault("the file name").means("Name echoed in the report.")
                    .notes("name echoed in the report (default: file name)"),
            of("seed", INTEGER).required().means("Root of every random stream: the same seed gives the same report.")
                    .notes("root of every random stream (default: required)"),
            of("trials", INTEGER).min(1).max(1_000_000).byDefault("100").means("Monte Carlo trials of the run model.")
                    .notes("Monte Carlo trials (default: 100)"),
            of("validation.source", TEXT).byDefault("—")
                    .means("Where the published figures come from; validation keys are ignored by the simulation.")
                    .notes("published numbers for the validation tests (`source`, `published-tflops-per-chip`, "
                            + "`published-mfu`, `mfu-convention`, `published-days`); ignored by the simulation"),
            of("validation.published-tflops-per-chip", NUMBER).min(0).byDefault("—")
                    .means("Published achieved TFLOP/s per chip."),
            of("validation.published-mfu", NUMBER).min(0).max(1).byDefault("—").means("Published MFU, a fraction."),
            choice("validation.mfu-convention", "full", "causal").byDefault("—")
                    .means("Whether the published MFU counts causal attention in full or at half."),
            of("validation.published-days", NUMBER).min(0).byDefault("—").means("Published training days."));

    /** Sections in the order the reference page lists them, each with its keys. */
    private static final Map<String, List<ScenarioKey>> SECTIONS = buildSections();

    private static Map<String, List<ScenarioKey>> buildSections() {
        Map<String, List<ScenarioKey>> s = new LinkedHashMap<>();
        s.put("General", GENERAL.subList(0, 3));
        s.put("Model", ModelKeys.KEYS);
        s.put("Target", TargetKeys.KEYS);
        s.put("Fleet", FleetKeys.KEYS);
        s.put("WAN links (each element of fleet.wan-links)", FleetKeys.WAN_LINK_KEYS);
        s.put("Parallelism and software", PlanKeys.KEYS);
        s.put("Failures", RunKeys.KEYS.stream().filter(k -> k.path().startsWith("failures.")).toList());
        s.put("Failure classes (failures.<class>, class one of " + String.join(", ", FailureSpec.CLASS_NAMES) + ")",
                RunKeys.CLASS_KEYS);
        s.put("Checkpoints and stragglers", RunKeys.KEYS.stream().filter(k -> !k.path().startsWith("failures.")).toList());
        s.put("Validation (read by the validation tests only)", GENERAL.subList(3, GENERAL.size()));
        return Collections.unmodifiableMap(s);
    }

    /** Every declaration, grouped by section, as written (per-class keys with their {@code <class>} placeholder). */
    public static Map<String, List<ScenarioKey>> sections() {
        return SECTIONS;
    }

    /** Every key a scenario may set at its root, per-class keys expanded, by dotted path (no list-element keys). */
    private static final Map<String, ScenarioKey> ROOT = root();

    private static Map<String, ScenarioKey> root() {
        Map<String, ScenarioKey> all = new LinkedHashMap<>();
        for (List<ScenarioKey> section : List.of(GENERAL, ModelKeys.KEYS, TargetKeys.KEYS, FleetKeys.KEYS, PlanKeys.KEYS,
                RunKeys.KEYS)) {
            section.forEach(k -> all.put(k.path(), k));
        }
        for (String name : FailureSpec.CLASS_NAMES) {
            for (ScenarioKey k : RunKeys.CLASS_KEYS) {
                ScenarioKey expanded = k.forClass(name);
                all.put(expanded.path(), expanded);
            }
        }
        return Collections.unmodifiableMap(all);
    }

    /** Dotted paths of every key a scenario may set at its root. */
    public static Set<String> rootKeys() {
        return ROOT.keySet();
    }

    /** Keys not allowed inside an element of {@code fleet.datacenters}: they are about the whole fleet. */
    private static final Set<String> FLEET_ONLY = Set.of("fleet.datacenters", "fleet.wan-links", "fleet.on-site-loss");

    /** Declarations of one element of {@code fleet.datacenters}: the single-site {@code fleet.*} ones without the prefix. */
    public static List<ScenarioKey> datacenterDeclarations() {
        return FleetKeys.KEYS.stream().filter(k -> !FLEET_ONLY.contains(k.path())).map(k -> k.within("fleet.")).toList();
    }

    /** Declarations of one element of {@code fleet.wan-links}, named within the element. */
    public static List<ScenarioKey> wanLinkDeclarations() {
        return FleetKeys.WAN_LINK_KEYS.stream().map(k -> k.within("fleet.wan-links[].")).toList();
    }

    /** Every root key's declaration (per-class keys expanded), by dotted path. */
    public static Map<String, ScenarioKey> rootDeclarations() {
        return ROOT;
    }

    /** Keys of one element of {@code fleet.datacenters}: the single-site {@code fleet.*} keys without the prefix. */
    public static Set<String> datacenterKeys() {
        return DATACENTER;
    }

    /** Keys of one element of {@code fleet.wan-links}. */
    public static Set<String> wanLinkKeys() {
        return WAN_LINK;
    }

    private static final Set<String> DATACENTER = paths(datacenterDeclarations());
    private static final Set<String> WAN_LINK = paths(wanLinkDeclarations());

    /** The paths of these declarations, sorted (the loader reports the first unknown key in this order). */
    private static Set<String> paths(List<ScenarioKey> keys) {
        Set<String> paths = keys.stream().map(ScenarioKey::path).collect(Collectors.toCollection(TreeSet::new));
        return Collections.unmodifiableSet(paths);
    }

    private static final Pattern ELEMENT = Pattern.compile("fleet\\.(datacenters|wan-links)\\[\\d+]\\.(.+)");

    /**
     * Whether {@code key} names a scenario key, as {@code clustersim sweep --field} takes it: a
     * dotted key ({@code failures.accelerator.shape}) or a key of one element of the datacenter or
     * WAN link lists ({@code fleet.wan-links[0].bandwidth}).
     */
    public static boolean isKey(String key) {
        return declaration(key) != null;
    }

    /**
     * The declaration of {@code key} as a scenario names it: a dotted key ({@code failures.hbm.shape})
     * or a key of one element of the datacenter or WAN link lists ({@code fleet.datacenters[1].chips});
     * null when no such key is declared.
     */
    public static ScenarioKey declaration(String key) {
        Matcher m = ELEMENT.matcher(key);
        if (m.matches()) {
            return (m.group(1).equals("datacenters") ? DATACENTER_BY_PATH : WAN_LINK_BY_PATH).get(m.group(2));
        }
        return ROOT.get(key);
    }

    private static final Map<String, ScenarioKey> DATACENTER_BY_PATH = byPath(datacenterDeclarations());
    private static final Map<String, ScenarioKey> WAN_LINK_BY_PATH = byPath(wanLinkDeclarations());

    private static Map<String, ScenarioKey> byPath(List<ScenarioKey> keys) {
        return keys.stream().collect(Collectors.toUnmodifiableMap(ScenarioKey::path, k -> k));
    }

    /** The root keys that declare they need {@code key}, in declaration order (what goes only with it). */
    public static List<String> needing(String key) {
        return ROOT.values().stream().filter(k -> k.needs().contains(key)).map(ScenarioKey::path).toList();
    }

    /** Every declaration once, per-class keys with their placeholder, in section order. */
    public static List<ScenarioKey> declarations() {
        List<ScenarioKey> out = new ArrayList<>();
        SECTIONS.values().forEach(out::addAll);
        return out;
    }
}
