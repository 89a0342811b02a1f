package io.clustersim.scenarios.cluster;

import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Behaviors;
import io.clustersim.core.ClusterSim;
import io.clustersim.core.Scenario;
import io.clustersim.core.TrialExecutor;
import io.clustersim.core.Trials;
import io.clustersim.core.plan.PlanSearch;
import io.clustersim.core.plan.SearchResult;
import io.clustersim.core.engine.ProgressListener;
import io.clustersim.core.engine.SimulationException;
import io.clustersim.core.run.RunResult;
import io.clustersim.core.sweep.BatchPolicy;
import io.clustersim.core.sweep.Sweep;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A command running as a cluster coordinator: an actor system bound at the {@code --cluster}
 * address (the cluster's seed node), a {@link Dispatcher} that hands units to the workers that
 * join, and {@link TrialExecutor}s that split each simulation's trials into units of
 * {@code unitTrials}, and each plan search into slices of its layouts, and wait for them. Closing it prints the one line saying who ran what and
 * leaves the cluster, so long-lived workers rejoin the next coordinator.
 *
 * <pre>{@code
 * try (ClusterSession session = ClusterSession.start(address, settings, 0, sim, err, ProgressListener.NONE)) {
 *     Report report = sim.run(scenario, session.executor(job, scenario));
 * }
 * }</pre>
 */
public final class ClusterSession implements AutoCloseable {

    private final ActorSystem<Void> system;
    private final ActorRef<Dispatcher.Command> dispatcher;
    private final int unitTrials;
    private final PrintWriter err;

    private ClusterSession(ActorSystem<Void> system, ActorRef<Dispatcher.Command> dispatcher, int unitTrials,
                           PrintWriter err) {
        this.system = system;
        this.dispatcher = dispatcher;
        this.unitTrials = unitTrials;
        this.err = err;
    }

    /**
     * Starts the coordinator.
     *
     * @param address    where it listens; workers join it there
     * @param unitTrials trials per unit, or 0 for a size chosen per simulation ({@link #unitSize})
     * @param sim        runs the units of the local fallback
     * @param progress   told units done out of units submitted so far
     */
    public static ClusterSession start(ClusterConfig.HostPort address, Dispatcher.Settings settings, int unitTrials,
                                       ClusterSim sim, PrintWriter err, ProgressListener progress) {
        return start(address, settings, unitTrials, sim, err, progress, ClusterConfig.standardUserSettings());
    }

    /**
     * Starts the coordinator with the user's Akka settings ({@link ClusterFile#akka()}) over the defaults.
     *
     * @see #start(ClusterConfig.HostPort, Dispatcher.Settings, int, ClusterSim, PrintWriter, ProgressListener)
     */
    public static ClusterSession start(ClusterConfig.HostPort address, Dispatcher.Settings settings, int unitTrials,
                                       ClusterSim sim, PrintWriter err, ProgressListener progress,
                                       com.typesafe.config.Config akka) {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), ClusterConfig.SYSTEM,
                ClusterConfig.node(address, address, "coordinator", akka));
        ActorRef<Worker.Command> local = system.systemActorOf(Worker.create(sim, "local", false, null), "local-worker",
                Props.empty());
        ActorRef<Dispatcher.Command> dispatcher = system.systemActorOf(
                Dispatcher.create(settings, local, err, progress), "dispatcher", Props.empty());
        err.println("cluster: coordinator at " + address + "; waiting up to " + settings.waitFor().toSeconds()
                + " s for " + Math.max(1, settings.minWorkers()) + " worker(s) (clustersim worker --join " + address + ")");
        err.flush();
        return new ClusterSession(system, dispatcher, unitTrials, err);
    }

    /**
     * Trials per unit: about eight units per simulation (so a few workers share even a short one and
     * a lost unit costs little), at most 50 trials. The split never changes the results.
     */
    public static int unitSize(int trials) {
        return Math.max(1, Math.min(50, (trials + 7) / 8));
    }

    /**
     * An executor for the simulations of {@code job}'s scenario ({@code base}, as loaded): each
     * simulation's planned scenario is sent as the job with its plan, a deadline's candidates as the
     * job's candidates; each plan search the run makes goes out in slices ({@link #searchSlices}).
     */
    public TrialExecutor executor(UnitJob job, Scenario base) {
        boolean deadline = base.target().deadline() != null;
        // plan searches every plan of a scenario that states one: the workers must search the same
        UnitJob searching = base.searchesPlan() && !job.base().searchesPlan() ? job.withSearchAll() : job;
        return new TrialExecutor() {
            @Override
            public List<RunResult> execute(Trials trials) {
                Scenario planned = trials.scenario();
                UnitJob unitJob = (deadline ? job.withCandidate(Math.toIntExact(planned.fleet().chips())) : job)
                        .withPlan(planned.parallelism(), UnitJob.fingerprint(planned));
                int size = unitTrials > 0 ? unitTrials : unitSize(trials.count());
                List<int[]> ranges = new ArrayList<>();
                for (int from = 0; from < trials.count(); from += size) {
                    ranges.add(new int[] {from, Math.min(trials.count(), from + size)});
                }
                CompletableFuture<List<RunResult>> done = new CompletableFuture<>();
                dispatcher.tell(new Dispatcher.Submit(unitJob, trials.count(), ranges, done));
                return await(done);
            }

            @Override
            public SearchResult search(Scenario searched, PlanSearch.Task task, int keep, PlanSearch.Progress progress) {
                int slices = searchSlices(task.layouts());
                UnitJob unitJob = (deadline ? searching.withCandidate(Math.toIntExact(searched.fleet().chips())) : searching)
                        .withPlan(null, UnitJob.fingerprint(searched));
                if (slices < 2 || !rebuilds(unitJob)) {
                    return task.search(0, 1, keep, progress); // too small to share, or not a scenario workers rebuild
                }
                CompletableFuture<List<Worker.SliceResult>> done = new CompletableFuture<>();
                dispatcher.tell(new Dispatcher.SubmitSearch(unitJob, slices, keep, done));
                List<SearchResult> parts = new ArrayList<>();
                for (Worker.SliceResult slice : await(done)) {
                    parts.add(slice.rebuilt(task));
                }
                return PlanSearch.merge(parts, keep);
            }
        };
    }

    /** Whether a worker rebuilds the scenario the job names (as the coordinator checks before sending it). */
    private static boolean rebuilds(UnitJob job) {
        try {
            job.rebuild();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Slices a plan search of {@code layouts} layouts goes out in: one per 256 layouts, 2 to 16
     * (a slice of a large search is some tens of milliseconds of step-model work, well above a
     * unit's round trip); below 512 layouts the search stays whole on the coordinator. The number
     * of slices never changes the result ({@link PlanSearch#merge}).
     */
    public static int searchSlices(int layouts) {
        return Math.max(1, Math.min(16, layouts / 256));
    }

    private static <T> T await(CompletableFuture<T> done) {
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SimulationException("interrupted while waiting for the cluster", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SimulationException se ? se
                    : new SimulationException(String.valueOf(e.getCause()), e.getCause());
        }
    }

    /** Executors for the points of a chips sweep of {@code job}'s scenario ({@code base}, as loaded). */
    public Sweep.PointTrials sweepPoints(UnitJob job, Scenario base, BatchPolicy policy) {
        return (sizing, requestedChips) -> executor(job.withSweepPoint(requestedChips, policy,
                base.searchesPlan() ? sizing.parallelism() : null), base);
    }

    /** Prints who ran how many units, leaves the cluster and stops the actor system. */
    @Override
    public void close() {
        CompletableFuture<String> summary = new CompletableFuture<>();
        dispatcher.tell(new Dispatcher.Summary(summary));
        try {
            err.println(summary.get(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            err.println("cluster: no summary (" + e + ")");
        }
        err.flush();
        // leave gracefully: workers see the coordinator exit and get ready for the next one
        CoordinatedShutdown.get(system).run(CoordinatedShutdown.unknownReason());
        try {
            system.getWhenTerminated().toCompletableFuture().get(Duration.ofSeconds(15).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            system.terminate();
        }
    }
}
