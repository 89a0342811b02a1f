package io.clustersim.core.model;

/**
 * Something wrong with a configuration, tied to the scenario key it comes from.
 *
 * @param key     dotted scenario key, e.g. {@code "parallelism.tp"}
 * @param message what is wrong and, where it helps, what would be right
 */
public record Problem(String key, String message) {
}
