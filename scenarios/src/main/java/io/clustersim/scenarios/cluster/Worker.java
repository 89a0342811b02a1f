package io.clustersim.scenarios.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import io.clustersim.core.ClusterSim;
import io.clustersim.core.Trials;
import io.clustersim.core.model.ParallelismPlan;
import io.clustersim.core.plan.PlanSearch;
import io.clustersim.core.plan.RankedPlan;
import io.clustersim.core.plan.SearchResult;
import io.clustersim.core.run.RunResult;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Computes units for a coordinator: rebuilds the unit's planned scenario from its text
 * ({@link UnitJob#rebuild}), runs trials {@code [from, to)} with {@link Trials#run} (the same unit
 * code as a single-JVM run) and replies with the results; or searches a slice of a scenario's plan
 * search ({@link io.clustersim.core.plan.PlanSearch.Task#search}) and replies with its kept plans. Registers itself with the Receptionist
 * under {@link #KEY}. Units run one after another off the actor's thread (each unit's trials in
 * parallel on the simulator's threads); the coordinator keeps a few outstanding so the next one
 * is already here when a unit ends.
 *
 * <pre>{@code
 * context.spawn(Worker.create(sim, "local", true), "worker");
 * }</pre>
 */
public final class Worker extends AbstractBehavior<Worker.Command> {

    /** The Receptionist key workers register under. */
    public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "clustersim-worker");

    /** Planned scenarios a worker keeps ready (a sweep point's units arrive together). */
    private static final int CACHED_JOBS = 4;

    /** What a worker is told. */
    public sealed interface Command {
    }

    /** Run trials {@code [from, to)} of {@code job} and reply to {@code replyTo}. */
    public record Compute(long unit, UnitJob job, int from, int to, ActorRef<Dispatcher.Command> replyTo)
            implements Command, ClusterMessage {
    }

    private record Computed(Compute request, Trials trials, List<RunResult> results, String error) implements Command {
    }

    /** Search slice {@code slice} of {@code slices} of {@code job}'s plan search, keeping {@code keep} layouts. */
    public record SearchSlice(long unit, UnitJob job, int slice, int slices, int keep,
                              ActorRef<Dispatcher.Command> replyTo) implements Command, ClusterMessage {
    }

    /**
     * What a search slice found, as it travels: its kept plans best first, its counts, its leanest
     * plan (null when it has no layout); the coordinator estimates the plans again
     * ({@link io.clustersim.core.plan.PlanSearch.Task#rebuilt}), so no estimate crosses the network.
     */
    public record SliceResult(List<ParallelismPlan> ranked, long layouts, long evaluated, long fitting, long rejected,
                              ParallelismPlan leanest) implements ClusterMessage {

        /** The slice's result as it travels. */
        public static SliceResult of(SearchResult r) {
            return new SliceResult(r.ranked().stream().map(RankedPlan::plan).toList(), r.layouts(), r.evaluated(),
                    r.fitting(), r.rejectedConstraints(), r.leastMemory().map(RankedPlan::plan).orElse(null));
        }

        /** The slice's result again, on the coordinator, from its search {@code task}. */
        public SearchResult rebuilt(PlanSearch.Task task) {
            return task.rebuilt(ranked, layouts, evaluated, fitting, rejected, leanest);
        }
    }

    private record Searched(SearchSlice request, PlanSearch.Task task, SliceResult result, String error)
            implements Command {
    }

    private final ClusterSim sim;
    private final String name;
    private final PrintWriter log;
    private final Executor executor;
    private final Map<UnitJob, Trials> prepared = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UnitJob, Trials> eldest) {
            return size() > CACHED_JOBS;
        }
    };
    private final Map<UnitJob, PlanSearch.Task> searches = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UnitJob, PlanSearch.Task> eldest) {
            return size() > CACHED_JOBS;
        }
    };
    private CompletableFuture<Void> queue = CompletableFuture.completedFuture(null);

    /**
     * @param sim      the simulator whose threads run the trials
     * @param name     how the coordinator's summary names this worker
     * @param register whether to register with the Receptionist (a coordinator's local fallback does not)
     * @param log      told a line per unit done, or null
     */
    public static Behavior<Command> create(ClusterSim sim, String name, boolean register, PrintWriter log) {
        return Behaviors.setup(context -> {
            if (register) {
                context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
            }
            return new Worker(context, sim, name, log);
        });
    }

    private Worker(ActorContext<Command> context, ClusterSim sim, String name, PrintWriter log) {
        super(context);
        this.sim = sim;
        this.name = name;
        this.log = log;
        // one unit at a time, on a thread of its own: Trials.run blocks until its trials are done
        this.executor = command -> new Thread(command, "clustersim-unit").start();
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Compute.class, this::onCompute)
                .onMessage(Computed.class, this::onComputed)
                .onMessage(SearchSlice.class, this::onSearch)
                .onMessage(Searched.class, this::onSearched)
                .build();
    }

    private Behavior<Command> onCompute(Compute request) {
        Trials cached = prepared.get(request.job());
        enqueue(() -> {
            Trials trials = cached != null ? cached : sim.trials(request.job().rebuild());
            return new Computed(request, trials, trials.run(request.from(), request.to()), null);
        }, error -> new Computed(request, null, null, error));
        return this;
    }

    private Behavior<Command> onSearch(SearchSlice request) {
        PlanSearch.Task cached = searches.get(request.job());
        enqueue(() -> {
            PlanSearch.Task task = cached != null ? cached : sim.searchTask(request.job().rebuild());
            return new Searched(request, task, SliceResult.of(task.search(request.slice(), request.slices(),
                    request.keep(), PlanSearch.Progress.NONE)), null);
        }, error -> new Searched(request, null, null, error));
        return this;
    }

    /**
     * Runs {@code work} after the units queued before it, off the actor's thread, and sends its
     * message — or, if it throws, {@code failed}'s with the reason — back to this actor.
     */
    private <T extends Command> void enqueue(Supplier<T> work, Function<String, T> failed) {
        CompletableFuture<T> result = queue.thenApplyAsync(ignored -> {
            try {
                return work.get();
            } catch (RuntimeException e) {
                return failed.apply(e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }, executor);
        queue = result.handle((r, e) -> null);
        getContext().pipeToSelf(result, (ok, failure) -> ok != null ? ok : failed.apply(String.valueOf(failure)));
    }

    private Behavior<Command> onComputed(Computed done) {
        Compute request = done.request();
        if (done.trials() != null) {
            prepared.put(request.job(), done.trials()); // on the actor's thread: the cache is not shared
        }
        reply(request.unit(), "trials " + request.from() + ".." + (request.to() - 1), done.error(), request.replyTo(),
                () -> new Dispatcher.UnitDone(request.unit(), name, done.results()));
        return this;
    }

    private Behavior<Command> onSearched(Searched done) {
        SearchSlice request = done.request();
        if (done.task() != null) {
            searches.put(request.job(), done.task());
        }
        reply(request.unit(), "search slice " + request.slice() + " of " + request.slices(), done.error(),
                request.replyTo(), () -> new Dispatcher.SliceDone(request.unit(), name, done.result()));
        return this;
    }

    /** Logs the unit (with --verbose) and replies with its result, or that it failed with {@code error}. */
    private void reply(long unit, String what, String error, ActorRef<Dispatcher.Command> replyTo,
                       Supplier<Dispatcher.Command> result) {
        if (log != null) {
            log.println("worker: " + name + (error == null ? " ran" : " failed") + " unit " + unit + " (" + what + ")");
            log.flush();
        }
        replyTo.tell(error == null ? result.get() : new Dispatcher.UnitFailed(unit, name, error));
    }
}
