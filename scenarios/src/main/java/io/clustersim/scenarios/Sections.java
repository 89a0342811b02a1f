package io.clustersim.scenarios;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Helpers the section readers share: building a section while locating a model record's complaint
 * at the key it is about, common range checks, durations for messages, and did-you-mean.
 *
 * <pre>{@code
 * CheckpointSpec spec = Sections.section(in, "checkpoint", () -> CheckpointReader.checkpoint(in));
 * }</pre>
 */
final class Sections {

    private Sections() {
    }

    /** A duration for a message: seconds, minutes, hours or days, three significant figures. */
    static String duration(double seconds) {
        if (seconds < 60) {
            return String.format(java.util.Locale.ROOT, "%.3g s", seconds);
        } else if (seconds < 3600) {
            return String.format(java.util.Locale.ROOT, "%.3g min", seconds / 60);
        } else if (seconds < 86400) {
            return String.format(java.util.Locale.ROOT, "%.3g h", seconds / 3600);
        }
        return String.format(java.util.Locale.ROOT, "%.3g d", seconds / 86400);
    }

    /**
     * Builds a section (or one value of it), turning a constructor's complaint into an error located
     * at the key under {@code key} that it is about ({@link #culprit}).
     */
    static <T> T section(ConfigReader in, String key, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw in.error(culprit(in, key, e.getMessage()), e.getMessage());
        }
    }

    /** Names the model records use in their messages for keys spelt otherwise in a scenario. */
    static final Map<String, String> MESSAGE_ALIASES = Map.of(
            "pod size", "pod-chips", "scale-out bandwidth", "bandwidth-per-chip",
            "straggler probability", "probability", "power budget", "budget");

    /**
     * The key a model constructor's complaint is about: of the keys given under {@code section}, the
     * one whose name the message mentions first ({@code "seq-len must be > 0"} → {@code model.seq-len},
     * hyphens and spaces alike); {@code section} itself when the message names none.
     *
     * <p>Maintainer note: the records (TransformerSpec, MoeSpec, ParallelismPlan, CheckpointSpec, ...)
     * know no scenario keys, so their messages start with the field at fault under the key's own
     * name; this reads it back. Only keys present in the file are candidates, so the line is real.
     */
    static String culprit(ConfigReader in, String section, String message) {
        String m = " " + message.toLowerCase(java.util.Locale.ROOT).replace('-', ' ') + " ";
        String best = section;
        int bestAt = Integer.MAX_VALUE;
        int bestLength = 0;
        for (String key : in.keysUnder(section)) {
            String leaf = key.substring(key.lastIndexOf('.') + 1);
            List<String> names = new ArrayList<>(List.of(leaf));
            MESSAGE_ALIASES.forEach((phrase, alias) -> {
                if (alias.equals(leaf)) {
                    names.add(phrase);
                }
            });
            for (String name : names) {
                java.util.regex.Matcher w = java.util.regex.Pattern.compile("[^a-z0-9]"
                        + java.util.regex.Pattern.quote(name.replace('-', ' ')) + "[^a-z0-9]").matcher(m);
                if (w.find() && (w.start() < bestAt || w.start() == bestAt && name.length() > bestLength)) {
                    best = key;
                    bestAt = w.start();
                    bestLength = name.length();
                }
            }
        }
        return best;
    }



    static int positive(ConfigReader in, String key, int value) {
        if (value <= 0) {
            throw in.error(key, "must be > 0, was " + value);
        }
        return value;
    }

    /** "; did you mean \"h100-sxm\"?" for the closest of {@code known} within a few edits, else "". */
    static String didYouMean(String given, java.util.Collection<String> known) {
        org.apache.commons.text.similarity.LevenshteinDistance distance =
                org.apache.commons.text.similarity.LevenshteinDistance.getDefaultInstance();
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String lower = given.toLowerCase(java.util.Locale.ROOT);
        for (String k : known) {
            int d = k.startsWith(lower) || k.replace("-", "").startsWith(lower.replace("-", "")) ? 1 : distance.apply(lower, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best != null && bestDistance <= Math.max(2, given.length() / 3) ? "; did you mean \"" + best + "\"?" : "";
    }

    /** A rate read through its declaration, its range explained in the rate's own (double) words. */
    static double nonNegative(ConfigReader in, String key) {
        double v = in.readUnranged(key).number();
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw in.error(key, "must be >= 0, was " + v);
        }
        return v;
    }
}
