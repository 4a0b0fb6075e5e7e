package io.silgeom.oozie;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The hourly Hive registration runs hdfs-layout's add-raw-partition.sql (the script hdfs-layout's HiveQueriesIT runs
 * on a real HiveServer2) and passes exactly the variables that script uses; the coordinator hands the workflow the
 * hour it waited for.
 */
class HivePartitionsWorkflowTest {
    private static final Path HIVE_SCRIPTS = OozieApp.DIR.resolve("../hdfs-layout/hive");

    @Test
    void theHive2ActionRunsTheLayoutsScriptWithTheVariablesItUses() throws Exception {
        Element workflow = OozieApp.parse(OozieApp.DIR.resolve("hive-partitions/workflow.xml")).getDocumentElement();
        Element action = OozieApp.children(workflow, "action").get(0);
        Element hive2 = OozieApp.child(action, "hive2");
        assertThat(hive2.getNamespaceURI()).isEqualTo("uri:oozie:hive2-action:1.0");

        String script = OozieApp.texts(hive2, "script").get(0);
        assertThat(script).startsWith("${hiveScriptsPath}/");
        Path file = HIVE_SCRIPTS.resolve(script.substring("${hiveScriptsPath}/".length()));
        assertThat(file).exists();

        Set<String> passed = new TreeSet<>();
        for (String param : OozieApp.texts(hive2, "param")) {
            passed.add(param.substring(0, param.indexOf('=')));
        }
        assertThat(passed).isEqualTo(hivevars(Files.readString(file, StandardCharsets.UTF_8)));
    }

    @Test
    void theCoordinatorPassesTheHourItWaitedFor() throws Exception {
        Element coordinator = OozieApp.parse(OozieApp.DIR.resolve("hive-partitions/coordinator.xml"))
                .getDocumentElement();
        Element dataIn = OozieApp.child(OozieApp.child(coordinator, "input-events"), "data-in");
        assertThat(OozieApp.texts(dataIn, "instance")).containsExactly("${coord:current(-1)}");

        Element config = OozieApp.child(OozieApp.child(OozieApp.child(coordinator, "action"), "workflow"),
                "configuration");
        List<String> values = OozieApp.children(config, "property").stream()
                .map(p -> OozieApp.texts(p, "name").get(0) + "=" + OozieApp.texts(p, "value").get(0)).toList();
        // the hour before the nominal time, the same instance as current(-1)
        assertThat(values).containsExactly(
                "dt=${coord:formatTime(coord:dateOffset(coord:nominalTime(), -1, 'HOUR'), 'yyyy-MM-dd')}",
                "hr=${coord:formatTime(coord:dateOffset(coord:nominalTime(), -1, 'HOUR'), 'HH')}");
    }

    private static Set<String> hivevars(String sql) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{hivevar:(\\w+)}").matcher(sql);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
