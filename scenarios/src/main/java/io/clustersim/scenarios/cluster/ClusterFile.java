package io.clustersim.scenarios.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The user's cluster configuration, the Akka way: a {@code clustersim.cluster} block in a HOCON
 * file — the file given with {@code --config FILE}, else the one named by {@code -Dconfig.file}
 * (or an {@code application.conf} on the class path) — with {@code -Dclustersim.cluster.*}
 * properties over it. The same file may hold {@code akka { ... }} settings (Artery TLS, the
 * failure detector), which every node started with it uses. Command-line flags override the block.
 *
 * <pre>{@code
 * clustersim.cluster {
 *   seed-nodes = ["10.0.0.1:2552"]   # the coordinator (also as "akka://clustersim@10.0.0.1:2552")
 *   bind = "10.0.0.7:0"              # where a worker listens (default 127.0.0.1:0)
 *   allow-remote = on                # needed for any address that is not loopback
 * }
 * }</pre>
 *
 * <pre>{@code
 * ClusterFile file = ClusterFile.read(Path.of("cluster.conf"));
 * HostPort coordinator = file.seedNode();   // null when the block names none
 * }</pre>
 *
 * @param seedNode    the coordinator's address ({@code seed-nodes}: exactly one), or null
 * @param bind        where this node listens ({@code bind}), or null
 * @param allowRemote {@code allow-remote}: addresses other than loopback are allowed
 * @param akka        the file's settings (with the system properties over them) for the actor system
 * @param source      where the block came from, for messages
 */
public record ClusterFile(ClusterConfig.HostPort seedNode, ClusterConfig.HostPort bind, boolean allowRemote,
                          Config akka, String source) {

    /** The path of the block in the file. */
    public static final String BLOCK = "clustersim.cluster";

    /**
     * Reads {@code file}, or without one the standard application config ({@code -Dconfig.file},
     * {@code application.conf}); {@code -D} system properties override either.
     *
     * @throws IllegalArgumentException with one line {@code FILE:LINE: KEY: message} for a mistake
     */
    public static ClusterFile read(Path file) {
        Config config;
        String source;
        try {
            if (file != null) {
                source = file.toString();
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException(source + ": cannot read the file: no such file");
                }
                config = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            } else {
                config = ConfigFactory.defaultApplication();
                source = System.getProperty("config.file", "application.conf");
            }
            config = ConfigFactory.defaultOverrides().withFallback(config).resolve();
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        if (!config.hasPath(BLOCK)) {
            return new ClusterFile(null, null, false, config, source);
        }
        Config block;
        try {
            block = config.getConfig(BLOCK);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(where(config.getValue(BLOCK).origin(), source) + BLOCK
                    + ": give a block { seed-nodes = [\"HOST:PORT\"], bind = \"HOST:PORT\" }");
        }
        for (String key : block.root().keySet()) {
            if (!List.of("seed-nodes", "bind", "allow-remote").contains(key)) {
                throw new IllegalArgumentException(where(block.getValue(key).origin(), source) + BLOCK + "." + key
                        + ": unknown key; the block takes seed-nodes, bind and allow-remote");
            }
        }
        ClusterConfig.HostPort seed = null;
        if (block.hasPath("seed-nodes")) {
            ConfigValue value = block.getValue("seed-nodes");
            List<String> nodes;
            try {
                nodes = block.getStringList("seed-nodes");
            } catch (ConfigException e) {
                throw new IllegalArgumentException(where(value.origin(), source) + BLOCK
                        + ".seed-nodes: give a list of addresses, e.g. [\"10.0.0.1:2552\"]");
            }
            if (nodes.size() != 1) {
                throw new IllegalArgumentException(where(value.origin(), source) + BLOCK + ".seed-nodes: give exactly"
                        + " one address, the coordinator's (it is the cluster's only seed node); was " + nodes.size());
            }
            seed = address(nodes.get(0), value.origin(), source, "seed-nodes");
        }
        ClusterConfig.HostPort bind = null;
        if (block.hasPath("bind")) {
            ConfigValue value = block.getValue("bind");
            bind = address(value.unwrapped() instanceof Number n ? String.valueOf(n) : block.getString("bind"),
                    value.origin(), source, "bind");
        }
        boolean allowRemote = false;
        if (block.hasPath("allow-remote")) {
            try {
                allowRemote = block.getBoolean("allow-remote");
            } catch (ConfigException e) {
                throw new IllegalArgumentException(where(block.getValue("allow-remote").origin(), source) + BLOCK
                        + ".allow-remote: give on or off");
            }
        }
        return new ClusterFile(seed, bind, allowRemote, config.withoutPath("clustersim"), source);
    }

    /** {@code HOST:PORT} or an Akka address {@code akka://clustersim@HOST:PORT}. */
    private static ClusterConfig.HostPort address(String text, ConfigOrigin origin, String source, String key) {
        String plain = text.trim();
        String prefix = "akka://" + ClusterConfig.SYSTEM + "@";
        if (plain.startsWith("akka://")) {
            if (!plain.startsWith(prefix)) {
                throw new IllegalArgumentException(where(origin, source) + BLOCK + "." + key + ": \"" + text
                        + "\": the actor system is named " + ClusterConfig.SYSTEM + " (" + prefix + "HOST:PORT)");
            }
            plain = plain.substring(prefix.length());
        }
        try {
            return ClusterConfig.HostPort.parse(plain);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where(origin, source) + BLOCK + "." + key + ": " + e.getMessage());
        }
    }

    /** {@code FILE:LINE: } of a value. */
    private static String where(ConfigOrigin origin, String source) {
        String file = origin.filename() != null ? origin.filename() : source;
        return origin.lineNumber() > 0 ? file + ":" + origin.lineNumber() + ": " : file + ": ";
    }
}
