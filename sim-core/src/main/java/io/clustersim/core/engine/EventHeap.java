package io.clustersim.core.engine;

import java.util.Arrays;

/**
 * The future-event list: a binary min-heap of events in the engine's total order (time, priority,
 * sequence), with the keys kept in primitive arrays beside the events so that sifting compares
 * numbers in place instead of following a pointer per comparison. The order is total (sequence
 * numbers are unique), so events come out exactly as from any other priority queue of
 * {@link Event#ORDER}.
 *
 * <pre>{@code
 * EventHeap heap = new EventHeap();
 * heap.add(event);
 * Event first = heap.poll();
 * }</pre>
 *
 * <p>Maintainer note: this replaced a {@code java.util.PriorityQueue} whose comparator calls were
 * a third of a large fleet's run (JFR); the queue is small (an event or two per entity) but every
 * event passes through it.
 */
final class EventHeap {

    private long[] times = new long[32];
    private int[] priorities = new int[32];
    private long[] sequences = new long[32];
    private Event[] events = new Event[32];
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** The first event, or {@code null}. */
    Event peek() {
        return size == 0 ? null : events[0];
    }

    void add(Event e) {
        if (size == events.length) {
            int n = size * 2;
            times = Arrays.copyOf(times, n);
            priorities = Arrays.copyOf(priorities, n);
            sequences = Arrays.copyOf(sequences, n);
            events = Arrays.copyOf(events, n);
        }
        long t = e.timeNanos(), s = e.sequence();
        int p = e.priority();
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(t, p, s, parent)) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        set(i, t, p, s, e);
    }

    /** Removes and returns the first event, or {@code null}. */
    Event poll() {
        if (size == 0) {
            return null;
        }
        Event first = events[0];
        int last = --size;
        long t = times[last], s = sequences[last];
        int p = priorities[last];
        Event e = events[last];
        events[last] = null;
        if (last > 0) {
            int i = 0;
            int half = last >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                int right = child + 1;
                if (right < last && less(times[right], priorities[right], sequences[right], child)) {
                    child = right;
                }
                if (!less(times[child], priorities[child], sequences[child], t, p, s)) {
                    break;
                }
                move(child, i);
                i = child;
            }
            set(i, t, p, s, e);
        }
        return first;
    }

    /** Whether key (t, p, s) comes before the key at slot {@code j}. */
    private boolean less(long t, int p, long s, int j) {
        return less(t, p, s, times[j], priorities[j], sequences[j]);
    }

    private static boolean less(long t, int p, long s, long t2, int p2, long s2) {
        if (t != t2) {
            return t < t2;
        }
        if (p != p2) {
            return p < p2;
        }
        return s < s2;
    }

    private void move(int from, int to) {
        times[to] = times[from];
        priorities[to] = priorities[from];
        sequences[to] = sequences[from];
        events[to] = events[from];
    }

    private void set(int i, long t, int p, long s, Event e) {
        times[i] = t;
        priorities[i] = p;
        sequences[i] = s;
        events[i] = e;
    }
}
