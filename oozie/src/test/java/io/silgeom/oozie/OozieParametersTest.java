package io.silgeom.oozie;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * Every plain variable the application uses (${name}, as opposed to EL functions like ${coord:days(1)}) is defined
 * where Oozie looks for it: job.properties, a workflow parameter, or the configuration the coordinator and the bundle
 * pass down; dataset URI templates may also use Oozie's YEAR, MONTH, DAY, HOUR, MINUTE. A job that references an
 * undefined variable is rejected by Oozie at submission, on the cluster, which is late to find out.
 */
class OozieParametersTest {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.]*)}");
    private static final Set<String> DATASET_TEMPLATE = Set.of("YEAR", "MONTH", "DAY", "HOUR", "MINUTE");

    @Test
    void everyVariableIsDefined() throws Exception {
        Set<String> defined = definedVariables();
        Set<String> undefined = new TreeSet<>();
        for (Path file : OozieApp.xmlFiles()) {
            for (String name : variables(Files.readString(file, StandardCharsets.UTF_8))) {
                if (!defined.contains(name) && !DATASET_TEMPLATE.contains(name)) {
                    undefined.add(file.getFileName() + ": " + name);
                }
            }
        }
        Properties job = OozieApp.jobProperties();
        for (String key : job.stringPropertyNames()) {
            for (String name : variables(job.getProperty(key))) {
                if (!defined.contains(name)) {
                    undefined.add("job.properties " + key + ": " + name);
                }
            }
        }
        assertThat(undefined).isEmpty();
    }

    @Test
    void theCheckSeesAVariableNobodyDefines() throws Exception {
        assertThat(variables("<arg>${runDate}</arg><arg>${coord:days(1)}</arg><arg>${nobodyDefinesThis}</arg>"))
                .containsExactlyInAnyOrder("runDate", "nobodyDefinesThis");
        assertThat(definedVariables()).contains("runDate").doesNotContain("nobodyDefinesThis");
    }

    @Test
    void theBundleSubmitsTheCoordinatorWhichRunsTheWorkflow() throws Exception {
        Properties job = OozieApp.jobProperties();
        assertThat(job.getProperty("oozie.bundle.application.path")).endsWith("/bundle.xml");
        assertThat(job.getProperty("coordinatorAppPath")).endsWith("/coordinator.xml");
        Element bundle = OozieApp.parse(OozieApp.DIR.resolve("bundle.xml")).getDocumentElement();
        assertThat(OozieApp.texts(OozieApp.child(bundle, "coordinator"), "app-path")).containsExactly("${coordinatorAppPath}");
    }

    private static Set<String> variables(String text) {
        Set<String> out = new HashSet<>();
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** job.properties keys, workflow parameters, and properties set in coordinator and bundle configurations. */
    private static Set<String> definedVariables() throws Exception {
        Set<String> defined = new HashSet<>(OozieApp.jobProperties().stringPropertyNames());
        for (Path file : OozieApp.xmlFiles()) {
            collectPropertyNames(OozieApp.parse(file).getDocumentElement(), defined);
        }
        return defined;
    }

    private static void collectPropertyNames(Element e, Set<String> out) {
        for (Element c : OozieApp.elements(e)) {
            if (c.getLocalName().equals("property") && isDefiningParent(e)) {
                out.addAll(OozieApp.texts(c, "name"));
            }
            collectPropertyNames(c, out);
        }
    }

    /** Parameters, and configurations that pass values down (not the Hadoop configuration of an action). */
    private static boolean isDefiningParent(Element parent) {
        Element grand = parent.getParentNode() instanceof Element g ? g : null;
        return parent.getLocalName().equals("parameters")
                || (parent.getLocalName().equals("configuration") && grand != null
                        && (grand.getLocalName().equals("workflow") || grand.getLocalName().equals("coordinator")));
    }
}
