package io.clustersim.core.engine;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The clock protocol with real actors on a multi-threaded dispatcher. */
class ClockActorTest {

    private static ActorTestKit testKit;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create();
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    @Test
    void actorTrialEqualsInlineTrial() {
        for (int trial = 0; trial < 5; trial++) {
            final int t = trial;
            TrialOutcome inline = InlineEngine.run(TestEntities.randomWalk(99, t, 12, 6, 400));
            TestProbe<TrialReply> probe = testKit.createTestProbe();
            testKit.spawn(ClockActor.create(t, i -> TestEntities.randomWalk(99, i, 12, 6, 400), probe.getRef(),
                    Duration.ofSeconds(10)));
            TrialReply reply = probe.receiveMessage(Duration.ofSeconds(20));
            TrialReply.Succeeded ok = assertInstanceOf(reply);
            assertEquals(t, ok.trialIndex());
            assertEquals(inline, ok.outcome());
        }
    }

    @Test
    void anEntityErrorFailsTheTrialWithItsName() {
        TestProbe<TrialReply> probe = testKit.createTestProbe();
        Entity broken = (event, sink) -> {
            if (event.payload() == Start.INSTANCE) {
                sink.schedule(3, 0, 0, "explode");
            } else {
                throw new IllegalArgumentException("no such state");
            }
        };
        testKit.spawn(ClockActor.create(7, i -> new TrialSetup(List.of(broken)), probe.getRef(), Duration.ofSeconds(10)));
        TrialReply.Failed failed = (TrialReply.Failed) probe.receiveMessage(Duration.ofSeconds(10));
        assertEquals(7, failed.trialIndex());
        assertTrue(failed.error().getMessage().contains("no such state"), failed.error().getMessage());
    }

    @Test
    void anEntityThatNeverAnswersFailsTheTrialInsteadOfHanging() throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        Entity quick = (event, sink) -> {
            if (event.payload() == Start.INSTANCE) {
                sink.schedule(1, 0, 1, "work");
            }
        };
        Entity stuck = (event, sink) -> {
            if (event.payload() != Start.INSTANCE) {
                try {
                    never.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try {
            TestProbe<TrialReply> probe = testKit.createTestProbe();
            testKit.spawn(ClockActor.create(0, i -> new TrialSetup(List.of(quick, stuck)), probe.getRef(),
                    Duration.ofMillis(300)));
            TrialReply.Failed failed = (TrialReply.Failed) probe.receiveMessage(Duration.ofSeconds(10));
            String message = failed.error().getMessage();
            assertTrue(message.contains("stalled") && message.contains("#1") && message.contains("work"), message);
        } finally {
            never.countDown();
        }
    }

    private static TrialReply.Succeeded assertInstanceOf(TrialReply reply) {
        if (reply instanceof TrialReply.Failed f) {
            throw new AssertionError("trial failed: " + f.error().getMessage(), f.error());
        }
        return (TrialReply.Succeeded) reply;
    }
}
