package io.clustersim.core.run;

import io.clustersim.core.engine.Entity;
import io.clustersim.core.engine.Event;
import io.clustersim.core.engine.EventSink;
import io.clustersim.core.engine.Start;

import java.util.ArrayList;
import java.util.List;

/**
 * The state of a fleet of several datacenters: which sites have power, which WAN links are up,
 * and which part of the fleet the job runs on. Datacenters and
 * links tell it what happens; it decides, per the {@link FleetLayout.SiteLossPolicy}, what that
 * means for the job and tells the job (a {@link RunEvents.Capacity} then an interruption).
 *
 * <ul>
 *   <li>Losing a site or a link the job uses: under {@code WAIT}, if the whole fleet is still
 *       connected (a cut that traffic can route around) the job restarts at the rerouted speed,
 *       else it waits until everything it needs is back; under {@code CONTINUE} it restarts at once
 *       on the connected part of the fleet that runs fastest (fewer replicas, the step
 *       re-evaluated), or waits until some part can run.</li>
 *   <li>A repair that lets the job run faster (a site back, a link back) brings it back at a planned
 *       stop ({@code rejoin}: checkpoint, restart, restore; nothing lost).</li>
 * </ul>
 * Everything else a datacenter has to say (failures, spares, repairs) goes straight to the job,
 * tagged with its site; the {@link RunEvents.Capacity} tells the job which sites it runs on, so it
 * ignores failures elsewhere.
 *
 * <pre>{@code
 * entities.add(new FleetCoordinator(layout, RunModel.JOB));
 * }</pre>
 *
 * <p>Maintainer note: sites and links are bits of {@code long} masks; the layout has at most
 * {@link FleetLayout#MAX} of each. Repair times are known when a failure happens, so the time at
 * which a stopped job can run again is found by replaying the pending repairs in time order.
 */
final class FleetCoordinator implements Entity {

    /** Cause of the planned stop that takes a returned site or link back. */
    static final String REJOIN = "rejoin";
    /** Cause of a WAN link cut. */
    static final String WAN_CUT = "wan-link";

    private final FleetLayout layout;
    private final int job;
    private final int k;
    private final boolean[] siteDown;
    private final long[] siteUpAt;
    private final boolean[] linkDown;
    private final long[] linkUpAt;

    /** What the job runs (or will run, once back) on. */
    private long activeSites;
    private long activeLinks;
    private double activeRatio = 1.0;
    /** When a stopped job can run again (0: it is not stopped by the fleet). */
    private long waitingUntil;

    FleetCoordinator(FleetLayout layout, int job) {
        this.layout = layout;
        this.job = job;
        this.k = layout.sites().size();
        this.siteDown = new boolean[k];
        this.siteUpAt = new long[k];
        this.linkDown = new boolean[layout.links().size()];
        this.linkUpAt = new long[layout.links().size()];
        this.activeSites = layout.allSites();
        this.activeLinks = layout.allLinks();
    }

    /** A part of the fleet the job can run on. */
    private record Config(long sites, long links, double ratio) {
    }

    @Override
    public void handle(Event event, EventSink sink) {
        Object payload = event.payload();
        long now = sink.nowNanos();
        int self = event.target();
        if (payload == Start.INSTANCE) {
            return;
        }
        if (payload instanceof RunEvents.FromSite from) {
            fromSite(from.site(), from.payload(), now, sink, self);
        } else if (payload instanceof RunEvents.LinkCut cut) {
            linkDown[cut.link()] = true;
            linkUpAt[cut.link()] = cut.untilNanos();
            boolean inUse = (activeLinks & (1L << cut.link())) != 0;
            reconsider(now, WAN_CUT, inUse, sink);
        } else if (payload instanceof RunEvents.LinkRepaired repaired) {
            linkDown[repaired.link()] = false;
            reconsider(now, REJOIN, false, sink);
        } else if (payload instanceof RunEvents.SiteBack back) {
            if (siteDown[back.site()] && siteUpAt[back.site()] <= now) {
                siteDown[back.site()] = false;
                reconsider(now, REJOIN, false, sink);
            }
        } else {
            throw new IllegalArgumentException("unexpected event " + payload);
        }
    }

    /** A datacenter's outage (the only thing datacenters tell the coordinator). */
    private void fromSite(int site, Object payload, long now, EventSink sink, int self) {
        if (!(payload instanceof RunEvents.Interrupt interrupt) || interrupt.kind() != RunEvents.Kind.OUTAGE) {
            throw new IllegalArgumentException("unexpected event from site " + site + ": " + payload);
        }
        boolean active = (activeSites & (1L << site)) != 0;
        siteDown[site] = true;
        siteUpAt[site] = Math.max(siteUpAt[site], interrupt.downUntilNanos());
        sink.schedule(interrupt.downUntilNanos(), RunEvents.PRIORITY_FAILURE, self, new RunEvents.SiteBack(site));
        reconsider(now, interrupt.cause(), active, sink);
    }

    /**
     * Decides what the job runs on after a change; {@code lostInUse}: the change took a site or a
     * link the job was using.
     */
    private void reconsider(long now, String cause, boolean lostInUse, EventSink sink) {
        Config best = choose(siteDown, linkDown);
        if (best == null) {
            // nothing can run: wait for the first repair after which something can
            long resume = 0;
            Config next = null;
            boolean[] sites = siteDown.clone();
            boolean[] links = linkDown.clone();
            for (long at : pendingRepairs(now)) {
                for (int s = 0; s < k; s++) {
                    sites[s] &= siteUpAt[s] > at;
                }
                for (int l = 0; l < links.length; l++) {
                    links[l] &= linkUpAt[l] > at;
                }
                next = choose(sites, links);
                if (next != null) {
                    resume = at;
                    break;
                }
            }
            if (next == null) { // cannot happen: with everything repaired the whole fleet runs
                throw new IllegalStateException("no part of the fleet can run even with every repair done");
            }
            if (waitingUntil > now && resume == waitingUntil && next.equals(current())) {
                return; // already waiting for the same thing
            }
            waitingUntil = resume;
            switchTo(next, new RunEvents.Interrupt(cause, RunEvents.Kind.OUTAGE, resume, -1, false), sink);
            return;
        }
        if (waitingUntil > now) {
            // stopped until waitingUntil: take the better part of the fleet if there is one now
            if (best.ratio() > activeRatio || lostInUse) {
                waitingUntil = 0;
                switchTo(best, new RunEvents.Interrupt(cause, RunEvents.Kind.PLANNED, now, -1, false), sink);
            }
            return;
        }
        waitingUntil = 0;
        if (lostInUse) {
            switchTo(best, new RunEvents.Interrupt(cause, RunEvents.Kind.FAILURE, 0, -1, false), sink);
        } else if (best.ratio() > activeRatio) {
            switchTo(best, new RunEvents.Interrupt(REJOIN, RunEvents.Kind.PLANNED, now, -1, false), sink);
        }
    }

    private Config current() {
        return new Config(activeSites, activeLinks, activeRatio);
    }

    /** Runs on {@code c} from now: tells the job its capacity, then interrupts it with {@code interrupt}. */
    private void switchTo(Config c, RunEvents.Interrupt interrupt, EventSink sink) {
        activeSites = c.sites();
        activeLinks = c.links();
        activeRatio = c.ratio();
        sink.schedule(sink.nowNanos(), RunEvents.PRIORITY_FAILURE, job, new RunEvents.Capacity(c.ratio(), c.sites()));
        sink.schedule(sink.nowNanos(), RunEvents.PRIORITY_FAILURE, job, interrupt);
    }

    /** Distinct times of the repairs still pending after {@code now}, in order. */
    private List<Long> pendingRepairs(long now) {
        List<Long> times = new ArrayList<>();
        for (int s = 0; s < k; s++) {
            if (siteDown[s]) {
                times.add(Math.max(now, siteUpAt[s]));
            }
        }
        for (int l = 0; l < linkDown.length; l++) {
            if (linkDown[l]) {
                times.add(Math.max(now, linkUpAt[l]));
            }
        }
        return times.stream().distinct().sorted().toList();
    }

    /**
     * The part of the fleet the job should run on with these sites and links down, or {@code null}
     * when none can: under WAIT, the whole fleet if it is up and connected; under CONTINUE, the
     * connected part that runs fastest (the first such in site order).
     */
    private Config choose(boolean[] sitesDown, boolean[] linksDown) {
        long upLinks = 0;
        for (int l = 0; l < linksDown.length; l++) {
            if (!linksDown[l]) {
                upLinks |= 1L << l;
            }
        }
        long seen = 0;
        Config best = null;
        for (int s = 0; s < k; s++) {
            if (sitesDown[s] || (seen & (1L << s)) != 0) {
                continue;
            }
            long component = component(s, sitesDown, upLinks);
            seen |= component;
            long links = linksWithin(component, upLinks);
            if (layout.policy() == FleetLayout.SiteLossPolicy.WAIT && component != layout.allSites()) {
                return null;
            }
            double ratio = layout.throughput().ratio(component, links);
            if (ratio > 0 && (best == null || ratio > best.ratio())) {
                best = new Config(component, links, ratio);
            }
        }
        return best;
    }

    /** The sites reachable from {@code start} over up links between up sites. */
    private long component(int start, boolean[] sitesDown, long upLinks) {
        long mask = 1L << start;
        boolean grew = true;
        while (grew) {
            grew = false;
            for (int l = 0; l < layout.links().size(); l++) {
                if ((upLinks & (1L << l)) == 0) {
                    continue;
                }
                FleetLayout.Link link = layout.links().get(l);
                boolean a = (mask & (1L << link.a())) != 0, b = (mask & (1L << link.b())) != 0;
                if (a != b) {
                    int other = a ? link.b() : link.a();
                    if (!sitesDown[other]) {
                        mask |= 1L << other;
                        grew = true;
                    }
                }
            }
        }
        return mask;
    }

    /** Up links with both ends in {@code sites}. */
    private long linksWithin(long sites, long upLinks) {
        long out = 0;
        for (int l = 0; l < layout.links().size(); l++) {
            FleetLayout.Link link = layout.links().get(l);
            if ((upLinks & (1L << l)) != 0 && (sites & (1L << link.a())) != 0 && (sites & (1L << link.b())) != 0) {
                out |= 1L << l;
            }
        }
        return out;
    }
}
