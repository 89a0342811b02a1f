package io.clustersim.scenarios.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The Akka configuration of a cluster node, coordinator or worker: Artery on the given address,
 * the coordinator as the one seed node, Akka 2.6's split brain resolver keeping the coordinator's
 * side ({@code keep-oldest} on the {@code coordinator} role; the coordinator alone stays up), and
 * the cross-machine messages bound to Akka's Jackson serializer. The user's file ({@code --config
 * FILE}, else {@code -Dconfig.file=...} or an {@code application.conf}; {@link ClusterFile}) may
 * change any of these, e.g. to turn on Artery TLS; the address bound, the seed node and the role
 * come from the command line or the file's {@code clustersim.cluster} block.
 *
 * <pre>{@code
 * Config c = ClusterConfig.node(HostPort.parse("127.0.0.1:2552"), HostPort.parse("127.0.0.1:2552"), "coordinator");
 * }</pre>
 */
public final class ClusterConfig {

    /** The actor system name every node of a clustersim cluster uses. */
    public static final String SYSTEM = "clustersim";

    private ClusterConfig() {
    }

    /** A host and port, as {@code HOST:PORT} on the command line. */
    public record HostPort(String host, int port) {
        public HostPort {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
        }

        /** Parses {@code HOST:PORT} (a bare {@code PORT} means 127.0.0.1). */
        public static HostPort parse(String text) {
            int colon = text.lastIndexOf(':');
            String host = colon < 0 ? "127.0.0.1" : text.substring(0, colon).trim();
            String port = colon < 0 ? text.trim() : text.substring(colon + 1).trim();
            try {
                if (host.isEmpty()) {
                    throw new IllegalArgumentException("\"" + text + "\": give HOST:PORT, e.g. 127.0.0.1:2552");
                }
                return new HostPort(host, Integer.parseInt(port));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("\"" + text + "\": give HOST:PORT, e.g. 127.0.0.1:2552");
            }
        }

        /** Whether the host is a loopback address (only this machine can connect). */
        public boolean loopback() {
            try {
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /**
     * The configuration of a node bound at {@code bind} that joins (or, as the coordinator, is)
     * the seed node {@code seed}.
     *
     * @param role {@code coordinator} or {@code worker}
     */
    public static Config node(HostPort bind, HostPort seed, String role) {
        return node(bind, seed, role, standardUserSettings());
    }

    /**
     * The user's settings when none are given: the standard application config ({@code -Dconfig.file},
     * {@code application.conf}) with {@code -D} system properties over it, as {@link ClusterFile#read} reads it.
     */
    public static Config standardUserSettings() {
        return ConfigFactory.defaultOverrides().withFallback(ConfigFactory.defaultApplication());
    }

    /**
     * As {@link #node(HostPort, HostPort, String)} with the user's settings ({@link ClusterFile#akka()}:
     * a {@code --config} file's {@code akka} block, e.g. Artery TLS) over the defaults.
     */
    public static Config node(HostPort bind, HostPort seed, String role, Config user) {
        String defaults = """
                akka {
                  loglevel = "ERROR"
                  stdout-loglevel = "ERROR"
                  log-dead-letters = off
                  log-dead-letters-during-shutdown = off
                  jvm-exit-on-fatal-error = off
                  coordinated-shutdown.exit-jvm = off
                  coordinated-shutdown.run-by-jvm-shutdown-hook = off
                  actor {
                    provider = cluster
                    allow-java-serialization = off
                    serialization-bindings {
                      "io.clustersim.scenarios.cluster.ClusterMessage" = jackson-json
                    }
                  }
                  cluster {
                    jmx.enabled = off
                    log-info = off
                    seed-node-timeout = 1s
                    retry-unsuccessful-join-after = 1s
                    downing-provider-class = "akka.cluster.sbr.SplitBrainResolverProvider"
                    split-brain-resolver {
                      active-strategy = keep-oldest
                      stable-after = 4s
                      keep-oldest {
                        role = "coordinator"
                        down-if-alone = off
                      }
                    }
                  }
                }
                """;
        // where and as what this node runs: the command line wins; then -D properties and an
        // application.conf (Artery TLS, failure detector, ...); then the defaults above
        Config node = ConfigFactory.empty()
                .withValue("akka.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(bind.host()))
                .withValue("akka.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(bind.port()))
                .withValue("akka.cluster.roles", ConfigValueFactory.fromIterable(List.of(role)))
                .withValue("akka.cluster.seed-nodes", ConfigValueFactory.fromIterable(List.of(address(seed))));
        return node.withFallback(ConfigFactory.load(user.withFallback(ConfigFactory.parseString(defaults))));
    }

    /** The Akka address of the node at {@code hostPort}. */
    public static String address(HostPort hostPort) {
        return "akka://" + SYSTEM + "@" + hostPort.host() + ":" + hostPort.port();
    }
}
