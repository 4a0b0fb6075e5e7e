package io.silgeom.layout.hive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A .sql file of hdfs-layout/hive split into statements the way the files are written (and beeline reads them):
 * a statement ends with ';' at the end of a line; whole-line "--" comments are dropped, and a "-- name: x" comment
 * names the statement after it. No attempt at a full SQL lexer: the files keep to these rules, HiveScriptTest
 * holds them to it.
 */
record HiveScript(List<Statement> statements) {
    private static final String NAME_MARK = "-- name:";

    /** One statement without its final ';'; {@code name} is null unless a "-- name:" comment precedes it. */
    record Statement(String name, String sql) {
    }

    static HiveScript read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    static HiveScript parse(String text) {
        List<Statement> out = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        String name = null;
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith(NAME_MARK)) {
                name = trimmed.substring(NAME_MARK.length()).strip();
                continue;
            }
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            sql.append(sql.length() == 0 ? "" : "\n").append(line.stripTrailing());
            if (trimmed.endsWith(";")) {
                sql.setLength(sql.length() - 1);
                out.add(new Statement(name, sql.toString().strip()));
                sql.setLength(0);
                name = null;
            }
        }
        if (!sql.toString().isBlank()) {
            throw new IllegalArgumentException("statement without a final ';': " + sql);
        }
        return new HiveScript(List.copyOf(out));
    }

    /** The named statements only (the example queries), in file order. */
    List<Statement> named() {
        return statements.stream().filter(s -> s.name() != null).toList();
    }
}
