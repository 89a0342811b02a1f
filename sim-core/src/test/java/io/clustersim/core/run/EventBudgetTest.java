package io.clustersim.core.run;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventBudgetTest {

    private static final double DAY = 86_400;
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void aFailureFreeRunCostsItsWorkAndFewEvents() {
        EventBudget.Estimate e = EventBudget.estimate(30 * DAY, INF, 0, 3600, 0, INF, 0, 1.0 / 64);
        assertEquals(30 * DAY, e.wallSeconds(), 1e-6);
        assertEquals(0, e.failures());
        assertEquals(720.0 / 64, e.events(), 1e-9);
        assertNull(e.refusal());
    }

    @Test
    void dalysExpectationForExponentialFailures() {
        // M = 1 day, R = 1 h, T = 1 h, C = 10 min: each hour of work costs M e^{R/M} (e^{(T+C)/M} - 1) (Daly 2006)
        double m = DAY, r = 3600, t = 3600, c = 600;
        EventBudget.Estimate e = EventBudget.estimate(10 * DAY, m, r, t, c, INF, 0, 0);
        double expected = 240 * m * Math.exp(r / m) * Math.expm1((t + c) / m);
        assertEquals(expected, e.wallSeconds(), 1e-9 * expected);
        assertEquals(YoungDaly.expectedWallSeconds(10 * DAY, t, c, r, m), e.wallSeconds(), 1e-9 * expected);
        assertTrue(e.wallSeconds() > 10 * DAY);
        assertEquals(e.wallSeconds() / m, e.failures(), 1e-9);
        // without checkpoints the run is one segment of all its work, whatever the stall
        EventBudget.Estimate once = EventBudget.estimate(2 * DAY, m, r, INF, c, INF, 0, 0);
        assertEquals(m * Math.exp(r / m) * Math.expm1(2 * DAY / m), once.wallSeconds(), 1e-6);
    }

    @Test
    void aCheckpointStallLongerThanTheFailuresCountsInTheSegment() {
        // found by FuzzTest: an hour of training, then a week's write, failures every ~1.2 days
        EventBudget.Estimate e = EventBudget.estimate(35 * DAY, 1.2 * DAY, 900, 3600, 7 * DAY, INF, 0, 1.0 / 64);
        assertTrue(e.wallSeconds() > 1e4 * DAY, e.wallSeconds() / DAY + " days");
        assertNotNull(e.refusal());
    }

    @Test
    void zeroRecoveryStillRefusesARunThatNeverReachesACheckpoint() {
        // a failure every 5 s, a checkpoint every hour, recovery free: e^{720} overflows to infinity
        EventBudget.Estimate e = EventBudget.estimate(35 * DAY, 5, 0, 3600, 0, INF, 0, 1.0 / 64);
        assertTrue(Double.isInfinite(e.wallSeconds()));
        assertNotNull(e.refusal());
        assertTrue(e.refusal().contains("forever"), e.refusal());
    }

    @Test
    void maintenanceCountsWithZeroLength() {
        EventBudget.Estimate zero = EventBudget.estimate(35 * DAY, INF, 0, INF, 0, 0.001, 0, 0);
        assertEquals(35 * DAY, zero.wallSeconds(), 1e-6);
        assertEquals(35 * DAY / 0.001, zero.maintenanceStops(), 1);
        assertTrue(zero.refusal().contains("maintenance stops"), zero.refusal());
        EventBudget.Estimate weekly = EventBudget.estimate(35 * DAY, INF, 0, INF, 0, 7 * DAY, 3600, 0);
        assertNull(weekly.refusal());
        assertEquals(35 * DAY * (1 + 3600 / (7 * DAY)), weekly.wallSeconds(), 1e-6);
    }
}
