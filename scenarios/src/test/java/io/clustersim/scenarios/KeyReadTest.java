package io.clustersim.scenarios;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.clustersim.core.model.Recompute;
import io.clustersim.scenarios.keys.ScenarioKey;
import io.clustersim.scenarios.keys.ScenarioKeys;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What a read through a key's declaration takes from it: the default, the range and its words, the allowed words. */
class KeyReadTest {

    private static ConfigReader reader(String text) {
        // parsed under its name, as the loader parses a scenario's text
        return new ConfigReader(ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription("x.conf")),
                "x.conf");
    }

    private static ScenarioKey key(String path) {
        return ScenarioKeys.declaration(path);
    }

    @Test
    void aDefaultWrittenAsAValueIsTheLoadersDefault() {
        assertEquals("1", key("model.moe.imbalance").literalDefault()); // "1 (balanced)"
        assertEquals("1us", key("fleet.scale-out.hop-latency").literalDefault());
        assertEquals("true", key("software.overlap-tp-backward").literalDefault()); // "true (torchtitan: false)"
        assertNull(key("fleet.scale-up-domain").literalDefault()); // "the chip's"
        assertNull(key("fleet.chip").literalDefault()); // "required (in each datacenter ...)"
        assertNull(key("seed").literalDefault());
        ConfigReader in = reader("seed = 1");
        assertEquals(1.0e-6, in.read("fleet.scale-out.hop-latency").number());
        assertEquals(8, in.read("fleet.chips-per-node").integer());
        assertEquals(Recompute.NONE, in.read("parallelism.recompute").choice(Recompute.class));
        assertEquals(4, in.read("fleet.scale-up-domain").integer(4)); // a default in words: the reader's
    }

    @Test
    void theRangeIsTheDeclaredOneInTheLoadersWords() {
        assertEquals("in 1..1000000", key("trials").rangeInWords());
        assertEquals("> 0", key("fleet.chips-per-node").rangeInWords()); // above(0)
        assertEquals("> 0", key("parallelism.tp").rangeInWords()); // a whole number >= 1
        assertEquals(">= 0", key("fleet.hot-spare-nodes").rangeInWords());
        assertEquals("> 0 and <= 1", key("target.confidence").rangeInWords());
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> reader("trials = 0").read("trials").integer());
        assertEquals("x.conf:1: trials: must be in 1..1000000, was 0", e.getMessage());
        e = assertThrows(ScenarioException.class,
                () -> reader("target.tokens = \"-3B\"").read("target.tokens").number());
        assertEquals("x.conf:1: target.tokens: must be > 0, was -3B", e.getMessage());
        ConfigReader in = reader("parallelism.tp = 0");
        assertEquals(0, in.readUnranged("parallelism.tp").integer()); // left to the record, which refuses it first
        e = assertThrows(ScenarioException.class, in::checkDeclaredRanges); // and held to the declaration after
        assertEquals("x.conf:1: parallelism.tp: must be > 0, was 0", e.getMessage());
    }

    @Test
    void wordsAreTheDeclaredOnesAndAKeyMustBeDeclared() {
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> reader("checkpoint.mode = later").read("checkpoint.mode").word());
        assertEquals("x.conf:1: checkpoint.mode: unknown value \"later\"; expected sync or async", e.getMessage());
        e = assertThrows(ScenarioException.class,
                () -> reader("parallelism.recompute = most").read("parallelism.recompute").choice(Recompute.class));
        assertEquals("x.conf:1: parallelism.recompute: unknown value \"most\"; expected one of none, selective, full",
                e.getMessage());
        assertThrows(IllegalStateException.class, () -> reader("").read("fleet.chipz"));
        assertThrows(IllegalStateException.class, () -> reader("seed = 1").read("seed").number(0)); // a whole number is read as one
        // the same mistake is caught when the scenario leaves the key out, not only when a user sets it
        assertThrows(IllegalStateException.class, () -> reader("").read("seed").number(0));
        assertThrows(IllegalStateException.class, () -> reader("").read("parallelism.tp").number());
        assertThrows(IllegalStateException.class, () -> reader("").read("checkpoint.mode").number(0));
    }
}
