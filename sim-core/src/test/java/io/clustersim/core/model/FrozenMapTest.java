package io.clustersim.core.model;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Estimates keep frozen breakdowns without copying them, and behave as before to every caller. */
class FrozenMapTest {

    private static LinkedHashMap<String, Double> bytes() {
        LinkedHashMap<String, Double> m = new LinkedHashMap<>();
        m.put("weights", 3e9);
        m.put("gradients", 1e9);
        m.put("activations", 2e9);
        return m;
    }

    @Test
    void looksLikeTheOrderedMapItFreezes() {
        Map<String, Double> frozen = FrozenMap.adopt(bytes());
        assertEquals(bytes(), frozen);
        assertEquals(frozen, bytes());
        assertEquals(bytes().hashCode(), frozen.hashCode());
        assertEquals(bytes().toString(), frozen.toString());
        assertEquals(List.of("weights", "gradients", "activations"), List.copyOf(frozen.keySet()));
        assertEquals(2e9, frozen.get("activations"));
        assertEquals(-1.0, frozen.getOrDefault("buffers", -1.0));
        assertThrows(UnsupportedOperationException.class, () -> frozen.put("buffers", 1.0));
        assertThrows(UnsupportedOperationException.class, () -> frozen.values().clear());
        assertThrows(UnsupportedOperationException.class, () -> frozen.entrySet().iterator().next().setValue(0.0));
    }

    @Test
    void anEstimateKeepsAFrozenMapAndCopiesAnyOther() {
        Map<String, Double> frozen = FrozenMap.adopt(bytes());
        assertSame(frozen, new MemoryEstimate(frozen, 80e9).breakdownBytes());
        LinkedHashMap<String, Double> mutable = bytes();
        MemoryEstimate copied = new MemoryEstimate(mutable, 80e9);
        mutable.put("weights", 100e9);
        assertEquals(6e9, copied.perChipBytes(), "the caller's later change does not leak in");
        assertEquals(bytes(), copied.breakdownBytes());
        StepEstimate step = new StepEstimate(1.0, frozen, 1, 1, 1, 1, 1, copied);
        assertSame(frozen, step.breakdownSeconds());
    }
}
