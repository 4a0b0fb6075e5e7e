package io.silgeom.oozie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The workflow runs the batch layer's nightly step list, one java action per step, in the code's order; every class
 * an action names exists on the batch layer's classpath and accepts the action's arguments (after the EL variables
 * are replaced by sample values); the "nothing new" decision reads what the snapshot action captured; every
 * transition leads to a node that exists, and every node can be reached.
 */
class OozieWorkflowTest {
    private static final String STEP_TOOL = "io.silgeom.batch.schedule.BatchStepTool";
    private static final Pattern EL = Pattern.compile("\\$\\{([^}]*)}");

    /** A value for every EL expression an action argument may hold, as Oozie would resolve it on a cluster. */
    private static final Map<String, String> SAMPLE_EL = Map.of(
            "runDate", "2024-05-01",
            "runDirRoot", "hdfs://namenode:8020/silgeom/tmp/batch-runs",
            "wf:id()", "0000042-241125003000123-oozie-oozi-W");

    private Element workflow;
    private Map<String, Element> nodes;

    @BeforeEach
    void readWorkflow() throws Exception {
        workflow = OozieApp.parse(OozieApp.DIR.resolve("workflow.xml")).getDocumentElement();
        nodes = new LinkedHashMap<>();
        for (Element e : OozieApp.elements(workflow)) {
            if (e.hasAttribute("name")) {
                nodes.put(e.getAttribute("name"), e);
            }
        }
    }

    @Test
    void theHappyPathRunsTheNightlyStepsOfTheCodeInOrderOneActionEach() throws Exception {
        List<String> expected = nightlyStepWireNames();

        List<String> happyPath = new java.util.ArrayList<>();
        String at = OozieApp.child(workflow, "start").getAttribute("to");
        while (!at.equals("end")) {
            Element node = nodes.get(at);
            assertThat(node).as("node %s", at).isNotNull();
            if (node.getLocalName().equals("decision")) {
                Element sw = OozieApp.child(node, "switch");
                at = OozieApp.child(sw, "default").getAttribute("to");
                continue;
            }
            assertThat(node.getLocalName()).as("%s on the happy path", at).isEqualTo("action");
            happyPath.add(stepOf(node));
            at = OozieApp.child(node, "ok").getAttribute("to");
        }
        assertThat(happyPath).isEqualTo(expected);
    }

    @Test
    void everyActionsClassExistsAndParsesItsArguments() throws Exception {
        List<Element> actions = actions();
        assertThat(actions).hasSize(nightlyStepWireNames().size() + 1);   // + the report after a failure
        for (Element action : actions) {
            Element java = OozieApp.child(action, "java");
            assertThat(java).as("action %s is a java action", action.getAttribute("name")).isNotNull();
            String mainClass = OozieApp.texts(java, "main-class").get(0);
            Class<?> tool = Class.forName(mainClass);
            assertThat(tool.getMethod("main", String[].class)).as("%s has main", mainClass).isNotNull();

            String[] args = OozieApp.texts(java, "arg").stream().map(OozieWorkflowTest::substitute)
                    .toArray(String[]::new);
            assertThat(parse(tool, args)).as("%s %s", mainClass, String.join(" ", args)).isNotNull();
        }
    }

    @Test
    void theArgumentCheckCatchesAnUnknownStep() throws Exception {
        String[] args = {"--step", "nonsense", "--run-dir", "hdfs://nn/silgeom/tmp/batch-runs/x", "--date", "2024-05-01"};
        assertThatThrownBy(() -> parse(Class.forName(STEP_TOOL), args)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nothingNewSkipsTheJobsAndThePublishButStillReconcilesAndReports() {
        Element snapshot = actionForStep("snapshot");
        assertThat(OozieApp.child(OozieApp.child(snapshot, "java"), "capture-output"))
                .as("the snapshot action captures its output (nothingNew=...)").isNotNull();
        Element decision = nodes.get(OozieApp.child(snapshot, "ok").getAttribute("to"));
        assertThat(decision.getLocalName()).isEqualTo("decision");

        List<Element> cases = OozieApp.children(OozieApp.child(decision, "switch"), "case");
        assertThat(cases).hasSize(1);
        assertThat(cases.get(0).getTextContent().trim())
                .isEqualTo("${wf:actionData('" + snapshot.getAttribute("name") + "')['nothingNew'] eq 'true'}");
        // nothing to recompute or publish, but the drift check and the report still run
        assertThat(stepOf(nodes.get(cases.get(0).getAttribute("to")))).isEqualTo("reconcile");
    }

    @Test
    void aFailedStepIsReportedThenKillsTheRun() {
        Element kill = nodes.values().stream().filter(e -> e.getLocalName().equals("kill")).findFirst().orElseThrow();
        for (Element action : actions()) {
            Element target = nodes.get(OozieApp.child(action, "error").getAttribute("to"));
            if (target == kill) {
                continue;
            }
            assertThat(target.getLocalName()).as("error of %s", action.getAttribute("name")).isEqualTo("action");
            assertThat(stepOf(target)).as("error of %s runs the report step", action.getAttribute("name"))
                    .isEqualTo("report");
            assertThat(target).as("not the happy path's report").isNotSameAs(actionForStep("report"));
            assertThat(OozieApp.child(target, "ok").getAttribute("to")).isEqualTo(kill.getAttribute("name"));
        }
    }

    @Test
    void everyTransitionLeadsToANodeAndEveryNodeIsReachable() {
        Set<String> reached = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(OozieApp.child(workflow, "start").getAttribute("to")));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            Element node = nodes.get(name);
            assertThat(node).as("transition target %s", name).isNotNull();
            if (reached.add(name)) {
                todo.addAll(transitions(node));
            }
        }
        assertThat(reached).containsExactlyInAnyOrderElementsOf(nodes.keySet());
    }

    /** Targets of ok/error, case/default, fork paths; none for end and kill. */
    private static List<String> transitions(Element node) {
        List<String> to = new java.util.ArrayList<>();
        collectTo(node, to);
        return to;
    }

    private static void collectTo(Element e, List<String> to) {
        for (Element c : OozieApp.elements(e)) {
            if (c.hasAttribute("to")) {
                to.add(c.getAttribute("to"));
            } else if (c.hasAttribute("start")) {
                to.add(c.getAttribute("start"));
            }
            collectTo(c, to);
        }
    }

    private List<Element> actions() {
        return nodes.values().stream().filter(e -> e.getLocalName().equals("action")).toList();
    }

    private Element actionForStep(String step) {
        return actions().stream().filter(a -> stepOf(a).equals(step)).findFirst().orElseThrow();
    }

    /** The value after --step in a java action's arguments. */
    private static String stepOf(Element action) {
        List<String> args = OozieApp.texts(OozieApp.child(action, "java"), "arg");
        int i = args.indexOf("--step");
        assertThat(i).as("action %s has --step", action.getAttribute("name")).isNotNegative();
        return args.get(i + 1);
    }

    /** Replace every ${...}; an expression without a sample value fails, so new variables get one here. */
    private static String substitute(String arg) {
        Matcher m = EL.matcher(arg);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = SAMPLE_EL.get(m.group(1).trim());
            assertThat(value).as("sample value for ${%s} in argument %s", m.group(1), arg).isNotNull();
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    /** {@code BatchStepTool.parse(String[])}; its IllegalArgumentException is rethrown as it is. */
    private static Object parse(Class<?> tool, String[] args) throws Exception {
        Method parse = tool.getMethod("parse", String[].class);
        try {
            return parse.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** {@code BatchStep.NIGHTLY} mapped to wire names, read reflectively: the code's step list, not a copy of it. */
    private static List<String> nightlyStepWireNames() throws Exception {
        Class<?> stepClass = Class.forName("io.silgeom.batch.schedule.BatchStep");
        List<?> nightly = (List<?>) stepClass.getField("NIGHTLY").get(null);
        Method wireName = stepClass.getMethod("wireName");
        List<String> names = new java.util.ArrayList<>();
        for (Object step : nightly) {
            names.add((String) wireName.invoke(step));
        }
        return names;
    }
}
