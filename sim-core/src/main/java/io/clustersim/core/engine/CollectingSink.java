package io.clustersim.core.engine;

import java.util.ArrayList;
import java.util.List;

/** An {@link EventSink} that records what one entity does while handling one event. */
final class CollectingSink implements EventSink {

    private final long nowNanos;
    private final List<Scheduled> scheduled = new ArrayList<>(2);
    private boolean finishes;
    private Object result;

    CollectingSink(long nowNanos) {
        this.nowNanos = nowNanos;
    }

    @Override
    public long nowNanos() {
        return nowNanos;
    }

    @Override
    public void schedule(long timeNanos, int priority, int target, Object payload) {
        scheduled.add(new Scheduled(timeNanos, priority, target, payload));
    }

    @Override
    public void finish(Object result) {
        if (!finishes) {
            finishes = true;
            this.result = result;
        }
    }

    List<Scheduled> scheduled() {
        return scheduled;
    }

    boolean finishes() {
        return finishes;
    }

    Object result() {
        return result;
    }
}
