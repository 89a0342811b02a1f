package io.clustersim.scenarios;

import io.clustersim.scenarios.keys.ScenarioKey;
import io.clustersim.scenarios.keys.ScenarioKeys;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every declared key against the loader, generically (no list of keys): for each key whose
 * declared default is a value ({@link ScenarioKey#literalDefault()}), a minimal scenario without
 * the key loads to the same scenario (and prices) as with the key set to that default; for each
 * declared bound, a value just outside it is refused with a located one-line error at the key.
 * So a reader that applies another default, or lets an out-of-range value through, fails here.
 *
 * <p>Maintainer note: a key is loaded in a minimal scenario ({@link #BASE}; for a WAN link's keys,
 * DiLoCo's and cross-dc, {@link #TWO_SITES}) with what its section needs to be read at all
 * ({@link #SECTION}: the longest prefix of the key that has an entry) and the keys it declares it
 * needs; base keys that exclude these, or that they exclude, are left out. A WAN link's keys are
 * probed as keys of the first link, {@code fleet.wan-links[0].bandwidth}. Keys the test leaves out
 * are listed in {@link #NOT_HERE} with the reason.
 */
class KeyDeclarationsTest {

    /** A minimal scenario that loads: dotted key → value as written in a file. */
    private static final Map<String, String> BASE = ordered(
            "seed", "1",
            "model.layers", "4", "model.hidden", "256", "model.heads", "4", "model.vocab", "1000", "model.seq-len", "128",
            "target.tokens", "1e9",
            "fleet.chip", "h100-sxm", "fleet.chips", "16",
            "parallelism.dp", "16", "parallelism.global-batch", "32");

    /** Prefix of the keys of the first WAN link, as a scenario's messages name them. */
    private static final String LINK = "fleet.wan-links[0].";

    /** A minimal scenario of two datacenters joined by a link. */
    private static final Map<String, String> TWO_SITES = ordered(
            "seed", "1",
            "model.layers", "4", "model.hidden", "256", "model.heads", "4", "model.vocab", "1000", "model.seq-len", "128",
            "target.tokens", "1e9",
            "fleet.datacenters", "[ { name = a, chip = h100-sxm, chips = 8 }, { name = b, chip = h100-sxm, chips = 8 } ]",
            LINK + "between", "[a, b]", LINK + "bandwidth", "\"100Tbps\"", LINK + "latency", "\"5ms\"",
            "parallelism.dp", "16", "parallelism.global-batch", "32");

    /** What a section needs to be read, by key prefix (the longest matching prefix applies). */
    private static final Map<String, Map<String, String>> SECTION = Map.ofEntries(
            Map.entry("model.moe.", ordered("model.moe.experts", "8", "model.moe.top-k", "2",
                    "model.moe.expert-ffn-hidden", "512")),
            Map.entry("model.mla.", ordered("model.mla.kv-lora-rank", "64", "model.mla.qk-nope-head-dim", "32",
                    "model.mla.qk-rope-head-dim", "16", "model.mla.v-head-dim", "32")),
            Map.entry("model.ffn-ratio", ordered("model.aspect-ratio", "64")),
            Map.entry("model.aspect-ratio", ordered()),
            Map.entry("target.", ordered()),
            Map.entry("target.confidence", ordered("target.deadline", "\"3650d\"")),
            Map.entry("target.min-chips", ordered("target.deadline", "\"3650d\"")),
            Map.entry("target.chips-step", ordered("target.deadline", "\"3650d\"")),
            Map.entry("failures.", ordered("failures.rate-per-1000-node-days", "1")),
            Map.entry("failures.spares.", ordered("failures.rate-per-1000-node-days", "1",
                    "failures.spares.per-datacenter", "2", "failures.repair-median", "\"1d\"", "failures.repair-sigma", "0")),
            Map.entry("failures.maintenance.", ordered("failures.maintenance.interval", "\"100h\"")),
            Map.entry("failures.repair-sigma", ordered("failures.rate-per-1000-node-days", "1",
                    "failures.repair-median", "\"1d\"")),
            Map.entry("checkpoint.", ordered("checkpoint.interval", "\"1h\"", "checkpoint.write", "\"10s\"")),
            Map.entry("checkpoint.storage.", ordered("checkpoint.interval", "\"1h\"",
                    "checkpoint.storage.chip-write-bandwidth", "\"1GB/s\"", "checkpoint.storage.write-bandwidth", "\"100GB/s\"")),
            Map.entry("checkpoint.snapshot", ordered("checkpoint.interval", "\"1h\"", "checkpoint.mode", "async")),
            Map.entry("checkpoint.peer-", ordered("checkpoint.interval", "\"1h\"", "checkpoint.mode", "async",
                    "checkpoint.snapshot", "\"1s\"", "checkpoint.peer-replica", "true", "checkpoint.peer-restore", "\"1m\"")),
            Map.entry("stragglers.", ordered("stragglers.probability", "0.01", "stragglers.mean-slowdown", "0.1")),
            Map.entry("stragglers.sigma", ordered("stragglers.probability", "0.01", "stragglers.mean-slowdown", "0.1",
                    "stragglers.distribution", "lognormal")),
            Map.entry("fleet.cost.", ordered("fleet.cost.chip-hour", "2")),
            Map.entry("parallelism.diloco.", ordered("parallelism.cross-dc", "diloco", "parallelism.diloco.inner-steps", "100")),
            Map.entry(LINK + "repair-", ordered(LINK + "cuts-per-year", "1", LINK + "repair-median", "\"1d\"")));

    /** Failure-class keys: the class needs a rate of its own; the class stands in for every class. */
    private static Map<String, String> classSection(String key) {
        String prefix = key.substring(0, key.lastIndexOf('.') + 1);
        Map<String, String> s = ordered(prefix + "rate-per-1000-node-days", "1", prefix + "repair-median", "\"1d\"",
                prefix + "repair-sigma", "0");
        if (key.endsWith(".fleet")) {
            s.put(prefix + "shape", "2");
        }
        return s;
    }

    /** Keys this one-datacenter minimal scenario cannot hold, and why. */
    private static final Map<String, String> NOT_HERE = Map.of(
            "validation.", "read by the validation tests only, never by the loader",
            "fleet.wan-links", "a list: its elements' keys are probed one by one (" + LINK + "...)",
            "fleet.datacenters", "a list: its elements take the fleet.* keys, read by the same code as the single-site form");

    /** Every key probed: the root keys (per-class keys expanded) and the keys of the first WAN link. */
    private static List<String> probed() {
        List<String> keys = new ArrayList<>(ScenarioKeys.rootKeys());
        ScenarioKeys.wanLinkDeclarations().forEach(k -> keys.add(LINK + k.path()));
        return keys;
    }

    @Test
    void absentKeysTakeTheirDeclaredDefault() {
        List<String> wrong = new ArrayList<>();
        Set<String> checked = new TreeSet<>();
        for (String path : probed()) {
            ScenarioKey key = ScenarioKeys.declaration(path);
            String literal = key.literalDefault();
            if (literal == null || notHere(path) != null) {
                continue;
            }
            Map<String, String> without = context(path);
            without.remove(path);
            Map<String, String> with = new LinkedHashMap<>(without);
            with.put(path, quoted(literal));
            try {
                LoadedScenario absent = load(without);
                LoadedScenario stated = load(with);
                if (!absent.scenario().equals(stated.scenario()) || !absent.prices().equals(stated.prices())) {
                    wrong.add(path + ": absent differs from the declared default " + literal);
                }
                checked.add(path);
            } catch (ScenarioException e) {
                wrong.add(path + " = " + literal + ": " + e.getMessage());
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(checked.size() >= 75, "defaults checked: " + checked);
    }

    @Test
    void valuesOutsideTheDeclaredRangeAreRefusedAtTheKey() {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (String path : probed()) {
            ScenarioKey key = ScenarioKeys.declaration(path);
            if (notHere(path) != null) {
                continue;
            }
            for (Double outside : outside(key)) {
                Map<String, String> scenario = context(path);
                scenario.put(path, written(key, outside));
                try {
                    load(scenario);
                    wrong.add(path + " = " + scenario.get(path) + " is accepted (declared " + key.allowed() + ")");
                } catch (ScenarioException e) {
                    if (e.line() <= 0 || !e.key().equals(path)) {
                        wrong.add(path + " = " + scenario.get(path) + " is refused elsewhere: " + e.getMessage());
                    }
                }
                checked++;
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(checked >= 150, "bounds checked: " + checked);
    }

    @Test
    void everyKeyLeftOutHasAReason() {
        for (String prefix : NOT_HERE.keySet()) {
            assertTrue(probed().stream().anyMatch(k -> k.startsWith(prefix)), prefix + " names no key");
        }
    }

    /** Values just outside each declared bound: below the minimum (at it when exclusive), above the maximum. */
    private static List<Double> outside(ScenarioKey key) {
        List<Double> values = new ArrayList<>();
        if (key.minimum() != null) {
            values.add(key.exclusiveMinimum() ? key.minimum() : key.minimum() - 1);
        }
        if (key.maximum() != null) {
            values.add(key.maximum() + (key.type() == ScenarioKey.Type.INTEGER ? 1 : Math.max(1, key.maximum())));
        }
        return values;
    }

    /** A number as the key's kind is written: with its unit where it needs one. */
    private static String written(ScenarioKey key, double value) {
        String v = value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
        return switch (key.type()) {
            case DURATION -> "\"" + v + "s\"";
            case BITS_PER_SECOND -> "\"" + v + "Gbps\"";
            case BYTES_PER_SECOND -> "\"" + v + "GB/s\"";
            case DISTANCE -> "\"" + v + "km\"";
            default -> v;
        };
    }

    /** The minimal scenario with what the key's section and declared needs require, minus what they exclude. */
    private static Map<String, String> context(String path) {
        boolean twoSites = path.startsWith(LINK) || path.startsWith("parallelism.diloco.")
                || path.equals("parallelism.cross-dc");
        Map<String, String> s = new LinkedHashMap<>(twoSites ? TWO_SITES : BASE);
        String best = "";
        for (String prefix : SECTION.keySet()) {
            if (path.startsWith(prefix) && prefix.length() > best.length()) {
                best = prefix;
            }
        }
        boolean perClass = path.matches("failures\\.[a-z]+\\.(rate-per|distribution|shape|fleet|repair).*")
                && !path.startsWith("failures.spares.") && !path.startsWith("failures.maintenance.");
        s.putAll(perClass ? classSection(path) : best.isEmpty() ? Map.of() : SECTION.get(best));
        List<String> placed = new ArrayList<>(List.of(path));
        for (String need : related(path, false)) {
            s.putIfAbsent(need, sample(need));
            placed.add(need);
        }
        for (String k : List.copyOf(s.keySet())) {
            boolean clash = placed.stream().anyMatch(p -> !p.equals(k)
                    && (related(p, true).contains(k) || related(k, true).contains(p)));
            if (clash) {
                s.remove(k);
            }
        }
        if (path.startsWith("model.aspect-ratio") || path.equals("model.ffn-ratio")) {
            s.remove("model.layers"); // a shape family: no stated shape
            s.remove("model.hidden");
            s.remove("model.heads");
        }
        return s;
    }

    /** The keys {@code path} declares it needs (or, {@code excludes}, excludes), named as the scenario names them. */
    private static List<String> related(String path, boolean excludes) {
        ScenarioKey key = ScenarioKeys.declaration(path);
        if (key == null) {
            return List.of();
        }
        String prefix = path.substring(0, path.length() - key.path().length()); // a list element's, or ""
        return (excludes ? key.excludes() : key.needs()).stream().map(k -> prefix + k).toList();
    }

    /** A value a needed key may take: its default, else its smallest allowed value, else 1. */
    private static String sample(String path) {
        ScenarioKey key = ScenarioKeys.declaration(path);
        if (key.literalDefault() != null) {
            return quoted(key.literalDefault());
        }
        double v = key.minimum() == null ? 1 : key.minimum() + (key.exclusiveMinimum() ? 1 : 0);
        return written(key, v);
    }

    private static String notHere(String key) {
        // a prefix ending in a dot stands for its keys; any other names one key
        return NOT_HERE.entrySet().stream().filter(e -> e.getKey().endsWith(".") ? key.startsWith(e.getKey())
                : key.equals(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    private static LoadedScenario load(Map<String, String> keys) {
        StringBuilder text = new StringBuilder();
        List<String> link = new ArrayList<>();
        keys.forEach((k, v) -> {
            if (k.startsWith(LINK)) {
                link.add(k.substring(LINK.length()) + " = " + v);
            } else {
                text.append(k).append(" = ").append(v).append('\n');
            }
        });
        if (!link.isEmpty()) {
            text.append("fleet.wan-links = [ { ").append(String.join(", ", link)).append(" } ]\n");
        }
        return ScenarioLoader.parse(text.toString(), "minimal.conf");
    }

    private static String quoted(String literal) {
        return literal.matches("-?[0-9.]+|true|false") ? literal : "\"" + literal + "\"";
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], Objects.requireNonNull(pairs[i + 1]));
        }
        return m;
    }
}
