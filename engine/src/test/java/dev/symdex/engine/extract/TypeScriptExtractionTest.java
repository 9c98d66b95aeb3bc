package dev.symdex.engine.extract;

import static dev.symdex.engine.extract.JavaScriptExtractionTest.calls;
import static dev.symdex.engine.extract.JavaScriptExtractionTest.defs;
import static dev.symdex.engine.extract.JavaScriptExtractionTest.facts;
import static dev.symdex.engine.extract.JavaScriptExtractionTest.refs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.model.Language;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TypeScript and TSX (one query, typescript.scm, for both grammars). */
class TypeScriptExtractionTest {
  private static final String DECLARATIONS = """
      export interface Shape<T> extends Base {
        readonly id: string;
        area(): number;
        'kebab-name'?: T;
        new (x: number): Shape<T>;
      }
      export type Point = { x: number; move(dx: number): Point } & Tagged;
      type Id = string | number;
      export enum Color { Red, Green = 'g' }
      declare const VERSION: string;
      export declare function boot(cfg: Config): void;
      export namespace Geo.Util { export function dist(a: Point): number { return 0; } const scale = 2; }
      declare module 'ambient' { export class Handle {} }
      export declare const api: { get(): void };
      function overload(a: string): void;
      function overload(a: any) {}
      """;

  private static final List<String> DECLARED = List.of(
      "interface Shape @1 public",
      "property Shape.id @2 public",
      "method Shape.area @3 public",
      "property Shape.kebab-name @4 public",
      "constructor Shape.new @5 public",
      "type Point @7 public",
      "property Point.x @7 public",
      "method Point.move @7 public",
      "type Id @8",
      "enum Color @9 public",
      "constant Color.Red @9 public",
      "constant Color.Green @9 public",
      "variable VERSION @10",
      "function boot @11 public",
      "module Geo.Util @12 public",
      "function Geo.Util.dist @12 public",
      "variable Geo.Util.scale @12",
      "module ambient @13",
      "class ambient.Handle @13 public",
      "variable api @14 public",
      "method api.get @14 public",
      "function overload @15",
      "function overload @16");

  @Test
  void typeDeclarationsAndTheirMembers() {
    FileFacts f = facts(Language.TYPESCRIPT, DECLARATIONS);
    assertEquals(DECLARED, defs(f));
    assertFalse(f.syntaxErrors());
  }

  @Test
  void tsxGivesTheSameDeclarations() {
    assertEquals(DECLARED, defs(facts(Language.TSX, DECLARATIONS)));
  }

  @Test
  void classMembersWithAccessibility() {
    FileFacts f = facts(Language.TYPESCRIPT, """
        export abstract class Base<T = unknown> implements Shape<T> {
          private cache = new Map<string, T>();
          protected static readonly LIMIT: number = 10;
          public id = '';
          #seq = 0;
          label: string;
          constructor(private readonly name: string) {}
          abstract area(): number;
          describe(): string;
          describe(prefix?: string): string { return this.format<T>(prefix ?? this.name); }
          private format<U>(s: string): string { return s; }
          protected get size(): number { return 0; }
        }
        @Component({ selector: 'app' })
        export default class Circle extends Base {
          area() { return Math.PI; }
        }
        """);
    assertEquals(List.of(
        "class Base @1 public",
        "field Base.cache @2 private",
        "field Base.LIMIT @3 protected",
        "field Base.id @4 public",
        "field Base.#seq @5 private",
        "field Base.label @6 public",
        "constructor Base.constructor @7 public",
        "method Base.area @8 public",
        "method Base.describe @9 public",
        "method Base.describe @10 public",
        "method Base.format @11 private",
        "method Base.size @12 protected",
        "class Circle @15 public",
        "method Circle.area @16 public"), defs(f));
    assertEquals(List.of(
        "Map() in Base.cache@2",
        "format(this) in Base.describe@10",
        "Component() in <file>@14"), calls(f));
  }

  @Test
  void functionsAndCalls() {
    FileFacts f = facts(Language.TYPESCRIPT, """
        export const run = async <T,>(items: T[]): Promise<void> => {
          const parsed = parse<T>(items);
          await client?.send(parsed);
          new Queue<T>().push(parsed);
        };
        export default function main(): void { run([]); }
        """);
    assertEquals(List.of("function run @1 public", "function main @6 public"), defs(f));
    assertEquals(List.of(
        "parse() in run@2",
        "send(client) in run@3",
        "Queue() in run@4",
        "push(new Queue<T>()) in run@4",
        "run() in main@6"), calls(f));
  }

  @Test
  void importsOfEveryForm() {
    FileFacts f = facts(Language.TYPESCRIPT, """
        import type { Config } from './config';
        import * as path from "node:path";
        import fs = require('fs');
        import './polyfill';
        export * from './all';
        export { a as b } from './a';
        const lazy = () => import('./lazy');
        """);
    assertEquals(List.of("./config", "node:path", "fs", "./polyfill", "./all", "./a", "./lazy"),
        f.imports().stream().map(i -> i.text()).toList());
  }

  @Test
  void typeUsesAreTypeReferences() {
    FileFacts f = facts(Language.TYPESCRIPT, """
        import { Config } from './config';
        class Loader extends Base implements Source<Config> {
          load(cfg: Config): Result { return convert(cfg); }
        }
        """);
    List<String> refs = refs(f);
    for (String r : List.of("import Config @1", "type Base @2", "type Source @2", "type Config @2", "type Config @3",
        "type Result @3", "call convert @3", "reference cfg @3")) {
      assertTrue(refs.contains(r), r + " in " + refs);
    }
    assertFalse(refs.stream().anyMatch(r -> r.contains(" Loader ") || r.contains(" load ")), "definition names are not references");
  }

  @Test
  void tsxComponentsAreCallsAndComparisonsAndGenericsAreNot() {
    FileFacts f = facts(Language.TSX, """
        export function App<T,>(props: Props<T>) {
          const ok = count < Limit;
          return (
            <Layout.Panel title="x">
              <Item<T> id={1} />
              <div>{ok && <Badge />}</div>
            </Layout.Panel>
          );
        }
        const pick = <T,>(x: T) => identity<T>(x);
        """);
    assertEquals(List.of("function App @1 public", "function pick @10"), defs(f));
    assertEquals(List.of(
        "Panel(Layout) in App@4",
        "Item() in App@5",
        "Badge() in App@6",
        "identity() in pick@10"), calls(f));
    assertFalse(f.syntaxErrors());
  }

  @Test
  void theTypeScriptGrammarParsesNoJsx() {
    // The same query serves both grammars; in .ts a "<" never starts a call.
    FileFacts f = facts(Language.TYPESCRIPT, "const ok = count < Limit;\nconst v = <Item>value;\nconst w = f<Foo>(1) > Bar;\n");
    assertEquals(List.of("f() in w@3"), calls(f));
  }

  /**
   * Issue 11 item 4: tree-sitter-typescript 0.23.2 (the newest published) does not parse generic
   * call signatures separated only by a newline, and here its error swallowed the rest of the file
   * (rows 5-26 in one ERROR node). Error recovery re-parses around the error: what follows is found.
   */
  @Test
  void aSyntaxErrorDoesNotDropTheRestOfTheFile() {
    FileFacts f = facts(Language.TYPESCRIPT, """
        export interface Handler<E extends Env = Env, S extends Schema = Blank> {
          <P extends string = Base, R extends Out<any> = any>(
            handler: H<E, P, R>
          ): App<E, S & ToSchema<P, R>>

          <
            P extends string = Base,
            R extends Out<any> = any,
            I extends Input = Blank
          >(
            ...handlers: [H<E, P, I>, H<E, P, I, R>]
          ): App<E, S & ToSchema<P, R>>

          <P extends string, R extends Out<any> = any>(
            path: P,
            handler: H<E, P, R>
          ): App<E, S & ToSchema<P, R>>
        }

        export interface Middleware<E extends Env = Env> {
          (...handlers: M<E>[]): App<E>
        }

        export class HttpError extends Error {
          getResponse(): Response {
            return build(this.res)
          }
        }

        export function toSchema(path: string): string {
          return mergePath(path, '/')
        }
        """);
    assertTrue(f.syntaxErrors());
    assertEquals(List.of("interface Handler @1 public", "interface Middleware @20 public", "class HttpError @24 public",
        "method HttpError.getResponse @25 public", "function toSchema @30 public"), defs(f));
    assertEquals(List.of("build() in HttpError.getResponse@26", "mergePath() in toSchema@31"), calls(f));
  }
}
