package io.clustersim.core.engine;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Runs one trial with every entity as its own actor: the central clock of the actor engine.
 *
 * <h2>Maintainer notes</h2>
 * <ul>
 *   <li>The clock sends each event of a batch (see {@link VirtualClock#nextBatch()}) to its
 *       entity's actor and waits until <em>every</em> one has answered; only then does it apply
 *       the answers, in batch order, and take the next batch. Entities never message each other:
 *       they answer with the events they schedule. Thread scheduling can change when answers
 *       arrive, never what is applied or in which order.</li>
 *   <li>The only wall-clock thing here is the liveness watchdog: if no answer arrives for
 *       {@code stallTimeout} (checked every {@code stallTimeout}, so it trips after one to two of them)
 *       the trial fails, naming the entities that did not answer. It can end
 *       a trial that would hang; it cannot change the result of one that completes.</li>
 *   <li>Entity actors are children: they stop with the clock.</li>
 * </ul>
 */
public final class ClockActor extends AbstractBehavior<ClockActor.Command> {

    /** Messages the clock understands. */
    public sealed interface Command permits EntityActor.Answer, StallTimeout {
    }

    /** No answer arrived within the stall timeout. */
    enum StallTimeout implements Command {
        INSTANCE
    }

    private final int trialIndex;
    private final ActorRef<TrialReply> replyTo;
    private final List<ActorRef<EntityActor.Command>> entityRefs;
    private final List<String> entityNames;
    private final Duration stallTimeout;
    private final VirtualClock clock;
    private List<Event> batch = List.of();
    private EntityActor.Answer[] answers = new EntityActor.Answer[0];
    private int outstanding;
    private final TimerScheduler<Command> timers;
    private boolean answeredSinceCheck;

    /**
     * A clock that builds its trial with {@code setupFactory.apply(trialIndex)} (on this actor's
     * thread, so trials are built in parallel) and reports to {@code replyTo}.
     */
    public static Behavior<Command> create(int trialIndex, IntFunction<TrialSetup> setupFactory,
                                           ActorRef<TrialReply> replyTo, Duration stallTimeout) {
        return Behaviors.setup(context -> {
            TrialSetup setup;
            try {
                setup = setupFactory.apply(trialIndex);
            } catch (RuntimeException e) {
                replyTo.tell(new TrialReply.Failed(trialIndex,
                        new SimulationException("could not build trial " + trialIndex + ": " + e, e)));
                return Behaviors.stopped();
            }
            return Behaviors.<Command>withTimers(timers ->
                    new ClockActor(context, trialIndex, setup, replyTo, stallTimeout, timers).begin());
        });
    }

    private ClockActor(ActorContext<Command> context, int trialIndex, TrialSetup setup,
                       ActorRef<TrialReply> replyTo, Duration stallTimeout, TimerScheduler<Command> timers) {
        super(context);
        this.timers = timers;
        this.trialIndex = trialIndex;
        this.replyTo = replyTo;
        this.stallTimeout = stallTimeout;
        this.clock = new VirtualClock(setup.entities().size(), setup.maxEvents());
        this.entityRefs = new ArrayList<>(setup.entities().size());
        this.entityNames = new ArrayList<>(setup.entities().size());
        for (int i = 0; i < setup.entities().size(); i++) {
            Entity entity = setup.entities().get(i);
            String name = InlineEngine.entityName(entity, i);
            entityNames.add(name);
            entityRefs.add(context.spawn(EntityActor.create(entity, name), "entity-" + i));
        }
    }

    private Behavior<Command> begin() {
        // A periodic check rather than Akka's receive timeout: a receive timeout re-arms a
        // scheduler task on every message, and the cancelled tasks stay in the scheduler's wheel
        // until their time — millions of them (hundreds of MB) at this engine's message rate.
        timers.startTimerWithFixedDelay(StallTimeout.INSTANCE, stallTimeout);
        return dispatchNextBatch();
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(EntityActor.Answer.class, this::onAnswer)
                .onMessageEquals(StallTimeout.INSTANCE, this::onStall)
                .build();
    }

    private Behavior<Command> dispatchNextBatch() {
        try {
            batch = clock.nextBatch();
        } catch (SimulationException e) {
            return fail(e);
        }
        answers = new EntityActor.Answer[batch.size()];
        outstanding = batch.size();
        ActorRef<Command> self = getContext().getSelf();
        for (int slot = 0; slot < batch.size(); slot++) {
            Event event = batch.get(slot);
            entityRefs.get(event.target()).tell(new EntityActor.Deliver(event, slot, self));
        }
        return this;
    }

    private Behavior<Command> onAnswer(EntityActor.Answer answer) {
        if (answer.slot() >= answers.length || answers[answer.slot()] != null) {
            return this; // cannot happen with one clock per trial; ignore rather than corrupt state
        }
        answers[answer.slot()] = answer;
        answeredSinceCheck = true;
        if (--outstanding > 0) {
            return this;
        }
        try {
            for (int slot = 0; slot < batch.size(); slot++) {
                EntityActor.Answer a = answers[slot];
                Event event = batch.get(slot);
                if (a.error() != null) {
                    throw new SimulationException(a.error());
                }
                clock.apply(event, entityNames.get(event.target()), a.scheduled(), a.finishes(), a.result());
            }
        } catch (SimulationException e) {
            return fail(e);
        }
        if (clock.finished()) {
            timers.cancelAll();
            replyTo.tell(new TrialReply.Succeeded(trialIndex, clock.outcome()));
            return Behaviors.stopped();
        }
        return dispatchNextBatch();
    }

    private Behavior<Command> onStall() {
        if (answeredSinceCheck || outstanding == 0) {
            answeredSinceCheck = false;
            return this;
        }
        StringBuilder silent = new StringBuilder();
        for (int slot = 0; slot < batch.size(); slot++) {
            if (answers[slot] == null) {
                Event event = batch.get(slot);
                if (silent.length() > 0) {
                    silent.append(", ");
                }
                silent.append(entityNames.get(event.target())).append(" (").append(event.payload()).append(')');
            }
        }
        return fail(new SimulationException("trial " + trialIndex + " stalled at t="
                + VirtualClock.formatTime(clock.nowNanos()) + ": no answer for at least " + stallTimeout.toMillis()
                + " ms of wall time from " + silent));
    }

    private Behavior<Command> fail(SimulationException e) {
        timers.cancelAll();
        replyTo.tell(new TrialReply.Failed(trialIndex, e));
        return Behaviors.stopped();
    }
}
