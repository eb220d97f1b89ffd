/* bagu-banded.c: banded alignment, two rows of the band at a time. */
#include "config.h"

#include <string.h>

#include "bagu-banded.h"
#include "bagu-corpus.h"

/* Far below any reachable score, with room to add to it. */
#define NEG (G_MININT / 4)

/* Bands up to this many cells wide are kept on the stack: the aligner
 * makes millions of small alignments. */
#define STACK_CELLS 128

typedef struct {
  gint score;
  guint32 matches;
  guint32 columns;
} Cell;

static const Cell dead = { NEG, 0, 0 };

/* The cell reached from @from by a column of x over y (either may be a
 * gap, given as NULL). */
static inline Cell
step_cell (Cell from, const guint32 *x, const guint32 *y, const BaguAlignCosts *costs)
{
  Cell c = from;

  if (from.score == NEG)
    return dead;
  if (x != NULL && y != NULL)
    {
      gboolean same = *x == *y;

      c.score += same ? costs->match : costs->mismatch;
      if (!(same && *x == BAGU_TOKEN_SEP))
        c.columns++;
      if (same && *x != BAGU_TOKEN_SEP)
        c.matches++;
    }
  else
    {
      c.score += costs->gap;
      if (*(x != NULL ? x : y) != BAGU_TOKEN_SEP)
        c.columns++;
    }
  return c;
}

/* The best of the three ways into a cell; on a tie the diagonal, then the
 * gap in b, then the gap in a, so that results do not depend on chance. */
static inline Cell
best_of (Cell diag, Cell up, Cell left)
{
  Cell best = diag;

  if (up.score > best.score)
    best = up;
  if (left.score > best.score)
    best = left;
  return best;
}

/* Token i of a sequence read forwards (step 1) or backwards (step -1). */
static inline const guint32 *
at (const guint32 *s, int step, guint32 i)
{
  return step > 0 ? s + i : s - 1 - (gssize) i;
}

/* Fills row i of the band lo..hi (cells indexed by diagonal j - i minus lo)
 * from the row above.  Returns the best score of the row. */
static inline __attribute__ ((always_inline)) gint
fill_row (Cell *cur, const Cell *prev, guint32 i, gint64 lo, guint w,
          const guint32 *a, guint32 m, const guint32 *b, guint32 n, int step,
          const BaguAlignCosts *costs)
{
  gint row_best = NEG;

  (void) m;
  for (guint k = 0; k < w; k++)
    {
      gint64 j = (gint64) i + lo + k;
      Cell diag = dead, up = dead, left = dead;

      if (j < 0 || j > n)
        {
          cur[k] = dead;
          continue;
        }
      if (j >= 1)
        diag = step_cell (prev[k], at (a, step, i - 1), at (b, step, j - 1), costs);
      if (k + 1 < w)
        up = step_cell (prev[k + 1], at (a, step, i - 1), NULL, costs);
      if (k >= 1 && j >= 1)
        left = step_cell (cur[k - 1], NULL, at (b, step, j - 1), costs);
      cur[k] = best_of (diag, up, left);
      row_best = MAX (row_best, cur[k].score);
    }
  return row_best;
}

/* Row 0: only gaps in a. */
static inline __attribute__ ((always_inline)) void
first_row (Cell *row, gint64 lo, guint w, const guint32 *b, guint32 n, int step,
           const BaguAlignCosts *costs)
{
  for (guint k = 0; k < w; k++)
    {
      gint64 j = lo + k;

      if (j < 0 || j > n)
        row[k] = dead;
      else if (j == 0)
        row[k] = (Cell) { 0, 0, 0 };
      else
        row[k] = step_cell (row[k - 1], NULL, at (b, step, j - 1), costs);
    }
}

BaguAlignStats
bagu_banded_global (const guint32 *a, guint32 m, const guint32 *b, guint32 n,
                    guint band, const BaguAlignCosts *costs)
{
  gint64 lo = MIN (0, (gint64) n - m) - (gint64) band;
  gint64 hi = MAX (0, (gint64) n - m) + (gint64) band;
  guint w = hi - lo + 1;
  Cell stack[2 * STACK_CELLS];
  g_autofree Cell *heap = w > STACK_CELLS ? g_new (Cell, 2 * (gsize) w) : NULL;
  Cell *prev = heap != NULL ? heap : stack, *cur = prev + w;
  Cell end;

  first_row (prev, lo, w, b, n, 1, costs);
  for (guint32 i = 1; i <= m; i++)
    {
      Cell *t;

      fill_row (cur, prev, i, lo, w, a, m, b, n, 1, costs);
      t = prev, prev = cur, cur = t;
    }
  end = prev[(gint64) n - m - lo];
  return (BaguAlignStats) { end.score, end.matches, end.columns };
}

/* Whether an extension can score above 0 before the X-drop ends it.  A
 * path to row i has a column for each of the first i tokens of a, and
 * only a match scores: with M of these rows holding a token of b in the
 * band equal to theirs, it scores at most match × M - penalty × (i - M),
 * penalty the smaller of the two.  While this bound stays at 0 or below
 * the best cell is the start; once it falls xdrop below, so does every
 * cell of the row, and the extension would end there with nothing.  Most
 * extensions of the aligner start at a chance seed, with few matches
 * near: this looks at the band's pairs of tokens, row by row, instead of
 * filling its cells. */
static inline __attribute__ ((always_inline)) gboolean
can_extend (const guint32 *a, guint32 m, const guint32 *b, guint32 n, int step, guint band,
            gint xdrop, const BaguAlignCosts *costs)
{
  gint64 penalty = MIN (-costs->mismatch, -costs->gap);
  gint64 bound = 0;

  if (costs->match <= 0 || penalty <= 0)
    return TRUE;
  for (guint32 i = 0; i < m; i++)
    {
      guint32 j0 = i > band ? i - band : 0;
      guint32 j1 = MIN ((guint64) i + band + 1, (guint64) n);
      gboolean match = FALSE;

      for (guint32 j = j0; j < j1 && !match; j++)
        match = *at (a, step, i) == *at (b, step, j);
      bound += match ? costs->match : -penalty;
      if (bound > 0)
        return TRUE;
      if (bound < -(gint64) xdrop)
        return FALSE;
    }
  return FALSE;
}

/* The extension, inlined once for each direction so that reading the
 * tokens forwards or backwards costs no branch.  It fills the band with
 * scores alone, every row kept (an extension is short: it ends when its
 * score falls xdrop below the best), and counts the matches and columns
 * of the best cell afterwards, walking back the way each cell was
 * reached: the same cells, chosen by the same rule, as carrying the
 * counts in every cell.  A row has a dead cell on either side, and the
 * cells of the band outside the sequences are dead: a dead cell is NEG or
 * a little below, far under any live one, so no cell needs a test. */
#define STACK_SCORES 1024

static inline __attribute__ ((always_inline)) BaguAlignStats
extend (const guint32 *a, guint32 m, const guint32 *b, guint32 n,
        int step, guint band, gint xdrop, const BaguAlignCosts *costs,
        guint32 *a_len, guint32 *b_len)
{
  gint64 lo = -(gint64) band;
  guint w = 2 * band + 1, stride = w + 2;
  gint stack[STACK_SCORES];
  g_autofree gint *heap = NULL;
  gint *score = stack;
  gsize rows = STACK_SCORES / stride;
  gint best = 0;
  guint32 best_i = 0, matches = 0, columns = 0;
  guint best_k = band;

  if (xdrop >= 0 && !can_extend (a, m, b, n, step, band, xdrop, costs))
    {
      *a_len = *b_len = 0;
      return (BaguAlignStats) { 0, 0, 0 };
    }
  if (rows < 2)
    {
      rows = 2;
      score = heap = g_new (gint, rows * stride);
    }
  /* Row 0: only gaps in a.  None beats the start. */
  {
    gint *row = score + 1;

    row[-1] = row[w] = NEG;
    for (guint k = 0; k < w; k++)
      {
        gint64 j = lo + k;

        row[k] = j < 0 || j > n ? NEG : j == 0 ? 0 : row[k - 1] + costs->gap;
      }
  }
  for (guint32 i = 1; i <= m; i++)
    {
      gint *row, *prev;
      gint row_best = NEG;
      /* The cells of the row inside b: k_lo … k_hi. */
      gint64 k_lo = MAX (0, -((gint64) i + lo));
      gint64 k_hi = MIN ((gint64) w - 1, (gint64) n - i - lo);

      if (i >= rows)
        {
          gsize more = 2 * rows;
          gint *grown = g_new (gint, more * stride);

          memcpy (grown, score, rows * stride * sizeof (gint));
          g_free (heap);
          score = heap = grown;
          rows = more;
        }
      row = score + (gsize) i * stride + 1;
      prev = row - stride;
      /* Most rows lie inside both sequences, the band whole: these take
       * a loop of a known length, unrolled where the band is a constant,
       * without the tests of the edges.  The same cells, the same scores. */
      if (k_lo == 0 && k_hi == (gint64) w - 1 && (gint64) i + lo >= 1)
        {
          const guint32 x = *at (a, step, i - 1);
          const guint32 *y = at (b, step, (guint32) ((gint64) i + lo - 1));
          gint left = NEG;

          row[-1] = row[w] = NEG;
#pragma GCC unroll 16
          for (guint k = 0; k < w; k++)
            {
              gint d = prev[k] + (x == *(step > 0 ? y + k : y - k) ? costs->match
                                                                   : costs->mismatch);
              gint u = prev[k + 1] + costs->gap;
              gint c = MAX (d, u);

              c = MAX (c, left + costs->gap);
              row[k] = c;
              left = c;
              row_best = MAX (row_best, c);
            }
          if (row_best > best)
            {
              guint k = 0;

              while (row[k] != row_best)
                k++;
              best = row_best;
              best_i = i;
              best_k = k;
            }
          if (row_best < best - xdrop)
            break;
          continue;
        }
      /* Only the cells outside the sequences are dead from the start. */
      for (gint64 k = -1; k < k_lo; k++)
        row[k] = NEG;
      for (gint64 k = MAX (k_hi + 1, k_lo); k <= (gint64) w; k++)
        row[k] = NEG;
      for (gint64 k = k_lo; k <= k_hi; k++)
        {
          gint64 j = (gint64) i + lo + k;
          gint d, u, l, c;

          /* j == 0: no token of b before, and the cell above-left is
           * outside the band or dead. */
          d = j >= 1 && *at (a, step, i - 1) == *at (b, step, j - 1) ? costs->match
                                                                      : costs->mismatch;
          d += prev[k];
          u = prev[k + 1] + costs->gap;
          l = (row + k)[-1] + costs->gap;
          /* On a tie the diagonal, then the gap in b, then the gap in a. */
          c = d;
          if (u > c)
            c = u;
          if (l > c)
            c = l;
          row[k] = c;
          row_best = MAX (row_best, c);
          /* The first cell of the best score, in the order of the rows
           * and then of the cells: the cells outside are dead. */
          if (c > best)
            {
              best = c;
              best_i = i;
              best_k = k;
            }
        }
      if (row_best < best - xdrop)
        break;
    }

  /* Back from the best cell to the start, as each cell was reached. */
  *a_len = best_i;
  *b_len = (guint32) (best_i + lo + best_k);
  for (guint32 i = best_i, k = best_k; i > 0 || lo + k > 0;)
    {
      gint64 j = (gint64) i + lo + k;
      const gint *cell = score + (gsize) i * stride + 1 + k;
      const guint32 *x = i > 0 ? at (a, step, i - 1) : NULL;
      const guint32 *y = j > 0 ? at (b, step, j - 1) : NULL;
      gint d = NEG, u = NEG, l = cell[-1] + costs->gap;

      if (i > 0)
        {
          const gint *above = cell - stride;

          d = above[0] + (y != NULL && *x == *y ? costs->match : costs->mismatch);
          u = above[1] + costs->gap;
        }
      if (i > 0 && d >= u && d >= l)
        {
          gboolean same = *x == *y;

          columns += !(same && *x == BAGU_TOKEN_SEP);
          matches += same && *x != BAGU_TOKEN_SEP;
          i--;
        }
      else if (i > 0 && u >= l)
        {
          columns += *x != BAGU_TOKEN_SEP;
          i--;
          k++;
        }
      else
        {
          columns += *y != BAGU_TOKEN_SEP;
          k--;
        }
    }
  return (BaguAlignStats) { best, matches, columns };
}

/* The aligner's band: its extensions are compiled for it. */
#define USUAL_BAND 4

BaguAlignStats
bagu_banded_extend (const guint32 *a, guint32 m, const guint32 *b, guint32 n,
                    int step, guint band, gint xdrop, const BaguAlignCosts *costs,
                    guint32 *a_len, guint32 *b_len)
{
  if (band == USUAL_BAND)
    return step > 0 ? extend (a, m, b, n, 1, USUAL_BAND, xdrop, costs, a_len, b_len)
                    : extend (a, m, b, n, -1, USUAL_BAND, xdrop, costs, a_len, b_len);
  return step > 0 ? extend (a, m, b, n, 1, band, xdrop, costs, a_len, b_len)
                  : extend (a, m, b, n, -1, band, xdrop, costs, a_len, b_len);
}
