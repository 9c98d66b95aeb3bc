package dev.symdex.engine.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.model.CallSite;
import dev.symdex.engine.model.DefinitionKind;
import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.model.Language;
import dev.symdex.engine.model.Reference;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JavaScriptExtractionTest {
  private static final FactExtractor EXTRACTOR = new FactExtractor(5_000);

  static FileFacts facts(Language language, String source) {
    Extraction x = EXTRACTOR.extract(language, source.getBytes(StandardCharsets.UTF_8));
    assertTrue(x.facts().isPresent(), x.failure());
    return x.facts().get();
  }

  static FileFacts facts(String source) {
    return facts(Language.JAVASCRIPT, source);
  }

  /** kind, qualified name, line, visibility (when there is one). */
  static List<String> defs(FileFacts f) {
    return f.definitions().stream()
        .map(d -> (d.kind().label() + " " + d.qualifiedName() + " @" + d.line() + " " + d.visibility().label()).strip())
        .toList();
  }

  static List<String> calls(FileFacts f) {
    return f.calls().stream().map(c -> describe(f, c)).toList();
  }

  static List<String> refs(FileFacts f) {
    return f.references().stream().map(r -> r.kind().label() + " " + r.name() + " @" + r.line()).toList();
  }

  private static String describe(FileFacts f, CallSite c) {
    String caller = c.caller() < 0 ? "<file>" : f.definitions().get(c.caller()).qualifiedName();
    return c.callee() + "(" + c.receiver() + ") in " + caller + "@" + c.line();
  }

  @Test
  void classesAndTheirMembers() {
    FileFacts f = facts("""
        export default class Widget extends Base {
          static count = 0;
          #secret = 1;
          constructor(props) { super(props); }
          get size() { return this.#secret; }
          set size(v) {}
          static create() {}
          async *items() {}
          #hidden() {}
          [Symbol.iterator]() {}
          'quoted name'() {}
        }
        const Anon = class extends Base { run() {} };
        exports.Exported = class {};
        """);
    assertEquals(List.of(
        "class Widget @1 public",
        "field Widget.count @2 public",
        "field Widget.#secret @3 private",
        "constructor Widget.constructor @4 public",
        "method Widget.size @5 public",
        "method Widget.size @6 public",
        "method Widget.create @7 public",
        "method Widget.items @8 public",
        "method Widget.#hidden @9 private",
        "method Widget.[Symbol.iterator] @10 public",
        "method Widget.quoted name @11 public",
        "class Anon @13",
        "method Anon.run @13 public",
        "class Exported @14"), defs(f));
    assertFalse(f.syntaxErrors());
  }

  @Test
  void functionsTakeTheNameTheyAreGiven() {
    FileFacts f = facts("""
        export function main() {}
        function* ids() {}
        export const handler = async (event) => main(), limit = 3;
        let counter = 0, { a, b: renamed } = obj, [first, second = 2] = list;
        var later;
        later = function () {};
        module.exports.legacy = function () {};
        exports.wrapped = (function () {});
        Widget.prototype.extra = function () {};
        Widget.prototype = { proto() {} };
        test('case', function named(t) {});
        var Klass = (function (_super) { function Klass() {} return Klass; }(Base));
        Klass.EMPTY = (function () { return new Klass(); })();
        function outer() { const inner = () => {}; var local = 1; }
        """);
    assertEquals(List.of(
        "function main @1 public",
        "function ids @2",
        "function handler @3 public",
        "variable limit @3 public",
        "variable counter @4",
        "variable a @4",
        "variable renamed @4",
        "variable first @4",
        "variable second @4",
        "variable later @5",
        "function later @6",
        "function legacy @7",
        "function wrapped @8",
        "method Widget.extra @9 public",
        "method Widget.proto @10 public",
        "function named @11",
        "variable Klass @12",
        "function Klass @12",
        "variable EMPTY @13",
        "function outer @14",
        "function outer.inner @14"), defs(f));
  }

  @Test
  void objectLiteralsQualifyTheirMembers() {
    FileFacts f = facts("""
        const Api = {
          get() {},
          post: function () {},
          'with space': () => {},
          nested: { put: () => {} },
          value: 1,
        };
        """);
    assertEquals(List.of(
        "variable Api @1",
        "method Api.get @2 public",
        "method Api.post @3 public",
        "method Api.with space @4 public",
        "method Api.nested.put @5 public"), defs(f));
  }

  @Test
  void callsNameTheirCallerAndReceiver() {
    FileFacts f = facts("""
        class Widget {
          run() {
            helper(1);
            this.#hidden();
            a?.b?.c();
            new Thing();
            new ns.Other();
            fs.promises.readFile('x').then(done);
          }
        }
        const handler = () => main();
        setup();
        """);
    assertEquals(List.of(
        "helper() in Widget.run@3",
        "#hidden(this) in Widget.run@4",
        "c(a?.b) in Widget.run@5",
        "Thing() in Widget.run@6",
        "Other(ns) in Widget.run@7",
        "readFile(fs.promises) in Widget.run@8",
        "then(fs.promises.readFile('x')) in Widget.run@8",
        "main() in handler@11",
        "setup() in <file>@12"), calls(f));
  }

  @Test
  void jsxComponentsAreCallsAndHtmlElementsAreNot() {
    FileFacts f = facts("""
        function App() {
          return (
            <Layout.Panel title="x">
              <Item id={1} />
              <div className="plain">{a < b}</div>
            </Layout.Panel>
          );
        }
        """);
    assertEquals(List.of("Panel(Layout) in App@3", "Item() in App@4"), calls(f));
    assertFalse(f.syntaxErrors());
  }

  @Test
  void importsOfEveryForm() {
    FileFacts f = facts("""
        import React, { useState } from 'react';
        import './styles.css';
        export { helper } from './util';
        export * as ns from "./ns";
        const fs = require('fs');
        async function load() { return import('./lazy'); }
        """);
    assertEquals(List.of("react", "./styles.css", "./util", "./ns", "fs", "./lazy"),
        f.imports().stream().map(i -> i.text()).toList());
    assertEquals(List.of(1, 2, 3, 4, 5, 6), f.imports().stream().map(i -> i.line()).toList());
  }

  @Test
  void referencesAreTagged() {
    FileFacts f = facts("""
        import { Base } from './base';
        class Widget extends Base {
          #count = 0;
          bump() { this.#count++; return render(Widget); }
        }
        """);
    List<String> refs = refs(f);
    assertTrue(refs.contains("import Base @1"), refs.toString());
    assertTrue(refs.contains("type Base @2"), refs.toString());
    assertTrue(refs.contains("reference #count @4"), refs.toString());
    assertTrue(refs.contains("call render @4"), refs.toString());
    assertTrue(refs.contains("reference Widget @4"), refs.toString());
    assertFalse(f.references().stream().map(Reference::line).anyMatch(l -> l == 3), "a definition name is not a reference");
  }

  @Test
  void brokenSourceGivesPartialFactsAndSaysSo() {
    FileFacts f = facts("function fine() {}\nfunction broken( {\n");
    assertTrue(f.syntaxErrors());
    assertTrue(f.definitions().stream().anyMatch(d -> d.name().equals("fine") && d.kind() == DefinitionKind.FUNCTION));
  }
}
