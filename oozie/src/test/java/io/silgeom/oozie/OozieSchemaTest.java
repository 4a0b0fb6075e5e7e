package io.silgeom.oozie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.SAXException;

/**
 * Every XML of the Oozie application is valid against the schema Oozie 5.2.1 itself validates it with: the XSD
 * named by the root element's namespace ({@code uri:oozie:workflow:1.0} -> {@code oozie-workflow-1.0.xsd}), read
 * from the root of the oozie-client jar. A broken copy must fail, or the check proves nothing.
 */
class OozieSchemaTest {
    private static final Pattern OOZIE_NAMESPACE = Pattern.compile("uri:oozie:([a-z-]+):([0-9.]+)");

    @Test
    void theApplicationHasABundleACoordinatorAndAWorkflow() throws IOException {
        assertThat(OozieApp.xmlFiles()).map(p -> p.getFileName().toString())
                .contains("bundle.xml", "coordinator.xml", "workflow.xml");
    }

    @Test
    void everyXmlFileValidatesAgainstOoziesOwnSchema() throws Exception {
        for (Path file : OozieApp.xmlFiles()) {
            validate(file);
        }
    }

    @Test
    void aWorkflowWithAnActionMissingItsErrorTransitionIsRejected(@TempDir Path dir) throws Exception {
        String workflow = Files.readString(OozieApp.DIR.resolve("workflow.xml"), StandardCharsets.UTF_8);
        String broken = workflow.replaceFirst("\\s*<error to=\"[^\"]+\"/>", "");
        assertThat(broken).isNotEqualTo(workflow);
        Path copy = Files.writeString(dir.resolve("workflow.xml"), broken, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> validate(copy)).isInstanceOf(SAXException.class).hasMessageContaining("error");
    }

    @Test
    void aCoordinatorWithAnUnknownElementIsRejected(@TempDir Path dir) throws Exception {
        String coordinator = Files.readString(OozieApp.DIR.resolve("coordinator.xml"), StandardCharsets.UTF_8);
        String broken = coordinator.replace("<done-flag>", "<done-file>").replace("</done-flag>", "</done-file>");
        Path copy = Files.writeString(dir.resolve("coordinator.xml"), broken, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> validate(copy)).isInstanceOf(SAXException.class).hasMessageContaining("done-file");
    }

    private static void validate(Path file) throws IOException, SAXException {
        String namespace = OozieApp.parse(file).getDocumentElement().getNamespaceURI();
        Matcher m = OOZIE_NAMESPACE.matcher(namespace == null ? "" : namespace);
        assertThat(m.matches()).as("%s: root namespace %s is an Oozie one", file.getFileName(), namespace).isTrue();
        String xsd = "oozie-" + m.group(1) + "-" + m.group(2) + ".xsd";
        URL schema = OozieSchemaTest.class.getClassLoader().getResource(xsd);
        assertThat(schema).as("%s (for %s) in oozie-client", xsd, file.getFileName()).isNotNull();

        // From the URL, so the workflow schema's <xs:include schemaLocation="oozie-common-1.0.xsd"/> resolves in the jar.
        Validator validator = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(schema)
                .newValidator();
        try {
            validator.validate(new StreamSource(file.toFile()));
        } catch (SAXException e) {
            throw new SAXException(file.getFileName() + " against " + xsd + ": " + e.getMessage(), e);
        }
    }
}
