package io.clustersim.scenarios.cluster;

/**
 * Marks the messages that cross machines; Akka serializes them with its Jackson serializer as
 * JSON (bound in {@link ClusterConfig}), never with Java serialization. They are records of
 * strings, integers and records, so nothing is lost in transit: the per-trial results are
 * integers (virtual nanoseconds and counts).
 */
public interface ClusterMessage {
}
