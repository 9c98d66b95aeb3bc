/*
 * The tree-sitter floor: how much CPU parsing (and running symdex's query over) a set of files
 * costs in plain C, without the JVM, symdex's collector or the store. Single-threaded; times are
 * this thread's CPU time.
 *
 *   ts_floor GRAMMAR_SO SYMBOL QUERY_FILE < paths   (one path per line)
 *
 * Prints one line: files bytes parse_s query_s matches (query_s is the query over the parsed
 * trees, parse_s the parse alone). Query predicates are not evaluated (symdex does that in Java).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <tree_sitter/api.h>

static double cpu_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static char *slurp(const char *path, long *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  *len = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc(*len + 1);
  if (buf && fread(buf, 1, *len, f) != (size_t)*len) { free(buf); buf = NULL; }
  fclose(f);
  return buf;
}

int main(int argc, char **argv) {
  if (argc != 4) { fprintf(stderr, "usage: ts_floor GRAMMAR_SO SYMBOL QUERY_FILE < paths\n"); return 2; }
  void *lib = dlopen(argv[1], RTLD_NOW);
  if (!lib) { fprintf(stderr, "ts_floor: %s\n", dlerror()); return 1; }
  const TSLanguage *(*fn)(void) = (const TSLanguage *(*)(void))dlsym(lib, argv[2]);
  if (!fn) { fprintf(stderr, "ts_floor: no symbol %s\n", argv[2]); return 1; }
  const TSLanguage *language = fn();
  long qlen;
  char *qsrc = slurp(argv[3], &qlen);
  if (!qsrc) { fprintf(stderr, "ts_floor: cannot read %s\n", argv[3]); return 1; }
  uint32_t err_offset;
  TSQueryError err;
  TSQuery *query = ts_query_new(language, qsrc, (uint32_t)qlen, &err_offset, &err);
  if (!query) { fprintf(stderr, "ts_floor: query error %d at %u\n", err, err_offset); return 1; }
  TSParser *parser = ts_parser_new();
  ts_parser_set_language(parser, language);
  TSQueryCursor *cursor = ts_query_cursor_new();
  char line[8192];
  long files = 0, bytes = 0, matches = 0;
  double parse_s = 0, query_s = 0;
  while (fgets(line, sizeof line, stdin)) {
    line[strcspn(line, "\n")] = 0;
    long len;
    char *src = slurp(line, &len);
    if (!src) continue;
    double t0 = cpu_now();
    TSTree *tree = ts_parser_parse_string(parser, NULL, src, (uint32_t)len);
    double t1 = cpu_now();
    if (tree) {
      ts_query_cursor_exec(cursor, query, ts_tree_root_node(tree));
      TSQueryMatch m;
      while (ts_query_cursor_next_match(cursor, &m)) matches++;
      ts_tree_delete(tree);
    }
    double t2 = cpu_now();
    parse_s += t1 - t0;
    query_s += t2 - t1;
    files++;
    bytes += len;
    free(src);
  }
  printf("%ld %ld %.3f %.3f %ld\n", files, bytes, parse_s, query_s, matches);
  return 0;
}
