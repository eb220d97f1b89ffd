/* bagu-index.h: the exact index of a corpus: suffix array and LCP array over
 * the token stream.
 *
 * The suffix array is built with SA-IS on the integer alphabet of token ids
 * (Debian's libdivsufsort sorts bytes only).  Common prefixes stop at
 * BAGU_TOKEN_SEP, so no match runs across a paragraph or a noise span.
 * The phrases need only the positions a repeated run of their minimum
 * length covers: bagu_index_build_repeats indexes those alone. */
#pragma once

#include <glib.h>

#include "bagu-runs.h"

G_BEGIN_DECLS

#define BAGU_INDEX_ERROR (bagu_index_error_quark ())
GQuark bagu_index_error_quark (void);

typedef enum {
  BAGU_INDEX_ERROR_TOO_LARGE,   /* more positions than 32-bit offsets hold */
} BaguIndexError;

typedef struct {
  const guint32 *tokens;  /* the token stream indexed (transfer none) */
  guint32 n;              /* rows: every position, or those bagu_index_build_repeats keeps */
  guint32 n_tokens;       /* the length of the token stream */
  guint32 *sa;            /* per row, its position, in the order of the suffixes
                           * (in an index of repeats, each read up to the first
                           * position it does not cover, which reads as a
                           * separator; a separator row's is that position) */
  guint32 *lcp;           /* lcp[i]: tokens shared by the suffixes of rows i-1 and
                           * i, up to the first separator; lcp[0] = 0 */
  guint32 min_length;     /* 0, or the length of the runs of an index of repeats */
  guint64 *covered;       /* (nullable): in an index of repeats, a bit per position
                           * set when it is covered; NULL when every one is */
} BaguIndex;

/* Whether @index covers position @pos: every position of a full index. */
static inline gboolean
bagu_index_covers (const BaguIndex *index, guint32 pos)
{
  return index->covered == NULL || ((index->covered[pos / 64] >> (pos % 64)) & 1);
}

/**
 * bagu_index_build:
 * @tokens: a token stream whose last token is BAGU_TOKEN_SEP; it must stay
 *   alive and unchanged as long as the index
 * @n: its length
 *
 * Returns: (transfer full): the index, or %NULL with @error set
 */
BaguIndex *bagu_index_build (const guint32 *tokens, gsize n, GError **error);
/* The index of the positions that a run of @min_length tokens or more,
 * occurring twice or more, can cover, each other run of positions given
 * one row (a separator's): every interval of @min_length tokens or more
 * is the same set of positions as in bagu_index_build's, and so are its
 * LCP values; the order of the rows inside it may differ.  Phrases of
 * fewer than @min_length tokens cannot be mined from it.
 *
 * Such a run is made of repeated runs of bagu_index_run_length
 * (@min_length) tokens, one starting at each of its first min_length - j
 * + 1 positions: the index keeps the positions that stretches of so many
 * repeated starts cover, a few more than the repeated runs of min_length
 * cover (2 % more on 5,000 documents) for a sort of the shorter runs,
 * which the aligner's seeds sort too. */
BaguIndex *bagu_index_build_repeats (const guint32 *tokens, gsize n, guint32 min_length,
                                     GError **error);

/* The length j of the runs whose repeats bagu_index_build_repeats reads:
 * the aligner's seed length, or @min_length if that is shorter. */
#define BAGU_INDEX_RUN_LENGTH 5
guint32 bagu_index_run_length (guint32 min_length);

/* bagu_index_build_repeats from the runs grouped already, whose length
 * must be bagu_index_run_length (@min_length); only their repeated
 * positions are read. */
BaguIndex *bagu_index_build_repeats_with (const guint32 *tokens, gsize n, guint32 min_length,
                                          const BaguRunGroups *runs, GError **error);
void bagu_index_free (BaguIndex *index);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BaguIndex, bagu_index_free)

/**
 * bagu_index_locate:
 * @pattern: (array length=m): a token sequence without separators
 * @lo: (out): the first suffix array row whose suffix starts with @pattern
 * @hi: (out): one past the last
 *
 * In an index of repeats, an occurrence is found when the index covers
 * all its positions: every occurrence of a pattern of its min_length
 * tokens or more that occurs twice or more, and perhaps not others.
 *
 * Returns: the number of occurrences, hi - lo
 */
guint32 bagu_index_locate (const BaguIndex *index, const guint32 *pattern, guint32 m,
                           guint32 *lo, guint32 *hi);

/* An LCP interval: the suffix array rows lb..rb (inclusive) whose suffixes
 * share their first lcp tokens, and no row beyond them does.  value[] is
 * the visitor's own: zero when the interval opens. */
typedef struct {
  guint32 lcp;
  guint32 lb, rb;
  guint32 value[3];
} BaguInterval;

typedef struct {
  /* Called once per row i, in order, with the open intervals: stack[0] is
   * the root, stack[depth - 1] the deepest.  For every earlier row j, the
   * deepest open interval with lb <= j is the lowest interval containing
   * both rows (its lcp is the minimum of lcp[j+1..i]).  May be NULL. */
  void (*leaf) (guint32 i, BaguInterval *stack, guint depth, gpointer user_data);
  /* Called when an interval closes, after all intervals nested in it, with
   * the interval it is nested in (NULL for the root). */
  void (*close) (BaguInterval *interval, BaguInterval *parent, gpointer user_data);
} BaguIntervalVisitor;

/**
 * bagu_index_visit:
 *
 * Walks the LCP intervals bottom-up (the internal nodes of the suffix tree)
 * in one pass over the LCP array.
 */
void bagu_index_visit (const BaguIndex *index, const BaguIntervalVisitor *visitor,
                       gpointer user_data);

/**
 * bagu_index_visit_rows:
 * @lo: a row whose LCP with the row before is 0 (or 0)
 * @hi: a row whose LCP with the row before is 0 (or the number of rows)
 *
 * The same walk over rows @lo … @hi - 1 alone: the intervals that lie in
 * them, then the range itself as the root (LCP 0).  Ranges cut where the
 * LCP is 0 share no interval but the whole index's root, so they can be
 * walked on several threads.
 */
void bagu_index_visit_rows (const BaguIndex *index, guint32 lo, guint32 hi,
                            const BaguIntervalVisitor *visitor, gpointer user_data);

G_END_DECLS
