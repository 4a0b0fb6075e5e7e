package io.silgeom.layout.hive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The Hive files are split where the IT (and beeline) split them, name every example query, create an external
 * table for every directory of the layout and use only the variables their headers document. Fast: no Hive here;
 * HiveQueriesIT runs the statements on a real HiveServer2.
 */
class HiveScriptTest {
    static final Path HIVE_DIR = Path.of("hive");

    @Test
    void aStatementEndsWithASemicolonAtTheEndOfALineAndCommentsNameTheNextOne() {
        HiveScript script = HiveScript.parse("""
                -- a comment
                USE silgeom;
                -- name: top
                -- what it does
                SELECT a,
                       'x;y' AS b
                FROM t;
                """);
        assertThat(script.statements()).containsExactly(
                new HiveScript.Statement(null, "USE silgeom"),
                new HiveScript.Statement("top", "SELECT a,\n       'x;y' AS b\nFROM t"));
        assertThat(script.named()).extracting(HiveScript.Statement::name).containsExactly("top");
    }

    @Test
    void aStatementWithoutItsSemicolonIsAnError() {
        assertThatThrownBy(() -> HiveScript.parse("SELECT 1;\nSELECT 2\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SELECT 2");
    }

    @Test
    void theDdlCreatesAnExternalTableForEveryDirectoryOfTheLayoutAndRepairsItsPartitions() throws Exception {
        HiveScript ddl = HiveScript.read(HIVE_DIR.resolve("ddl.sql"));
        Pattern table = Pattern.compile("CREATE EXTERNAL TABLE IF NOT EXISTS (\\w+) .*LOCATION '\\$\\{hivevar:root}/([^']+)'",
                Pattern.DOTALL);
        java.util.Map<String, String> locations = new java.util.TreeMap<>();
        for (HiveScript.Statement s : ddl.statements()) {
            Matcher m = table.matcher(s.sql());
            if (m.find()) {
                locations.put(m.group(1), m.group(2));
            }
        }
        assertThat(locations).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                "raw_articles", "raw/articles",
                "quarantine", "quarantine",
                "keyword_hourly", "views/keyword_hourly",
                "baselines", "views/baselines",
                "features", "views/features"));
        assertThat(ddl.statements()).extracting(HiveScript.Statement::sql)
                .containsAll(locations.keySet().stream().map(t -> "MSCK REPAIR TABLE " + t).toList());
    }

    @Test
    void everyExampleQueryIsNamedAndUsesOnlyTheDocumentedVariables() throws Exception {
        HiveScript examples = HiveScript.read(HIVE_DIR.resolve("examples.sql"));
        assertThat(examples.named()).hasSize(examples.statements().size() - 1);   // all but USE silgeom
        Pattern variable = Pattern.compile("\\$\\{hivevar:(\\w+)}");
        for (HiveScript.Statement s : examples.statements()) {
            Matcher m = variable.matcher(s.sql());
            while (m.find()) {
                assertThat(m.group(1)).as("variable in %s", s.name()).isIn("v", "day", "keyword");
            }
        }
    }
}
