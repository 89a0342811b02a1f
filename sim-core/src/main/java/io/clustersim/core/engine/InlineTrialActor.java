package io.clustersim.core.engine;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;

import java.util.function.IntFunction;

/** A trial actor that runs its whole trial with the {@link InlineEngine} and reports once. */
public final class InlineTrialActor {

    private InlineTrialActor() {
    }

    /** Builds trial {@code trialIndex}, runs it on this actor's thread, reports, and stops. */
    public static Behavior<Void> create(int trialIndex, IntFunction<TrialSetup> setupFactory, ActorRef<TrialReply> replyTo) {
        return Behaviors.setup(context -> {
            TrialReply reply;
            try {
                reply = new TrialReply.Succeeded(trialIndex, InlineEngine.run(setupFactory.apply(trialIndex)));
            } catch (SimulationException e) {
                reply = new TrialReply.Failed(trialIndex, e);
            } catch (RuntimeException e) {
                reply = new TrialReply.Failed(trialIndex, new SimulationException("trial " + trialIndex + ": " + e, e));
            }
            replyTo.tell(reply);
            return Behaviors.stopped();
        });
    }
}
