package io.clustersim.scenarios;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Broken scenarios, one mistake each, from an audit of every family of keys: each must be refused
 * with one line naming the file, the line of the mistake and the key it is about (not the section
 * it sits in, not a neighbouring key), with a message that says what is wrong. A mistake is made by
 * appending a line to a valid scenario (HOCON lets a later line replace a key), so its line is known.
 */
class BadInputTest {

    /** A valid scenario the mistakes are appended to: one site, failures, checkpoints. */
    static final String ONE_SITE = ScenarioLoaderTest.VALID;

    /** A valid GPT shape family (the tool sizes the model) with the default MLP ratio of 4. */
    static final String GPT_FAMILY = TargetAndSearchLoaderTest.BUDGET.replace("  architecture = llama\n", "")
            .replace("  ffn-ratio = 3.5\n", "");

    /** A valid fleet of two sites joined by a link. */
    static final String TWO_SITES = MultiDatacenterScenarioTestFixtures.TWO_SITES;

    /**
     * @param base     the valid scenario
     * @param appended the mistake, appended as the last lines (later lines replace earlier keys)
     * @param key      the key the message must name
     * @param fragment text the message must contain
     */
    record Case(String base, String appended, String key, String fragment) {
        @Override
        public String toString() {
            return appended.replace('\n', ' ');
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                // an explicit null used to escape as a Typesafe Config stack trace
                new Case(ONE_SITE, "seed = null", "seed", "missing; this key is required"),
                new Case(ONE_SITE, "target.tokens = null", "target.tokens", "missing; state the target"),
                new Case(ONE_SITE, "checkpoint.interval = null", "checkpoint.interval", "missing"),
                // model
                new Case(ONE_SITE, "model.params = -5", "model.params", "must be > 0, was -5"),
                // a llama model without its MLP width: refused with Llama's rule, not 4 × hidden
                new Case(ONE_SITE, "model.architecture = llama", "model.ffn-hidden",
                        "not 4 × hidden: Llama's rule is ffn-hidden = m · ceil(floor(multiplier · floor(8/3 · hidden)) / m),"
                                + " e.g. 2816 for hidden 1024"),
                new Case(GPT_FAMILY, "model.architecture = llama", "model.ffn-ratio", "it is not 4: Llama's rule"),
                // gpt-oss's shape keys: a GELU MLP has no SwiGLU to clamp, learned positions no RoPE to scale,
                // and a shape family sizes plain models
                new Case(ONE_SITE, "model.swiglu-clamp = 7", "model.swiglu-clamp", "needs a SwiGLU MLP (architecture llama)"),
                new Case(ONE_SITE, "model.rope-scaling = yarn", "model.rope-scaling", "needs rotary positions"),
                new Case(GPT_FAMILY, "model.rope-scaling = yarn", "model.rope-scaling", "a shape family sizes plain"),
                new Case(ONE_SITE, "software.expert-bias = loop", "software.expert-bias", "fused"),
                new Case(ONE_SITE, "model.layers = 3000000000", "model.layers", "too large"),
                new Case(ONE_SITE, "\"model.layers\" = 2", "\"model.layers\"", "write model.layers without quotes"),
                // fleet and chip overrides: the override's own key, not "null:" from the chip record
                new Case(ONE_SITE, "fleet.chip = custom", "fleet.chip", "needs every field in fleet.chip-overrides"),
                new Case(ONE_SITE, "fleet.chip-overrides.hbm = 0GB", "fleet.chip-overrides.hbm", "must be > 0, was 0GB"),
                new Case(ONE_SITE, "fleet.chip-overrides.tdp = -5W", "fleet.chip-overrides.tdp", "must be > 0, was -5W"),
                new Case(ONE_SITE, "fleet.chip-overrides.scale-up-domain = 0", "fleet.chip-overrides.scale-up-domain",
                        "must be > 0"),
                new Case(ONE_SITE, "fleet.name = \"\"", "fleet.name", "must not be blank"),
                // failures and checkpoints
                new Case(ONE_SITE, "failures { repair-median = 2d, repair-sigma = -1 }", "failures.repair-sigma",
                        "must be >= 0"),
                new Case(ONE_SITE, "checkpoint.interval = 0s", "checkpoint.interval", "leave the checkpoint section out"),
                new Case(ONE_SITE, "checkpoint = null\ncheckpoint { interval = auto }", "checkpoint.interval",
                        "costs nothing"),
                new Case(ONE_SITE, "checkpoint { mode = async, snapshot = 0s, write = null }\ncheckpoint.interval = auto",
                        "checkpoint.interval", "or checkpoint.snapshot"),
                // WAN links: the key at fault, with a line even when the key is absent from the element
                new Case(TWO_SITES, "fleet.wan-links = [ { between = [a, a], bandwidth = 1Tbps, latency = 1ms } ]",
                        "fleet.wan-links[0].between", "two different datacenters"),
                new Case(TWO_SITES, "fleet.wan-links = [ { between = [a, b], bandwidth = 1Tbps, latency = -1ms } ]",
                        "fleet.wan-links[0].latency", "must be >= 0"),
                new Case(TWO_SITES, "fleet.wan-links = [ { between = [a, b], bandwidth = 1Tbps, distance = -5km } ]",
                        "fleet.wan-links[0].distance", "must be >= 0"),
                new Case(TWO_SITES, "fleet.wan-links = [ { between = [a, b], bandwidth = 1Tbps } ]",
                        "fleet.wan-links[0].latency", "give either latency"),
                new Case(TWO_SITES, "fleet.wan-links = [ { between = [a, b], waves = -10, latency = 1ms } ]",
                        "fleet.wan-links[0].waves", "must be > 0"),
                new Case(TWO_SITES, "fleet.wan-links = [ { between = [a, b], waves = 10, wave = 1600ZR, latency = 1ms } ]",
                        "fleet.wan-links[0].wave", "expected 400ZR, 800ZR"),
                // DiLoCo: each setting named, not all of them as inner-steps
                new Case(TWO_SITES, "parallelism { cross-dc = diloco, diloco { inner-steps = 100, fragments = 0 } }",
                        "parallelism.diloco.fragments", "fragments must be in 1..100"),
                new Case(TWO_SITES, "parallelism { cross-dc = diloco, diloco { inner-steps = 100, overlap-steps = -1 } }",
                        "parallelism.diloco.overlap-steps", "must be >= 0"),
                new Case(TWO_SITES, "parallelism { cross-dc = diloco, diloco { inner-steps = 100, token-efficiency = 1.5 } }",
                        "parallelism.diloco.token-efficiency", "must be in (0, 1]"),
                new Case(TWO_SITES, "parallelism { cross-dc = diloco, diloco { inner-steps = 100, fragments = 3 } }",
                        "parallelism.diloco.fragments", "must divide inner-steps (100)"),
                // a bandwidth without a unit: bits or bytes would be a silent factor of 8
                new Case(ONE_SITE, "fleet.scale-out.bandwidth-per-chip = 200", "fleet.scale-out.bandwidth-per-chip",
                        "needs a unit, bits or bytes per second, e.g. 200Gbps or 50GB/s; got 200"),
                new Case(ONE_SITE, "fleet.scale-out.bandwidth-per-chip = \"200\"", "fleet.scale-out.bandwidth-per-chip",
                        "needs a unit"),
                new Case(ONE_SITE, "fleet.chip-overrides.hbm-bandwidth = 3350", "fleet.chip-overrides.hbm-bandwidth",
                        "needs a unit"),
                new Case(ONE_SITE, "checkpoint = null\ncheckpoint { interval = 1h, storage { chip-write-bandwidth = 2, write-bandwidth = 1TB/s } }",
                        "checkpoint.storage.chip-write-bandwidth", "needs a unit"),
                new Case(TWO_SITES, "fleet.wan-links = [ { between = [a, b], bandwidth = 200, latency = 1ms } ]",
                        "fleet.wan-links[0].bandwidth", "needs a unit"),
                new Case(TWO_SITES, "fleet.wan-links = [ { between = [a, b], waves = 10, wave = 800, latency = 1ms } ]",
                        "fleet.wan-links[0].wave", "needs a unit"),
                // a pod holds whole nodes (8 chips each here)
                new Case(ONE_SITE, "fleet.scale-out.pod-chips = 12", "fleet.scale-out.pod-chips",
                        "must be a multiple of the node size (8 chips per node)"),
                // a fleet that fails faster than it recovers: explained at load, not at the event limit
                new Case(ONE_SITE, "failures.rate-per-1000-node-days = 1e9", "failures.rate-per-1000-node-days",
                        "sooner than one recovery takes (detection 5.00 min + restart 10.0 min + restore 2.00 min = 17.0 min)"),
                // a model record's complaint at the key it is about, not at the section's first line
                new Case(ONE_SITE, "model.layers = 0", "model.layers", "layers must be > 0, was 0"),
                new Case(ONE_SITE, "model.seq-len = -1", "model.seq-len", "must be > 0"),
                new Case(ONE_SITE, "model.kv-heads = 3", "model.kv-heads", "kv-heads (3) must divide heads (16)"),
                new Case(ONE_SITE, "model.moe { experts = 8, top-k = 9, expert-ffn-hidden = 10 }", "model.moe.top-k",
                        "must be in 1..8"),
                new Case(ONE_SITE, "model.moe { experts = 8, top-k = 2, expert-ffn-hidden = 10, every = 0 }", "model.moe.every",
                        "must be > 0"),
                new Case(ONE_SITE, "model.moe { experts = 8, top-k = 2, expert-ffn-hidden = 10, capacity-factor = 0.5 }",
                        "model.moe.capacity-factor", "must be >= 1"),
                new Case(ONE_SITE, "model.moe { experts = 8, top-k = 2, expert-ffn-hidden = 10, imbalance = 1.2, capacity-factor = 1.5 }",
                        "model.moe.capacity-factor", "not both"),
                new Case(ONE_SITE, "model.moe { experts = 8, top-k = 2, expert-ffn-hidden = 10, node-limit = -1 }",
                        "model.moe.node-limit", "must be >= 0"),
                new Case(ONE_SITE, "model.mla { kv-lora-rank = 0, qk-nope-head-dim = 8, qk-rope-head-dim = 8, v-head-dim = 8 }",
                        "model.mla.kv-lora-rank", "must be > 0"),
                new Case(ONE_SITE, "software.ep-overlap = sometimes", "software.ep-overlap", "expected one of none, 1f1b, dualpipe"),
                new Case(ONE_SITE, "software.ep-dispatcher = hybrid", "software.ep-dispatcher",
                        "expected one of all-to-all, deepep"),
                new Case(ONE_SITE, "parallelism.etp = 0", "parallelism.etp", "etp must be > 0"),
                new Case(ONE_SITE, "fleet.scale-up-domain = 0", "fleet.scale-up-domain", "must be > 0"),
                new Case(ONE_SITE, "fleet.chips-per-node = 0", "fleet.chips-per-node", "must be > 0"),
                new Case(ONE_SITE, "fleet.scale-out.spine-oversubscription = 0.5", "fleet.scale-out.spine-oversubscription",
                        "must be >= 1"),
                new Case(ONE_SITE, "fleet.scale-out.pod-chips = 0", "fleet.scale-out.pod-chips", "must be > 0"),
                new Case(ONE_SITE, "fleet.power.pue = 0.5", "fleet.power.pue", ">= 1"),
                new Case(ONE_SITE, "stragglers { probability = 0.1, mean-slowdown = -1 }", "stragglers.mean-slowdown",
                        "must be >= 0"),
                new Case(ONE_SITE, "checkpoint.restore = -1s", "checkpoint.restore", "must be >= 0 s"),
                new Case(ONE_SITE, "failures.restart = -5s", "failures.restart", "must be >= 0 s"),
                new Case(ONE_SITE, "failures.maintenance { interval = 10h, duration = -1s }", "failures.maintenance.duration",
                        "must be >= 0 s"),
                new Case(ONE_SITE, "checkpoint = null\ncheckpoint { interval = 1h, storage { chip-write-bandwidth = 2GB/s,"
                        + " write-bandwidth = 1TB/s, read-bandwidth = 0GB/s } }", "checkpoint.storage.read-bandwidth",
                        "must be > 0 bytes/s"),
                new Case(ONE_SITE, "parallelism.dp = 0", "parallelism.dp", "dp must be > 0"),
                new Case(ONE_SITE, "parallelism.global-batch = 0", "parallelism.global-batch", "must be > 0"),
                // frameworks and sharding
                new Case(ONE_SITE, "software.framework = jax", "software.framework", "expected one of generic, megatron"),
                new Case(ONE_SITE, "software.framework = deepspeed\n"
                        + "parallelism { tp = 2, pp = 2, dp = 4, global-batch = 64, zero-stage = 3 }", "parallelism.zero-stage", "pipeline engine runs only with zero-stage 0 or 1"),
                new Case(ONE_SITE, "software.framework = torchtitan\nparallelism.zero-stage = 1", "parallelism.zero-stage",
                        "no optimizer-only sharding"),
                new Case(ONE_SITE, "software.grad-reduce = fp16", "software.grad-reduce", "expected one of bf16, fp32"),
                new Case(ONE_SITE, "software.prefetch = 0", "software.prefetch", "must be >= 1"),
                new Case(ONE_SITE, "parallelism.shard-group = 3", "parallelism.shard-group", "must divide dp = 8"),
                new Case(ONE_SITE, "target.global-batch = 64\nparallelism = { search = true, tp = 16 }", "parallelism.tp",
                        "larger than the scale-up domain of 8 chips"),
                new Case(ONE_SITE, "target.global-batch = 64\nparallelism = { search = true, tp = 3 }", "parallelism.tp",
                        "does not divide the scale-up domain of 8 chips"),
                new Case(ONE_SITE, "parallelism { shard-group = 4, zero-stage = 0 }", "parallelism.shard-group",
                        "zero-stage 0 shards none"),
                new Case(ONE_SITE, "software.context-parallel = p2p", "software.context-parallel", "expected one of all-gather, ring"),
                new Case(ONE_SITE, "software.attention-kernel = flash-attn-3", "software.attention-kernel",
                        "expected one of fused, flash-attn-2"),
                new Case(ONE_SITE, "software { flash-attention = false, attention-kernel = flash-attn-2 }",
                        "software.attention-kernel", "runs attention unfused"),
                new Case(ONE_SITE, "software.ep-dispatch = nvfp4", "software.ep-dispatch",
                        "has no nvfp4 peak in the catalog, so its experts cannot run on tokens in nvfp4"),
                new Case(ONE_SITE, "software { flash-attention = false, attention-kernel = fused }",
                        "software.attention-kernel", "fused is a fused-attention kernel, but software.flash-attention = false"),
                new Case(ONE_SITE, "fleet.chip = tpu-v5p\nsoftware.attention-kernel = flash-attn-2",
                        "software.attention-kernel", "priced on Ampere (the chip's own kernel) and Hopper"),
                new Case(TWO_SITES, "fleet.datacenters = [ { name = a, chip = h100-sxm, chips = 256, scale-up-domain = 0 },"
                        + " { name = b, chip = h100-sxm, chips = 256 } ]", "fleet.datacenters[0].scale-up-domain", "must be > 0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedInOneLineNamingFileLineAndKey(Case c) {
        String base = c.base().endsWith("\n") ? c.base() : c.base() + "\n";
        int line = (int) base.lines().count() + 1;
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> ScenarioLoader.parse(base + c.appended() + "\n", "bad.conf"));
        String m = e.getMessage();
        assertFalse(m.contains("\n"), m);
        assertFalse(m.contains("Exception") || m.contains("null:"), m);
        assertEquals(c.key(), e.key(), m);
        // the line of the mistake: the appended line (or, for two lines, the second one)
        assertTrue(e.line() == line || e.line() == line + 1, m);
        assertTrue(m.startsWith("bad.conf:" + e.line() + ": " + c.key() + ": "), m);
        assertTrue(m.contains(c.fragment()), m);
    }
}
