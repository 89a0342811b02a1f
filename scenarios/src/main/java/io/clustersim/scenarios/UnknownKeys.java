package io.clustersim.scenarios;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Refuses keys a scenario may not set, at the first one's line, with a did-you-mean for the nearest
 * allowed key (the allowed keys are the key registry's, {@code ScenarioKeys}).
 *
 * <pre>{@code
 * UnknownKeys.reject(config, "x.conf", "", ScenarioKeys.rootKeys()); // "x.conf:3: modle.layers: unknown key; did you mean 'model.layers'?"
 * }</pre>
 */
final class UnknownKeys {

    private UnknownKeys() {
    }

    /**
     * Rejects any key not in {@code allowed} (dotted leaf paths), suggesting the nearest allowed key
     * when one is close.
     */
    static void reject(Config root, String fileName, String prefix, Set<String> allowed) {
        ScenarioException first = null;
        int firstLine = Integer.MAX_VALUE;
        for (Map.Entry<String, ConfigValue> entry : root.entrySet()) {
            List<String> parts = ConfigUtil.splitPath(entry.getKey());
            String key = String.join(".", parts);
            // a quoted name with a dot ("model.layers" = 2) is one key, not the path it looks like
            boolean quotedDot = parts.stream().anyMatch(part -> part.contains("."));
            if (allowed.contains(key) && !quotedDot) {
                continue;
            }
            int line = entry.getValue().origin().lineNumber();
            if (first == null || line < firstLine) {
                boolean section = !quotedDot && allowed.stream().anyMatch(a -> a.startsWith(key + "."));
                String suggestion = section || key.length() > ScenarioException.MAX_ECHO ? null : nearest(key, allowed);
                first = new ScenarioException(fileName, line, prefix + entry.getKey(), section
                        ? "expected a section { ... }, got " + entry.getValue().valueType().name().toLowerCase(Locale.ROOT)
                        : quotedDot
                        ? "unknown key: in quotes, the dots are part of one name; write " + key + " without quotes"
                        : "unknown key" + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?"));
                firstLine = line;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static String nearest(String key, Set<String> allowed) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : allowed) {
            int d = LevenshteinDistance.getDefaultInstance().apply(key, candidate);
            if (d < bestDistance || (d == bestDistance && best != null && candidate.compareTo(best) < 0)) {
                bestDistance = d;
                best = candidate;
            }
        }
        return bestDistance <= Math.max(2, key.length() / 4) ? best : null;
    }
}
