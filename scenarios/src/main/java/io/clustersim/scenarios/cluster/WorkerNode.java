package io.clustersim.scenarios.cluster;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.ClusterEvent;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Subscribe;
import io.clustersim.core.ClusterSim;

import java.io.PrintWriter;
import java.util.concurrent.ExecutionException;

/**
 * A long-lived worker process: joins the coordinator at the {@code --join} address (waiting for it
 * if it is not up yet), computes units until that coordinator leaves or dies, then starts a fresh
 * actor system and waits for the next coordinator at the same address — Akka cannot rejoin a
 * cluster with a system that has left one.
 *
 * <pre>{@code
 * new WorkerNode(HostPort.parse("10.0.0.1:2552"), HostPort.parse("10.0.0.2:0"), sim, err, false).runForever();
 * }</pre>
 */
public final class WorkerNode {

    private final ClusterConfig.HostPort join;
    private final ClusterConfig.HostPort bind;
    private final ClusterSim sim;
    private final PrintWriter err;
    private final boolean verbose;
    private final com.typesafe.config.Config akka;

    /** @param verbose whether to print a line per unit run */
    public WorkerNode(ClusterConfig.HostPort join, ClusterConfig.HostPort bind, ClusterSim sim, PrintWriter err,
                      boolean verbose) {
        this(join, bind, sim, err, verbose, ClusterConfig.standardUserSettings());
    }

    /**
     * @param verbose whether to print a line per unit run
     * @param akka    the user's Akka settings over the defaults ({@link ClusterFile#akka()})
     */
    public WorkerNode(ClusterConfig.HostPort join, ClusterConfig.HostPort bind, ClusterSim sim, PrintWriter err,
                      boolean verbose, com.typesafe.config.Config akka) {
        this.akka = akka;
        this.join = join;
        this.bind = bind;
        this.sim = sim;
        this.err = err;
        this.verbose = verbose;
    }

    /**
     * Serves coordinators one after another until the process is killed or interrupted.
     *
     * @throws RuntimeException if the first actor system cannot start (e.g. the address is in use)
     */
    public void runForever() throws InterruptedException {
        boolean first = true;
        while (!Thread.currentThread().isInterrupted()) {
            ActorSystem<Event> system;
            try {
                system = ActorSystem.create(root(), ClusterConfig.SYSTEM, ClusterConfig.node(bind, join, "worker", akka));
            } catch (RuntimeException e) {
                if (first) {
                    throw e; // cannot listen at --bind: the command says so
                }
                err.println("worker: cannot start again yet (" + e.getMessage() + "); retrying");
                err.flush();
                Thread.sleep(1000);
                continue;
            }
            first = false;
            try {
                system.getWhenTerminated().toCompletableFuture().get();
            } catch (ExecutionException e) {
                err.println("worker: actor system failed: " + e.getCause());
            }
            err.println("worker: the coordinator is gone; waiting for the next one at " + join);
            err.flush();
            Thread.sleep(1000); // let the old coordinator's port close before joining again
        }
    }

    /** What the root actor of a worker's system hears: membership, reachability, its own check. */
    private sealed interface Event {
    }

    private record Membership(ClusterEvent.MemberEvent event) implements Event {
    }

    private record Unreachable(ClusterEvent.UnreachableMember event) implements Event {
    }

    private enum Check implements Event { INSTANCE }

    /** How long a worker stays in a cluster without a coordinator that is up before it starts afresh. */
    private static final java.time.Duration STRANDED = java.time.Duration.ofSeconds(5);

    /**
     * Registers a {@link Worker}; stops the system when the coordinator leaves, is removed or
     * becomes unreachable, and when this node joined a cluster whose coordinator never came up
     * (say, one that was shutting down as the worker joined).
     */
    private Behavior<Event> root() {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            Cluster cluster = Cluster.get(context.getSystem());
            akka.actor.Address self = cluster.selfMember().address();
            String name = self.host().get() + ":" + self.port().get();
            context.spawn(Worker.create(sim, name, true, verbose ? err : null), "worker");
            cluster.subscriptions().tell(Subscribe.create(
                    context.messageAdapter(ClusterEvent.MemberEvent.class, Membership::new), ClusterEvent.MemberEvent.class));
            cluster.subscriptions().tell(Subscribe.create(
                    context.messageAdapter(ClusterEvent.UnreachableMember.class, Unreachable::new),
                    ClusterEvent.UnreachableMember.class));
            timers.startTimerWithFixedDelay(Check.INSTANCE, java.time.Duration.ofSeconds(1));
            err.println("worker: " + name + " waiting for a coordinator at " + join);
            err.flush();
            long[] strandedSince = {-1};
            return Behaviors.receive(Event.class)
                    .onMessage(Membership.class, m -> {
                        ClusterEvent.MemberEvent event = m.event();
                        if (!coordinator(event.member())) {
                            return Behaviors.same();
                        }
                        if (event instanceof ClusterEvent.MemberUp) {
                            err.println("worker: " + name + " serving the coordinator at " + join);
                            err.flush();
                        } else if (event instanceof ClusterEvent.MemberExited || event instanceof ClusterEvent.MemberLeft
                                || event instanceof ClusterEvent.MemberRemoved || event instanceof ClusterEvent.MemberDowned) {
                            context.getSystem().terminate();
                        }
                        return Behaviors.same();
                    })
                    .onMessage(Unreachable.class, u -> {
                        if (coordinator(u.event().member())) {
                            context.getSystem().terminate(); // it died: wait for the next one afresh
                        }
                        return Behaviors.same();
                    })
                    .onMessageEquals(Check.INSTANCE, () -> {
                        MemberStatus status = cluster.selfMember().status();
                        boolean joined = status == MemberStatus.joining() || status == MemberStatus.weaklyUp()
                                || status == MemberStatus.up();
                        boolean served = false;
                        for (Member m : cluster.state().getMembers()) {
                            served |= coordinator(m) && m.status() == MemberStatus.up();
                        }
                        long now = System.nanoTime();
                        if (!joined || served) {
                            strandedSince[0] = -1;
                        } else if (strandedSince[0] < 0) {
                            strandedSince[0] = now;
                        } else if (now - strandedSince[0] > STRANDED.toNanos()) {
                            context.getSystem().terminate();
                        }
                        return Behaviors.same();
                    })
                    .build();
        }));
    }

    private static boolean coordinator(Member member) {
        return member.hasRole("coordinator");
    }
}
