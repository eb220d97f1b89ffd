/* bagu-banded.h: banded alignment of two token sequences.
 *
 * The aligner knows where two copies of a passage agree exactly (its
 * seeds) and uses these to bridge the edits between two seeds and to
 * extend a passage past its last seed.  Both stay close to a diagonal, so
 * only a band of the dynamic-programming matrix is filled: time and memory
 * grow with the length times the band, not with the product of lengths.
 *
 * Scores are linear: every column scores match, mismatch or gap.
 * Separators (BAGU_TOKEN_SEP) are scored like any token, so that a
 * paragraph boundary aligns with a paragraph boundary, but are not counted
 * in the columns and matches reported. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  gint match;      /* > 0 */
  gint mismatch;   /* < 0 */
  gint gap;        /* < 0, per token inserted or deleted */
} BaguAlignCosts;

#define BAGU_ALIGN_COSTS_DEFAULT { 1, -1, -1 }

typedef struct {
  gint score;
  guint32 matches;   /* columns with the same token on both sides */
  guint32 columns;   /* matches, substitutions and gaps */
} BaguAlignStats;

/**
 * bagu_banded_global:
 * @band: diagonals allowed beyond those between (0, 0) and (m, n)
 *
 * Aligns all of a[0..m) with all of b[0..n), using only the cells (i, j)
 * with min (0, n - m) - band <= j - i <= max (0, n - m) + band.
 *
 * Returns: the score of the best such alignment and its counts
 */
BaguAlignStats bagu_banded_global (const guint32 *a, guint32 m,
                                   const guint32 *b, guint32 n,
                                   guint band, const BaguAlignCosts *costs);

/**
 * bagu_banded_extend:
 * @step: 1 to read a[0], a[1] … and b[0], b[1] …; -1 to read a[-1], a[-2] …
 *   and b[-1], b[-2] … (an extension to the left)
 * @m: how many tokens of @a may be used; @n likewise
 * @xdrop: stop once every cell of a row scores this far below the best
 * @a_len: (out): tokens of @a in the best extension
 * @b_len: (out): tokens of @b in it
 *
 * Finds the prefixes of @a and @b (read in direction @step) whose
 * alignment within |j - i| <= band scores best; the empty extension scores
 * 0, so the result never makes a passage worse.
 */
BaguAlignStats bagu_banded_extend (const guint32 *a, guint32 m,
                                   const guint32 *b, guint32 n,
                                   int step, guint band, gint xdrop,
                                   const BaguAlignCosts *costs,
                                   guint32 *a_len, guint32 *b_len);

G_END_DECLS
