package io.clustersim.core.run;

import io.clustersim.core.engine.InlineEngine;
import io.clustersim.core.run.FailureClass.Effect;
import io.clustersim.core.run.FailureClass.Lifetime;
import io.clustersim.core.run.FailureClass.RepairTime;
import io.clustersim.core.run.FailureClass.Scope;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A traced trial is the same trial as in the Monte Carlo, and its trace agrees with the trial's
 * result: as many interruptions by cause, progress only rolled back by failures, nodes out of a
 * limited spare pool until their repair.
 */
class RunTraceTest {

    @Test
    void aTracedTrialIsTheMonteCarlosTrialAndItsTraceAddsUp() {
        FailureSpec failures = new FailureSpec(List.of(
                new FailureClass("host", Scope.NODE, 1, 2e-3, Lifetime.EXPONENTIAL, Effect.REPLACE_NODE,
                        new RepairTime(6 * 3600, 0.5)),
                new FailureClass("software", Scope.NODE, 1, 2e-3, Lifetime.EXPONENTIAL, Effect.RESTART, null)),
                300, 600, new FailureSpec.Spares(4, false), new FailureSpec.Maintenance(7 * 86_400, 4 * 3600));
        RunModel model = new RunModel(FleetRunTest.CLUSTER, 10.0, 200_000, failures, new CheckpointSpec(1800, 30, 120),
                StragglerSpec.none(), RunModel.Replicas.uniform(128, 1, 10.0), 11, FleetLayout.single(FleetRunTest.CLUSTER));
        for (int t = 0; t < 5; t++) {
            RunResult plain = FleetRunTest.trial(model, t);
            RunTrace.Recorder recorder = new RunTrace.Recorder();
            RunResult traced = (RunResult) InlineEngine.run(model.trial(t, recorder)).result();
            assertEquals(plain, traced, "tracing changes nothing in the trial");
            RunTrace trace = recorder.trace(t, model, traced);

            assertEquals(traced.interruptions(), trace.interruptions().size());
            for (var e : traced.interruptionsByCause().entrySet()) {
                assertEquals(e.getValue(), trace.interruptions().stream().filter(i -> i.cause().equals(e.getKey())).count(),
                        e.getKey());
            }
            long previous = -1;
            for (RunTrace.Interruption i : trace.interruptions()) {
                assertTrue(i.atNanos() >= previous && i.rolledBackNanos() <= i.workNanos(), i.toString());
                if (i.kind().equals("planned")) {
                    assertEquals(i.workNanos(), i.rolledBackNanos(), "a planned stop loses nothing");
                }
                previous = i.atNanos();
            }
            // synchronous checkpoints: every snapshot is a checkpoint written (a planned stop's included)
            assertEquals(traced.checkpointsWritten(), trace.checkpoints().size());
            // a recovery ends in a resumption unless another interruption cuts it short
            assertTrue(trace.resumptions().size() <= trace.interruptions().size()
                    && (trace.interruptions().isEmpty() || !trace.resumptions().isEmpty()), trace.resumptions().size() + "");
            assertEquals(1, trace.sparePools().size());
            assertEquals(4, trace.sparePools().get(0).spareNodes());
            assertEquals(traced.sparesUsed() + nodesShort(trace), trace.nodesOut().size(), "every node failure took a node out");
            assertTrue(trace.nodesOut().stream().allMatch(n -> n.fromNanos() <= n.backNanos()
                    && n.backNanos() <= trace.endNanos()));
            assertEquals(4, trace.spareLevel(0, 0));
        }
    }

    /** Node failures that found the pool empty (the job ran short instead of swapping). */
    private static long nodesShort(RunTrace trace) {
        long shortfalls = 0;
        for (RunTrace.NodeOut n : trace.nodesOut()) {
            if (trace.spareLevel(0, n.fromNanos()) < 0) {
                shortfalls++;
            }
        }
        return shortfalls;
    }
}
