package io.clustersim.core.run;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CheckpointStorageTest {

    @Test
    void theSlowerOfChipsAndStorageSetsTheTime() {
        CheckpointStorage storage = new CheckpointStorage(1e9, 2e12, 2e9, 7e12);
        double bytes = CheckpointStorage.checkpointBytes(405e9);
        assertEquals(14 * 405e9, bytes);
        assertEquals(bytes / 2e12, storage.writeSeconds(bytes, 16_384), 1e-9, "aggregate caps 16,384 × 1 GB/s");
        assertEquals(bytes / 1e12, storage.writeSeconds(bytes, 1_000), 1e-9, "1,000 chips × 1 GB/s is slower");
        assertEquals(bytes / 7e12, storage.readSeconds(bytes, 16_384), 1e-9);
    }

    @Test
    void resolvedSpecCarriesTheTimes() {
        CheckpointSpec spec = CheckpointSpec.auto(0, 0).withStorage(new CheckpointStorage(1e9, 2e12, 1e9, 4e12));
        CheckpointSpec resolved = spec.resolve(8e12, 16_384);
        assertEquals(4.0, resolved.writeSeconds(), 1e-12);
        assertEquals(2.0, resolved.restoreSeconds(), 1e-12);
        assertEquals(true, resolved.autoInterval());
        assertNull(resolved.storage());
        CheckpointSpec fixed = new CheckpointSpec(3600, 60, 120);
        assertEquals(fixed, fixed.resolve(8e12, 16_384), "explicit times are kept");
    }
}
