package io.clustersim.core.plan;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FleetSizerTest {

    static List<Integer> multiplesOf8(int upTo) {
        List<Integer> out = new ArrayList<>();
        for (int c = 8; c <= upTo; c += 8) {
            out.add(c);
        }
        return out;
    }

    @Test
    void bisectionAgreesWithALinearScanOnMonotoneOutcomes() {
        List<Integer> sizes = multiplesOf8(4_096);
        for (double deadline : new double[] {0.3, 1, 2.5, 7, 40, 100, 511.9, 512, 1000}) {
            List<Integer> calls = new ArrayList<>();
            FleetSizer.Sizing s = FleetSizer.solve(new Deadline(deadline, 0.9, 0, 0), sizes, chips -> {
                calls.add(chips);
                // nothing fits below 64 chips; above, a job of 4,096 chip-days with a small fixed cost
                return chips < 64 ? FleetSizer.Outcome.infeasible(chips, "does not fit")
                        : FleetSizer.Outcome.of(chips, 4_096.0 / chips + 0.1);
            });
            Integer expected = null;
            for (int c : sizes) {
                if (c >= 64 && 4_096.0 / c + 0.1 <= deadline) {
                    expected = c;
                    break;
                }
            }
            if (expected == null) {
                assertFalse(s.met(), "deadline " + deadline);
                assertEquals(4_096, s.chips());
                assertEquals(1, calls.size(), "only the largest fleet is simulated when even it is late");
            } else {
                assertTrue(s.met());
                assertEquals(expected.intValue(), s.chips(), "deadline " + deadline);
                assertTrue(calls.size() <= 11, calls.size() + " simulations for 512 candidates");
                assertEquals(calls.size(), s.simulated().size());
                assertTrue(s.chosen().meets(deadline));
            }
        }
    }

    @Test
    void theSmallestCandidateCanBeTheAnswer() {
        FleetSizer.Sizing s = FleetSizer.solve(new Deadline(10, 0.5, 0, 0), List.of(8, 16, 32),
                chips -> FleetSizer.Outcome.of(chips, 1.0));
        assertEquals(8, s.chips());
        assertTrue(s.met());
    }
}
