/* tests/test-align.c: banded alignment against a plain dynamic-programming
 * reference, exact seeds against brute force, and the aligner on copies
 * with known edits, across paragraphs, reordered, repeated, in English,
 * shared widely, filtered, and on the samples. */
#include "config.h"

#include <string.h>

#include "test-util.h"
#include "test-corpus.h"
#include "bagu-align.h"
#include "bagu-banded.h"
#include "bagu-parallel.h"
#include "bagu-seeds.h"
#include "bagu-seeds-private.h"

#define NEG_INF (G_MININT / 4)

/* Banded alignment */

/* The best score of aligning a[0..m) with b[0..n) using only the cells
 * with lo <= j - i <= hi: the whole matrix, cells outside the band dead.
 * With @global, the score at (m, n); otherwise the best over all cells
 * (a prefix alignment, the empty one scoring 0). */
#define H(i, j) h[(gsize) (i) * (n + 1) + (j)]

/* Cell (i, j) of the matrix h of (n + 1) columns, from the cells before
 * it; dead outside the band lo <= j - i <= hi. */
static gint
reference_cell (const gint *h, const guint32 *a, const guint32 *b, guint32 n,
                guint32 i, guint32 j, gint64 lo, gint64 hi, const BaguAlignCosts *c)
{
  gint64 d = (gint64) j - i;
  gint v = NEG_INF;

  if (d < lo || d > hi)
    return NEG_INF;
  if (i == 0 && j == 0)
    v = 0;
  if (i > 0 && j > 0 && H (i - 1, j - 1) > NEG_INF)
    v = MAX (v, H (i - 1, j - 1) + (a[i - 1] == b[j - 1] ? c->match : c->mismatch));
  if (i > 0 && H (i - 1, j) > NEG_INF)
    v = MAX (v, H (i - 1, j) + c->gap);
  if (j > 0 && H (i, j - 1) > NEG_INF)
    v = MAX (v, H (i, j - 1) + c->gap);
  return v;
}

static gint
reference_score (const guint32 *a, guint32 m, const guint32 *b, guint32 n,
                 gint64 lo, gint64 hi, const BaguAlignCosts *c, gboolean global)
{
  g_autofree gint *h = g_new (gint, (gsize) (m + 1) * (n + 1));
  gint best = 0;

  for (guint32 i = 0; i <= m; i++)
    for (guint32 j = 0; j <= n; j++)
      {
        H (i, j) = reference_cell (h, a, b, n, i, j, lo, hi, c);
        best = MAX (best, H (i, j));
      }
  return global ? H (m, n) : best;
}

/* The counts must be those of an alignment of m and n tokens with the
 * score reported: gaps = 2 columns - m - n, the rest substitutions. */
static void
assert_counts_consistent (BaguAlignStats st, guint32 m, guint32 n, const BaguAlignCosts *c)
{
  gint64 gaps = 2 * (gint64) st.columns - m - n;
  gint64 subs = (gint64) st.columns - st.matches - gaps;

  assert_true (gaps >= 0);
  assert_true (subs >= 0);
  assert_int_equal (st.score, st.matches * c->match + subs * c->mismatch + gaps * c->gap);
}

static void
random_tokens (GRand *rand, guint32 *out, guint32 len, guint alphabet)
{
  for (guint32 i = 0; i < len; i++)
    out[i] = 0x4E00 + g_rand_int_range (rand, 0, alphabet);
}

static void
test_banded_global_reference (void **state)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);

  (void) state;
  for (guint iter = 0; iter < 3000; iter++)
    {
      guint32 a[40], b[40];
      guint32 m = g_rand_int_range (rand, 0, 30), n = g_rand_int_range (rand, 0, 30);
      guint band = g_rand_int_range (rand, 0, 7);
      BaguAlignCosts c = { g_rand_int_range (rand, 1, 4), -g_rand_int_range (rand, 1, 4),
                           -g_rand_int_range (rand, 1, 4) };
      gint64 lo = MIN (0, (gint64) n - m) - band, hi = MAX (0, (gint64) n - m) + band;
      BaguAlignStats st;

      random_tokens (rand, a, m, g_rand_int_range (rand, 2, 6));
      /* b: a copy of a with edits, or unrelated. */
      if (g_rand_boolean (rand) && m > 0)
        {
          n = 0;
          for (guint32 i = 0; i < m && n < 38; i++)
            {
              guint r = g_rand_int_range (rand, 0, 10);

              if (r == 0)
                continue;                                  /* deletion */
              if (r == 1)
                b[n++] = 0x4E00 + g_rand_int_range (rand, 0, 5); /* insertion */
              b[n++] = r == 2 ? (guint32) (0x4E00 + g_rand_int_range (rand, 0, 5)) : a[i];
            }
          lo = MIN (0, (gint64) n - m) - band, hi = MAX (0, (gint64) n - m) + band;
        }
      else
        random_tokens (rand, b, n, 4);

      st = bagu_banded_global (a, m, b, n, band, &c);
      assert_int_equal (st.score, reference_score (a, m, b, n, lo, hi, &c, TRUE));
      assert_counts_consistent (st, m, n, &c);
      /* A band as wide as the matrix is the unbanded alignment. */
      st = bagu_banded_global (a, m, b, n, m + n, &c);
      assert_int_equal (st.score, reference_score (a, m, b, n, -(gint64) m, n, &c, TRUE));
    }
}

/* A cell of the reference with the counts of the path into it, chosen
 * as the band chooses: the diagonal, then the gap in b, then the gap in
 * a, on a tie; aligned separators count nothing, and a separator in a
 * gap is no column. */
typedef struct {
  gint score;
  guint32 matches, columns;
} RefCell;

static BaguAlignStats
reference_counts (const guint32 *a, guint32 m, const guint32 *b, guint32 n, gint64 lo,
                  gint64 hi, const BaguAlignCosts *c)
{
  g_autofree RefCell *h = g_new (RefCell, (gsize) (m + 1) * (n + 1));

  for (guint32 i = 0; i <= m; i++)
    for (guint32 j = 0; j <= n; j++)
      {
        RefCell best = { NEG_INF, 0, 0 }, x;
        gint64 d = (gint64) j - i;

        if (d >= lo && d <= hi && i == 0 && j == 0)
          best = (RefCell) { 0, 0, 0 };
        else if (d >= lo && d <= hi)
          {
            if (i > 0 && j > 0 && (x = H (i - 1, j - 1)).score > NEG_INF)
              {
                gboolean same = a[i - 1] == b[j - 1];

                x.score += same ? c->match : c->mismatch;
                x.columns += !(same && a[i - 1] == BAGU_TOKEN_SEP);
                x.matches += same && a[i - 1] != BAGU_TOKEN_SEP;
                best = x;
              }
            if (i > 0 && (x = H (i - 1, j)).score > NEG_INF && x.score + c->gap > best.score)
              {
                x.score += c->gap;
                x.columns += a[i - 1] != BAGU_TOKEN_SEP;
                best = x;
              }
            if (j > 0 && (x = H (i, j - 1)).score > NEG_INF && x.score + c->gap > best.score)
              {
                x.score += c->gap;
                x.columns += b[j - 1] != BAGU_TOKEN_SEP;
                best = x;
              }
          }
        H (i, j) = best;
      }
  return (BaguAlignStats) { H (m, n).score, H (m, n).matches, H (m, n).columns };
}

/* Bridges as long on both sides with a token or none changed: the
 * diagonal is the best path, found without filling the band where the
 * costs make it the only one, and must score what the reference does,
 * with the counts of the diagonal (separators aligned count nothing). */
static void
test_banded_global_diagonal (void **state)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (13);

  (void) state;
  for (guint iter = 0; iter < 3000; iter++)
    {
      guint32 a[24], b[24];
      guint32 m = g_rand_int_range (rand, 0, 20), changed = 0, seps = 0;
      gboolean any_sep = FALSE;
      guint band = g_rand_int_range (rand, 0, 6);
      BaguAlignCosts c = { g_rand_int_range (rand, 1, 4), -g_rand_int_range (rand, 1, 6),
                           -g_rand_int_range (rand, 1, 4) };
      guint edits = m > 0 ? g_rand_int_range (rand, 0, 3) : 0;
      BaguAlignStats st, ref;

      for (guint32 i = 0; i < m; i++)
        a[i] = g_rand_int_range (rand, 0, 8) == 0 ? BAGU_TOKEN_SEP
                                                  : 0x4E00 + (guint32) g_rand_int_range (rand, 0, 4);
      memcpy (b, a, m * sizeof (guint32));
      for (guint e = 0; e < edits; e++)
        b[g_rand_int_range (rand, 0, m)] = 0x4F00 + e;
      for (guint32 i = 0; i < m; i++)
        {
          changed += a[i] != b[i];
          seps += a[i] == b[i] && a[i] == BAGU_TOKEN_SEP;
          any_sep |= a[i] == BAGU_TOKEN_SEP;
        }
      st = bagu_banded_global (a, m, b, m, band, &c);
      assert_int_equal (st.score, reference_score (a, m, b, m, -(gint64) band, band, &c, TRUE));
      ref = reference_counts (a, m, b, m, -(gint64) band, band, &c);
      assert_int_equal (st.score, ref.score);
      assert_int_equal (st.matches, ref.matches);
      assert_int_equal (st.columns, ref.columns);
      /* The counts leave separators out: consistent where there are none. */
      if (!any_sep)
        assert_counts_consistent (st, m, m, &c);
      if (changed == 0 || (changed == 1 && c.mismatch > 2 * c.gap))
        {
          assert_int_equal (st.columns, m - seps);
          assert_int_equal (st.matches, m - changed - seps);
        }
    }
}

/* Bridges where one side has a run of tokens the other has not, the
 * rest the same: found without filling the band when no separator is in
 * them, and either way what the reference finds, counts included.
 * Tokens of few kinds, so that the run often repeats its neighbours and
 * several paths tie. */
static void
test_banded_global_run_inserted (void **state)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (14);
  guint clean = 0;

  (void) state;
  for (guint iter = 0; iter < 8000; iter++)
    {
      guint32 a[24], b[32];
      guint32 m = g_rand_int_range (rand, 0, 20), at = g_rand_int_range (rand, 0, m + 1);
      guint32 run = g_rand_int_range (rand, 1, 5);
      guint band = g_rand_int_range (rand, 0, 5);
      BaguAlignCosts c = { g_rand_int_range (rand, 1, 4), -g_rand_int_range (rand, 0, 5),
                           -g_rand_int_range (rand, 1, 4) };
      gboolean any_sep = FALSE;
      BaguAlignStats st, ref;

      for (guint32 i = 0; i < m; i++)
        {
          a[i] = g_rand_int_range (rand, 0, 10) == 0 && iter % 2 == 0
                 ? BAGU_TOKEN_SEP : 0x4E00 + (guint32) g_rand_int_range (rand, 0, 3);
          any_sep |= a[i] == BAGU_TOKEN_SEP;
        }
      /* b is a with a run put in at @at. */
      memcpy (b, a, at * sizeof (guint32));
      for (guint32 r = 0; r < run; r++)
        b[at + r] = 0x4E00 + (guint32) g_rand_int_range (rand, 0, 3);
      memcpy (b + at + run, a + at, (m - at) * sizeof (guint32));
      clean += !any_sep;

      st = bagu_banded_global (a, m, b, m + run, band, &c);
      ref = reference_counts (a, m, b, m + run, -(gint64) band, run + (gint64) band, &c);
      assert_int_equal (st.score, ref.score);
      assert_int_equal (st.matches, ref.matches);
      assert_int_equal (st.columns, ref.columns);
      if (!any_sep && c.mismatch < c.match)
        {
          assert_int_equal (st.score, (gint) m * c.match + (gint) run * c.gap);
          assert_int_equal (st.matches, m);
          assert_int_equal (st.columns, m + run);
        }
      /* And the other way round. */
      st = bagu_banded_global (b, m + run, a, m, band, &c);
      ref = reference_counts (b, m + run, a, m, -(gint64) run - band, band, &c);
      assert_int_equal (st.score, ref.score);
      assert_int_equal (st.matches, ref.matches);
      assert_int_equal (st.columns, ref.columns);
    }
  assert_true (clean > 3000);
}

static void
test_banded_extend_reference (void **state)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (12);

  (void) state;
  for (guint iter = 0; iter < 3000; iter++)
    {
      guint32 a[40], b[40], ra[40], rb[40];
      guint32 m = g_rand_int_range (rand, 0, 30), n = g_rand_int_range (rand, 0, 30);
      guint band = g_rand_int_range (rand, 0, 7);
      BaguAlignCosts c = { g_rand_int_range (rand, 1, 4), -g_rand_int_range (rand, 1, 4),
                           -g_rand_int_range (rand, 1, 4) };
      guint32 la, lb, rla, rlb;
      BaguAlignStats st, rst;

      random_tokens (rand, a, m, 3);
      random_tokens (rand, b, n, 3);
      for (guint32 i = 0; i < MIN (m, n); i++)
        if (g_rand_int_range (rand, 0, 4) > 0)
          b[i] = a[i];   /* mostly the same, so that extensions go somewhere */
      st = bagu_banded_extend (a, m, b, n, 1, band, G_MAXINT / 8, &c, &la, &lb);
      assert_int_equal (st.score, reference_score (a, m, b, n, -(gint64) band, band, &c, FALSE));
      assert_true (la <= m && lb <= n);
      assert_counts_consistent (st, la, lb, &c);
      assert_true (st.score >= 0);
      assert_true (la == 0 || st.score > 0);

      /* Leftwards over the reversed sequences gives the same. */
      for (guint32 i = 0; i < m; i++)
        ra[m - 1 - i] = a[i];
      for (guint32 i = 0; i < n; i++)
        rb[n - 1 - i] = b[i];
      rst = bagu_banded_extend (ra + m, m, rb + n, n, -1, band, G_MAXINT / 8, &c, &rla, &rlb);
      assert_int_equal (rst.score, st.score);
      assert_int_equal (rla, la);
      assert_int_equal (rlb, lb);
    }
}

/* The X-drop extension over the whole band, row by row, as the aligner
 * defines it: the first best cell in row order, stopping after the first
 * row whose best falls more than xdrop below it. */
static gint
reference_xdrop (const guint32 *a, guint32 m, const guint32 *b, guint32 n, guint band,
                 gint xdrop, const BaguAlignCosts *c, guint32 *la, guint32 *lb)
{
  g_autofree gint *h = g_new (gint, (gsize) (m + 1) * (n + 1));
  gint best = 0;

  *la = *lb = 0;
  for (guint32 i = 0; i <= m; i++)
    {
      gint row_best = NEG_INF;

      for (guint32 j = 0; j <= n; j++)
        {
          gint v = H (i, j) = reference_cell (h, a, b, n, i, j, -(gint64) band, band, c);

          row_best = MAX (row_best, v);
          if (v > best)
            best = v, *la = i, *lb = j;
        }
      if (i > 0 && row_best < best - xdrop)
        break;
    }
  return best;
}
#undef H

/* Random extensions against the reference, rightwards and, over the
 * reversed sequences, leftwards.  Over two to five kinds of token (@few)
 * matches are everywhere: the test of whether an extension can leave its
 * start sees rows with and without one, and its bound is often just at 0
 * or at -xdrop; otherwise over sixty, with an eighth of b copied from a.
 * Returns how many extensions ended where they started. */
static guint
check_xdrop_cases (guint32 seed, gboolean few)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint stayed = 0;

  for (guint iter = 0; iter < 20000; iter++)
    {
      guint32 a[40], b[40], ra[40], rb[40];
      guint32 m = g_rand_int_range (rand, 0, 30), n = g_rand_int_range (rand, 0, 30);
      guint band = g_rand_int_range (rand, 0, 6);
      gint xdrop = g_rand_int_range (rand, 0, few ? 8 : 12);
      BaguAlignCosts c = { g_rand_int_range (rand, 1, few ? 3 : 4), -g_rand_int_range (rand, 1, 4),
                           -g_rand_int_range (rand, 1, 4) };
      guint32 la, lb, rla, rlb;
      BaguAlignStats st;
      gint rscore;

      if (few)
        {
          guint32 kinds = g_rand_int_range (rand, 2, 6);

          for (guint32 i = 0; i < m; i++)
            a[i] = 0x4E00 + g_rand_int_range (rand, 0, kinds);
          for (guint32 i = 0; i < n; i++)
            b[i] = 0x4E00 + g_rand_int_range (rand, 0, kinds);
        }
      else
        {
          random_tokens (rand, a, m, 60);
          random_tokens (rand, b, n, 60);
          for (guint32 i = 0; i < MIN (m, n); i++)
            if (g_rand_int_range (rand, 0, 8) == 0)
              b[i] = a[i];
        }
      st = bagu_banded_extend (a, m, b, n, 1, band, xdrop, &c, &la, &lb);
      rscore = reference_xdrop (a, m, b, n, band, xdrop, &c, &rla, &rlb);
      assert_int_equal (st.score, rscore);
      assert_int_equal (la, rla);
      assert_int_equal (lb, rlb);
      assert_counts_consistent (st, la, lb, &c);
      stayed += la == 0 && lb == 0;

      for (guint32 i = 0; i < m; i++)
        ra[m - 1 - i] = a[i];
      for (guint32 i = 0; i < n; i++)
        rb[n - 1 - i] = b[i];
      st = bagu_banded_extend (ra + m, m, rb + n, n, -1, band, xdrop, &c, &la, &lb);
      assert_int_equal (st.score, rscore);
      assert_int_equal (la, rla);
      assert_int_equal (lb, rlb);
    }
  return stayed;
}

/* With a small X-drop and few matches, most extensions end where they
 * start without filling the band; the rest as the reference. */
static void
test_banded_extend_xdrop_reference (void **state)
{
  guint stayed = check_xdrop_cases (21, FALSE);

  (void) state;
  /* Both kinds were tried. */
  assert_true (stayed > 2000 && stayed < 18000);
}

static void
test_banded_extend_few_tokens (void **state)
{
  guint stayed = check_xdrop_cases (22, TRUE);

  (void) state;
  assert_true (stayed > 1000 && stayed < 19000);
}

/* The aligner's band is filled in 16 bits, a register at a time, where
 * the scores stay small, and in full width otherwise.  Costs scaled up
 * far enough take the full-width path and must find the same extension:
 * the same lengths, matches and columns, and the score scaled; both as
 * the reference.  Copies with edits, separators, both directions, and
 * sequences shorter than the band at either end. */
static void
test_banded_extend_narrow_rows (void **state)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (23);
  const BaguAlignCosts kinds[] = { BAGU_ALIGN_COSTS_DEFAULT, { 2, -3, -1 }, { 1, -2, -2 } };
  const gint scale = 300;

  (void) state;
  for (guint iter = 0; iter < 20000; iter++)
    {
      guint32 a[80], b[80];
      guint32 m = g_rand_int_range (rand, 0, 70), n = g_rand_int_range (rand, 0, 70);
      const BaguAlignCosts *c = &kinds[iter % G_N_ELEMENTS (kinds)];
      BaguAlignCosts big = { c->match * scale, c->mismatch * scale, c->gap * scale };
      gint xdrop = g_rand_int_range (rand, 0, 12);
      int step = iter % 2 == 0 ? 1 : -1;
      const guint32 *pa = step > 0 ? a : a + m, *pb = step > 0 ? b : b + n;
      guint32 la, lb, bla, blb, rla, rlb;
      BaguAlignStats st, wide;

      random_tokens (rand, a, m, 40);
      random_tokens (rand, b, n, 40);
      /* b a copy of a with edits, now and then. */
      if (iter % 3 != 0)
        for (guint32 i = 0, j = 0; i < m && j < n; i++, j++)
          {
            guint r = g_rand_int_range (rand, 0, 20);

            if (r == 0 && j + 1 < n)
              b[j++] = 0x9FA0;                    /* an insertion in b */
            else if (r == 1)
              continue;                           /* a deletion: b skips it */
            b[j] = r == 2 ? 0x9FA1 : a[i];        /* a substitution */
          }
      for (guint32 i = 0; i < m; i++)
        if (g_rand_int_range (rand, 0, 25) == 0)
          a[i] = BAGU_TOKEN_SEP;
      for (guint32 j = 0; j < n; j++)
        if (g_rand_int_range (rand, 0, 25) == 0)
          b[j] = BAGU_TOKEN_SEP;

      st = bagu_banded_extend (pa, m, pb, n, step, 4, xdrop, c, &la, &lb);
      wide = bagu_banded_extend (pa, m, pb, n, step, 4, xdrop * scale, &big, &bla, &blb);
      assert_int_equal (wide.score, st.score * scale);
      assert_int_equal (bla, la);
      assert_int_equal (blb, lb);
      assert_int_equal (wide.matches, st.matches);
      assert_int_equal (wide.columns, st.columns);
      if (step > 0)
        {
          assert_int_equal (st.score, reference_xdrop (a, m, b, n, 4, xdrop, c, &rla, &rlb));
          assert_int_equal (la, rla);
          assert_int_equal (lb, rlb);
        }
    }
}

/* Extensions whose copies start alike for a while, as most of the
 * aligner's do: the run is not filled in the band, and the extension must
 * still be the reference's, its counts those of the path the band would
 * have chosen.  Tails over few kinds of token repeat what the run held,
 * so that paths back into it tie with the run's own; separators in the
 * run count nothing.  Both directions. */
static void
test_banded_extend_exact_start (void **state)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (24);
  guint past_run = 0;

  (void) state;
  for (guint iter = 0; iter < 20000; iter++)
    {
      guint32 a[70], b[70], ra[70], rb[70];
      guint32 m = g_rand_int_range (rand, 0, 60), n = g_rand_int_range (rand, 0, 60);
      guint32 run = g_rand_int_range (rand, 0, MIN (m, n) + 1);
      guint band = g_rand_int_range (rand, 0, 6);
      gint xdrop = g_rand_int_range (rand, 0, 12);
      guint kinds = iter % 2 == 0 ? 3 : 40;
      BaguAlignCosts c = { g_rand_int_range (rand, 1, 4), -g_rand_int_range (rand, 1, 4),
                           -g_rand_int_range (rand, 1, 4) };
      guint32 la, lb, rla, rlb;
      BaguAlignStats st, ref;

      random_tokens (rand, a, m, kinds);
      random_tokens (rand, b, n, kinds);
      for (guint32 i = 0; i < m; i++)
        if (g_rand_int_range (rand, 0, 10) == 0)
          a[i] = BAGU_TOKEN_SEP;
      memcpy (b, a, run * sizeof (guint32));
      /* Past the run, a copy with a few edits now and then. */
      if (iter % 3 == 0)
        for (guint32 i = run; i < MIN (m, n); i++)
          if (g_rand_int_range (rand, 0, 5) > 0)
            b[i] = a[i];

      st = bagu_banded_extend (a, m, b, n, 1, band, xdrop, &c, &la, &lb);
      assert_int_equal (st.score, reference_xdrop (a, m, b, n, band, xdrop, &c, &rla, &rlb));
      assert_int_equal (la, rla);
      assert_int_equal (lb, rlb);
      ref = reference_counts (a, la, b, lb, -(gint64) band, band, &c);
      assert_int_equal (st.score, ref.score);
      assert_int_equal (st.matches, ref.matches);
      assert_int_equal (st.columns, ref.columns);
      past_run += la > run;

      for (guint32 i = 0; i < m; i++)
        ra[m - 1 - i] = a[i];
      for (guint32 i = 0; i < n; i++)
        rb[n - 1 - i] = b[i];
      ref = st;
      st = bagu_banded_extend (ra + m, m, rb + n, n, -1, band, xdrop, &c, &rla, &rlb);
      assert_int_equal (st.score, ref.score);
      assert_int_equal (st.matches, ref.matches);
      assert_int_equal (st.columns, ref.columns);
      assert_int_equal (rla, la);
      assert_int_equal (rlb, lb);
    }
  /* Many went on past their run. */
  assert_true (past_run > 4000);
}

static void
test_banded_separators (void **state)
{
  /* 甲乙丙 SEP 丁戊 against the same: the separators align but are not
   * counted as tokens. */
  const guint32 a[] = { 0x7532, 0x4E59, 0x4E19, BAGU_TOKEN_SEP, 0x4E01, 0x620A };
  const guint32 b[] = { 0x7532, 0x4E59, 0x4E19, BAGU_TOKEN_SEP, 0x4E01, 0x620A };
  const guint32 c[] = { 0x7532, 0x4E59, 0x4E19, 0x4E01, 0x620A };
  BaguAlignCosts costs = BAGU_ALIGN_COSTS_DEFAULT;
  BaguAlignStats st;

  (void) state;
  st = bagu_banded_global (a, 6, b, 6, 2, &costs);
  assert_int_equal (st.score, 6);
  assert_int_equal (st.matches, 5);
  assert_int_equal (st.columns, 5);
  /* A paragraph break on one side only costs a gap, counts nothing. */
  st = bagu_banded_global (a, 6, c, 5, 2, &costs);
  assert_int_equal (st.score, 4);
  assert_int_equal (st.matches, 5);
  assert_int_equal (st.columns, 5);
}

static void
test_banded_xdrop_stops (void **state)
{
  /* Ten matching tokens, then nothing alike: the extension ends after the
   * ten whatever follows. */
  guint32 a[200], b[200];
  BaguAlignCosts costs = BAGU_ALIGN_COSTS_DEFAULT;
  guint32 la, lb;
  BaguAlignStats st;

  (void) state;
  for (guint i = 0; i < 200; i++)
    {
      a[i] = 0x5000 + i;
      b[i] = i < 10 ? a[i] : 0x6000 + i;
    }
  st = bagu_banded_extend (a, 200, b, 200, 1, 4, 6, &costs, &la, &lb);
  assert_int_equal (la, 10);
  assert_int_equal (lb, 10);
  assert_int_equal (st.matches, 10);
  assert_int_equal (st.columns, 10);
}

/* An extension longer than the rows kept on the stack: six hundred
 * tokens alike but one in fifty, either way. */
static void
test_banded_extend_long (void **state)
{
  guint32 a[600], b[600];
  BaguAlignCosts costs = BAGU_ALIGN_COSTS_DEFAULT;
  guint32 la, lb;
  BaguAlignStats st;

  (void) state;
  for (guint i = 0; i < 600; i++)
    a[i] = b[i] = 0x5000 + i % 97;
  for (guint i = 25; i < 600; i += 50)
    b[i] = 0x7000;
  st = bagu_banded_extend (a, 600, b, 600, 1, 4, 6, &costs, &la, &lb);
  assert_int_equal (la, 600);
  assert_int_equal (lb, 600);
  assert_int_equal (st.columns, 600);
  assert_int_equal (st.matches, 600 - 12);
  assert_int_equal (st.score, 600 - 2 * 12);
  st = bagu_banded_extend (a + 600, 600, b + 600, 600, -1, 4, 6, &costs, &la, &lb);
  assert_int_equal (la, 600);
  assert_int_equal (lb, 600);
  assert_int_equal (st.matches, 600 - 12);
}

/* Exact seeds */

static void
test_seeds_brute_force (void **state)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (13);
  static const char *const chars[] = { "甲", "乙", "丙" };

  (void) state;
  for (guint iter = 0; iter < 300; iter++)
    {
      /* Some corpora are long enough that the parts of the suffix array
       * make more seeds than they have room for, on one thread and on
       * several. */
      gboolean big = iter % 30 == 0;
      guint n_docs = big ? 8 : g_rand_int_range (rand, 2, 6);
      g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(BaguCorpus) corpus = NULL;
      g_autofree guint32 *starts = NULL;
      g_autoptr(GArray) seeds = NULL;
      g_autoptr(GArray) mixed = NULL;
      g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                              g_free, NULL);
      guint k = big ? 1 : g_rand_int_range (rand, 1, 5);
      BaguSeedOptions options = { k, 1000, NULL };
      guint n_expected = 0;

      for (guint d = 0; d < n_docs; d++)
        {
          GString *s = g_string_new (NULL);
          guint paras = g_rand_int_range (rand, 1, 4);

          for (guint p = 0; p < paras; p++)
            {
              guint len = g_rand_int_range (rand, p == 0 ? 1 : 0, big ? 160 : 16);

              for (guint t = 0; t < len; t++)
                g_string_append (s, chars[g_rand_int_range (rand, 0, 3)]);
              g_string_append_c (s, '\n');
            }
          g_ptr_array_add (texts, g_string_free (s, FALSE));
        }
      corpus = load_texts ((const char *const *) texts->pdata, n_docs, NULL);
      starts = bagu_corpus_document_starts (corpus);

      /* Every pair of positions in different documents followed by the
       * same k tokens, none a separator. */
      for (guint32 da = 0; da < n_docs; da++)
        for (guint32 db = da + 1; db < n_docs; db++)
          for (guint32 p = starts[da]; p < starts[da + 1]; p++)
            for (guint32 q = starts[db]; q < starts[db + 1]; q++)
              {
                gboolean same = p + k <= starts[da + 1] && q + k <= starts[db + 1];

                for (guint t = 0; same && t < k; t++)
                  same = corpus->tokens[p + t] == corpus->tokens[q + t]
                         && corpus->tokens[p + t] != BAGU_TOKEN_SEP;
                if (same)
                  {
                    g_hash_table_add (expected, g_strdup_printf ("%u %u %u %u", da, db, p, q));
                    n_expected++;
                  }
              }
      bagu_parallel_set_threads (1 + iter % 3);
      seeds = bagu_seeds_exact (corpus, starts, &options);
      assert_int_equal (seeds->len, n_expected);
      /* With runs of other tokens under the same fingerprints, the same. */
      bagu_seeds_fingerprint_mask = iter % 2 == 0 ? 3 : 0;
      mixed = bagu_seeds_exact (corpus, starts, &options);
      bagu_seeds_fingerprint_mask = G_MAXUINT32;
      assert_int_equal (mixed->len, seeds->len);
      assert_memory_equal (mixed->data, seeds->data, seeds->len * sizeof (BaguSeed));
      /* From runs grouped already, as analyze groups them: the same, and
       * the runs released once read. */
      {
        g_autoptr(BaguRunGroups) runs = bagu_run_groups_new (corpus->tokens, corpus->n_tokens, k,
                                                             G_MAXUINT32);
        BaguSeedOptions given = options;
        g_autoptr(GArray) grouped = NULL;

        given.groups = runs;
        grouped = bagu_seeds_exact (corpus, starts, &given);
        assert_null (runs->runs);
        assert_int_equal (grouped->len, seeds->len);
        assert_memory_equal (grouped->data, seeds->data, seeds->len * sizeof (BaguSeed));
      }
      for (guint i = 0; i < seeds->len; i++)
        {
          const BaguSeed *s = &g_array_index (seeds, BaguSeed, i);
          g_autofree char *key = g_strdup_printf ("%u %u %u %u", s->a, s->b, s->pa, s->pb);

          assert_true (g_hash_table_contains (expected, key));
          if (i > 0)
            {
              const BaguSeed *r = &g_array_index (seeds, BaguSeed, i - 1);
              gint64 dr = (gint64) r->pb - r->pa, ds = (gint64) s->pb - s->pa;

              /* Sorted by pair, diagonal, position. */
              assert_true (r->a < s->a || (r->a == s->a && (r->b < s->b || (r->b == s->b
                           && (dr < ds || (dr == ds && r->pa < s->pa))))));
            }
        }

      /* With hubs, every seed is still a true one, and every document
       * sharing a k-gram with another has a seed for it. */
      options.max_docs = 2;
      g_clear_pointer (&seeds, g_array_unref);
      seeds = bagu_seeds_exact (corpus, starts, &options);
      for (guint i = 0; i < seeds->len; i++)
        {
          const BaguSeed *s = &g_array_index (seeds, BaguSeed, i);
          g_autofree char *key = g_strdup_printf ("%u %u %u %u", s->a, s->b, s->pa, s->pb);

          assert_true (g_hash_table_contains (expected, key));
        }
      assert_true (seeds->len <= n_expected);
      assert_true ((seeds->len == 0) == (n_expected == 0));
    }
  bagu_parallel_set_threads (0);
}

/* The aligner on hand-made copies */

/* Three paragraphs of report prose and unrelated filler lines. */
#define P1 "各级党组织要把意识形态工作摆在全局工作的重要位置，主要负责同志要带头抓、亲自管，做到守土有责、守土负责、守土尽责。"
#define P1_EDITED "各级党组织要切实把意识形态工作摆在全局工作的突出位置，主要负责同志要带头抓，亲自管，做到守土有责、守土负责、守土尽责。"
#define P2 "全年组织理论学习中心组集体学习多次，围绕党的创新理论开展专题研讨，推动学习成果转化为推进工作的具体举措。"
#define P3 "加强网络阵地建设和管理，健全舆情监测、研判、处置工作机制，及时回应群众关切，营造风清气正的网络空间。"
#define P3_EDITED "加强网络阵地的建设管理，健全舆情监测、研判、处置机制，及时回应群众关切，营造风清气正网络空间。"
#define UA1 "本单位地处城郊结合部，辖区内企业较多，流动人口数量大，基层治理任务繁重。"
#define UA2 "食堂今年换了新的灶具，职工反映饭菜比以前可口。"
#define UA3 "档案室漏雨的屋顶已经修好，旧卷宗搬回了原处。"
#define UB1 "今年春天雨水偏多，果园里的桃花开得比往年晚了一个星期，游客却比往年多。"
#define UB2 "河堤上新栽的柳树大多成活，夏天可以乘凉。"
#define UB3 "村口的小卖部改成了快递收发点，老人取件方便多了。"

typedef struct {
  BaguCorpus *corpus;
  guint32 *starts;
  BaguAlignment *al;
} Aligned;

/* The rooms of the parts fit in one array of a guint of seeds, however
 * large the corpus: at most 2^32 - 2 positions. */
static void
test_seeds_rooms (void **state)
{
  const gsize sizes[] = { 0, 1, 1000, 6415089, 2000000000u, 2863311530u, 3000000000u,
                          G_MAXUINT32 - 2 };

  (void) state;
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint parts = 1; parts <= 64; parts *= 4)
      {
        gsize n = sizes[s], sum = 0;

        for (guint p = 0; p < parts; p++)
          {
            gsize r = n * (p + 1) / parts - n * p / parts;
            gsize room = bagu_seeds_room_of (r, n, parts);

            /* Room for the slack at least, and half as many again as the
             * positions while they fit. */
            assert_true (room >= 1024);
            if ((guint64) n * 3 / 2 + (guint64) parts * 1024 <= G_MAXUINT)
              assert_int_equal (room, r * 3 / 2 + 1024);
            sum += room;
          }
        assert_true (sum <= G_MAXUINT);
        /* The store taken for the sort holds them all, and the positions. */
        assert_true (sum <= bagu_seeds_room_of (n, n, parts) + (gsize) (parts - 1) * 1024);
        assert_true ((guint64) (bagu_seeds_room_of (n, n, parts) + (parts - 1) * 1024) * 16
                     >= (guint64) n * 8);
      }
}

/* A group of positions in more documents than max_docs links each of
 * them to the first position of each of the lowest-numbered documents of
 * the group (two, not counting its own), whatever the fingerprints and
 * the threads. */
static void
test_seeds_hubs (void **state)
{
  const char *texts[] = { P2 P1, P1 P1, P3 P1, P1 P3, P1 };
  g_autoptr(BaguCorpus) corpus = load_texts (texts, G_N_ELEMENTS (texts), NULL);
  g_autofree guint32 *starts = bagu_corpus_document_starts (corpus);
  BaguSeedOptions options = { 5, 2, NULL };
  g_autoptr(GArray) plain = NULL;
  /* Tokens of P1 (document 4 and its separator) and of P3. */
  guint32 t1 = starts[5] - starts[4] - 1, t3 = starts[4] - starts[3] - 1 - t1;
  guint count[5][5] = { { 0 } };

  (void) state;
  bagu_parallel_set_threads (1);
  plain = bagu_seeds_exact (corpus, starts, &options);
  for (guint i = 0; i < plain->len; i++)
    {
      const BaguSeed *s = &g_array_index (plain, BaguSeed, i);

      count[s->a][s->b]++;
      /* Document 1 holds P1 twice: the others link to its first copy. */
      if (s->a == 1 && s->b >= 3)
        {
          assert_true (s->pa - starts[1] < t1);
          assert_int_equal (s->pa - starts[1], s->pb - starts[s->b]);
        }
    }
  /* Of each run of P1: documents 0 and 1 are the hubs of all six
   * positions; document 0 links to 1 and 2 (itself left out), both copies
   * in document 1 link to 0 and 2.  P3's runs are in two documents only:
   * every pair. */
  assert_int_equal (count[0][1], 2 * (t1 - 4));
  assert_int_equal (count[0][2], t1 - 4);
  assert_int_equal (count[1][2], 2 * (t1 - 4));
  assert_int_equal (count[0][3], t1 - 4);
  assert_int_equal (count[1][3], t1 - 4);
  assert_int_equal (count[0][4], t1 - 4);
  assert_int_equal (count[1][4], t1 - 4);
  assert_int_equal (count[2][3], t3 - 4);
  assert_int_equal (count[2][4] + count[3][4], 0);
  for (guint threads = 2; threads <= 3; threads++)
    {
      g_autoptr(GArray) again = NULL;

      bagu_parallel_set_threads (threads);
      bagu_seeds_fingerprint_mask = threads == 2 ? 0 : 1;
      again = bagu_seeds_exact (corpus, starts, &options);
      bagu_seeds_fingerprint_mask = G_MAXUINT32;
      assert_int_equal (again->len, plain->len);
      assert_memory_equal (again->data, plain->data, plain->len * sizeof (BaguSeed));
    }
  bagu_parallel_set_threads (0);
}

/* A run in more than 64 documents links the positions a multiple of four
 * (one less than the seed length) to its hubs: four tokens apart, the
 * seeds of a copy still chain into one passage with each hub. */
static void
test_seeds_thinned (void **state)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(BaguCorpus) corpus = NULL;
  g_autofree guint32 *starts = NULL;
  g_autoptr(GArray) seeds = NULL;
  g_autoptr(BaguAlignment) al = NULL;
  BaguSeedOptions options = { 5, 8, NULL };
  BaguAlignOptions align_options;
  guint32 n_docs = 70;
  guint per_doc[70] = { 0 };

  (void) state;
  /* A character of its own before the copy in every other document: it
   * starts at an even position in some, an odd one in others. */
  for (guint32 d = 0; d < n_docs; d++)
    {
      char own[8] = { 0 };

      if (d % 2 == 1)
        g_unichar_to_utf8 (0x5000 + d, own);
      g_ptr_array_add (texts, g_strdup_printf ("%s%s\n", own, P1));
    }
  corpus = load_texts ((const char *const *) texts->pdata, n_docs, NULL);
  starts = bagu_corpus_document_starts (corpus);
  seeds = bagu_seeds_exact (corpus, starts, &options);
  for (guint i = 0; i < seeds->len; i++)
    {
      const BaguSeed *s = &g_array_index (seeds, BaguSeed, i);

      /* Documents 0 and 1 are the hubs (and 2 for their own rows): the
       * others link at positions a multiple of four only. */
      assert_true (s->a <= 1);
      if (s->b > 2)
        {
          assert_int_equal (s->pb % 4, 0);
          per_doc[s->b]++;
        }
    }
  for (guint32 d = 3; d < n_docs; d++)
    {
      /* The copy: its runs start at c … end - 5, those at a multiple of
       * four linked to both hubs. */
      guint32 c = starts[d] + d % 2, end = starts[d + 1] - 1, linked = 0;

      for (guint32 p = c; p + 5 <= end; p++)
        linked += p % 4 == 0;
      assert_int_equal (per_doc[d], 2 * linked);
    }
  bagu_align_options_init (&align_options);
  al = bagu_align (corpus, starts, &align_options);
  for (guint32 d = 2; d < n_docs; d++)
    {
      guint found = 0;

      for (guint i = 0; i < al->passages->len; i++)
        {
          const BaguPassage *p = bagu_alignment_passage (al, i);

          if (p->a == 0 && p->b == d)
            {
              found++;
              assert_int_equal (p->b_start, d % 2);
              assert_int_equal (p->b_end, d % 2 + g_utf8_strlen (P1, -1) - 1);
            }
        }
      assert_int_equal (found, 1);
    }
}

static Aligned *
align_texts (const char *const *texts, guint n, const BaguAlignOptions *custom)
{
  Aligned *x = g_new0 (Aligned, 1);
  BaguAlignOptions options;

  bagu_align_options_init (&options);
  if (custom != NULL)
    options = *custom;
  x->corpus = load_texts (texts, n, NULL);
  x->starts = bagu_corpus_document_starts (x->corpus);
  x->al = bagu_align (x->corpus, x->starts, &options);
  return x;
}

static void
aligned_free (Aligned *x)
{
  bagu_alignment_free (x->al);
  g_free (x->starts);
  bagu_corpus_free (x->corpus);
  g_free (x);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Aligned, aligned_free)

/* Characters of a paragraph without its final 。: the tokens of a passage
 * end with the last character before it. */
static guint32
text_chars (const char *text)
{
  return g_utf8_strlen (text, -1);
}

static void
assert_passage (const Aligned *x, guint i, guint32 a, const char *a_first, const char *a_last,
                guint32 b, const char *b_first, const char *b_last)
{
  const BaguPassage *p = bagu_alignment_passage (x->al, i);

  assert_int_equal (p->a, a);
  assert_int_equal (p->b, b);
  assert_int_equal (p->a_start, char_offset (x->corpus, a, a_first));
  assert_int_equal (p->a_end, char_offset (x->corpus, a, a_last) + text_chars (a_last) - 1);
  assert_int_equal (p->b_start, char_offset (x->corpus, b, b_first));
  assert_int_equal (p->b_end, char_offset (x->corpus, b, b_last) + text_chars (b_last) - 1);
}

static void
test_known_edits (void **state)
{
  const char *texts[] = {
    UA1 "\n" P1 "\n" UA2 "\n",
    UB1 "\n" P1_EDITED "\n" UB2 "\n",
  };
  g_autoptr(Aligned) x = align_texts (texts, 2, NULL);
  const BaguPassage *p;

  (void) state;
  /* One passage, the paragraph on both sides, despite an insertion (切实),
   * two substitutions (重要 → 突出) and 、 for ，. */
  assert_int_equal (x->al->passages->len, 1);
  assert_passage (x, 0, 0, P1, P1, 1, P1_EDITED, P1_EDITED);
  p = bagu_alignment_passage (x->al, 0);
  assert_int_equal (p->matches, text_chars (P1) - 6 - 2);   /* 5 punctuation, 。, 2 substituted */
  assert_int_equal (p->tokens, p->matches + 2 + 2);        /* 2 substitutions, 2 insertions */
  assert_true (bagu_passage_identity (p) > 0.9 && bagu_passage_identity (p) < 1.0);
}

static void
test_across_paragraphs (void **state)
{
  const char *texts[] = {
    UA1 "\n" P1 "\n" P2 "\n" P3 "\n" UA2 "\n",
    UB1 "\n" UB2 "\n" P1 "\n" P2 "\n" P3_EDITED "\n" UB3 "\n",
  };
  g_autoptr(Aligned) x = align_texts (texts, 2, NULL);

  (void) state;
  /* Three consecutive paragraphs copied: one passage, not three. */
  assert_int_equal (x->al->passages->len, 1);
  assert_passage (x, 0, 0, P1, P3, 1, P1, P3_EDITED);
}

static void
test_reordered (void **state)
{
  const char *texts[] = {
    UA1 "\n" P1 "\n" UA2 "\n" P3 "\n" UA3 "\n",
    UB1 "\n" P3 "\n" UB2 "\n" P1 "\n" UB3 "\n",
  };
  g_autoptr(Aligned) x = align_texts (texts, 2, NULL);

  (void) state;
  assert_int_equal (x->al->passages->len, 2);
  /* Sorted by their start in the first document. */
  assert_passage (x, 0, 0, P1, P1, 1, P1, P1);
  assert_passage (x, 1, 0, P3, P3, 1, P3, P3);
}

/* A common term a few tokens before a copied sentence, in both documents:
 * its seed chains with the copy's, and the two with the unlike tokens
 * between them fall below --min-identity; the copy is kept on its own,
 * from its first token, and the term alone is too short to be. */
#define TERM "意识形态工作"
#define COPY "承担着举旗帜聚民心育新人兴文化展形象的使命任务"
#define COPY_EDITED "承担着举旗帜聚民心育新人兴文化展形象的职责任务"
static void
test_chance_match_before_copy (void **state)
{
  const char *texts[] = {
    UA1 "\n" TERM "今年春天雨水偏多果园" COPY "。\n" UA2 "\n",
    UB1 "\n" TERM "河堤上新栽的柳树大多" COPY_EDITED "。\n" UB2 "\n",
  };
  g_autoptr(Aligned) x = align_texts (texts, 2, NULL);
  const BaguPassage *p;

  (void) state;
  assert_int_equal (x->al->passages->len, 1);
  p = bagu_alignment_passage (x->al, 0);
  assert_int_equal (p->a_start, char_offset (x->corpus, 0, COPY));
  assert_int_equal (p->a_end, p->a_start + text_chars (COPY));
  assert_int_equal (p->b_start, char_offset (x->corpus, 1, COPY_EDITED));
  assert_int_equal (p->b_end, p->b_start + text_chars (COPY_EDITED));
  /* 使命 → 职责 */
  assert_int_equal (p->tokens, text_chars (COPY));
  assert_int_equal (p->matches, text_chars (COPY) - 2);
}

/* A copy shorter than --min-length is kept when it is most of the
 * sentences it lies in on both sides, three quarters of their tokens: a
 * short stock heading, here of twelve characters, copied whole; in a
 * sentence of four characters more it still is, of five more it is not. */
#define HEADING "一是持续加强理论武装工作"
static void
test_short_whole_sentences (void **state)
{
  static const char *const before[] = {
    "", "凉", "凉爽", "凉爽秋", "凉爽秋风", "凉爽秋风吹", "凉爽秋风吹过",
  };

  (void) state;
  for (guint extra = 0; extra < G_N_ELEMENTS (before); extra++)
    {
      g_autofree char *b = g_strconcat (UB1 "\n", before[extra], HEADING "。\n" UB2 "\n", NULL);
      const char *texts[] = { UA1 "\n" HEADING "。\n" UA2 "\n", b };
      g_autoptr(Aligned) x = align_texts (texts, 2, NULL);

      assert_int_equal (x->al->passages->len, extra <= 4 ? 1 : 0);
      if (extra <= 4)
        {
          const BaguPassage *p = bagu_alignment_passage (x->al, 0);

          assert_int_equal (p->a_start, char_offset (x->corpus, 0, HEADING));
          assert_int_equal (p->a_end, p->a_start + text_chars (HEADING));
          assert_int_equal (p->b_start, char_offset (x->corpus, 1, HEADING));
          assert_int_equal (p->b_end, p->b_start + text_chars (HEADING));
        }
    }
}

static void
test_repeat_within_document (void **state)
{
  const char *texts[] = {
    UA1 "\n" P2 "\n" UA2 "\n" P2 "\n" UA3 "\n",
    UB1 "\n" P2 "\n" UB2 "\n",
  };
  g_autoptr(Aligned) x = align_texts (texts, 2, NULL);

  (void) state;
  /* The second document copies the paragraph once: one passage, and none
   * between the two copies inside the first document. */
  assert_int_equal (x->al->passages->len, 1);
  assert_passage (x, 0, 0, P2, P2, 1, P2, P2);
}

static void
test_english (void **state)
{
  const char *texts[] = {
    "Minutes of the spring meeting.\n"
    "The committee reviewed the annual budget and agreed that the funds for the "
    "village library should be increased next year, provided that the regional "
    "office confirms its share of the costs before the end of the summer and the "
    "new reading room opens on time.\n"
    "Tea was served afterwards.\n",
    "Report from the eastern district.\n"
    "The board reviewed the annual budget and agreed that the money for the "
    "village library should be increased next year, provided that the regional "
    "office confirms its share of the costs before the end of autumn and the "
    "new reading room opens on time.\n"
    "The roads were repaired in May.\n",
  };
  g_autoptr(Aligned) x = align_texts (texts, 2, NULL);
  const BaguPassage *p;

  (void) state;
  assert_int_equal (x->al->passages->len, 1);
  p = bagu_alignment_passage (x->al, 0);
  assert_int_equal (p->a_start, char_offset (x->corpus, 0, "The committee"));
  assert_int_equal (p->a_end, char_offset (x->corpus, 0, "on time.") + 7);
  assert_int_equal (p->b_start, char_offset (x->corpus, 1, "The board"));
  assert_int_equal (p->b_end, char_offset (x->corpus, 1, "on time.") + 7);
  /* 45 words; committee/board, funds/money, summer/autumn substituted and
   * a "the" left out. */
  assert_int_equal (p->tokens, 45);
  assert_int_equal (p->matches, 41);
}

/* A line of random CJK characters: shares no run of 5 with another. */
static char *
filler (GRand *rand, guint len)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < len; i++)
    g_string_append_unichar (s, 0x4E00 + g_rand_int_range (rand, 0, 20000));
  g_string_append (s, "。");
  return g_string_free (s, FALSE);
}

static void
test_widely_shared_paragraph (void **state)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (14);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(Aligned) x = NULL;
  guint covered[20] = { 0 };

  (void) state;
  for (guint d = 0; d < 20; d++)
    {
      g_autofree char *u1 = filler (rand, 30);
      g_autofree char *u2 = filler (rand, 30);

      g_ptr_array_add (texts, g_strconcat (u1, "\n", P1, "\n", u2, "\n", NULL));
    }
  x = align_texts ((const char *const *) texts->pdata, 20, NULL);
  /* More documents than seed_docs: every copy aligns with a hub, whole,
   * but not every pair is compared. */
  assert_true (x->al->passages->len >= 19);
  assert_true (x->al->passages->len <= 2 * 20);
  for (guint i = 0; i < x->al->passages->len; i++)
    {
      const BaguPassage *p = bagu_alignment_passage (x->al, i);

      assert_int_equal (p->a_start, char_offset (x->corpus, p->a, P1));
      assert_int_equal (p->a_end - p->a_start, text_chars (P1) - 1);
      assert_int_equal (p->b_start, char_offset (x->corpus, p->b, P1));
      covered[p->a]++, covered[p->b]++;
    }
  for (guint d = 0; d < 20; d++)
    assert_true (covered[d] > 0);
}

/* Documents drawn from a small pool of paragraphs, some edited, some
 * widely shared: the parts of the pairs differ in cost, and the result must
 * not depend on how many threads align them. */
static void
test_threads (void **state)
{
  const char *pool[] = { P1, P1_EDITED, P2, P3, P3_EDITED, UA1, UA2, UA3, UB1, UB2, UB3 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(BaguCorpus) corpus = NULL;
  g_autofree guint32 *starts = NULL;
  g_autoptr(BaguAlignment) one = NULL;
  BaguAlignOptions options;

  (void) state;
  for (guint d = 0; d < 120; d++)
    {
      GString *text = g_string_new (NULL);

      if (d % 10 == 9)
        {
          /* A near-duplicate of the one before: the same lines but one. */
          g_auto(GStrv) lines = g_strsplit (texts->pdata[d - 1], "\n", -1);

          g_free (lines[2]);
          lines[2] = g_strdup (UB2);
          g_ptr_array_add (texts, g_strjoinv ("\n", lines));
          g_string_free (text, TRUE);
          continue;
        }
      for (guint k = 0; k < 4; k++)
        {
          g_autofree char *own = filler (rand, 12 + g_rand_int_range (rand, 0, 30));

          g_string_append_printf (text, "%s\n%s\n",
                                  pool[g_rand_int_range (rand, 0, G_N_ELEMENTS (pool))], own);
        }
      g_ptr_array_add (texts, g_string_free (text, FALSE));
    }
  corpus = load_texts ((const char *const *) texts->pdata, texts->len, NULL);
  starts = bagu_corpus_document_starts (corpus);
  bagu_align_options_init (&options);
  bagu_parallel_set_threads (1);
  one = bagu_align (corpus, starts, &options);
  assert_true (one->passages->len > 500);
  assert_true (one->duplicates->len > 0);
  /* In the order of their text: document a, where in it, document b, where
   * in it, and the ends. */
  for (guint i = 1; i < one->passages->len; i++)
    {
      const BaguPassage *p = &g_array_index (one->passages, BaguPassage, i - 1);
      const BaguPassage *q = &g_array_index (one->passages, BaguPassage, i);
      guint32 x[] = { p->a, p->a_start, p->b, p->b_start, p->a_end, p->b_end };
      guint32 y[] = { q->a, q->a_start, q->b, q->b_start, q->a_end, q->b_end };
      guint k = 0;

      while (k + 1 < G_N_ELEMENTS (x) && x[k] == y[k])
        k++;
      assert_true (x[k] <= y[k]);
    }
  for (guint threads = 2; threads <= 7; threads += 5)
    {
      g_autoptr(BaguAlignment) many = NULL;

      bagu_parallel_set_threads (threads);
      many = bagu_align (corpus, starts, &options);
      assert_int_equal (many->n_seeds, one->n_seeds);
      assert_int_equal (many->n_pairs, one->n_pairs);
      assert_int_equal (many->passages->len, one->passages->len);
      assert_memory_equal (many->passages->data, one->passages->data,
                           one->passages->len * sizeof (BaguPassage));
      assert_int_equal (many->shares->len, one->shares->len);
      assert_memory_equal (many->shares->data, one->shares->data,
                           one->shares->len * sizeof (BaguShare));
      assert_int_equal (many->duplicates->len, one->duplicates->len);
      for (guint i = 0; i < one->duplicates->len; i++)
        {
          const BaguDuplicate *x = &g_array_index (one->duplicates, BaguDuplicate, i);
          const BaguDuplicate *y = &g_array_index (many->duplicates, BaguDuplicate, i);

          assert_true (x->a == y->a && x->b == y->b && x->cluster == y->cluster);
          assert_true (x->share_a == y->share_a && x->share_b == y->share_b);
        }
      assert_memory_equal (many->cluster, one->cluster, corpus->documents->len * sizeof (guint32));
    }
  bagu_parallel_set_threads (0);
}

static void
test_near_duplicates (void **state)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (15);
  g_autofree char *u1 = filler (rand, 200);
  g_autofree char *u2 = filler (rand, 200);
  const char *texts[] = {
    P1 "\n" P2 "\n" P3 "\n",
    UA1 "\n",
    P1_EDITED "\n" P2 "\n" P3_EDITED "\n",
    P1 "\n", /* replaced below */
  };
  g_autofree char *long_one = g_strconcat (P2, "\n", u1, "\n", u2, "\n", NULL);
  g_autoptr(Aligned) x = NULL;
  const BaguDuplicate *d;

  (void) state;
  texts[3] = long_one;
  x = align_texts (texts, 4, NULL);
  /* 0 and 2 are the same report with edits; 3 shares a paragraph with
   * them but is mostly its own. */
  assert_int_equal (x->al->duplicates->len, 1);
  d = &g_array_index (x->al->duplicates, BaguDuplicate, 0);
  assert_int_equal (d->a, 0);
  assert_int_equal (d->b, 2);
  assert_true (d->share_a > 0.95 && d->share_b > 0.95);
  assert_int_equal (x->al->n_clusters, 1);
  assert_int_equal (x->al->cluster[0], 1);
  assert_int_equal (x->al->cluster[1], 0);
  assert_int_equal (x->al->cluster[2], 1);
  assert_int_equal (x->al->cluster[3], 0);
  /* The passages with 3 are still reported. */
  assert_true (x->al->passages->len >= 3);
}

static void
test_filters (void **state)
{
  const char *texts[] = {
    UA1 "\n" P1 "\n",
    UB1 "\n" P1 "\n",
    UA2 "\n" P1 "\n",
  };
  BaguAlignOptions options;
  BaguPairFilter filter = { 0 };
  g_autoptr(Aligned) all = NULL;
  g_autoptr(Aligned) grouped = NULL;
  g_autoptr(Aligned) listed = NULL;

  (void) state;
  all = align_texts (texts, 3, NULL);
  assert_int_equal (all->al->passages->len, 3);

  /* Documents 0 and 1 in one group: only their pairs with 2 are left. */
  bagu_align_options_init (&options);
  filter.group = g_new (guint32, 3);
  filter.group[0] = 7, filter.group[1] = 7, filter.group[2] = G_MAXUINT32;
  options.filter = &filter;
  grouped = align_texts (texts, 3, &options);
  assert_int_equal (grouped->al->passages->len, 2);
  for (guint i = 0; i < 2; i++)
    assert_int_equal (bagu_alignment_passage (grouped->al, i)->b, 2);
  bagu_pair_filter_clear (&filter);

  /* Only the pair 0, 2 listed. */
  bagu_pair_filter_add_pair (&filter, 3, 2, 0);
  bagu_pair_filter_sort_partners (&filter);
  listed = align_texts (texts, 3, &options);
  assert_int_equal (listed->al->passages->len, 1);
  assert_int_equal (bagu_alignment_passage (listed->al, 0)->a, 0);
  assert_int_equal (bagu_alignment_passage (listed->al, 0)->b, 2);
  bagu_pair_filter_clear (&filter);
}

static void
test_samples_near_duplicates (void **state)
{
  g_autoptr(BaguCorpus) corpus = load_samples ();
  g_autofree guint32 *starts = bagu_corpus_document_starts (corpus);
  g_autoptr(BaguAlignment) al = NULL;
  BaguAlignOptions options;
  guint32 art2 = G_MAXUINT32, art11 = G_MAXUINT32;

  (void) state;
  bagu_align_options_init (&options);
  al = bagu_align (corpus, starts, &options);
  for (guint32 d = 0; d < corpus->documents->len; d++)
    {
      const BaguDocument *doc = bagu_corpus_document (corpus, d);

      if (g_str_has_suffix (bagu_corpus_source (corpus, doc->source)->path, "004_28473338c6d0f06c.txt"))
        {
          if (doc->article == 2)
            art2 = d;
          else if (doc->article == 11)
            art11 = d;
        }
    }
  assert_int_not_equal (art2, G_MAXUINT32);
  assert_int_not_equal (art11, G_MAXUINT32);
  /* Articles 2 and 11 of the compilation are nearly the same report. */
  assert_int_not_equal (al->cluster[art2], 0);
  assert_int_equal (al->cluster[art2], al->cluster[art11]);
  assert_true (al->passages->len > 50);
  for (guint i = 0; i < al->passages->len; i++)
    {
      const BaguPassage *p = bagu_alignment_passage (al, i);

      assert_true (p->a < p->b);
      assert_true (p->a_start < p->a_end && p->b_start < p->b_end);
      assert_true (p->a_end <= bagu_corpus_document (corpus, p->a)->n_chars);
      assert_true (p->b_end <= bagu_corpus_document (corpus, p->b)->n_chars);
      assert_true (bagu_passage_identity (p) >= options.min_identity);
    }
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_banded_global_reference),
    cmocka_unit_test (test_banded_global_diagonal),
    cmocka_unit_test (test_banded_global_run_inserted),
    cmocka_unit_test (test_banded_extend_reference),
    cmocka_unit_test (test_banded_extend_xdrop_reference),
    cmocka_unit_test (test_banded_extend_few_tokens),
    cmocka_unit_test (test_banded_extend_narrow_rows),
    cmocka_unit_test (test_banded_extend_exact_start),
    cmocka_unit_test (test_banded_separators),
    cmocka_unit_test (test_banded_xdrop_stops),
    cmocka_unit_test (test_banded_extend_long),
    cmocka_unit_test (test_seeds_brute_force),
    cmocka_unit_test (test_seeds_rooms),
    cmocka_unit_test (test_seeds_hubs),
    cmocka_unit_test (test_seeds_thinned),
    cmocka_unit_test (test_known_edits),
    cmocka_unit_test (test_across_paragraphs),
    cmocka_unit_test (test_reordered),
    cmocka_unit_test (test_chance_match_before_copy),
    cmocka_unit_test (test_short_whole_sentences),
    cmocka_unit_test (test_repeat_within_document),
    cmocka_unit_test (test_english),
    cmocka_unit_test (test_widely_shared_paragraph),
    cmocka_unit_test (test_threads),
    cmocka_unit_test (test_near_duplicates),
    cmocka_unit_test (test_filters),
    cmocka_unit_test (test_samples_near_duplicates),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
