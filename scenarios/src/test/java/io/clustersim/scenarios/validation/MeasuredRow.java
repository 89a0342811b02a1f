package io.clustersim.scenarios.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * One row of the measured-throughput tables ({@code docs/reference/measured-throughput/}): the
 * columns as published, by name, plus the row's stable key and its half of the split.
 *
 * <p><b>The split rule</b> (fixed, never chosen by looking at errors): the row's key is its table's
 * file name and the values of the columns that describe the configuration — not the measured ones —
 * joined with {@code |} (plus {@code #n} for the n-th repeat of an identical key); a row is in the
 * <em>fit</em> half when the CRC-32 of that key's UTF-8 bytes is even, otherwise it is held out.
 *
 * <pre>{@code
 * List<MeasuredRow> rows = MeasuredRow.read(MeasuredRow.NEMO);
 * rows.get(0).get("system"); // "DGX-GB200"
 * }</pre>
 *
 * @param table   the CSV file name, e.g. {@code nemo-megatron-bridge.csv}
 * @param line    the row's line number in its file (1 is the header)
 * @param columns every column by name, as published (empty string when blank)
 * @param key     the stable key the split hashes
 * @param fit     whether the row is in the fit half
 */
record MeasuredRow(String table, int line, Map<String, String> columns, String key, boolean fit) {

    static final Path DIR = Path.of("docs/reference/measured-throughput");
    static final String NEMO = "nemo-megatron-bridge.csv";
    static final String MAXTEXT = "maxtext-tpu.csv";
    static final String TORCHTITAN = "torchtitan.csv";
    static final List<String> TABLES = List.of(NEMO, MAXTEXT, TORCHTITAN);

    /** Configuration columns of each table: the key of a row (measured values and notes are not part of it). */
    static final Map<String, List<String>> KEY_COLUMNS = Map.of(
            NEMO, List.of("version", "system", "gpus", "model", "precision", "gbs", "mbs", "seq", "fsdp", "tp", "pp",
                    "cp", "vp", "ep"),
            MAXTEXT, List.of("version", "system", "chips", "num_slices", "slice", "model", "precision",
                    "per_device_batch", "gbs_sequences", "tokens_per_step", "seq", "parallelism", "remat"),
            TORCHTITAN, List.of("version", "system", "gpus", "model", "precision", "global_batch", "local_batch", "seq",
                    "fsdp", "tp", "pp", "cp", "pp_schedule", "activation_ckpt", "torch_compile", "async_tp"));

    /** A column's value, "" when blank. */
    String get(String column) {
        String v = columns.get(column);
        if (v == null) {
            throw new IllegalArgumentException(table + " has no column " + column);
        }
        return v.trim();
    }

    /** Whether the column is blank or "n/a". */
    boolean blank(String column) {
        String v = get(column);
        return v.isEmpty() || v.equalsIgnoreCase("n/a");
    }

    /** A short readable id: table, line. */
    String id() {
        return table.replace(".csv", "") + ":" + line;
    }

    /** Every row of one table, in file order. */
    static List<MeasuredRow> read(String table) {
        List<List<String>> records;
        try {
            records = parse(Files.readString(DIR.resolve(table)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> header = records.get(0);
        List<String> keyColumns = KEY_COLUMNS.get(table);
        Map<String, Integer> seen = new HashMap<>();
        List<MeasuredRow> rows = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            List<String> rec = records.get(i);
            if (rec.size() == 1 && rec.get(0).isBlank()) {
                continue;
            }
            Map<String, String> columns = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                columns.put(header.get(c), c < rec.size() ? rec.get(c) : "");
            }
            StringBuilder key = new StringBuilder(table);
            for (String k : keyColumns) {
                key.append('|').append(columns.get(k).trim());
            }
            int repeat = seen.merge(key.toString(), 1, Integer::sum);
            if (repeat > 1) {
                key.append('#').append(repeat);
            }
            rows.add(new MeasuredRow(table, i + 1, columns, key.toString(), isFit(key.toString())));
        }
        return rows;
    }

    /** Every row of the three tables. */
    static List<MeasuredRow> all() {
        List<MeasuredRow> rows = new ArrayList<>();
        for (String t : TABLES) {
            rows.addAll(read(t));
        }
        return rows;
    }

    /** The split rule: even CRC-32 of the key's UTF-8 bytes is the fit half. */
    static boolean isFit(String key) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return crc.getValue() % 2 == 0;
    }

    /** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. */
    static List<List<String>> parse(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else {
                field.append(ch);
            }
        }
        if (field.length() > 0 || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
