package io.silgeom.layout.hive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Hive files of hdfs-layout, statement by statement, through hive-jdbc on a real HiveServer2 4.0.1 (child JVM,
 * Derby metastore, local MapReduce) over a small sample tree on file://: ddl.sql creates the tables and finds the
 * partitions, current-views.sql pins a version, and every example query of examples.sql returns exactly the rows the
 * sample implies. Variables are set the way beeline's --hivevar sets them (SET hivevar:x=...), so the files run
 * unchanged.
 */
@ExtendWith(HiveServer2Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HiveQueriesIT {
    private static final Path HIVE_DIR = Path.of("hive");

    /** Rows (columns joined by tabs) each example must return over {@link SampleTree}. */
    private static final Map<String, List<String>> EXPECTED = Map.of(
            "top_keywords_of_day", List.of("홍수\t홍수\t3", "선거\t선거\t1"),
            "keyword_hourly_curve", List.of("2024050109\t3", "2024050110\t1"),
            // \N in the files is NULL in Hive (getString: null)
            "keyword_against_baseline", List.of("2024050109\ten\tnews\t3\tnull\tnull\tnull",
                    "2024050110\tall\tall\t4\t1.0\t2.12132\tnull"),
            "top_scores_of_day", List.of("2024050110\tflood\t4\t1.0\t2.12132"),
            "expected_by_hour_of_day", List.of("9\t0.5\t7", "10\t1.25\t7"),
            // the duplicate a1 is one article of three records; the hidden .tmp file is not read
            "articles_per_hour", List.of("2024-05-01\t09\tnews\t2\t3", "2024-05-01\t10\tsocial\t1\t1"),
            "duplicate_ids", List.of("a1\t2\t{\"p\":0,\"o\":0}"),
            "late_arrivals", List.of("a3\t2024-05-01T10:05:00Z\t2024-05-01T12:00:00.000Z\t115.0"),
            "quarantine_reasons", List.of("source\t2", "publishedAt\t1"),
            "invalid_share", List.of((3.0 / 7) + "\t3\t4"));

    private Connection hive;
    private Path root;

    @BeforeAll
    void createTablesOverTheSampleTree(HiveServer2ForTests server) throws Exception {
        root = SampleTree.write(Path.of("target", "hive-sample", "silgeom").toAbsolutePath());
        hive = server.connect();
        execute("SET hivevar:root=" + root.toUri().toString().replaceAll("/$", ""));
        execute("SET hivevar:v=" + SampleTree.VERSION);
        execute("SET hivevar:day=" + SampleTree.DAY);
        execute("SET hivevar:keyword=flood");
        for (HiveScript.Statement s : HiveScript.read(HIVE_DIR.resolve("ddl.sql")).statements()) {
            execute(s.sql());
        }
        for (HiveScript.Statement s : HiveScript.read(HIVE_DIR.resolve("current-views.sql")).statements()) {
            execute(s.sql());
        }
    }

    @Test
    void theDdlFindsEveryPartitionOfTheTree() throws Exception {
        // in any order: MSCK REPAIR adds them in the order it lists the directories
        assertThat(query("SHOW PARTITIONS raw_articles PARTITION (dt='2024-05-01')"))
                .containsExactlyInAnyOrder("dt=2024-05-01/hr=09", "dt=2024-05-01/hr=10");
        assertThat(query("SHOW PARTITIONS quarantine")).containsExactlyInAnyOrder("dt=2024-05-01");
        assertThat(query("SHOW PARTITIONS keyword_hourly"))
                .containsExactlyInAnyOrder("v=" + SampleTree.OLD_VERSION, "v=" + SampleTree.VERSION);
        assertThat(query("SHOW PARTITIONS baselines")).containsExactlyInAnyOrder("v=" + SampleTree.VERSION);
        assertThat(query("SHOW PARTITIONS features")).containsExactlyInAnyOrder("v=" + SampleTree.VERSION);
    }

    @Test
    void addRawPartitionRegistersOneNewHourAndIsSafeToRepeat() throws Exception {
        // a day no other test reads: the examples and the partition listing above stay as they are
        SampleTree.writeLaterHour(root);
        assertThat(query("SHOW PARTITIONS raw_articles PARTITION (dt='2024-05-03')")).isEmpty();

        List<HiveScript.Statement> script = HiveScript.read(HIVE_DIR.resolve("add-raw-partition.sql")).statements();
        execute("SET hivevar:dt=2024-05-03");
        execute("SET hivevar:hr=07");
        for (int run = 0; run < 2; run++) {      // an Oozie rerun of the same hour
            for (HiveScript.Statement s : script) {
                execute(s.sql());
            }
        }
        assertThat(query("SHOW PARTITIONS raw_articles PARTITION (dt='2024-05-03')")).containsExactly("dt=2024-05-03/hr=07");
        assertThat(query("SELECT id FROM raw_articles WHERE dt = '2024-05-03'")).containsExactly("a9");
    }

    @Test
    void theJsonSerDeMapsTheRawLinesFieldsIncludingTheKafkaStruct() throws Exception {
        assertThat(query("SELECT id, source, lang, publishedAt, `_kafka`.`partition`, `_kafka`.`offset` "
                + "FROM raw_articles WHERE hr = '10'"))
                .containsExactly("a3\tsocial\ten\t2024-05-01T10:05:00Z\t1\t0");
    }

    @Test
    void theCurrentViewsReadOnlyThePinnedVersion() throws Exception {
        assertThat(query("SELECT COUNT(*), SUM(articles) FROM keyword_hourly_current")).containsExactly("5\t8");
        assertThat(query("SELECT COUNT(*) FROM baselines_current")).containsExactly("4");
        // Hive 4 sorts NULL first in DESC order
        assertThat(query("SELECT keyword, score FROM features_current WHERE score IS NOT NULL "
                + "ORDER BY score DESC LIMIT 1"))
                .containsExactly("flood\t2.12132");
    }

    @Test
    void everyExampleQueryReturnsTheRowsTheSampleImplies() throws Exception {
        List<HiveScript.Statement> examples = HiveScript.read(HIVE_DIR.resolve("examples.sql")).named();
        assertThat(examples).extracting(HiveScript.Statement::name).containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
        for (HiveScript.Statement example : examples) {
            assertThat(query(example.sql())).as(example.name()).containsExactlyElementsOf(EXPECTED.get(example.name()));
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement st = hive.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new SQLException(e.getMessage() + "\n  in: " + sql, e.getSQLState(), e);
        }
    }

    private List<String> query(String sql) throws SQLException {
        execute("USE silgeom");
        try (Statement st = hive.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(String.join("\t", row));
            }
            return rows;
        } catch (SQLException e) {
            throw new SQLException(e.getMessage() + "\n  in: " + sql, e.getSQLState(), e);
        }
    }
}
