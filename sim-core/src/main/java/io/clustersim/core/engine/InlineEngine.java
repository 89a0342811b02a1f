package io.clustersim.core.engine;

import java.util.List;

/**
 * Runs one trial on the calling thread: the same {@link VirtualClock} and batch rules as the actor
 * engine, with the entities called directly instead of through their actors. It is what a trial
 * actor uses when the scenario asks for the inline engine, and the reference the actor engine is
 * tested against.
 *
 * <pre>{@code
 * TrialOutcome outcome = InlineEngine.run(setup);
 * }</pre>
 */
public final class InlineEngine {

    private InlineEngine() {
    }

    /** Runs the trial to its finish. */
    public static TrialOutcome run(TrialSetup setup) {
        List<Entity> entities = setup.entities();
        String[] names = new String[entities.size()]; // once, not per event
        for (int i = 0; i < names.length; i++) {
            names[i] = entityName(entities.get(i), i);
        }
        VirtualClock clock = new VirtualClock(entities.size(), setup.maxEvents());
        CollectingSink sink = new CollectingSink(0); // reused: apply() copies what it needs
        while (!clock.finished()) {
            for (Event event : clock.nextBatch()) {
                sink.reset(event.timeNanos());
                Entity entity = entities.get(event.target());
                try {
                    entity.handle(event, sink);
                } catch (SimulationException e) {
                    throw e; // a model's own explanation (a run that makes no headway): as it is
                } catch (RuntimeException e) {
                    throw new SimulationException(names[event.target()] + " failed on " + event.payload()
                            + " at t=" + VirtualClock.formatTime(event.timeNanos()) + ": " + e, e);
                }
                clock.apply(event, names[event.target()], sink.scheduled(), sink.finishes(), sink.result());
            }
        }
        return clock.outcome();
    }

    static String entityName(Entity entity, int index) {
        return entity.getClass().getSimpleName() + "#" + index;
    }
}
