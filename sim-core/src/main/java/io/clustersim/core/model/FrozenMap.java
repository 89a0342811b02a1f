package io.clustersim.core.model;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An insertion-ordered map of names to numbers that nobody can change: the breakdowns estimates
 * hold. An estimate given a map that is already frozen keeps it instead of copying it — plan search
 * builds several estimates per plan and a hundred thousand plans per search, so the defensive
 * copies were a large part of {@code validate}'s time. Equal to, hashed and printed as any map with
 * the same entries.
 *
 * <pre>{@code
 * LinkedHashMap<String, Double> bytes = new LinkedHashMap<>();
 * bytes.put("weights", 1e9);
 * MemoryEstimate m = new MemoryEstimate(FrozenMap.adopt(bytes), 80e9); // not copied again
 * }</pre>
 */
final class FrozenMap extends AbstractMap<String, Double> {

    private final Map<String, Double> view;

    private FrozenMap(LinkedHashMap<String, Double> owned) {
        this.view = Collections.unmodifiableMap(owned);
    }

    /** The map itself when frozen, else a frozen copy of it. */
    static Map<String, Double> of(Map<String, Double> map) {
        return map instanceof FrozenMap ? map : new FrozenMap(new LinkedHashMap<>(map));
    }

    /** Freezes a map without copying it: the caller hands it over and never touches it again. */
    static Map<String, Double> adopt(LinkedHashMap<String, Double> owned) {
        return new FrozenMap(owned);
    }

    @Override
    public Set<Entry<String, Double>> entrySet() {
        return view.entrySet();
    }

    @Override
    public Double get(Object key) {
        return view.get(key);
    }

    @Override
    public Double getOrDefault(Object key, Double defaultValue) {
        return view.getOrDefault(key, defaultValue);
    }

    @Override
    public boolean containsKey(Object key) {
        return view.containsKey(key);
    }

    @Override
    public int size() {
        return view.size();
    }

    @Override
    public Set<String> keySet() {
        return view.keySet();
    }

    @Override
    public Collection<Double> values() {
        return view.values();
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Double> action) {
        view.forEach(action);
    }
}
