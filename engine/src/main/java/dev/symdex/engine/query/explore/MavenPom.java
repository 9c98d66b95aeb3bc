package dev.symdex.engine.query.explore;

import dev.symdex.engine.query.explore.ExploreMap.Dependency;
import dev.symdex.engine.query.explore.ExploreMap.EntryPoint;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * A Maven {@code pom.xml}: its coordinates, {@code dependencies} (and {@code dependencyManagement},
 * scope {@code managed}) with {@code ${property}} versions resolved from the same pom's
 * {@code <properties>} and its own version, and {@code <mainClass>} elements as entry points. The
 * pom is untrusted: no DTD, no external entity, no XInclude.
 */
final class MavenPom {
  private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

  private MavenPom() {}

  static ParsedManifest parse(String path, String text) throws MalformedManifest {
    Document doc = read(text);
    Element project = doc.getDocumentElement();
    if (!"project".equals(project.getLocalName() == null ? project.getTagName() : project.getLocalName())) {
      throw new MalformedManifest("not a Maven pom: the root element is <" + project.getTagName() + ">");
    }
    Map<String, String> props = properties(project);
    String group = childText(project, "groupId");
    Element parent = child(project, "parent");
    if (group.isEmpty() && parent != null) {
      group = childText(parent, "groupId");
    }
    String artifact = childText(project, "artifactId");
    List<Dependency> deps = new ArrayList<>();
    dependencies(child(project, "dependencies"), "", props, deps);
    Element management = child(project, "dependencyManagement");
    if (management != null) {
      dependencies(child(management, "dependencies"), "managed", props, deps);
    }
    List<EntryPoint> mains = new ArrayList<>();
    NodeList mainClasses = project.getElementsByTagName("mainClass");
    for (int i = 0; i < mainClasses.getLength(); i++) {
      String main = resolve(mainClasses.item(i).getTextContent().strip(), props);
      if (!main.isEmpty()) {
        mains.add(new EntryPoint(path, ManifestSource.lineOf(text, "<mainClass>"), "maven-main-class", "pom.xml <mainClass> " + main));
      }
    }
    String name = group.isEmpty() ? artifact : group + ":" + artifact;
    return new ParsedManifest(name, deps, modules(project), mains);
  }

  private static Document read(String text) throws MalformedManifest {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      f.setNamespaceAware(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(QUIET);
      return b.parse(new InputSource(new StringReader(text)));
    } catch (SAXParseException e) {
      throw new MalformedManifest("not well-formed XML: " + e.getMessage() + " at line " + e.getLineNumber());
    } catch (SAXException | IOException | ParserConfigurationException | IllegalArgumentException e) {
      throw new MalformedManifest("not well-formed XML: " + e.getMessage());
    }
  }

  /** Reports nothing on stderr: every error is thrown and reported by the caller. */
  private static final ErrorHandler QUIET = new ErrorHandler() {
    @Override
    public void warning(SAXParseException e) {}

    @Override
    public void error(SAXParseException e) throws SAXException {
      throw e;
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
      throw e;
    }
  };

  private static Map<String, String> properties(Element project) {
    Map<String, String> props = new HashMap<>();
    Element properties = child(project, "properties");
    if (properties != null) {
      for (Element p : children(properties)) {
        props.put(p.getTagName(), p.getTextContent().strip());
      }
    }
    String version = childText(project, "version");
    Element parent = child(project, "parent");
    if (version.isEmpty() && parent != null) {
      version = childText(parent, "version");
    }
    if (!version.isEmpty()) {
      props.put("project.version", version);
      props.put("version", version);
    }
    return props;
  }

  private static void dependencies(Element list, String defaultScope, Map<String, String> props, List<Dependency> out) {
    if (list == null) {
      return;
    }
    for (Element d : children(list)) {
      if (!d.getTagName().equals("dependency")) {
        continue;
      }
      String scope = childText(d, "scope");
      out.add(new Dependency(resolve(childText(d, "groupId"), props) + ":" + resolve(childText(d, "artifactId"), props),
          resolve(childText(d, "version"), props), scope.isEmpty() ? defaultScope : scope));
    }
  }

  private static List<String> modules(Element project) {
    List<String> out = new ArrayList<>();
    Element modules = child(project, "modules");
    if (modules != null) {
      for (Element m : children(modules)) {
        out.add(m.getTextContent().strip());
      }
    }
    return out;
  }

  /** {@code value} with each {@code ${name}} the properties know replaced (one level, then again once). */
  static String resolve(String value, Map<String, String> props) {
    String v = value;
    for (int round = 0; round < 2 && v.contains("${"); round++) {
      Matcher m = PROPERTY.matcher(v);
      StringBuilder b = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(b, Matcher.quoteReplacement(props.getOrDefault(m.group(1), m.group())));
      }
      m.appendTail(b);
      v = b.toString();
    }
    return v;
  }

  private static Element child(Element e, String tag) {
    for (Element c : children(e)) {
      if (c.getTagName().equals(tag)) {
        return c;
      }
    }
    return null;
  }

  private static String childText(Element e, String tag) {
    Element c = child(e, tag);
    return c == null ? "" : c.getTextContent().strip();
  }

  private static List<Element> children(Element e) {
    List<Element> out = new ArrayList<>();
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element el) {
        out.add(el);
      }
    }
    return out;
  }
}
