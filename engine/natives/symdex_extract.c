// symdex's hot loop in C: parse a file and run the facts query over it in one call, returning
// every capture as plain integers. Compiled into libtree-sitter.so next to the tree-sitter core
// (see build.sh), and called from Java through the FFM API (dev.symdex.engine.extract.TsNative).
// Doing the capture loop here avoids allocating a Java node object per identifier.
#include "tree_sitter/api.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Error recovery (sdx_recover): most rounds per file, each an incremental re-parse. */
#define SDX_MAX_ROUNDS 32
/* ... its work, at most this many times the first parse's (plus SDX_RECOVERY_FLOOR progress calls) */
#define SDX_RECOVERY_COST 2
#define SDX_RECOVERY_FLOOR 100
/* ... stopping after this many rows in a row whose blanks gain nothing */
#define SDX_IDLE_ROUNDS 3
/* ... and trying only ERROR nodes under which the structure of at least this many rows is lost */
#define SDX_LOOSE_ROWS 3
/* In the output, between the matches over the recovered tree and those over the tree as parsed. */
#define SDX_TREE_AS_PARSED UINT32_MAX

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

/*
 * A parse's limits: a time deadline, and a number of progress calls (tree-sitter makes one per
 * 100 parse operations, counted from the start of each parse: a measure of work that does not
 * depend on the machine or its load). limit 0: no work limit.
 */
typedef struct {
  uint64_t deadline;
  uint64_t calls;
  uint64_t limit;
} sdx_budget;

static bool sdx_parse_over(TSParseState *state) {
  sdx_budget *b = state->payload;
  b->calls++;
  return (b->limit && b->calls > b->limit) || sdx_now_ns() > b->deadline;
}

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

/* Total bytes under outermost ERROR nodes, plus one per MISSING node: how much of a tree the parser could not place. */
static uint64_t sdx_error_measure(TSNode root) {
  uint64_t total = 0;
  TSTreeCursor c = ts_tree_cursor_new(root);
  for (;;) {
    TSNode n = ts_tree_cursor_current_node(&c);
    bool descend = false;
    if (ts_node_is_error(n)) {
      total += ts_node_end_byte(n) - ts_node_start_byte(n);
    } else if (ts_node_is_missing(n)) {
      total += 1;
    } else {
      descend = ts_node_has_error(n);
    }
    if (descend && ts_tree_cursor_goto_first_child(&c)) continue;
    while (!ts_tree_cursor_goto_next_sibling(&c)) {
      if (!ts_tree_cursor_goto_parent(&c)) {
        ts_tree_cursor_delete(&c);
        return total;
      }
    }
  }
}

/* The rows under an ERROR node whose structure the parser lost (see sdx_loose_walk). */
typedef struct {
  uint32_t rows;   // how many such rows (counted up to the walk's `enough`)
  bool found;      // whether one is at or after the walk's `min_row`; then the first one's
  TSPoint point;   // ... row and column, and
  uint32_t byte;   // ... byte
} sdx_loose;

/*
 * Walks ERROR node `e` for the rows on which the parser lost the structure: rows where a token
 * or a one-row fragment starts right under an ERROR node (`e` or one nested in it). A construct
 * of several rows that the parser could still build (a whole function) is not such a row, only
 * the ERROR nodes inside it. Counts them up to `enough`, and finds the first at or after
 * `min_row`.
 */
static sdx_loose sdx_loose_walk(TSNode e, uint32_t min_row, uint32_t enough) {
  sdx_loose out = {0, false, {0, 0}, 0};
  uint32_t last = UINT32_MAX;
  size_t cap = 64, depth = 0;
  bool *is_error = malloc(cap);  // is_error[d]: the current node's ancestor at depth d is an ERROR
  if (!is_error) return out;
  is_error[0] = true;
  TSTreeCursor c = ts_tree_cursor_new(e);
  bool more = ts_tree_cursor_goto_first_child(&c);
  if (more) depth = 1;
  while (more && (out.rows < enough || !out.found)) {
    TSNode n = ts_tree_cursor_current_node(&c);
    bool error = ts_node_is_error(n);
    TSPoint p = ts_node_start_point(n);
    uint32_t end_row = ts_node_end_point(n).row;
    if (!error && is_error[depth - 1] && end_row == p.row) {
      if (p.row != last) out.rows++;
      last = p.row;
      if (!out.found && p.row >= min_row) {
        out.found = true;
        out.point = p;
        out.byte = ts_node_start_byte(n);
      }
    }
    bool wanted = out.rows < enough || end_row >= min_row;
    if (wanted && (error || ts_node_has_error(n)) && ts_tree_cursor_goto_first_child(&c)) {
      if (depth == cap) {
        bool *grown = realloc(is_error, cap * 2);
        if (!grown) break;
        is_error = grown;
        cap *= 2;
      }
      is_error[depth++] = error;
      continue;
    }
    while (!(more = ts_tree_cursor_goto_next_sibling(&c)) && depth > 1) {
      ts_tree_cursor_goto_parent(&c);
      depth--;
    }
  }
  ts_tree_cursor_delete(&c);
  free(is_error);
  return out;
}

/*
 * The first ERROR node (pre-order, outermost) under which the structure of SDX_LOOSE_ROWS rows or
 * more is lost, one of them at or after `min_row`; that first row in *loose.
 */
static bool sdx_find_error(TSNode root, uint32_t min_row, TSNode *out, sdx_loose *loose) {
  TSTreeCursor c = ts_tree_cursor_new(root);
  bool found = false;
  for (;;) {
    TSNode n = ts_tree_cursor_current_node(&c);
    bool descend = ts_node_end_point(n).row >= min_row && ts_node_has_error(n);
    if (descend && ts_node_is_error(n)) {
      // Rows lost under nested ERROR nodes are lost under this one too: one look decides for all.
      descend = false;
      *loose = sdx_loose_walk(n, min_row, SDX_LOOSE_ROWS);
      if (loose->rows >= SDX_LOOSE_ROWS && loose->found) {
        *out = n;
        found = true;
        break;
      }
    }
    if (descend && ts_tree_cursor_goto_first_child(&c)) continue;
    bool more = true;
    while (!ts_tree_cursor_goto_next_sibling(&c)) {
      if (!ts_tree_cursor_goto_parent(&c)) {
        more = false;
        break;
      }
    }
    if (!more) break;
  }
  ts_tree_cursor_delete(&c);
  return found;
}

/* Appends every match of `query` over `node` to `w`. Returns 0, or 2 when memory ran out, 3 when time did. */
static int sdx_run_query(const TSQuery *query, TSNode node, uint64_t *deadline, sdx_words *w) {
  TSQueryCursor *cursor = ts_query_cursor_new();
  if (!cursor) return 2;
  TSQueryCursorOptions query_options = {deadline, sdx_query_over};
  ts_query_cursor_exec_with_options(cursor, query, node, &query_options);
  int status = 0;
  TSQueryMatch m;
  while (ts_query_cursor_next_match(cursor, &m)) {
    if (m.capture_count == 0) continue;
    int ok = sdx_push(w, m.pattern_index) && sdx_push(w, m.capture_count);
    for (uint16_t i = 0; ok && i < m.capture_count; i++) {
      const TSQueryCapture *c = &m.captures[i];
      TSPoint start = ts_node_start_point(c->node);
      ok = sdx_push(w, c->index) && sdx_push(w, ts_node_start_byte(c->node)) && sdx_push(w, ts_node_end_byte(c->node)) &&
           sdx_push(w, start.row) && sdx_push(w, start.column) && sdx_push(w, ts_node_end_point(c->node).row);
    }
    if (!ok) {
      status = 2;
      break;
    }
  }
  if (status == 0 && sdx_now_ns() > *deadline) status = 3;
  ts_query_cursor_delete(cursor);
  return status;
}

typedef struct {
  TSParser *parser;
  const char *src;  // the content as it is
  char *masked;     // the content with the kept blanks
  uint32_t len;
  TSInput input;    // reads `masked`
  TSParseOptions options;
} sdx_recovery;

/* A run of bytes to blank: [from, to), from `at` to `end`. */
typedef struct {
  uint32_t from;
  uint32_t to;
  TSPoint at;
  TSPoint end;
} sdx_blank;

static bool sdx_blank_byte(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* Turns bytes [from, to) of `text` into spaces, all but line feeds (so every row stays where it is). */
static void sdx_fill(char *text, uint32_t from, uint32_t to) {
  for (uint32_t i = from; i < to; i++) {
    if (text[i] != '\n') text[i] = ' ';
  }
}

/* Byte just past the last non-blank byte of the row holding `at` (scanning from `at`). */
static uint32_t sdx_row_end(const char *text, uint32_t len, uint32_t at) {
  uint32_t eol = at;
  while (eol < len && text[eol] != '\n') eol++;
  while (eol > at && sdx_blank_byte(text[eol - 1])) eol--;
  return eol;
}

/* The next (dir 1) or previous (dir -1) row after/before the row starting at byte `line` that has a non-blank byte, whole. */
static bool sdx_neighbour_row(const char *text, uint32_t len, uint32_t line, uint32_t row, int dir, sdx_blank *out) {
  for (int tries = 0; tries < 64; tries++) {
    uint32_t b;
    if (dir > 0) {
      b = line;
      while (b < len && text[b] != '\n') b++;
      if (b >= len) return false;
      b++;
      row++;
    } else {
      if (line == 0) return false;
      b = line - 1;
      while (b > 0 && text[b - 1] != '\n') b--;
      row--;
    }
    line = b;
    uint32_t first = b;
    while (first < len && text[first] != '\n' && sdx_blank_byte(text[first])) first++;
    if (first < len && text[first] != '\n') {
      uint32_t last = sdx_row_end(text, len, first);
      *out = (sdx_blank){first, last, {row, first - b}, {row, last - b}};
      return true;
    }
  }
  return false;
}

/*
 * Blanks `blank` on top of the kept blanks, re-parses incrementally from `tree`, and undoes the
 * blank. Returns the new tree, or NULL when the budget ran out.
 */
static TSTree *sdx_try_blank(sdx_recovery *r, TSTree *tree, sdx_blank blank) {
  sdx_fill(r->masked, blank.from, blank.to);
  TSInputEdit edit = {blank.from, blank.to, blank.to, blank.at, blank.end, blank.end};
  TSTree *edited = ts_tree_copy(tree);
  ts_tree_edit(edited, &edit);
  TSTree *next = ts_parser_parse_with_options(r->parser, edited, r->input, r->options);
  ts_tree_delete(edited);
  memcpy(r->masked + blank.from, r->src + blank.from, blank.to - blank.from);
  if (!next) ts_parser_reset(r->parser);
  return next;
}

/*
 * Error recovery. A syntax error can make the parser swallow the rest of a construct, or of the
 * file, into one ERROR node (an unclosed call in code being edited; in tree-sitter-typescript,
 * two generic call signatures on consecutive lines). Recovery looks at the rows whose structure
 * is lost, in order, under the first ERROR node that lost SDX_LOOSE_ROWS rows or more; for each
 * such row it tries blanking (turning into spaces, so every offset, row and column stays the
 * same) what is lost on the row, that and the next non-blank row, or the last non-blank row
 * before it (the parser often notices an error a row late), each with an incremental re-parse,
 * and keeps the blank that leaves the fewest bytes in errors, if those are fewer than before by
 * more than the blanked bytes and the blanks after them (that much moves an ERROR's start and
 * gains nothing). It stops after SDX_IDLE_ROUNDS rows in a row gain nothing, after `rounds` rows,
 * or when `budget` (a deadline and a work limit) runs out. Returns the best tree: the caller owns
 * it; `tree` itself when no blank helped. Deterministic unless the deadline passes.
 */
static TSTree *sdx_recover(TSParser *parser, TSTree *tree, const char *src, uint32_t len, int rounds, sdx_budget *budget) {
  char *masked = malloc(len ? len : 1);
  if (!masked) return tree;
  memcpy(masked, src, len);
  sdx_source source = {masked, len};
  sdx_recovery r = {parser, src, masked, len, {&source, sdx_read, TSInputEncodingUTF8, NULL}, {budget, sdx_parse_over}};
  TSTree *best = tree;
  uint64_t measure = sdx_error_measure(ts_tree_root_node(best));
  uint32_t min_row = 0;
  int idle = 0;
  bool out_of_budget = false;
  TSNode error;
  sdx_loose loose;
  for (int round = 0; round < rounds && !out_of_budget && idle < SDX_IDLE_ROUNDS && measure > 0 &&
                      sdx_find_error(ts_tree_root_node(best), min_row, &error, &loose);
       round++) {
    min_row = loose.point.row + 1;
    uint32_t line = loose.byte - loose.point.column;
    uint32_t eol = sdx_row_end(masked, len, loose.byte);
    sdx_blank candidates[3];
    int n = 0;
    if (eol > loose.byte) {
      candidates[n++] = (sdx_blank){loose.byte, eol, loose.point, {loose.point.row, loose.point.column + (eol - loose.byte)}};
      sdx_blank next;
      if (sdx_neighbour_row(masked, len, line, loose.point.row, 1, &next)) {
        candidates[n++] = (sdx_blank){loose.byte, next.to, loose.point, next.end};
      }
    }
    if (sdx_neighbour_row(masked, len, line, loose.point.row, -1, &candidates[n])) n++;
    TSTree *chosen = NULL;
    uint64_t chosen_measure = UINT64_MAX;
    int pick = -1;
    for (int i = 0; i < n; i++) {
      TSTree *next = sdx_try_blank(&r, best, candidates[i]);
      if (!next) {
        out_of_budget = true;
        break;
      }
      uint64_t m = sdx_error_measure(ts_tree_root_node(next));
      uint32_t skip = candidates[i].to;
      while (skip < len && sdx_blank_byte(masked[skip])) skip++;
      uint64_t score = m + (skip - candidates[i].from);
      if (score < measure && score < chosen_measure) {
        if (chosen) ts_tree_delete(chosen);
        chosen = next;
        chosen_measure = score;
        pick = i;
      } else {
        ts_tree_delete(next);
      }
    }
    if (!chosen) {
      idle++;
      continue;
    }
    idle = 0;
    sdx_fill(masked, candidates[pick].from, candidates[pick].to);
    if (best != tree) ts_tree_delete(best);
    best = chosen;
    measure = sdx_error_measure(ts_tree_root_node(best));
  }
  free(masked);
  return best;
}

/*
 * Parses `len` bytes of UTF-8 at `src` with `parser` (its language already set) and runs `query`
 * over the tree, within `budget_us` microseconds for both. When the tree has errors and
 * `recovery_rounds` > 0, first tries to recover what the errors swallowed (sdx_recover, with
 * SDX_RECOVERY_COST times the first parse's work and half of the time left); when that changed
 * the tree, the query runs over the recovered tree first, then over the tree as parsed, so that
 * nothing the latter gives is lost (the caller keeps the first of two captures at one place); the
 * words SDX_TREE_AS_PARSED, 0 (a match of no pattern, with no capture) separate the two.
 *
 * On success returns 0 and sets *out to a malloc'ed array of *out_len words (free it with
 * sdx_free): for each match with at least one capture,
 *   pattern index, capture count, then per capture 6 words:
 *   capture id, start byte, end byte, start row, start column (bytes), end row.
 * *flags bit 0 is set when the tree contains syntax errors; bit 1 when recovery changed the tree.
 * Returns 1 when parsing ran out of time, 2 when memory ran out, 3 when the query ran out of time.
 */
int sdx_extract(TSParser *parser, const TSQuery *query, const char *src, uint32_t len, uint64_t budget_us,
                int recovery_rounds, uint32_t **out, uint64_t *out_len, uint32_t *flags) {
  *out = NULL;
  *out_len = 0;
  *flags = 0;
  uint64_t deadline = sdx_now_ns() + budget_us * 1000ull;
  sdx_budget budget = {deadline, 0, 0};
  sdx_source source = {src, len};
  TSInput input = {&source, sdx_read, TSInputEncodingUTF8, NULL};
  TSParseOptions parse_options = {&budget, sdx_parse_over};
  TSTree *tree = ts_parser_parse_with_options(parser, NULL, input, parse_options);
  if (!tree) {
    ts_parser_reset(parser);
    return 1;
  }
  TSNode root = ts_tree_root_node(tree);
  TSTree *best = tree;
  if (ts_node_has_error(root)) {
    *flags |= 1;
    if (recovery_rounds > 0) {
      uint64_t now = sdx_now_ns();
      sdx_budget recovery = {now + (deadline > now ? (deadline - now) / 2 : 0), 0,
                             SDX_RECOVERY_COST * budget.calls + SDX_RECOVERY_FLOOR};
      best = sdx_recover(parser, tree, src, len, recovery_rounds < SDX_MAX_ROUNDS ? recovery_rounds : SDX_MAX_ROUNDS, &recovery);
      if (best != tree) *flags |= 2;
    }
  }
  sdx_words w = {NULL, 0, 0};
  int status = sdx_run_query(query, ts_tree_root_node(best), &deadline, &w);
  if (status == 0 && best != tree) {
    // the end of the recovered tree's matches: a pattern index no query has, with no capture
    status = sdx_push(&w, SDX_TREE_AS_PARSED) && sdx_push(&w, 0) ? sdx_run_query(query, root, &deadline, &w) : 2;
  }
  if (best != tree) ts_tree_delete(best);
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
