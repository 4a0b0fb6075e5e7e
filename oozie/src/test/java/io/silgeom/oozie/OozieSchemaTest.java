package io.silgeom.oozie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * Every XML of the Oozie application is valid against the schema Oozie 5.2.1 itself validates it with: the XSD
 * named by the root element's namespace ({@code uri:oozie:workflow:1.0} -> {@code oozie-workflow-1.0.xsd}), read
 * from the root of the oozie-client jar. A broken copy must fail, or the check proves nothing.
 */
class OozieSchemaTest {
    private static final Pattern OOZIE_NAMESPACE = Pattern.compile("uri:oozie:([a-z0-9-]+):([0-9.]+)");

    @Test
    void theApplicationHasABundleTwoCoordinatorsAndTheirWorkflows() throws IOException {
        assertThat(OozieApp.xmlFiles()).map(p -> OozieApp.DIR.relativize(p).toString()).containsExactlyInAnyOrder(
                "bundle.xml", "coordinator.xml", "workflow.xml",
                "hive-partitions/coordinator.xml", "hive-partitions/workflow.xml");
    }

    @Test
    void everyXmlFileValidatesAgainstOoziesOwnSchema() throws Exception {
        for (Path file : OozieApp.xmlFiles()) {
            validate(file);
        }
    }

    @Test
    void aWorkflowWithAnActionMissingItsErrorTransitionIsRejected(@TempDir Path dir) throws Exception {
        Path copy = brokenCopy("workflow.xml", dir, xml -> xml.replaceFirst("\\s*<error to=\"[^\"]+\"/>", ""));
        assertThatThrownBy(() -> validate(copy)).isInstanceOf(SAXException.class).hasMessageContaining("error");
    }

    @Test
    void aHive2ActionWithoutItsJdbcUrlIsRejected(@TempDir Path dir) throws Exception {
        Path copy = brokenCopy("hive-partitions/workflow.xml", dir,
                xml -> xml.replaceFirst("\\s*<jdbc-url>[^<]*</jdbc-url>", ""));
        assertThatThrownBy(() -> validate(copy)).isInstanceOf(SAXException.class).hasMessageContaining("jdbc-url");
    }

    @Test
    void aCoordinatorWithAnUnknownElementIsRejected(@TempDir Path dir) throws Exception {
        Path copy = brokenCopy("coordinator.xml", dir,
                xml -> xml.replace("<done-flag>", "<done-file>").replace("</done-flag>", "</done-file>"));
        assertThatThrownBy(() -> validate(copy)).isInstanceOf(SAXException.class).hasMessageContaining("done-file");
    }

    /** A copy of an application file in {@code dir}, changed by {@code breaker} (which must change something). */
    private static Path brokenCopy(String file, Path dir, UnaryOperator<String> breaker) throws IOException {
        String xml = Files.readString(OozieApp.DIR.resolve(file), StandardCharsets.UTF_8);
        String broken = breaker.apply(xml);
        assertThat(broken).as("the breaker changed %s", file).isNotEqualTo(xml);
        return Files.writeString(dir.resolve(Path.of(file).getFileName()), broken, StandardCharsets.UTF_8);
    }

    /**
     * Validates against the schema of the root's namespace plus those of the action extensions the file uses (a
     * workflow's {@code <hive2 xmlns="uri:oozie:hive2-action:1.0">} is checked strictly against hive2-action-1.0.xsd).
     */
    private static void validate(Path file) throws IOException, SAXException {
        Element root = OozieApp.parse(file).getDocumentElement();
        Set<String> xsds = new LinkedHashSet<>();
        xsds.add(xsdOf(file, root.getNamespaceURI()));
        collectNamespaces(root, file, xsds);

        List<Source> schemas = new ArrayList<>();
        for (String xsd : xsds) {
            URL schema = OozieSchemaTest.class.getClassLoader().getResource(xsd);
            assertThat(schema).as("%s (for %s) in oozie-client", xsd, file.getFileName()).isNotNull();
            // By URL, so the workflow schema's <xs:include schemaLocation="oozie-common-1.0.xsd"/> resolves in the jar.
            schemas.add(new StreamSource(schema.toString()));
        }
        Validator validator = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(schemas.toArray(Source[]::new)).newValidator();
        try {
            validator.validate(new StreamSource(file.toFile()));
        } catch (SAXException e) {
            throw new SAXException(OozieApp.DIR.relativize(file) + " against " + xsds + ": " + e.getMessage(), e);
        }
    }

    /** {@code uri:oozie:workflow:1.0} -> oozie-workflow-1.0.xsd; {@code uri:oozie:hive2-action:1.0} -> hive2-action-1.0.xsd. */
    private static String xsdOf(Path file, String namespace) {
        Matcher m = OOZIE_NAMESPACE.matcher(namespace == null ? "" : namespace);
        assertThat(m.matches()).as("%s: namespace %s is an Oozie one", file.getFileName(), namespace).isTrue();
        String kind = m.group(1);
        return (kind.endsWith("-action") ? "" : "oozie-") + kind + "-" + m.group(2) + ".xsd";
    }

    private static void collectNamespaces(Element e, Path file, Set<String> xsds) {
        for (Element c : OozieApp.elements(e)) {
            if (c.getNamespaceURI() != null && !c.getNamespaceURI().equals(e.getNamespaceURI())) {
                xsds.add(xsdOf(file, c.getNamespaceURI()));
            }
            collectNamespaces(c, file, xsds);
        }
    }
}
