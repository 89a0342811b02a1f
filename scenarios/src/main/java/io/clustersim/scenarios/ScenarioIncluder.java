package io.clustersim.scenarios;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderClasspath;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigIncluderURL;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves a scenario's {@code include} statements: only files inside the scenario's own folder
 * tree, relative to the file that includes them. {@code include url(...)} and
 * {@code include classpath(...)} are refused, as are paths that leave the tree (absolute or
 * {@code ../}), missing files, include cycles and more than {@link #MAX_DEPTH} nested includes —
 * each as one located {@link ScenarioException}. So loading a scenario never touches the network
 * and reads no file the scenario's folder does not hold.
 *
 * <pre>{@code
 * ConfigParseOptions options = ScenarioIncluder.options(Path.of("scenarios/x.conf"));
 * Config config = ConfigFactory.parseReader(new StringReader(text), options.setOriginDescription("scenarios/x.conf"));
 * }</pre>
 *
 * <p>Maintainer note: implementing all four includer interfaces matters — Typesafe Config falls
 * back to its default (network and classpath) includer for any kind an includer does not
 * implement. Each included file is parsed here with a fresh includer for its own folder, which is
 * what makes nested includes relative to the including file.
 */
final class ScenarioIncluder implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderURL, ConfigIncluderClasspath {

    /** Nested includes followed at most: deeper is almost surely a mistake. */
    static final int MAX_DEPTH = 8;

    /** The scenario's folder: every included file must be inside it. */
    private final Path root;
    /** The file whose includes this resolves. */
    private final Path including;
    /** The files including this one, outermost first (for cycles and messages). */
    private final List<Path> chain;

    private ScenarioIncluder(Path root, Path including, List<Path> chain) {
        this.root = root;
        this.including = including;
        this.chain = chain;
    }

    /**
     * Parse options for the scenario file {@code file}: HOCON, missing file an error, includes
     * through a {@code ScenarioIncluder} rooted at the file's folder.
     */
    static ConfigParseOptions options(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path root = abs.getParent() == null ? abs : abs.getParent();
        return options(null, new ScenarioIncluder(root, abs, List.of(abs))); // origin: the file, so messages name it
    }

    private static ConfigParseOptions options(String origin, ScenarioIncluder includer) {
        return ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setOriginDescription(origin)
                .setAllowMissing(false).setIncluder(includer);
    }

    @Override
    public ConfigIncluder withFallback(ConfigIncluder fallback) {
        return this; // never fall back to the default includer: it reads URLs and the classpath
    }

    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
        return includeFile(context, new File(what));
    }

    @Override
    public ConfigObject includeFile(ConfigIncludeContext context, File file) {
        String what = file.getPath();
        if (chain.size() > MAX_DEPTH) {
            throw refused(what, "includes nested more than " + MAX_DEPTH + " deep");
        }
        Path folder = including.getParent() == null ? root : including.getParent();
        Path target = folder.resolve(file.toPath()).normalize();
        if (!target.startsWith(root)) {
            throw refused(what, "outside the scenario's folder " + root + "; a scenario includes only files of its own folder"
                    + " tree, named relative to the including file");
        }
        if (chain.contains(target)) {
            throw refused(what, "includes itself (through " + describe(chain) + ")");
        }
        if (!Files.isRegularFile(target)) {
            throw refused(what, "no such file " + target);
        }
        String text;
        try {
            text = Files.readString(target); // once: checked for nesting, then parsed under its own name
        } catch (IOException e) {
            throw refused(what, "cannot read it");
        }
        NestingCheck.check(text, target.toString());
        List<Path> next = new ArrayList<>(chain);
        next.add(target);
        return ConfigFactory.parseReader(new java.io.StringReader(text),
                options(target.toString(), new ScenarioIncluder(root, target, List.copyOf(next)))).root();
    }

    @Override
    public ConfigObject includeURL(ConfigIncludeContext context, URL url) {
        throw refused(url.toString(), "include url(...) is not allowed: a scenario reads nothing from the network;"
                + " copy the file into the scenario's folder and include it by name");
    }

    @Override
    public ConfigObject includeResources(ConfigIncludeContext context, String what) {
        throw refused(what, "include classpath(...) is not allowed; include a file of the scenario's folder by name");
    }

    private static String describe(List<Path> files) {
        List<String> names = new ArrayList<>();
        for (Path p : files) {
            names.add(String.valueOf(p.getFileName()));
        }
        return String.join(" → ", names);
    }

    /** A refusal located at the line of the including file that names {@code what}. */
    private ScenarioException refused(String what, String message) {
        return new ScenarioException(including.toString(), lineOf(what), "include",
                "\"" + ScenarioException.shorten(what) + "\": " + message);
    }

    /** The first line of the including file with an include naming {@code what}; 0 if none is found. */
    private int lineOf(String what) {
        try {
            List<String> lines = Files.readAllLines(including);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.contains("include") && line.contains(what)) {
                    return i + 1;
                }
            }
        } catch (IOException | RuntimeException e) {
            // no line then: the message still names the file and the include
        }
        return 0;
    }

    /** Resolve options without the process environment: a report must not depend on it. */
    static com.typesafe.config.ConfigResolveOptions resolveOptions() {
        return com.typesafe.config.ConfigResolveOptions.defaults().setUseSystemEnvironment(false);
    }

    /** Parse options for text that is not a file (no includes possible: there is no folder). */
    static ConfigParseOptions textOptions(String fileName) {
        return options(fileName, null).setIncluder(new ConfigIncluderRefusingAll(fileName));
    }

    /** The includer for a scenario given as text: every include refused. */
    private record ConfigIncluderRefusingAll(String fileName)
            implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderURL, ConfigIncluderClasspath {
        @Override
        public ConfigIncluder withFallback(ConfigIncluder fallback) {
            return this;
        }

        private ScenarioException no(String what) {
            return new ScenarioException(fileName, 0, "include", "\"" + ScenarioException.shorten(what)
                    + "\": a scenario given as text cannot include files; load it from its file");
        }

        @Override
        public ConfigObject include(ConfigIncludeContext context, String what) {
            throw no(what);
        }

        @Override
        public ConfigObject includeFile(ConfigIncludeContext context, File what) {
            throw no(what.getPath());
        }

        @Override
        public ConfigObject includeURL(ConfigIncludeContext context, URL what) {
            throw no(what.toString());
        }

        @Override
        public ConfigObject includeResources(ConfigIncludeContext context, String what) {
            throw no(what);
        }
    }
}
