package io.clustersim.core.run;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The unit-carrying factories of the run model's records build the same records as the positional constructors. */
class NamedFactoriesTest {

    @Test
    void checkpointEveryWriteRestoreIsThePositionalSpec() {
        CheckpointSpec named = CheckpointSpec.every(Duration.ofHours(1)).write(Duration.ofSeconds(60))
                .restore(Duration.ofMinutes(5));
        assertEquals(new CheckpointSpec(3_600, 60, 300), named);
    }

    @Test
    void checkpointDurationsKeepTheirFractionOfASecond() {
        CheckpointSpec c = CheckpointSpec.every(Duration.ofMillis(90_500)).write(Duration.ofMillis(1_250));
        assertEquals(90.5, c.intervalSeconds(), 0);
        assertEquals(1.25, c.writeSeconds(), 0);
        assertEquals(0, c.restoreSeconds(), 0);
    }

    @Test
    void dalyOptimumAsyncAndPeerAreTheAutoSpec() {
        CheckpointSpec named = CheckpointSpec.atDalyOptimum().write(Duration.ofSeconds(60)).restore(Duration.ofMinutes(5))
                .asyncSnapshot(Duration.ofSeconds(2)).peerRestore(Duration.ofSeconds(20));
        assertEquals(CheckpointSpec.auto(60, 300).asynchronous(2, true, 20), named);
        assertTrue(named.autoInterval());
        assertEquals(2, named.stallSeconds(), 0);
    }

    @Test
    void peerReplicaWithoutAsyncIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> CheckpointSpec.every(Duration.ofHours(1)).peerRestore(Duration.ofSeconds(20)));
    }

    @Test
    void negativeDurationIsRefusedByTheRecord() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CheckpointSpec.every(Duration.ofHours(1)).write(Duration.ofSeconds(-1)));
        assertTrue(e.getMessage().startsWith("write"), e.getMessage());
    }

    @Test
    void failureExponentialDetectionRestartIsThePositionalShorthand() {
        double rate = FailureSpec.perChipHourFromPer1000NodeDays(6.5, 8);
        FailureSpec named = FailureSpec.exponential("hardware", rate).detection(Duration.ofMinutes(5))
                .restart(Duration.ofMinutes(10));
        assertEquals(new FailureSpec(rate, 300, 600, "hardware"), named);
        assertTrue(named.any());
        assertFalse(FailureSpec.exponential("hardware", 0).any());
    }

    @Test
    void maintenanceEveryIsInSeconds() {
        assertEquals(new FailureSpec.Maintenance(27.6 * 3_600, 1_800),
                FailureSpec.Maintenance.every(Duration.ofMinutes(1_656), Duration.ofMinutes(30)));
    }
}
