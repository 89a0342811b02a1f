package io.clustersim.core.engine;

import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

import java.util.PriorityQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The event heap gives events in exactly the order of a priority queue of {@link Event#ORDER}. */
class EventHeapTest {

    @Test
    void sameOrderAsAPriorityQueueUnderRandomUse() {
        Well19937c random = new Well19937c(3);
        EventHeap heap = new EventHeap();
        PriorityQueue<Event> reference = new PriorityQueue<>(Event.ORDER);
        long sequence = 0;
        for (int i = 0; i < 200_000; i++) {
            if (random.nextDouble() < 0.55 || reference.isEmpty()) {
                // few distinct times and priorities, so ties on both are common
                Event e = new Event(random.nextInt(50), random.nextInt(3) - 1, sequence++, random.nextInt(8), "x");
                heap.add(e);
                reference.add(e);
            } else {
                assertSame(reference.peek(), heap.peek());
                assertSame(reference.poll(), heap.poll());
            }
            assertEquals(reference.size(), heap.size());
        }
        while (!reference.isEmpty()) {
            assertSame(reference.poll(), heap.poll());
        }
        assertNull(heap.poll());
    }
}
