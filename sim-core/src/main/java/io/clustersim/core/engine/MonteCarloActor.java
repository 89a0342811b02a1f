package io.clustersim.core.engine;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * Runs the replications of a Monte Carlo experiment as child trial actors, at most
 * {@code maxConcurrentTrials} at once, and completes a future with the outcomes in trial-index
 * order (never completion order, so aggregation is deterministic).
 */
public final class MonteCarloActor extends AbstractBehavior<TrialReply> {

    /** What to run. */
    public record Plan(int trials, IntFunction<TrialSetup> setupFactory, EngineKind engine,
                       int maxConcurrentTrials, Duration stallTimeout, ProgressListener progress) {
        public Plan {
            if (trials <= 0) {
                throw new IllegalArgumentException("trials must be > 0, was " + trials);
            }
            if (maxConcurrentTrials <= 0) {
                throw new IllegalArgumentException("maxConcurrentTrials must be > 0");
            }
        }
    }

    private final Plan plan;
    private final CompletableFuture<List<TrialOutcome>> done;
    private final TrialOutcome[] outcomes;
    private int started;
    private int completed;
    /** Trials finished, succeeded or failed, by index. */
    private final java.util.BitSet finished = new java.util.BitSet();
    /** The lowest-numbered failure so far, or null. */
    private TrialReply.Failed firstFailure;

    public static Behavior<TrialReply> create(Plan plan, CompletableFuture<List<TrialOutcome>> done) {
        return Behaviors.setup(context -> new MonteCarloActor(context, plan, done).startInitialTrials());
    }

    private MonteCarloActor(ActorContext<TrialReply> context, Plan plan, CompletableFuture<List<TrialOutcome>> done) {
        super(context);
        this.plan = plan;
        this.done = done;
        this.outcomes = new TrialOutcome[plan.trials()];
    }

    private Behavior<TrialReply> startInitialTrials() {
        while (started < plan.trials() && started < plan.maxConcurrentTrials()) {
            startNext();
        }
        return this;
    }

    private void startNext() {
        if (firstFailure != null) {
            return;
        }
        int index = started++;
        String name = "trial-" + index;
        if (plan.engine() == EngineKind.ACTORS) {
            getContext().spawn(ClockActor.create(index, plan.setupFactory(), getContext().getSelf(), plan.stallTimeout()), name);
        } else {
            getContext().spawn(InlineTrialActor.create(index, plan.setupFactory(), getContext().getSelf()), name);
        }
    }

    @Override
    public Receive<TrialReply> createReceive() {
        return newReceiveBuilder()
                .onMessage(TrialReply.Succeeded.class, this::onSucceeded)
                .onMessage(TrialReply.Failed.class, this::onFailed)
                .build();
    }

    private Behavior<TrialReply> onSucceeded(TrialReply.Succeeded reply) {
        outcomes[reply.trialIndex()] = reply.outcome();
        finished.set(reply.trialIndex());
        if (firstFailure != null) {
            return failIfSettled();
        }
        completed++;
        plan.progress().onTrialCompleted(completed, plan.trials());
        if (completed == plan.trials()) {
            done.complete(Arrays.asList(outcomes.clone()));
            return Behaviors.stopped();
        }
        if (started < plan.trials()) {
            startNext();
        }
        return this;
    }

    /**
     * A trial failed. The run fails with the failure of the lowest-numbered trial that fails, so
     * the message is the same on every invocation whatever the threads' timing: no trial is started
     * any more, and the run waits until every lower-numbered trial has finished.
     */
    private Behavior<TrialReply> onFailed(TrialReply.Failed reply) {
        finished.set(reply.trialIndex());
        if (firstFailure == null || reply.trialIndex() < firstFailure.trialIndex()) {
            firstFailure = reply;
        }
        return failIfSettled();
    }

    private Behavior<TrialReply> failIfSettled() {
        if (finished.nextClearBit(0) < firstFailure.trialIndex()) {
            return this; // a lower-numbered trial may still fail first
        }
        done.completeExceptionally(new SimulationException(
                "trial " + firstFailure.trialIndex() + " failed: " + firstFailure.error().getMessage(), firstFailure.error()));
        return Behaviors.stopped();
    }
}
