package io.watchfloor.alert.domain.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Pending deliveries as read from their log, grouped into jobs (an alert, a digest window) by due time; due jobs
 * are handed out under a per-endpoint (lane) cap, and a job stays blocked until the log shows what its attempt
 * wrote. Not thread-safe.
 */
public final class DeliveryQueue {
    private static final long IN_FLIGHT = Long.MAX_VALUE;
    private static final Comparator<Group> BY_DUE = Comparator.comparing((Group g) -> g.due)
            .thenComparing(g -> g.key.subscriptionId())
            .thenComparing(g -> g.key.id());

    /** A job handed out: what to send, the lane it holds and the log partition its records live on. */
    public record Dispatch(DeliveryJob job, String lane, int partition) {
    }

    /** Jobs are grouped by subscription and webhook-id, or by digest window while not sealed. */
    private record GroupKey(String subscriptionId, String id) {
        static GroupKey of(PendingDelivery d) {
            return new GroupKey(d.subscriptionId(), d.sealed() ? "id:" + d.webhookId()
                    : "window:" + d.digestWindowStart());
        }
    }

    private static final class Group {
        final GroupKey key;
        final int partition;
        final Set<String> members = new LinkedHashSet<>();
        Instant due;

        Group(GroupKey key, int partition) {
            this.key = key;
            this.partition = partition;
        }
    }

    private record Entry(PendingDelivery delivery, int partition) {
    }

    private final Map<String, Entry> entries = new HashMap<>();
    private final Map<GroupKey, Group> groups = new HashMap<>();
    private final TreeSet<Group> byDue = new TreeSet<>(BY_DUE);
    private final Set<Integer> ready = new HashSet<>();
    /** Key -> the log offset that must be read back before it may be handed out again (or IN_FLIGHT). */
    private final Map<String, Long> blocked = new HashMap<>();
    /** Key -> the last offset read, kept for present and blocked keys. */
    private final Map<String, Long> lastOffset = new HashMap<>();
    private final Map<String, Instant> notBefore = new HashMap<>();
    private final Map<String, Integer> laneLoad = new HashMap<>();
    private final Map<Integer, Integer> inFlightByPartition = new HashMap<>();
    private int inFlight;

    /** A record read from the log: {@code delivery} null is a tombstone. */
    public void apply(int partition, long offset, String key, PendingDelivery delivery) {
        Long seen = lastOffset.get(key);
        if (seen != null && seen > offset) {
            return;
        }
        lastOffset.put(key, offset);
        Long awaited = blocked.get(key);
        if (awaited != null && awaited != IN_FLIGHT && offset >= awaited) {
            blocked.remove(key);
        }
        Entry old = entries.remove(key);
        if (old != null) {
            leave(key, old);
        }
        if (delivery == null) {
            notBefore.remove(key);
            if (!blocked.containsKey(key)) {
                lastOffset.remove(key);
            }
            return;
        }
        Entry entry = new Entry(delivery, partition);
        entries.put(key, entry);
        GroupKey gk = GroupKey.of(delivery);
        Group group = groups.get(gk);
        if (group == null) {
            group = new Group(gk, partition);
            groups.put(gk, group);
        } else {
            byDue.remove(group);
        }
        group.members.add(key);
        group.due = due(group);
        byDue.add(group);
    }

    /** The partition's log was read to its end: its jobs may be handed out. */
    public void ready(int partition) {
        ready.add(partition);
    }

    public boolean isReady(int partition) {
        return ready.contains(partition);
    }

    /** Forgets a partition this instance no longer owns; its jobs in flight finish but are not tracked. */
    public void drop(int partition) {
        ready.remove(partition);
        List<String> keys = entries.entrySet().stream().filter(e -> e.getValue().partition() == partition)
                .map(Map.Entry::getKey).toList();
        for (String key : keys) {
            leave(key, entries.remove(key));
            blocked.remove(key);
            lastOffset.remove(key);
            notBefore.remove(key);
        }
    }

    /**
     * Due jobs to start now, earliest first, at most {@code maxInFlight} in flight in all and {@code laneCap} per
     * lane ({@code laneOf} names a subscription's lane, e.g. its webhook's host:port; null = no cap).
     */
    public List<Dispatch> take(Instant now, Function<String, String> laneOf, int laneCap, int maxInFlight) {
        List<Dispatch> out = new ArrayList<>();
        Map<String, String> lanes = new HashMap<>();
        for (Group group : byDue) {
            if (group.due.isAfter(now) || inFlight >= maxInFlight) {
                break;
            }
            if (!ready.contains(group.partition) || group.members.stream().anyMatch(blocked::containsKey)) {
                continue;
            }
            String lane = lanes.computeIfAbsent(group.key.subscriptionId(), laneOf);
            if (lane != null && laneLoad.getOrDefault(lane, 0) >= laneCap) {
                continue;
            }
            List<PendingDelivery> members = group.members.stream().map(k -> entries.get(k).delivery()).toList();
            PendingDelivery first = members.get(0);
            DeliveryJob job = new DeliveryJob(first.subscriptionId(), first.webhookId(), first.digestWindowStart(),
                    members);
            group.members.forEach(k -> blocked.put(k, IN_FLIGHT));
            if (lane != null) {
                laneLoad.merge(lane, 1, Integer::sum);
            }
            inFlight++;
            inFlightByPartition.merge(group.partition, 1, Integer::sum);
            out.add(new Dispatch(job, lane, group.partition));
        }
        return out;
    }

    /**
     * The attempt of {@code dispatch} is written: each key stays blocked until the log is read up to the offset
     * its outcome was written at ({@code written}: key -> offset; a key not in it is released at once).
     */
    public void complete(Dispatch dispatch, Map<String, Long> written) {
        finish(dispatch);
        for (PendingDelivery m : dispatch.job().members()) {
            String key = m.key();
            Long offset = written.get(key);
            if (offset == null || lastOffset.getOrDefault(key, -1L) >= offset) {
                unblock(key);
            } else {
                blocked.put(key, offset);
            }
        }
    }

    /** The attempt of {@code dispatch} could not be made or recorded: hand it out again from {@code after}. */
    public void release(Dispatch dispatch, Instant after) {
        finish(dispatch);
        for (PendingDelivery m : dispatch.job().members()) {
            unblock(m.key());
            Entry entry = entries.get(m.key());
            if (entry != null) {
                Group group = groups.get(GroupKey.of(entry.delivery()));
                byDue.remove(group);
                notBefore.put(m.key(), after);
                group.due = due(group);
                byDue.add(group);
            }
        }
    }

    /** Pending deliveries held (all owned partitions). */
    public int size() {
        return entries.size();
    }

    public int inFlight() {
        return inFlight;
    }

    /** Jobs in flight on {@code partitions} (to wait for before giving them up). */
    public boolean busy(Collection<Integer> partitions) {
        return partitions.stream().anyMatch(inFlightByPartition::containsKey);
    }

    /** When the earliest job is due, or null when nothing is pending. */
    public Instant nextDue() {
        return byDue.isEmpty() ? null : byDue.first().due;
    }

    /** The pending delivery under {@code key}, or null. */
    public PendingDelivery get(String key) {
        Entry e = entries.get(key);
        return e == null ? null : e.delivery();
    }

    private void finish(Dispatch dispatch) {
        inFlight--;
        inFlightByPartition.computeIfPresent(dispatch.partition(), (k, v) -> v <= 1 ? null : v - 1);
        if (dispatch.lane() != null) {
            laneLoad.computeIfPresent(dispatch.lane(), (k, v) -> v <= 1 ? null : v - 1);
        }
    }

    private void unblock(String key) {
        blocked.remove(key);
        if (!entries.containsKey(key)) {
            lastOffset.remove(key);
        }
    }

    private void leave(String key, Entry entry) {
        GroupKey gk = GroupKey.of(entry.delivery());
        Group group = groups.get(gk);
        if (group == null) {
            return;
        }
        byDue.remove(group);
        group.members.remove(key);
        if (group.members.isEmpty()) {
            groups.remove(gk);
        } else {
            group.due = due(group);
            byDue.add(group);
        }
    }

    private Instant due(Group group) {
        Instant due = null;
        Instant hold = null;
        for (String key : group.members) {
            Instant at = entries.get(key).delivery().nextAttemptAt();
            due = due == null || at.isBefore(due) ? at : due;
            Instant nb = notBefore.get(key);
            hold = nb != null && (hold == null || nb.isAfter(hold)) ? nb : hold;
        }
        return hold != null && hold.isAfter(Objects.requireNonNull(due)) ? hold : due;
    }
}
