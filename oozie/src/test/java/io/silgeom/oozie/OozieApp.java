package io.silgeom.oozie;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The Oozie application as it is shipped: the XML files and job.properties in the module directory (Surefire runs
 * with the module directory as working directory). Small DOM helpers for the tests; no Oozie code involved.
 */
final class OozieApp {
    static final Path DIR = Path.of("").toAbsolutePath();

    private OozieApp() {
    }

    /**
     * Every *.xml of the application, here and one directory down (hive-partitions/), sorted by path; pom.xml is the
     * build, target/ and src/ are not the application.
     */
    static List<Path> xmlFiles() throws IOException {
        try (Stream<Path> files = Files.walk(DIR, 2)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".xml"))
                    .filter(p -> !DIR.relativize(p).toString().equals("pom.xml"))
                    .filter(p -> !DIR.relativize(p).startsWith("target") && !DIR.relativize(p).startsWith("src"))
                    .sorted()
                    .toList();
        }
    }

    static Document parse(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().parse(in);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    static Properties jobProperties() throws IOException {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(DIR.resolve("job.properties"), StandardCharsets.ISO_8859_1)) {
            props.load(in);
        }
        return props;
    }

    /** Direct child elements of {@code parent} with the given local name, in document order. */
    static List<Element> children(Element parent, String localName) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getLocalName().equals(localName)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The one direct child with that local name, or null. */
    static Element child(Element parent, String localName) {
        List<Element> found = children(parent, localName);
        return found.isEmpty() ? null : found.get(0);
    }

    /** Direct child elements of {@code parent}, whatever their name. */
    static List<Element> elements(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    static List<String> texts(Element parent, String localName) {
        return children(parent, localName).stream().map(e -> e.getTextContent().trim()).toList();
    }
}
