package io.clustersim.core.engine;

import akka.actor.testkit.typed.javadsl.BehaviorTestKit;
import akka.actor.testkit.typed.javadsl.TestInbox;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EntityActorTest {

    @Test
    void answersWithWhatTheEntityScheduled() {
        Entity entity = (event, sink) -> {
            sink.schedule(sink.nowNanos() + 10, 3, 1, "ping");
            sink.finish("done");
        };
        BehaviorTestKit<EntityActor.Command> kit = BehaviorTestKit.create(EntityActor.create(entity, "E#0"));
        TestInbox<ClockActor.Command> clock = TestInbox.create();
        kit.run(new EntityActor.Deliver(new Event(5, 0, 9, 0, "go"), 2, clock.getRef()));
        EntityActor.Answer answer = (EntityActor.Answer) clock.receiveMessage();
        assertEquals(2, answer.slot());
        assertEquals(List.of(new Scheduled(15, 3, 1, "ping")), answer.scheduled());
        assertTrue(answer.finishes());
        assertEquals("done", answer.result());
        assertNull(answer.error());
        assertFalse(clock.hasMessages());
    }

    @Test
    void answersWithAnErrorInsteadOfCrashing() {
        Entity broken = (event, sink) -> {
            throw new IllegalStateException("boom");
        };
        BehaviorTestKit<EntityActor.Command> kit = BehaviorTestKit.create(EntityActor.create(broken, "Broken#3"));
        TestInbox<ClockActor.Command> clock = TestInbox.create();
        kit.run(new EntityActor.Deliver(new Event(1_000_000_000L, 0, 1, 3, "tick"), 0, clock.getRef()));
        EntityActor.Answer answer = (EntityActor.Answer) clock.receiveMessage();
        assertTrue(answer.error().contains("Broken#3") && answer.error().contains("boom")
                && answer.error().contains("t=1.000000000s"), answer.error());
        assertTrue(answer.scheduled().isEmpty());
        assertTrue(kit.isAlive(), "the entity actor keeps running; the clock decides what to do");
    }
}
