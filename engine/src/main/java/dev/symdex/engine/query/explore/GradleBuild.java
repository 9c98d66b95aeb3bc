package dev.symdex.engine.query.explore;

import dev.symdex.engine.query.explore.ExploreMap.Dependency;
import dev.symdex.engine.query.explore.ExploreMap.EntryPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Gradle build script (Groovy or Kotlin DSL), read by pattern, not run: dependencies in the
 * common {@code implementation 'g:a:v'} and {@code implementation("g:a:v")} forms (any
 * configuration name), and an application's {@code mainClass} / {@code mainClassName} when
 * stated as a literal. Dependencies given otherwise (maps, catalogs, variables) are not listed.
 */
final class GradleBuild {
  private static final Pattern DEPENDENCY = Pattern.compile(
      "^\\s*([A-Za-z][A-Za-z0-9]*)\\s*\\(?\\s*(?:platform\\s*\\(\\s*)?[\"']([^\"':\\s]+):([^\"':\\s]+)(?::([^\"'\\s]+))?[\"']");
  private static final Pattern MAIN_CLASS = Pattern.compile(
      "\\bmainClass(?:Name)?\\s*(?:=|\\.(?:set|convention)\\s*\\()\\s*[\"']([^\"']+)[\"']");

  private GradleBuild() {}

  static ParsedManifest parse(String path, String text) {
    List<Dependency> deps = new ArrayList<>();
    List<EntryPoint> mains = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int n = 0; n < lines.length; n++) {
      Matcher d = DEPENDENCY.matcher(lines[n]);
      if (d.find()) {
        deps.add(new Dependency(d.group(2) + ":" + d.group(3), d.group(4) == null ? "" : d.group(4), d.group(1)));
        continue;
      }
      Matcher m = MAIN_CLASS.matcher(lines[n]);
      if (m.find()) {
        mains.add(new EntryPoint(path, n + 1, "gradle-main-class", "application mainClass " + m.group(1)));
      }
    }
    return new ParsedManifest("", deps, List.of(), mains);
  }
}
