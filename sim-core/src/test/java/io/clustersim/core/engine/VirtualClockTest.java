package io.clustersim.core.engine;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VirtualClockTest {

    @Test
    void ordersByTimeThenPriorityThenSequence() {
        TestEntities.Recorder recorder = new TestEntities.Recorder(List.of(
                new Scheduled(20, 0, 0, "c"),
                new Scheduled(10, 5, 0, "b"),
                new Scheduled(10, 1, 0, "a"),
                new Scheduled(20, 0, 0, "d"),
                new Scheduled(30, 0, 0, "finish")));
        InlineEngine.run(new TrialSetup(List.of(recorder)));
        assertEquals(List.of("0/" + Integer.MIN_VALUE + "/INSTANCE@0", "10/1/a@0", "10/5/b@0", "20/0/c@0", "20/0/d@0",
                "30/0/finish@0"), recorder.seen);
    }

    @Test
    void batchTakesOnlyTheHeadsTimeAndPriority() {
        VirtualClock clock = new VirtualClock(2, 100);
        List<Event> starts = clock.nextBatch();
        assertEquals(2, starts.size());
        clock.apply(starts.get(0), "a", List.of(new Scheduled(5, 0, 1, "x"), new Scheduled(5, 1, 0, "y")), false, null);
        clock.apply(starts.get(1), "b", List.of(new Scheduled(5, 0, 0, "z")), false, null);
        List<Event> batch = clock.nextBatch();
        assertEquals(List.of("x", "z"), batch.stream().map(Event::payload).toList());
        assertEquals(5, clock.nowNanos());
        // An event scheduled now for the same instant waits for the next batch.
        clock.apply(batch.get(0), "b", List.of(new Scheduled(5, 0, 0, "w")), false, null);
        assertEquals(List.of("w"), clock.nextBatch().stream().map(Event::payload).toList());
        assertEquals(List.of("y"), clock.nextBatch().stream().map(Event::payload).toList());
    }

    @Test
    void refusesEventsInThePast() {
        VirtualClock clock = new VirtualClock(1, 100);
        Event start = clock.nextBatch().get(0);
        clock.apply(start, "a", List.of(new Scheduled(10, 0, 0, "x")), false, null);
        Event x = clock.nextBatch().get(0);
        SimulationException e = assertThrows(SimulationException.class,
                () -> clock.apply(x, "Job#0", List.of(new Scheduled(9, 0, 0, "late")), false, null));
        assertTrue(e.getMessage().contains("Job#0") && e.getMessage().contains("before the current time"), e.getMessage());
    }

    @Test
    void runningOutOfEventsIsAClearError() {
        SimulationException e = assertThrows(SimulationException.class,
                () -> InlineEngine.run(new TrialSetup(List.of(new TestEntities.Recorder(List.of())))));
        assertTrue(e.getMessage().contains("ran out of events"), e.getMessage());
    }

    @Test
    void eventBoundStopsARunawayModel() {
        Entity forever = (event, sink) -> sink.schedule(sink.nowNanos() + 1, 0, 0, "again");
        SimulationException e = assertThrows(SimulationException.class,
                () -> InlineEngine.run(new TrialSetup(List.of(forever), 1_000)));
        assertTrue(e.getMessage().contains("exceeded 1000 events"), e.getMessage());
    }

    @Test
    void firstFinisherOfABatchWins() {
        Entity a = (event, sink) -> {
            if (event.payload() == Start.INSTANCE) {
                sink.schedule(7, 0, 0, "go");
                sink.schedule(7, 0, 1, "go");
            } else {
                sink.finish("a");
            }
        };
        Entity b = (event, sink) -> {
            if (event.payload() != Start.INSTANCE) {
                sink.finish("b");
            }
        };
        TrialOutcome outcome = InlineEngine.run(new TrialSetup(List.of(a, b)));
        assertEquals("a", outcome.result());
        assertEquals(7, outcome.endTimeNanos());
        assertEquals(4, outcome.eventsHandled());
    }

    @Test
    void randomStreamsDependOnSeedTrialAndStream() {
        double a = RandomStreams.stream(1, 0, 0).nextDouble();
        assertEquals(a, RandomStreams.stream(1, 0, 0).nextDouble());
        assertTrue(a != RandomStreams.stream(2, 0, 0).nextDouble());
        assertTrue(a != RandomStreams.stream(1, 1, 0).nextDouble());
        assertTrue(a != RandomStreams.stream(1, 0, 1).nextDouble());
    }
}
