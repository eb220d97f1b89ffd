/* bagu-banded.c: banded alignment, two rows of the band at a time. */
#include "config.h"

#include <string.h>

#include "bagu-banded.h"
#include "bagu-corpus.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* The aligner's band: its extensions are compiled for it. */
#define USUAL_BAND 4

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

/* The bridge between two segments of a chain on one diagonal is mostly
 * as long on both sides, with a token or none changed.  Such a bridge
 * aligned along its diagonal scores higher than any path with gaps: one
 * of these has a gap in each of a and b at least, so at most m - 1
 * matches, and scores (m - 1) × match + 2 × gap at best, below m × match,
 * and below (m - 1) × match + mismatch where mismatch > 2 × gap.  The
 * diagonal is then the only best path, the one the cells' rule finds,
 * and its counts are those of the filled band.  Sets *@st and returns
 * TRUE in that case. */
static gboolean
diagonal_only (const guint32 *a, const guint32 *b, guint32 m, const BaguAlignCosts *costs,
               BaguAlignStats *st)
{
  guint32 changed = 0, seps = 0;

  if (!(costs->match > 0 && costs->gap < 0 && costs->match >= costs->mismatch))
    return FALSE;
  for (guint32 i = 0; i < m; i++)
    if (a[i] != b[i])
      {
        if (++changed > 1)
          return FALSE;
      }
    else
      seps += a[i] == BAGU_TOKEN_SEP;
  if (changed == 1 && costs->mismatch <= 2 * costs->gap)
    return FALSE;
  st->score = (gint) (m - changed) * costs->match + (gint) changed * costs->mismatch;
  st->matches = m - changed - seps;
  st->columns = m - seps;
  return TRUE;
}

/* A bridge over a run of tokens inserted on one side (the longer side is
 * the shorter with a run put in somewhere): the shorter side's tokens all
 * matched and the run in gaps.  Any path takes as many gaps more on the
 * longer side as the run is long, and at most as many diagonal steps as
 * the shorter side has tokens, each worth a match at most, so none scores
 * more; those that score as much match every token of the shorter side
 * and leave as many out, so with no separator (which counts nothing) the
 * counts are the same whichever of them the cells' rule finds.  Sets
 * *@st and returns TRUE in that case. */
static gboolean
run_inserted (const guint32 *a, guint32 m, const guint32 *b, guint32 n,
              const BaguAlignCosts *costs, BaguAlignStats *st)
{
  const guint32 *l = m > n ? a : b, *s = m > n ? b : a;
  guint32 short_len = MIN (m, n), long_len = MAX (m, n), head = 0, tail = 0;

  if (!(costs->match > 0 && costs->gap < 0 && costs->match > costs->mismatch))
    return FALSE;
  for (guint32 i = 0; i < long_len; i++)
    if (l[i] == BAGU_TOKEN_SEP)
      return FALSE;
  while (head < short_len && l[head] == s[head])
    head++;
  while (tail < short_len - head && l[long_len - 1 - tail] == s[short_len - 1 - tail])
    tail++;
  if (head + tail < short_len)
    return FALSE;
  st->score = (gint) short_len * costs->match + (gint) (long_len - short_len) * costs->gap;
  st->matches = short_len;
  st->columns = long_len;
  return TRUE;
}

static BaguAlignStats
fill_global (const guint32 *a, guint32 m, const guint32 *b, guint32 n, guint band,
             const BaguAlignCosts *costs)
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

BaguAlignStats
bagu_banded_global (const guint32 *a, guint32 m, const guint32 *b, guint32 n,
                    guint band, const BaguAlignCosts *costs)
{
  BaguAlignStats st;

  if (m == n && diagonal_only (a, b, m, costs, &st))
    return st;
  if (m != n && run_inserted (a, m, b, n, costs, &st))
    return st;
  return fill_global (a, m, b, n, band, costs);
}

#ifdef __SSE2__
/* Four bits set for each of y[0 … 8) equal to x. */
static inline guint32
equal_lanes (const guint32 *y, guint32 x)
{
  __m128i xs = _mm_set1_epi32 ((gint) x);

  return (guint32) _mm_movemask_epi8 (_mm_cmpeq_epi32 (_mm_loadu_si128 ((const __m128i *) y), xs))
         | (guint32) _mm_movemask_epi8 (
             _mm_cmpeq_epi32 (_mm_loadu_si128 ((const __m128i *) (y + 4)), xs)) << 16;
}
#endif

/* The bound after a row: 1 when it is above 0, -1 when it has fallen
 * xdrop below, else 0.  Added to without a branch: whether a row matches
 * follows the text. */
static inline __attribute__ ((always_inline)) gint
bound_row (gint64 *bound, gboolean match, gint64 win, gint64 penalty, gint xdrop)
{
  *bound += (gint64) (match != 0) * win - penalty;
  if (*bound > 0)
    return 1;
  return *bound < -(gint64) xdrop ? -1 : 0;
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
  gint64 win = costs->match + penalty;
  gint64 bound = 0;
  guint32 i = 0;
  gint end;

  if (costs->match <= 0 || penalty <= 0)
    return TRUE;
#ifdef __SSE2__
  /* The aligner's band: its tokens of b lie together, read either way,
   * and are compared at once.  In the first rows there are fewer than
   * nine, among the first eight of b; then nine, until the band reaches
   * the end of b.  Each kind of row has a loop of its own, where a test
   * of the kind in one loop would go another way at the end of the first
   * rows of every call. */
  if (band == USUAL_BAND && n >= 2 * USUAL_BAND)
    {
      /* Read forwards, token j of b is lane j; backwards, lane 7 - j. */
      const guint32 *y = step > 0 ? b : b - 2 * USUAL_BAND;

      for (; i < MIN (m, USUAL_BAND); i++)
        {
          guint64 lanes = ((guint64) 1 << (4 * (i + USUAL_BAND + 1))) - 1;

          if (step < 0)
            lanes <<= 4 * (USUAL_BAND - 1 - i);
          end = bound_row (&bound, (equal_lanes (y, *at (a, step, i)) & lanes) != 0, win,
                           penalty, xdrop);
          if (end != 0)
            return end > 0;
        }
      for (; i < m && (guint64) i + USUAL_BAND + 1 <= n; i++)
        {
          guint32 x = *at (a, step, i);

          y = step > 0 ? b + i - USUAL_BAND : b - (i + USUAL_BAND + 1);
          end = bound_row (&bound, equal_lanes (y, x) != 0 || y[8] == x, win, penalty, xdrop);
          if (end != 0)
            return end > 0;
        }
    }
#endif
  for (; i < m; i++)
    {
      guint32 j0 = i > band ? i - band : 0;
      guint32 j1 = MIN ((guint64) i + band + 1, (guint64) n);
      gboolean match = FALSE;

      for (guint32 j = j0; j < j1 && !match; j++)
        match = *at (a, step, i) == *at (b, step, j);
      end = bound_row (&bound, match, win, penalty, xdrop);
      if (end != 0)
        return end > 0;
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
 * a little below, far under any live one, so no cell needs a test.
 *
 * @narrow keeps the scores in 16 bits, dead at NEG16 or below, where no
 * score of the extension can go beyond ±NARROW_LIMIT (fits_narrow): a
 * row of the aligner's band then fits one SSE2 register and a lane of
 * another, and is filled a register at a time (fill_row_sse2). */
/* Rows on the stack: eighty of the aligner's band in 16 bits, more than
 * its extensions fill, in a frame under a page (a larger one is probed
 * page by page on every call). */
#define STACK_SCORES 640
#define NEG16 (-16384)
#define NARROW_LIMIT 8000
#define NARROW_STRIDE 16

static inline __attribute__ ((always_inline)) gint
get_score (const void *scores, gsize at, gboolean narrow)
{
  return narrow ? ((const gint16 *) scores)[at] : ((const gint *) scores)[at];
}

static inline __attribute__ ((always_inline)) void
set_score (void *scores, gsize at, gint value, gboolean narrow)
{
  if (narrow)
    ((gint16 *) scores)[at] = (gint16) MAX (value, NEG16);
  else
    ((gint *) scores)[at] = value;
}

#ifdef __SSE2__
/* One row of the band of USUAL_BAND (nine cells) inside both sequences,
 * in 16 bits: cells 0-7 in one register and cell 8 in the low lane of
 * another.  The same rule as the scalar row: a cell is the best of the
 * diagonal and the gap in b (from the row above), then of the gap in a
 * from its left, which is a running maximum along the row with the gap
 * cost added per cell, done in three shifts.  Lanes shifted in, and those
 * past cell 8, are -32768, below any live cell; additions saturate.
 * Cells after @last are dead (past the end of b).  Returns the best cell
 * of the row. */
static inline __attribute__ ((always_inline)) gint
fill_row_sse2 (gint16 *row, __m128i *pa, __m128i *pb, guint32 x, const guint32 *y, int step,
               gint last, const BaguAlignCosts *costs)
{
  const __m128i dead_low1 = _mm_set_epi16 (0, 0, 0, 0, 0, 0, 0, G_MININT16);
  const __m128i dead_low2 = _mm_set_epi16 (0, 0, 0, 0, 0, 0, G_MININT16, G_MININT16);
  const __m128i dead_low4 = _mm_set_epi16 (0, 0, 0, 0, G_MININT16, G_MININT16, G_MININT16,
                                           G_MININT16);
  const __m128i dead_high7 = _mm_set_epi16 (G_MININT16, G_MININT16, G_MININT16, G_MININT16,
                                            G_MININT16, G_MININT16, G_MININT16, 0);
  const __m128i gap1 = _mm_set1_epi16 ((gint16) costs->gap);
  const __m128i gap2 = _mm_set1_epi16 ((gint16) (2 * costs->gap));
  const __m128i gap4 = _mm_set1_epi16 ((gint16) (4 * costs->gap));
  const __m128i mismatch = _mm_set1_epi16 ((gint16) costs->mismatch);
  const __m128i bonus = _mm_set1_epi16 ((gint16) (costs->match - costs->mismatch));
  __m128i xs = _mm_set1_epi32 ((gint) x), y0, y1, same, ca, cb, t, best;
  guint32 y8;

  if (step > 0)
    {
      y0 = _mm_loadu_si128 ((const __m128i *) y);
      y1 = _mm_loadu_si128 ((const __m128i *) (y + 4));
      y8 = y[8];
    }
  else
    {
      /* Cell k's token is y[-k]: y - 7 … y in memory, reversed. */
      y0 = _mm_shuffle_epi32 (_mm_loadu_si128 ((const __m128i *) (y - 3)), 0x1B);
      y1 = _mm_shuffle_epi32 (_mm_loadu_si128 ((const __m128i *) (y - 7)), 0x1B);
      y8 = y[-8];
    }
  same = _mm_packs_epi32 (_mm_cmpeq_epi32 (xs, y0), _mm_cmpeq_epi32 (xs, y1));
  /* The diagonal, then the gap in b: the row above is kept in *pa (its
   * cells 0-7) and *pb (cell 8), read back from no store. */
  ca = _mm_adds_epi16 (*pa, _mm_add_epi16 (mismatch, _mm_and_si128 (same, bonus)));
  t = _mm_insert_epi16 (_mm_srli_si128 (*pa, 2), _mm_extract_epi16 (*pb, 0), 7);
  ca = _mm_max_epi16 (ca, _mm_adds_epi16 (t, gap1));
  /* Cell 8: its gap in b would come from the dead cell past the band. */
  cb = _mm_adds_epi16 (*pb, _mm_cvtsi32_si128 ((guint16) (x == y8 ? costs->match
                                                                   : costs->mismatch)));
  cb = _mm_or_si128 (_mm_and_si128 (cb, _mm_cvtsi32_si128 (0xFFFF)), dead_high7);
  /* The gaps in a, from the left. */
  t = _mm_adds_epi16 (_mm_or_si128 (_mm_slli_si128 (ca, 2), dead_low1), gap1);
  ca = _mm_max_epi16 (ca, t);
  t = _mm_adds_epi16 (_mm_or_si128 (_mm_slli_si128 (ca, 4), dead_low2), gap2);
  ca = _mm_max_epi16 (ca, t);
  t = _mm_adds_epi16 (_mm_or_si128 (_mm_slli_si128 (ca, 8), dead_low4), gap4);
  ca = _mm_max_epi16 (ca, t);
  t = _mm_adds_epi16 (_mm_or_si128 (_mm_srli_si128 (ca, 14), dead_high7), gap1);
  cb = _mm_max_epi16 (cb, t);
  /* Cells past @last lie past the end of b: dead. */
  if (last < 2 * USUAL_BAND)
    {
      const __m128i index = _mm_set_epi16 (7, 6, 5, 4, 3, 2, 1, 0);
      const __m128i dead16 = _mm_set1_epi16 (G_MININT16);
      __m128i past = _mm_cmpgt_epi16 (index, _mm_set1_epi16 ((gint16) last));

      ca = _mm_or_si128 (_mm_andnot_si128 (past, ca), _mm_and_si128 (past, dead16));
      cb = _mm_set_epi16 (G_MININT16, G_MININT16, G_MININT16, G_MININT16, G_MININT16,
                          G_MININT16, G_MININT16, G_MININT16);
    }
  _mm_storeu_si128 ((__m128i *) row, ca);
  _mm_storeu_si128 ((__m128i *) (row + 8), cb);
  *pa = ca;
  *pb = cb;

  best = _mm_max_epi16 (ca, cb);
  best = _mm_max_epi16 (best, _mm_shuffle_epi32 (best, 0x4E));
  best = _mm_max_epi16 (best, _mm_shuffle_epi32 (best, 0xB1));
  best = _mm_max_epi16 (best, _mm_shufflelo_epi16 (best, 0xB1));
  return (gint16) _mm_cvtsi128_si32 (best);
}
#endif

static inline __attribute__ ((always_inline)) BaguAlignStats
extend (const guint32 *a, guint32 m, const guint32 *b, guint32 n,
        int step, guint band, gint xdrop, const BaguAlignCosts *costs,
        gboolean narrow, guint32 *a_len, guint32 *b_len)
{
  gint64 lo = -(gint64) band;
  guint w = 2 * band + 1, stride = narrow ? NARROW_STRIDE : w + 2;
  gsize size = narrow ? sizeof (gint16) : sizeof (gint);
  gint neg = narrow ? NEG16 : NEG;
  gint stack[STACK_SCORES];
  g_autofree guint8 *heap = NULL;
  void *score = stack;
  /* Room for rows rows and one cell more: a row's last cell, dead, is
   * the next row's first (narrow rows are stored whole, to their end). */
  gsize rows = (sizeof stack / size - 1) / stride;
  gint best = 0;
  guint32 best_i = 0, matches = 0, columns = 0;
  guint best_k = band;
  /* A copy the rows' stores cannot be taken to overwrite, so that what
   * is made of the costs is made once. */
  const BaguAlignCosts own = *costs;
#ifdef __SSE2__
  __m128i pa = _mm_setzero_si128 (), pb = _mm_setzero_si128 ();
  /* b's first tokens for the first rows of the 16-bit band: cell k of
   * row i (up to USUAL_BAND) reads edge[i - 1 + k]. */
  guint32 edge[3 * USUAL_BAND + 1];
#endif

  costs = &own;
  if (xdrop >= 0 && !can_extend (a, m, b, n, step, band, xdrop, costs))
    {
      *a_len = *b_len = 0;
      return (BaguAlignStats) { 0, 0, 0 };
    }
  if (rows < 2)
    {
      rows = 2;
      score = heap = g_malloc ((rows * stride + 1) * size);
    }
  /* Row 0: only gaps in a.  None beats the start. */
  set_score (score, 0, neg, narrow);
  set_score (score, w + 1, neg, narrow);
  for (guint k = 0; k < w; k++)
    {
      gint64 j = lo + k;

      /* j gaps from the start: j × gap. */
      set_score (score, 1 + k, j < 0 || j > n ? neg : (gint) j * costs->gap, narrow);
    }
#ifdef __SSE2__
  /* The 16-bit rows are carried in registers: row 0's cells 0-7 and 8.
   * The first rows of the band reach before the start of b: their tokens
   * are read from a copy of b's first ones, put after USUAL_BAND copies of
   * a token equal to none of a's first USUAL_BAND (the x of these rows). */
  if (narrow && band == USUAL_BAND)
    {
      guint32 fill = m > 0 ? *at (a, step, 0) + 1 : 0;

      for (gboolean again = TRUE; again;)
        {
          again = FALSE;
          for (guint32 i = 0; i < MIN (m, USUAL_BAND); i++)
            if (*at (a, step, i) == fill)
              {
                fill++;
                again = TRUE;
              }
        }
      for (guint q = 0; q < G_N_ELEMENTS (edge); q++)
        edge[q] = q >= USUAL_BAND && q - USUAL_BAND < n ? *at (b, step, q - USUAL_BAND) : fill;
    }
  if (narrow)
    {
      pa = _mm_loadu_si128 ((const __m128i *) ((gint16 *) score + 1));
      pb = _mm_or_si128 (_mm_cvtsi32_si128 ((guint16) ((gint16 *) score)[1 + 8]),
                         _mm_set_epi16 (G_MININT16, G_MININT16, G_MININT16, G_MININT16,
                                        G_MININT16, G_MININT16, G_MININT16, 0));
    }
#endif
  for (guint32 i = 1; i <= m; i++)
    {
      /* Cell k of this row is at base + k, of the row above at up + k. */
      gsize base = (gsize) i * stride + 1, up = base - stride;
      gint row_best = NEG;
      /* The cells of the row inside b: k_lo … k_hi. */
      gint64 k_lo = MAX (0, -((gint64) i + lo));
      gint64 k_hi = MIN ((gint64) w - 1, (gint64) n - i - lo);

      if (i >= rows)
        {
          gsize more = 2 * rows;
          guint8 *grown = g_malloc ((more * stride + 1) * size);

          memcpy (grown, score, rows * stride * size);
          g_free (heap);
          score = heap = grown;
          rows = more;
        }
#ifdef __SSE2__
      /* The aligner's band, in 16 bits, a register at a time; at the
       * edges of the sequences, from a copy of the tokens with one that
       * matches nothing outside them, and the cells past b dead. */
      if (narrow && band == USUAL_BAND)
        {
          const guint32 x = *at (a, step, i - 1);
          guint32 ys[2 * USUAL_BAND + 1];
          const guint32 *y = ys;
          int y_step = 1;

          if (k_lo == 0 && k_hi == (gint64) w - 1 && (gint64) i + lo >= 1)
            y = at (b, step, (guint32) ((gint64) i + lo - 1)), y_step = step;
          else if (i <= USUAL_BAND)
            y = edge + i - 1;
          else
            for (guint k = 0; k < w; k++)
              {
                gint64 j = (gint64) i + lo + k;

                ys[k] = j >= 1 && j <= (gint64) n ? *at (b, step, (guint32) (j - 1)) : x + 1;
              }
          ((gint16 *) score)[base - 1] = NEG16;
          row_best = fill_row_sse2 ((gint16 *) score + base, &pa, &pb, x, y, y_step,
                                    (gint) CLAMP (k_hi, -1, (gint64) w - 1), costs);
        }
      else
#endif
      /* Most rows lie inside both sequences, the band whole: these take
       * a loop of a known length, unrolled where the band is a constant,
       * without the tests of the edges.  The same cells, the same scores. */
      if (k_lo == 0 && k_hi == (gint64) w - 1 && (gint64) i + lo >= 1)
        {
          const guint32 x = *at (a, step, i - 1);
          const guint32 *y = at (b, step, (guint32) ((gint64) i + lo - 1));
          gint left = NEG;

          set_score (score, base - 1, neg, narrow);
          set_score (score, base + w, neg, narrow);
#pragma GCC unroll 16
          for (guint k = 0; k < w; k++)
            {
              gint d = get_score (score, up + k, narrow)
                       + (x == *(step > 0 ? y + k : y - k) ? costs->match : costs->mismatch);
              gint u = get_score (score, up + k + 1, narrow) + costs->gap;
              gint c = MAX (d, u);

              c = MAX (c, left + costs->gap);
              set_score (score, base + k, c, narrow);
              left = c;
              row_best = MAX (row_best, c);
            }
        }
      else
        {
          /* Only the cells outside the sequences are dead from the start. */
          for (gint64 k = -1; k < k_lo; k++)
            set_score (score, base + k, neg, narrow);
          for (gint64 k = MAX (k_hi + 1, k_lo); k <= (gint64) w; k++)
            set_score (score, base + k, neg, narrow);
          for (gint64 k = k_lo; k <= k_hi; k++)
            {
              gint64 j = (gint64) i + lo + k;
              gint d, u, l, c;

              /* j == 0: no token of b before, and the cell above-left is
               * outside the band or dead. */
              d = j >= 1 && *at (a, step, i - 1) == *at (b, step, j - 1) ? costs->match
                                                                          : costs->mismatch;
              d += get_score (score, up + k, narrow);
              u = get_score (score, up + k + 1, narrow) + costs->gap;
              l = get_score (score, base + k - 1, narrow) + costs->gap;
              /* On a tie the diagonal, then the gap in b, then the gap in a. */
              c = d;
              if (u > c)
                c = u;
              if (l > c)
                c = l;
              set_score (score, base + k, c, narrow);
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
          continue;
        }
      /* A row filled whole: its first cell of the best score. */
      if (row_best > best)
        {
          guint k = 0;

#ifdef __SSE2__
          /* Cells 0-7 of a 16-bit row are in pa; else it is cell 8. */
          if (narrow && band == USUAL_BAND)
            {
              guint mask = (guint) _mm_movemask_epi8 (_mm_cmpeq_epi16 (pa,
                                                                       _mm_set1_epi16 ((gint16) row_best)));

              k = mask != 0 ? (guint) __builtin_ctz (mask) / 2 : 2 * USUAL_BAND;
            }
          else
#endif
          while (get_score (score, base + k, narrow) != row_best)
            k++;
          best = row_best;
          best_i = i;
          best_k = k;
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
      gsize cell = (gsize) i * stride + 1 + k;
      const guint32 *x = i > 0 ? at (a, step, i - 1) : NULL;
      const guint32 *y = j > 0 ? at (b, step, j - 1) : NULL;
      gint d = NEG, u = NEG, l = get_score (score, cell - 1, narrow) + costs->gap;

      if (i > 0)
        {
          d = get_score (score, cell - stride, narrow)
              + (y != NULL && *x == *y ? costs->match : costs->mismatch);
          u = get_score (score, cell - stride + 1, narrow) + costs->gap;
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

/* Whether the rows can be filled in 16 bits: with SSE2 (without, every
 * row is filled in full width), and where no score of an extension of m
 * and n tokens can go beyond ±NARROW_LIMIT: a path to a cell has at most
 * m + n columns, each moving the score by one cost. */
static gboolean
fits_narrow (guint32 m, guint32 n, guint band, const BaguAlignCosts *costs)
{
#ifndef __SSE2__
  return FALSE;
#endif
  gint64 worst = MAX (MAX (ABS ((gint64) costs->match), ABS ((gint64) costs->mismatch)),
                      ABS ((gint64) costs->gap));

  return 2 * band + 3 <= NARROW_STRIDE
         && ((gint64) m + n + 2 * band + 2) * worst <= NARROW_LIMIT;
}

/* The extension of a passage often starts on text the two copies share
 * exactly (the seeds of a widely shared run link each copy to a few hubs
 * only, so two other copies of it meet by extension): a third of the
 * aligner's rows.  After E rows of matches on the diagonal the band holds
 * what the start held, E matches higher.  Cell (E, E + d) is E matches
 * and d gaps, the best any path to it can score; cell (E, E - d) scores
 * at most E - d matches and d gaps, and every path on through it is
 * matched or beaten, row by row, by one through (E, E) that turns its
 * uses of b[E - d … E) into gaps in b, so it changes no later cell, no
 * row's best and no choice of the way back.  No row before E is below its
 * predecessor's best, and none beats row E's diagonal cell.  So the
 * extension is the run, then an extension from its end, the way back
 * along the run's diagonal, each token a match (separators, as ever,
 * counted in neither). */
BaguAlignStats
bagu_banded_extend (const guint32 *a, guint32 m, const guint32 *b, guint32 n,
                    int step, guint band, gint xdrop, const BaguAlignCosts *costs,
                    guint32 *a_len, guint32 *b_len)
{
  /* The argument takes a match above 0, a gap below and no mismatch
   * above a match; below 0, an X-drop ends the run too. */
  gboolean skip = xdrop >= 0 && costs->match > 0 && costs->gap < 0
                  && costs->mismatch <= costs->match;
  guint32 run = 0, seps = 0, limit = skip ? MIN (m, n) : 0;
  BaguAlignStats st;

  while (run < limit && *at (a, step, run) == *at (b, step, run))
    seps += *at (a, step, run++) == BAGU_TOKEN_SEP;
  if (run > 0)
    {
      a = step > 0 ? a + run : a - run;
      b = step > 0 ? b + run : b - run;
      m -= run;
      n -= run;
    }
  if (band == USUAL_BAND && fits_narrow (m, n, band, costs))
    st = step > 0 ? extend (a, m, b, n, 1, USUAL_BAND, xdrop, costs, TRUE, a_len, b_len)
                  : extend (a, m, b, n, -1, USUAL_BAND, xdrop, costs, TRUE, a_len, b_len);
  else
    st = step > 0 ? extend (a, m, b, n, 1, band, xdrop, costs, FALSE, a_len, b_len)
                  : extend (a, m, b, n, -1, band, xdrop, costs, FALSE, a_len, b_len);
  *a_len += run;
  *b_len += run;
  st.score += (gint) run * costs->match;
  st.matches += run - seps;
  st.columns += run - seps;
  return st;
}
