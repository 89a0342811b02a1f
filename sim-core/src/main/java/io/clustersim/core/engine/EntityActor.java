package io.clustersim.core.engine;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;

import java.util.List;

/**
 * The actor shell of one {@link Entity}: receives an event from its trial's {@link ClockActor},
 * lets the entity handle it, and answers with what the entity scheduled. It holds no state of its
 * own; the entity object is confined to this actor, so it needs no locking.
 *
 * <pre>{@code
 * ActorRef<EntityActor.Command> ref = context.spawn(EntityActor.create(entity, "Job#0"), "entity-0");
 * ref.tell(new EntityActor.Deliver(event, 0, clockRef));
 * }</pre>
 */
public final class EntityActor {

    private EntityActor() {
    }

    /** Messages an entity actor understands. */
    public sealed interface Command permits Deliver {
    }

    /**
     * Handle {@code event} and answer {@code replyTo}.
     *
     * @param slot the event's position in its batch, echoed in the answer
     */
    public record Deliver(Event event, int slot, ActorRef<ClockActor.Command> replyTo) implements Command {
    }

    /**
     * What the entity did with the event of {@code slot}: the events it scheduled, whether it
     * finished the trial, or the error it failed with ({@code error} non-null).
     */
    public record Answer(int slot, List<Scheduled> scheduled, boolean finishes, Object result, String error)
            implements ClockActor.Command {
    }

    /** A behavior that delivers every event to {@code entity}; {@code name} is used in errors. */
    public static Behavior<Command> create(Entity entity, String name) {
        return Behaviors.receive(Command.class)
                .onMessage(Deliver.class, deliver -> {
                    deliver.replyTo().tell(handle(entity, name, deliver));
                    return Behaviors.same();
                })
                .build();
    }

    private static Answer handle(Entity entity, String name, Deliver deliver) {
        Event event = deliver.event();
        CollectingSink sink = new CollectingSink(event.timeNanos());
        try {
            entity.handle(event, sink);
            return new Answer(deliver.slot(), List.copyOf(sink.scheduled()), sink.finishes(), sink.result(), null);
        } catch (RuntimeException e) {
            // Answer rather than crash: a crashed actor would leave the clock waiting.
            // a model's own explanation (a run that makes no headway) goes as it is; anything else is a bug, located
            return new Answer(deliver.slot(), List.of(), false, null, e instanceof SimulationException
                    ? e.getMessage()
                    : name + " failed on " + event.payload() + " at t=" + VirtualClock.formatTime(event.timeNanos())
                            + ": " + e);
        }
    }
}
