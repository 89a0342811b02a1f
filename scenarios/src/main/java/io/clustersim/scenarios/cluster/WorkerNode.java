package io.clustersim.scenarios.cluster;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.ClusterEvent;
import akka.cluster.Member;
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
 * new WorkerNode(HostPort.parse("10.0.0.1:2552"), HostPort.parse("10.0.0.2:0"), sim, err).runForever();
 * }</pre>
 */
public final class WorkerNode {

    private final ClusterConfig.HostPort join;
    private final ClusterConfig.HostPort bind;
    private final ClusterSim sim;
    private final PrintWriter err;

    public WorkerNode(ClusterConfig.HostPort join, ClusterConfig.HostPort bind, ClusterSim sim, PrintWriter err) {
        this.join = join;
        this.bind = bind;
        this.sim = sim;
        this.err = err;
    }

    /** Serves coordinators one after another until the process is killed or interrupted. */
    public void runForever() throws InterruptedException {
        while (!Thread.currentThread().isInterrupted()) {
            ActorSystem<ClusterEvent.MemberEvent> system = ActorSystem.create(root(), ClusterConfig.SYSTEM,
                    ClusterConfig.node(bind, join, "worker"));
            try {
                system.getWhenTerminated().toCompletableFuture().get();
            } catch (ExecutionException e) {
                err.println("worker: actor system failed: " + e.getCause());
            }
            err.println("worker: the coordinator is gone; waiting for the next one at " + join);
            err.flush();
            Thread.sleep(500);
        }
    }

    /** Registers a {@link Worker}; stops the system when the coordinator leaves or is removed. */
    private Behavior<ClusterEvent.MemberEvent> root() {
        return Behaviors.setup(context -> {
            Cluster cluster = Cluster.get(context.getSystem());
            akka.actor.Address self = cluster.selfMember().address();
            String name = self.host().get() + ":" + self.port().get();
            context.spawn(Worker.create(sim, name, true), "worker");
            cluster.subscriptions().tell(Subscribe.create(context.getSelf(), ClusterEvent.MemberEvent.class));
            err.println("worker: " + name + " waiting for a coordinator at " + join);
            err.flush();
            return Behaviors.receive(ClusterEvent.MemberEvent.class)
                    .onMessage(ClusterEvent.MemberUp.class, up -> {
                        if (coordinator(up.member())) {
                            err.println("worker: " + name + " serving the coordinator at " + join);
                            err.flush();
                        }
                        return Behaviors.same();
                    })
                    .onMessage(ClusterEvent.MemberEvent.class, event -> {
                        boolean gone = event instanceof ClusterEvent.MemberExited
                                || event instanceof ClusterEvent.MemberLeft
                                || event instanceof ClusterEvent.MemberRemoved
                                || event instanceof ClusterEvent.MemberDowned;
                        if (gone && coordinator(event.member())) {
                            context.getSystem().terminate();
                        }
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    private static boolean coordinator(Member member) {
        return member.hasRole("coordinator");
    }
}
