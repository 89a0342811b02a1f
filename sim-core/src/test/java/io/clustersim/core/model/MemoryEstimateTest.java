package io.clustersim.core.model;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The memory verdict's line: enough decimals to tell a need just over capacity from the capacity. */
class MemoryEstimateTest {

    @Test
    void aNeedJustOverCapacityIsToldApart() {
        MemoryEstimate over = new MemoryEstimate(Map.of("weights", 32.04e9), 32.0e9);
        assertFalse(over.fits());
        assertEquals("needs 32.04 GB per chip of 32.00 GB (weights 32.0 GB)", over.explain());
        MemoryEstimate clear = new MemoryEstimate(Map.of("weights", 40e9), 32.0e9);
        assertEquals("needs 40.0 GB per chip of 32.0 GB (weights 40.0 GB)", clear.explain());
    }
}
