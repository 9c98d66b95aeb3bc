// symdex's hot loop in C: parse a file and run the facts query over it in one call, returning
// every capture as plain integers. Compiled into libtree-sitter.so next to the tree-sitter core
// (see build.sh), and called from Java through the FFM API (dev.symdex.engine.extract.TsNative).
// Doing the capture loop here avoids allocating a Java node object per identifier.
#include "tree_sitter/api.h"
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

typedef struct {
  uint32_t *data;
  size_t len;
  size_t cap;
} sdx_words;

static int sdx_push(sdx_words *w, uint32_t v) {
  if (w->len == w->cap) {
    size_t cap = w->cap ? w->cap * 2 : 8192;
    uint32_t *data = realloc(w->data, cap * sizeof(uint32_t));
    if (!data) return 0;
    w->data = data;
    w->cap = cap;
  }
  w->data[w->len++] = v;
  return 1;
}

static uint64_t sdx_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static bool sdx_parse_over(TSParseState *state) { return sdx_now_ns() > *(uint64_t *)state->payload; }

static bool sdx_query_over(TSQueryCursorState *state) { return sdx_now_ns() > *(uint64_t *)state->payload; }

typedef struct {
  const char *src;
  uint32_t len;
} sdx_source;

static const char *sdx_read(void *payload, uint32_t byte_index, TSPoint position, uint32_t *bytes_read) {
  (void)position;
  sdx_source *s = payload;
  if (byte_index >= s->len) {
    *bytes_read = 0;
    return "";
  }
  *bytes_read = s->len - byte_index;
  return s->src + byte_index;
}

/*
 * Parses `len` bytes of UTF-8 at `src` with `parser` (its language already set) and runs `query`
 * over the tree, within `budget_us` microseconds for both.
 *
 * On success returns 0 and sets *out to a malloc'ed array of *out_len words (free it with
 * sdx_free): for each match with at least one capture,
 *   pattern index, capture count, then per capture 6 words:
 *   capture id, start byte, end byte, start row, start column (bytes), end row.
 * *flags bit 0 is set when the tree contains syntax errors.
 * Returns 1 when parsing ran out of time, 2 when memory ran out, 3 when the query ran out of time.
 */
int sdx_extract(TSParser *parser, const TSQuery *query, const char *src, uint32_t len, uint64_t budget_us,
                uint32_t **out, uint64_t *out_len, uint32_t *flags) {
  *out = NULL;
  *out_len = 0;
  *flags = 0;
  uint64_t deadline = sdx_now_ns() + budget_us * 1000ull;
  sdx_source source = {src, len};
  TSInput input = {&source, sdx_read, TSInputEncodingUTF8, NULL};
  TSParseOptions parse_options = {&deadline, sdx_parse_over};
  TSTree *tree = ts_parser_parse_with_options(parser, NULL, input, parse_options);
  if (!tree) {
    ts_parser_reset(parser);
    return 1;
  }
  TSNode root = ts_tree_root_node(tree);
  if (ts_node_has_error(root)) *flags |= 1;

  TSQueryCursor *cursor = ts_query_cursor_new();
  if (!cursor) {
    ts_tree_delete(tree);
    return 2;
  }
  TSQueryCursorOptions query_options = {&deadline, sdx_query_over};
  ts_query_cursor_exec_with_options(cursor, query, root, &query_options);
  sdx_words w = {NULL, 0, 0};
  int status = 0;
  TSQueryMatch m;
  while (ts_query_cursor_next_match(cursor, &m)) {
    if (m.capture_count == 0) continue;
    int ok = sdx_push(&w, m.pattern_index) && sdx_push(&w, m.capture_count);
    for (uint16_t i = 0; ok && i < m.capture_count; i++) {
      const TSQueryCapture *c = &m.captures[i];
      TSPoint start = ts_node_start_point(c->node);
      ok = sdx_push(&w, c->index) && sdx_push(&w, ts_node_start_byte(c->node)) && sdx_push(&w, ts_node_end_byte(c->node)) &&
           sdx_push(&w, start.row) && sdx_push(&w, start.column) && sdx_push(&w, ts_node_end_point(c->node).row);
    }
    if (!ok) {
      status = 2;
      break;
    }
  }
  if (status == 0 && sdx_now_ns() > deadline) status = 3;
  ts_query_cursor_delete(cursor);
  ts_tree_delete(tree);
  if (status != 0) {
    free(w.data);
    return status;
  }
  *out = w.data;
  *out_len = w.len;
  return 0;
}

void sdx_free(uint32_t *words) { free(words); }
