package io.clustersim.core.engine;

import org.apache.commons.math3.random.RandomGenerator;

import java.util.ArrayList;
import java.util.List;

/** Small entities for engine tests. */
final class TestEntities {

    private TestEntities() {
    }

    /** Records every event it sees as "time/priority/payload@target". */
    static final class Recorder implements Entity {
        final List<String> seen = new ArrayList<>();
        final List<Scheduled> onStart;

        Recorder(List<Scheduled> onStart) {
            this.onStart = onStart;
        }

        @Override
        public void handle(Event event, EventSink sink) {
            seen.add(event.timeNanos() + "/" + event.priority() + "/" + event.payload() + "@" + event.target());
            if (event.payload() == Start.INSTANCE) {
                for (Scheduled s : onStart) {
                    sink.schedule(s.timeNanos(), s.priority(), s.target(), s.payload());
                }
            } else if ("finish".equals(event.payload())) {
                sink.finish(List.copyOf(seen));
            }
        }
    }

    /**
     * A random walk of messages between {@code n} entities: each message is forwarded to a random
     * entity after a random delay; after {@code hops} hops entity 0 finishes with a digest of what
     * every entity saw. Exercises concurrency: many entities have events in the same batch.
     */
    static TrialSetup randomWalk(long seed, int trial, int n, int tokens, int hops) {
        long[] digest = new long[n];
        List<Entity> entities = new ArrayList<>();
        int[] hopCount = {0};
        for (int i = 0; i < n; i++) {
            final int self = i;
            RandomGenerator rng = RandomStreams.stream(seed, trial, i);
            entities.add(new Entity() {
                long localDigest = 17;
                int localHops;

                @Override
                public void handle(Event event, EventSink sink) {
                    localDigest = localDigest * 31 + event.timeNanos() * 7 + event.sequence();
                    if (event.payload() == Start.INSTANCE) {
                        if (self < tokens) {
                            sink.schedule(sink.nowNanos() + rng.nextInt(5), rng.nextInt(2), rng.nextInt(n), 1);
                        }
                        return;
                    }
                    if (event.payload() instanceof Integer hop) {
                        localHops++;
                        if (hop >= hops) {
                            sink.schedule(sink.nowNanos() + 1, 0, 0, "report");
                            return;
                        }
                        // same-time, zero-delay sends are allowed and go to a later batch
                        sink.schedule(sink.nowNanos() + rng.nextInt(3), rng.nextInt(2), rng.nextInt(n), hop + 1);
                    } else if ("report".equals(event.payload()) && self == 0) {
                        hopCount[0]++;
                        if (hopCount[0] == tokens) {
                            sink.finish(localDigest + "/" + localHops);
                        }
                    }
                }
            });
        }
        return new TrialSetup(entities);
    }
}
