package io.clustersim.scenarios.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.typed.receptionist.Receptionist;
import io.clustersim.core.engine.ProgressListener;
import io.clustersim.core.engine.SimulationException;
import io.clustersim.core.run.RunResult;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * The coordinator's bookkeeping: hands units — trial ranges of a simulation, slices of a plan
 * search — to the workers the Receptionist lists (at most
 * {@link #MAX_OUTSTANDING} each), takes each unit's first result and ignores any later one, and
 * sends the units of a worker that leaves or becomes unreachable to the others again. Results
 * are put in place by trial index (or slice index), so the merge is the single-JVM one whoever ran what.
 *
 * <p>Maintainer notes: only this actor decides what is done, so a worker on the wrong side of a
 * partition can at worst compute a unit twice (its late reply is dropped). With no worker for
 * {@code wait} (at the start, or after the last one left) the units go to a local worker in this
 * JVM — the same {@link Worker} code — unless the fallback is off, when the jobs fail. The wall
 * clock is read here (and only here) to time that wait: it decides where units run, never what
 * they compute.
 *
 * <pre>{@code
 * ActorRef<Dispatcher.Command> d = system.systemActorOf(Dispatcher.create(settings, localWorker, err, progress), ...);
 * d.tell(new Dispatcher.Submit(job, units, future));
 * }</pre>
 */
public final class Dispatcher extends AbstractBehavior<Dispatcher.Command> {

    /** Units in flight per worker: one running, one waiting so the worker never idles on the network. */
    public static final int MAX_OUTSTANDING = 2;

    /** What the coordinator's dispatcher is told. */
    public sealed interface Command {
    }

    /** Run these units ({from, to} trial ranges of {@code job}) and complete {@code done} with every trial's result. */
    public record Submit(UnitJob job, int trials, List<int[]> ranges, CompletableFuture<List<RunResult>> done)
            implements Command {
    }

    /**
     * Run slices {@code 0..slices-1} of {@code job}'s plan search (keeping {@code keep} layouts
     * each) and complete {@code done} with every slice's result in slice order.
     */
    public record SubmitSearch(UnitJob job, int slices, int keep, CompletableFuture<List<Worker.SliceResult>> done)
            implements Command {
    }

    /** A worker's results for a unit. */
    public record UnitDone(long unit, String worker, List<RunResult> results) implements Command, ClusterMessage {
    }

    /** A worker's result for a search slice. */
    public record SliceDone(long unit, String worker, Worker.SliceResult result) implements Command, ClusterMessage {
    }

    /** A worker could not compute a unit. */
    public record UnitFailed(long unit, String worker, String message) implements Command, ClusterMessage {
    }

    /** Completes {@code summary} with the one line saying who ran how many units. */
    public record Summary(CompletableFuture<String> summary) implements Command {
    }

    private record WorkersChanged(Receptionist.Listing listing) implements Command {
    }

    private record WorkerStopped(ActorRef<Worker.Command> worker) implements Command {
    }

    private enum Tick implements Command { INSTANCE }

    /**
     * @param minWorkers    workers to wait for before the first unit goes out (fewer after {@code wait}: those)
     * @param waitFor        how long to wait for workers, at the start and after the last one left
     * @param localFallback whether to run units in this JVM when no worker is left
     */
    public record Settings(int minWorkers, Duration waitFor, boolean localFallback) {
    }

    /**
     * A submitted job: its unit job, its results by place (trials, or search slices), the units
     * left, and what to complete. {@code keep} > 0 marks a search ({@code from} is then the slice
     * and {@code to} the slice count).
     */
    private record Job(UnitJob unitJob, int keep, Object[] results, int[] remaining, CompletableFuture<?> done) {
        boolean search() {
            return keep > 0;
        }

        @SuppressWarnings("unchecked") // results holds RunResults for trials, SliceResults for a search, as submitted
        void complete() {
            ((CompletableFuture<List<Object>>) done).complete(Arrays.asList(results));
        }
    }

    private record Unit(long id, Job job, int from, int to) {
        String describe() {
            return job.search() ? "search slice " + from + " of " + to : "trials " + from + ".." + (to - 1);
        }
    }

    private final Settings settings;
    private final ActorRef<Worker.Command> local;
    private final PrintWriter err;
    private final ProgressListener progress;
    private final Map<Long, Unit> open = new HashMap<>();
    private final Deque<Long> pending = new ArrayDeque<>();
    private final Map<ActorRef<Worker.Command>, Set<Long>> outstanding = new LinkedHashMap<>();
    private final Set<ActorRef<Worker.Command>> remote = new HashSet<>();
    private final Map<String, Integer> ranBy = new LinkedHashMap<>();
    private final long startNanos = System.nanoTime();
    private long nextUnit;
    private long unitsTotal;
    private long unitsDone;
    private long resent;
    private long duplicates;
    private boolean started;
    private long noWorkerSinceNanos = System.nanoTime();
    private boolean fallbackAnnounced;

    public static Behavior<Command> create(Settings settings, ActorRef<Worker.Command> local, PrintWriter err,
                                           ProgressListener progress) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
                new Dispatcher(context, timers, settings, local, err, progress)));
    }

    private Dispatcher(ActorContext<Command> context, TimerScheduler<Command> timers, Settings settings,
                       ActorRef<Worker.Command> local, PrintWriter err, ProgressListener progress) {
        super(context);
        this.settings = settings;
        this.local = local;
        this.err = err;
        this.progress = progress;
        ActorRef<Receptionist.Listing> adapter = context.messageAdapter(Receptionist.Listing.class, WorkersChanged::new);
        context.getSystem().receptionist().tell(Receptionist.subscribe(Worker.KEY, adapter));
        timers.startTimerWithFixedDelay(Tick.INSTANCE, Duration.ofMillis(200));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Submit.class, this::onSubmit)
                .onMessage(SubmitSearch.class, this::onSubmitSearch)
                .onMessage(UnitDone.class, d -> onDone(d.unit(), d.worker(), d.results(), d.results().size()))
                .onMessage(SliceDone.class, d -> onDone(d.unit(), d.worker(), List.of(d.result()), 1))
                .onMessage(UnitFailed.class, this::onFailed)
                .onMessage(WorkersChanged.class, this::onWorkersChanged)
                .onMessage(WorkerStopped.class, w -> lost(w.worker(), "stopped"))
                .onMessageEquals(Tick.INSTANCE, this::dispatch)
                .onMessage(Summary.class, this::onSummary)
                .build();
    }

    private Behavior<Command> onSubmit(Submit submit) {
        Job job = new Job(submit.job(), 0, new RunResult[submit.trials()], new int[] {submit.ranges().size()},
                submit.done());
        for (int[] r : submit.ranges()) {
            long id = nextUnit++;
            open.put(id, new Unit(id, job, r[0], r[1]));
            pending.add(id);
        }
        unitsTotal += submit.ranges().size();
        return dispatch();
    }

    private Behavior<Command> onSubmitSearch(SubmitSearch submit) {
        Job job = new Job(submit.job(), submit.keep(), new Worker.SliceResult[submit.slices()],
                new int[] {submit.slices()}, submit.done());
        for (int slice = 0; slice < submit.slices(); slice++) {
            long id = nextUnit++;
            open.put(id, new Unit(id, job, slice, submit.slices()));
            pending.add(id);
        }
        unitsTotal += submit.slices();
        return dispatch();
    }

    /** A unit's results ({@code count} trials, or one slice): put in place, the first time only. */
    private Behavior<Command> onDone(long id, String worker, List<?> results, int count) {
        Unit unit = open.remove(id);
        release(id);
        if (unit == null) {
            duplicates++; // computed twice (re-sent, then the first worker answered after all): counted once
            return dispatch();
        }
        Job job = unit.job();
        int expected = job.search() ? 1 : unit.to() - unit.from();
        if (count != expected || job.search() != (results.get(0) instanceof Worker.SliceResult)) {
            return fail(unit, worker + " returned " + count + " results for " + unit.describe());
        }
        ranBy.merge(worker, 1, Integer::sum);
        for (int i = 0; i < results.size(); i++) {
            job.results()[unit.from() + i] = results.get(i); // a trial's index, or the slice's
        }
        unitsDone++;
        progress.onTrialCompleted((int) Math.min(Integer.MAX_VALUE, unitsDone), (int) Math.min(Integer.MAX_VALUE, unitsTotal));
        if (--job.remaining()[0] == 0) {
            job.complete();
        }
        return dispatch();
    }

    private Behavior<Command> onFailed(UnitFailed failed) {
        Unit unit = open.remove(failed.unit());
        release(failed.unit());
        if (unit != null) {
            return fail(unit, "unit " + failed.unit() + " (" + unit.describe() + ") failed on "
                    + failed.worker() + ": " + failed.message());
        }
        return dispatch();
    }

    /** Fails the unit's job: its other units are dropped, the command reports the error. */
    private Behavior<Command> fail(Unit unit, String message) {
        open.values().removeIf(u -> u.job() == unit.job());
        pending.removeIf(id -> !open.containsKey(id));
        unit.job().done().completeExceptionally(new SimulationException(message));
        return dispatch();
    }

    /** Forgets that some worker holds {@code unit}. */
    private void release(long unit) {
        for (Set<Long> units : outstanding.values()) {
            units.remove(unit);
        }
    }

    private Behavior<Command> onWorkersChanged(WorkersChanged changed) {
        // reachable workers only: an unreachable one's units go elsewhere at once, before downing
        Set<ActorRef<Worker.Command>> now = changed.listing().getServiceInstances(Worker.KEY);
        for (ActorRef<Worker.Command> w : now) {
            if (remote.add(w)) {
                outstanding.putIfAbsent(w, new TreeSet<>());
                getContext().watchWith(w, new WorkerStopped(w));
                ranBy.putIfAbsent(name(w), 0);
            }
        }
        for (ActorRef<Worker.Command> w : new ArrayList<>(remote)) {
            if (!now.contains(w)) {
                lost(w, "left or became unreachable");
            }
        }
        return dispatch();
    }

    private Behavior<Command> lost(ActorRef<Worker.Command> worker, String why) {
        boolean known = remote.remove(worker);
        Set<Long> units = outstanding.remove(worker);
        if (!known && units == null) {
            return this;
        }
        getContext().unwatch(worker);
        List<Long> back = new ArrayList<>();
        if (units != null) {
            for (long id : units) {
                if (open.containsKey(id)) {
                    back.add(id);
                }
            }
        }
        if (!back.isEmpty()) {
            for (int i = back.size() - 1; i >= 0; i--) {
                pending.addFirst(back.get(i));
            }
            resent += back.size();
            err.println("cluster: worker " + name(worker) + " " + why + " with " + back.size() + " unit(s) outstanding;"
                    + " re-sending units " + back + " to " + (remote.isEmpty() ? "the next worker (or this JVM)" : "other workers"));
        } else if (open.isEmpty() && pending.isEmpty()) {
            return this; // the command is over; workers leaving now is expected
        } else {
            err.println("cluster: worker " + name(worker) + " " + why + " (no unit outstanding)");
        }
        if (remote.isEmpty()) {
            noWorkerSinceNanos = System.nanoTime();
            fallbackAnnounced = false;
        }
        err.flush();
        return dispatch();
    }

    /** Hands pending units to workers with room. */
    private Behavior<Command> dispatch() {
        if (pending.isEmpty()) {
            return this;
        }
        long now = System.nanoTime();
        if (!started) {
            boolean enough = remote.size() >= Math.max(1, settings.minWorkers());
            boolean waited = now - startNanos >= settings.waitFor().toNanos();
            if (!enough && !waited) {
                return this;
            }
            started = true;
        }
        List<ActorRef<Worker.Command>> candidates = new ArrayList<>(remote);
        if (candidates.isEmpty()) {
            if (now - noWorkerSinceNanos < settings.waitFor().toNanos()) {
                return this;
            }
            if (!settings.localFallback()) {
                for (Unit u : List.copyOf(open.values())) {
                    if (open.containsKey(u.id())) {
                        fail(u, "no worker joined the cluster within " + settings.waitFor().toSeconds()
                                + " s and --no-local-fallback was given");
                    }
                }
                return this;
            }
            if (!fallbackAnnounced) {
                err.println("cluster: no worker " + (ranBy.isEmpty() ? "joined within " + settings.waitFor().toSeconds() + " s"
                        : "left") + "; running the remaining units in this JVM");
                err.flush();
                fallbackAnnounced = true;
            }
            outstanding.putIfAbsent(local, new TreeSet<>());
            candidates.add(local);
        }
        boolean sent = true;
        while (!pending.isEmpty() && sent) {
            sent = false;
            for (ActorRef<Worker.Command> w : candidates) {
                Set<Long> held = outstanding.get(w);
                if (held.size() >= MAX_OUTSTANDING || pending.isEmpty()) {
                    continue;
                }
                Unit unit = open.get(pending.pollFirst());
                if (unit == null) {
                    sent = true;
                    continue; // its job failed meanwhile
                }
                held.add(unit.id());
                Job job = unit.job();
                w.tell(job.search()
                        ? new Worker.SearchSlice(unit.id(), job.unitJob(), unit.from(), unit.to(), job.keep(), getContext().getSelf())
                        : new Worker.Compute(unit.id(), job.unitJob(), unit.from(), unit.to(), getContext().getSelf()));
                sent = true;
            }
        }
        return this;
    }

    private Behavior<Command> onSummary(Summary summary) {
        StringBuilder line = new StringBuilder("cluster: units run by worker:");
        if (ranBy.isEmpty()) {
            line.append(" none");
        }
        ranBy.forEach((w, n) -> line.append(' ').append(w).append('=').append(n));
        line.append(" (").append(unitsDone).append(" units");
        if (resent > 0) {
            line.append(", ").append(resent).append(" re-sent");
        }
        if (duplicates > 0) {
            line.append(", ").append(duplicates).append(" late result(s) of units already done, dropped");
        }
        summary.summary().complete(line.append(')').toString());
        return this;
    }

    /** A worker's name in messages: its host:port, or "local" for this JVM. */
    private String name(ActorRef<Worker.Command> worker) {
        if (worker.equals(local)) {
            return "local";
        }
        var address = worker.path().address();
        return address.host().isDefined() ? address.host().get() + ":" + address.port().get() : worker.path().toString();
    }
}
