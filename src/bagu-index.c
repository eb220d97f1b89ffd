/* bagu-index.c: suffix array (SA-IS) and LCP array over the token stream.
 *
 * Debian has suffix array builders only for byte strings (libdivsufsort);
 * bagu's alphabet is the token ids, tens of thousands of symbols, so the
 * construction is written here: SA-IS, linear time in the number of tokens,
 * with 32-bit arrays throughout. */
#include "config.h"

#include <string.h>

#include "bagu-corpus.h"
#include "bagu-index.h"
#include "bagu-index-private.h"
#include "bagu-parallel.h"
#include "bagu-radix.h"
#include "bagu-runs.h"

BAGU_DEFINE_QUARK (bagu-index-error-quark, bagu_index_error)

#define EMPTY G_MAXUINT32

/* Type of each suffix: S when it is smaller than the next, L when larger;
 * the last (the sentinel) is S.  The type is kept in the top bit of the
 * symbol itself: the scans of induce then read one place of the text at
 * each position they take from the suffix array, where a separate array
 * of types would be a second read far from the first. */
#define S_TYPE 0x80000000u
#define SYMBOL(c) ((c) & ~S_TYPE)

static void
classify (guint32 *s, guint32 n)
{
  guint32 next = s[n - 1] |= S_TYPE;

  /* Without a branch: the types follow the text, which is not
   * predictable. */
  for (guint32 i = n - 1; i-- > 0;)
    {
      guint32 c = s[i], t = SYMBOL (next);
      guint32 is_s = (guint32) (c < t) | ((guint32) (c == t) & (next >> 31));

      next = s[i] = c | (is_s << 31);
    }
}

/* 1 where a place of symbol (with type) @here after @before is LMS: S
 * after L.  Computed, not branched on, by the loops that go through the
 * text in order. */
static inline guint32
lms_bit (guint32 before, guint32 here)
{
  return (here >> 31) & ~(before >> 31);
}

static inline gboolean
is_lms (const guint32 *s, guint32 i)
{
  return i > 0 && lms_bit (s[i - 1], s[i]);
}

/* The occurrences of each symbol, counted once a level. */
static void
count_symbols (const guint32 *s, guint32 n, guint32 *count, guint32 k)
{
  memset (count, 0, k * sizeof (guint32));
  for (guint32 i = 0; i < n; i++)
    count[SYMBOL (s[i])]++;
}

/* Bucket boundaries: the start (heads) or one past the end of each symbol's
 * bucket. */
static void
buckets (const guint32 *count, guint32 *bkt, guint32 k, gboolean ends)
{
  guint32 sum = 0;

  for (guint32 c = 0; c < k; c++)
    {
      sum += count[c];
      bkt[c] = ends ? sum : sum - count[c];
    }
}

/* The scans of induce read the text at positions taken from the suffix
 * array, far apart: that of the entry PREFETCH ahead is fetched early.
 * An entry not yet written then is simply not fetched. */
#define PREFETCH 32

/* @yes ? @a : @b, by a mask.  The loops below write a place or not
 * depending on the text, which no branch predicts: they write either the
 * place or a dummy, chosen without a branch, where the compiler makes a
 * branch of the conditional operator. */
static inline guint32 *
choose (gboolean yes, guint32 *a, guint32 *b)
{
  guintptr mask = (guintptr) 0 - (guintptr) (yes != 0);

  return (guint32 *) (((guintptr) a & mask) | ((guintptr) b & ~mask));
}

static inline void
prefetch_text (const guint32 *s, guint32 j)
{
  if (j != EMPTY && j > 0)
    __builtin_prefetch (&s[j - 1]);
}

/* While the LMS substrings are sorted, the scan that induces the S
 * suffixes marks those that are LMS in the top bit of their entry: it
 * reads the symbol before each suffix it places anyway, and the one
 * before that is next to it.  The LMS substrings are then gathered in one
 * pass in the order of the suffix array, where testing every entry would
 * read the text at each, far apart.  Positions must leave the top bit
 * free: up to bagu_index_mark_limit tokens, and beyond, every entry is
 * tested. */
#define MARK S_TYPE

G_STATIC_ASSERT (BAGU_INDEX_MARK_LIMIT == MARK - 1);

guint32 bagu_index_mark_limit = BAGU_INDEX_MARK_LIMIT;

/* The scan that induces the S suffixes from the L suffixes; with @mark,
 * those that are LMS are marked (see MARK), and the marks of the entries
 * it reads are taken off.  Inlined for a constant @mark: the scan without
 * marks, the final one, does none of that work. */
static inline __attribute__ ((always_inline)) void
induce_s (const guint32 *s, guint32 *sa, guint32 n, guint32 *bkt, gboolean mark)
{
  guint32 keep = mark ? ~MARK : G_MAXUINT32;

  for (guint32 i = n; i-- > 0;)
    {
      guint32 j = sa[i];

      if (i >= PREFETCH && (!mark || sa[i - PREFETCH] != EMPTY))
        prefetch_text (s, sa[i - PREFETCH] & keep);
      if (j == EMPTY)
        continue;
      j &= keep;
      if (j > 0 && (s[j - 1] & S_TYPE))
        {
          /* LMS when the symbol before is L: its type bit clear.  Without
           * a branch, which would go either way at random. */
          guint32 before = mark && j >= 2 ? s[j - 2] : S_TYPE;

          sa[--bkt[SYMBOL (s[j - 1])]] = (j - 1) | (~before & MARK);
        }
    }
}

/* Induces the order of L suffixes from the LMS suffixes in place, then the
 * order of S suffixes from the L suffixes; with @mark, the S suffixes that
 * are LMS are marked (see MARK). */
static void
induce (const guint32 *s, guint32 *sa, guint32 n, const guint32 *count, guint32 *bkt,
        guint32 k, gboolean mark)
{
  buckets (count, bkt, k, FALSE);
  for (guint32 i = 0; i < n; i++)
    {
      guint32 j = sa[i];

      if (i + PREFETCH < n)
        prefetch_text (s, sa[i + PREFETCH]);
      if (j != EMPTY && j > 0 && !(s[j - 1] & S_TYPE))
        sa[bkt[s[j - 1]]++] = j - 1;
    }
  buckets (count, bkt, k, TRUE);
  if (mark)
    induce_s (s, sa, n, bkt, TRUE);
  else
    induce_s (s, sa, n, bkt, FALSE);
}

static gboolean
lms_equal (const guint32 *s, guint32 a, guint32 b)
{
  /* The sentinel is unique, so neither substring runs past the end.  The
   * symbols are compared with their types; whether a place is LMS is read
   * from its type and the one before, so past the first place, where both
   * substrings agree so far, one is LMS where the other is. */
  if (s[a] != s[b])
    return FALSE;
  for (guint32 d = 1;; d++)
    {
      if (s[a + d] != s[b + d])
        return FALSE;
      if ((s[a + d] & S_TYPE) && !(s[a + d - 1] & S_TYPE))
        return TRUE;
    }
}

/* Suffix array of s[0..n) over the alphabet [0, k), k <= S_TYPE, where
 * s[n-1] == 0 is a sentinel that occurs nowhere else.  s is given the
 * types of its suffixes in its top bits. */
static void
sais (guint32 *s, guint32 *sa, guint32 n, guint32 k)
{
  g_autofree guint32 *count = g_new (guint32, k);
  g_autofree guint32 *bkt = g_new (guint32, k);
  guint32 n1 = 0, names = 0, prev = EMPTY;
  gboolean mark = n <= bagu_index_mark_limit;
  guint32 *s1;

  classify (s, n);
  /* 1. Sort the LMS substrings: LMS positions at their bucket ends, then
   *    induce. */
  count_symbols (s, n, count, k);
  buckets (count, bkt, k, TRUE);
  for (guint32 i = 0; i < n; i++)
    sa[i] = EMPTY;
  {
    guint32 last = s[0], dummy;

    /* A place that is not LMS is written to the dummy and moves no
     * bucket. */
    for (guint32 i = 1; i < n; i++)
      {
        guint32 c = s[i], lms = lms_bit (last, c);
        guint32 *b = &bkt[SYMBOL (c)];

        *b -= lms;
        *choose (lms, &sa[*b], &dummy) = i;
        last = c;
      }
  }
  induce (s, sa, n, count, bkt, k, mark);

  /* 2. Name them: equal LMS substrings get equal names, in sorted order.
   *    The sentinel's suffix, first, is LMS but induced from nothing, so
   *    not marked.  Unmarked, the LMS suffixes are found by reading the
   *    text where the suffix array points: ahead, as induce does; so are
   *    the substrings compared. */
  if (mark)
    {
      sa[n1++] = sa[0];
      /* Every entry is written at n1 <= i, and kept where marked: no
       * branch. */
      for (guint32 i = 1; i < n; i++)
        {
          guint32 v = sa[i];

          sa[n1] = v & ~MARK;
          n1 += v != EMPTY && (v & MARK);
        }
    }
  else
    for (guint32 i = 0; i < n; i++)
      {
        if (i + PREFETCH < n)
          prefetch_text (s, sa[i + PREFETCH]);
        if (is_lms (s, sa[i]))
          sa[n1++] = sa[i];
      }
  for (guint32 i = n1; i < n; i++)
    sa[i] = EMPTY;
  for (guint32 i = 0; i < n1; i++)
    {
      guint32 pos = sa[i];

      if (i + PREFETCH < n1)
        __builtin_prefetch (&s[sa[i + PREFETCH]]);
      if (prev == EMPTY || !lms_equal (s, pos, prev))
        names++;
      prev = pos;
      /* LMS positions are at least two apart: pos / 2 is a free slot. */
      sa[n1 + pos / 2] = names - 1;
    }
  /* The names in text order form the reduced string, kept at the end.
   * Every entry is written at j - 1 >= i, among entries already read, and
   * kept where it is a name: no branch. */
  for (guint32 i = n, j = n; i-- > n1;)
    {
      guint32 v = sa[i];

      sa[j - 1] = v;
      j -= v != EMPTY;
    }
  s1 = sa + n - n1;

  /* 3. Sort the reduced string: directly when all names differ. */
  if (names < n1)
    sais (s1, sa, n1, names);
  else
    for (guint32 i = 0; i < n1; i++)
      sa[s1[i]] = i;

  /* 4. Put the LMS suffixes in their final order at their bucket ends, and
   *    induce the rest.  Their places are listed first: every place is
   *    written at j, and kept where it is LMS, without a branch. */
  for (guint32 i = 1, j = 0; i < n && j < n1; i++)
    {
      s1[j] = i;
      j += lms_bit (s[i - 1], s[i]);
    }
  for (guint32 i = 0; i < n1; i++)
    sa[i] = s1[sa[i]];
  for (guint32 i = n1; i < n; i++)
    sa[i] = EMPTY;
  buckets (count, bkt, k, TRUE);
  for (guint32 i = n1; i-- > 0;)
    {
      guint32 j = sa[i];

      if (i >= PREFETCH)
        __builtin_prefetch (&s[sa[i - PREFETCH]]);
      sa[i] = EMPTY;
      sa[--bkt[SYMBOL (s[j])]] = j;
    }
  induce (s, sa, n, count, bkt, k, FALSE);
}

/* The slot of a token id in the renaming table: characters by code point
 * up to the largest one present, then words by vocabulary index, so the
 * table is no larger than the ids in use (not 0x110000 + words). */
static inline guint32
slot_of (guint32 id, guint32 max_char)
{
  return id < BAGU_TOKEN_WORD_BASE ? id : max_char + 1 + (id - BAGU_TOKEN_WORD_BASE);
}

/* Renames token ids to 1..k-1 in the same order, with 0 left for the
 * sentinel, so that the alphabet is dense and the order unchanged. */
static guint32 *
dense_text (const guint32 *tokens, guint32 n, guint32 *k_out)
{
  guint32 max_char = 0, max_word = 0;
  gboolean words = FALSE;
  g_autofree guint32 *rank = NULL;
  guint32 *text = g_new (guint32, (gsize) n + 1);
  guint32 size, k = 1;

  for (guint32 i = 0; i < n; i++)
    if (tokens[i] < BAGU_TOKEN_WORD_BASE)
      max_char = MAX (max_char, tokens[i]);
    else
      {
        words = TRUE;
        max_word = MAX (max_word, tokens[i]);
      }
  size = max_char + 1 + (words ? max_word - BAGU_TOKEN_WORD_BASE + 1 : 0);
  rank = g_new0 (guint32, size);
  for (guint32 i = 0; i < n; i++)
    rank[slot_of (tokens[i], max_char)] = 1;
  for (guint32 c = 0; c < size; c++)
    if (rank[c])
      rank[c] = k++;
  for (guint32 i = 0; i < n; i++)
    text[i] = rank[slot_of (tokens[i], max_char)];
  text[n] = 0;
  *k_out = k;
  return text;
}

/* LCP array by the permuted-LCP method: in text order each value is at
 * least the previous one minus one, so the whole costs linear time.  Each
 * of its three passes is cut into parts done on several threads; a part
 * of the second starts from nothing instead of the value before it, which
 * costs a few comparisons and changes no value. */
typedef struct {
  const guint32 *tokens;
  const guint32 *sa;
  guint32 n;
  guint n_parts;
  guint32 *phi;
  guint32 *lcp;
} LcpJob;

static inline guint32
part_start (const LcpJob *job, guint part)
{
  return (guint32) ((guint64) job->n * part / job->n_parts);
}

static void
lcp_phi (guint part, gpointer data)
{
  LcpJob *job = data;
  guint32 end = part_start (job, part + 1);

  for (guint32 i = MAX (part_start (job, part), 1); i < end; i++)
    {
      if (i + PREFETCH < end)
        __builtin_prefetch (&job->phi[job->sa[i + PREFETCH]], 1);
      job->phi[job->sa[i]] = job->sa[i - 1];
    }
}

/* phi[i] becomes the permuted LCP of position i, in place. */
static void
lcp_permuted (guint part, gpointer data)
{
  LcpJob *job = data;
  const guint32 *tokens = job->tokens;
  guint32 *phi = job->phi, n = job->n, h = 0;
  guint32 end = part_start (job, part + 1);

  for (guint32 i = part_start (job, part); i < end; i++)
    {
      guint32 j = phi[i];

      /* The suffix compared with, far from the last: fetched ahead. */
      if (i + PREFETCH < end && phi[i + PREFETCH] != EMPTY)
        __builtin_prefetch (&tokens[phi[i + PREFETCH]]);

      if (j == EMPTY)
        {
          phi[i] = 0;
          h = 0;
          continue;
        }
      while (i + h < n && j + h < n && tokens[i + h] == tokens[j + h]
             && tokens[i + h] != BAGU_TOKEN_SEP)
        h++;
      phi[i] = h;
      if (h > 0)
        h--;
    }
}

static void
lcp_order (guint part, gpointer data)
{
  LcpJob *job = data;
  guint32 end = part_start (job, part + 1);

  for (guint32 i = part_start (job, part); i < end; i++)
    {
      if (i + PREFETCH < end)
        __builtin_prefetch (&job->phi[job->sa[i + PREFETCH]]);
      job->lcp[i] = job->phi[job->sa[i]];
    }
}

static guint32 *
lcp_array (const guint32 *tokens, const guint32 *sa, guint32 n)
{
  LcpJob job = { tokens, sa, n, bagu_parallel_threads (), g_new (guint32, n),
                 g_new (guint32, n) };

  job.phi[sa[0]] = EMPTY;
  bagu_parallel_run (job.n_parts, lcp_phi, &job);
  bagu_parallel_run (job.n_parts, lcp_permuted, &job);
  bagu_parallel_run (job.n_parts, lcp_order, &job);
  job.lcp[0] = 0;
  g_free (job.phi);
  return job.lcp;
}

/* The positions that a run of @k tokens repeated can cover: those of
 * stretches of k - j + 1 or more positions where a repeated run of j
 * tokens starts (@repeated, @j at most @k), from the stretch's start to
 * j - 1 past its last.  A run of k tokens that occurs twice starts such a
 * stretch: every run of j tokens inside it occurs twice too.  Runs that
 * merely share a fingerprint count as repeated, which only keeps more
 * positions. */
static guint64 *
repeat_cover (const guint8 *repeated, guint32 n, guint32 j, guint32 k)
{
  guint64 *cover = g_new0 (guint64, (gsize) n / 64 + 1);
  guint32 need = k - j + 1, run = 0;
  gint64 last = -1;   /* the last start of a window of need starts */

  /* Position q = p + 1 - need is decided at p: every window that covers
   * it starts at q or before, and those are known by then. */
  for (guint64 p = 0; p < (guint64) n + need - 1; p++)
    {
      gint64 q = (gint64) p + 1 - need;

      if (p < n)
        {
          run = repeated[p] ? run + 1 : 0;
          if (run >= need)
            last = q;
        }
      if (q >= 0 && last >= 0 && q - last < (gint64) k)
        cover[q / 64] |= (guint64) 1 << (q % 64);
    }
  return cover;
}

/* With @min_length 0, every position; else those repeat_cover keeps of
 * the repeated runs of @runs, each run of the others one separator whose
 * row is its first. */
static BaguIndex *
build (const guint32 *tokens, gsize n, guint32 min_length, const BaguRunGroups *runs,
       GError **error)
{
  g_autofree guint32 *text = NULL;
  g_autofree guint32 *kept = NULL;   /* the tokens indexed, or NULL for all */
  g_autofree guint32 *where = NULL;  /* per kept token, its position */
  const guint32 *indexed = tokens;
  guint32 *sa;
  BaguIndex *index;
  guint32 k, m = (guint32) n;

  g_return_val_if_fail (n == 0 || tokens[n - 1] == BAGU_TOKEN_SEP, NULL);

  if (n >= G_MAXUINT32 - 1)
    {
      g_set_error (error, BAGU_INDEX_ERROR, BAGU_INDEX_ERROR_TOO_LARGE,
                   "%" G_GSIZE_FORMAT " tokens are more than one index holds (%u)",
                   n, G_MAXUINT32 - 2);
      return NULL;
    }
  index = g_new0 (BaguIndex, 1);
  index->tokens = tokens;
  index->n = index->n_tokens = n;
  if (n == 0)
    return index;

  if (min_length > 0)
    {
      /* Kept with the index, for the lookups of bagu_index_locate. */
      index->covered = repeat_cover (runs->repeated, n, runs->k, min_length);
      index->min_length = min_length;
      kept = g_new (guint32, n);
      where = g_new (guint32, n);
      m = 0;
      for (guint32 p = 0; p < n; p++)
        if (bagu_index_covers (index, p) || p == 0 || bagu_index_covers (index, p - 1))
          {
            kept[m] = bagu_index_covers (index, p) ? tokens[p] : BAGU_TOKEN_SEP;
            where[m++] = p;
          }
      indexed = kept;
    }

  /* The sentinel suffix sorts first; drop it afterwards. */
  text = dense_text (indexed, m, &k);
  if (k > S_TYPE)
    {
      g_set_error (error, BAGU_INDEX_ERROR, BAGU_INDEX_ERROR_TOO_LARGE,
                   "%u distinct tokens are more than one index holds (%u)", k - 1, S_TYPE - 1);
      bagu_index_free (index);
      return NULL;
    }
  sa = g_new (guint32, m + 1);
  sais (text, sa, m + 1, k);
  g_clear_pointer (&text, g_free);
  memmove (sa, sa + 1, m * sizeof (guint32));
  index->sa = g_renew (guint32, sa, m);
  index->lcp = lcp_array (indexed, index->sa, m);
  index->n = m;
  if (where != NULL)
    for (guint32 i = 0; i < m; i++)
      index->sa[i] = where[index->sa[i]];
  return index;
}

BaguIndex *
bagu_index_build (const guint32 *tokens, gsize n, GError **error)
{
  return build (tokens, n, 0, NULL, error);
}

guint32
bagu_index_run_length (guint32 min_length)
{
  return CLAMP (min_length, 1, BAGU_INDEX_RUN_LENGTH);
}

BaguIndex *
bagu_index_build_repeats_with (const guint32 *tokens, gsize n, guint32 min_length,
                               const BaguRunGroups *runs, GError **error)
{
  min_length = MAX (min_length, 1);
  g_return_val_if_fail (runs != NULL && runs->n == n && runs->repeated != NULL
                        && runs->k == bagu_index_run_length (min_length), NULL);
  return build (tokens, n, min_length, runs, error);
}

BaguIndex *
bagu_index_build_repeats (const guint32 *tokens, gsize n, guint32 min_length, GError **error)
{
  g_autoptr(BaguRunGroups) runs = NULL;

  min_length = MAX (min_length, 1);
  /* Too long for the runs' positions: build says so. */
  if (n >= G_MAXUINT32 - 1)
    return build (tokens, n, min_length, NULL, error);
  runs = bagu_run_groups_new (tokens, n, bagu_index_run_length (min_length), G_MAXUINT32);
  bagu_run_groups_release_runs (runs);
  return build (tokens, n, min_length, runs, error);
}

void
bagu_index_free (BaguIndex *index)
{
  if (index == NULL)
    return;
  g_free (index->sa);
  g_free (index->lcp);
  g_free (index->covered);
  g_free (index);
}

/* Compares the pattern with the suffix at pos: <0, 0 when the suffix starts
 * with the pattern, >0.  The suffix is read as the rows were sorted: in an
 * index of repeats, a position it does not cover is a separator. */
static int
compare_suffix (const BaguIndex *index, guint32 pos, const guint32 *pattern, guint32 m)
{
  for (guint32 d = 0; d < m; d++)
    {
      guint32 c, q = pos + d;

      if (q >= index->n_tokens)
        return 1;
      c = bagu_index_covers (index, q) ? index->tokens[q] : BAGU_TOKEN_SEP;
      if (c != pattern[d])
        return pattern[d] < c ? -1 : 1;
    }
  return 0;
}

guint32
bagu_index_locate (const BaguIndex *index, const guint32 *pattern, guint32 m,
                   guint32 *lo, guint32 *hi)
{
  guint32 a = 0, b = index->n;

  /* The first row not smaller than the pattern … */
  while (a < b)
    {
      guint32 mid = a + (b - a) / 2;

      if (compare_suffix (index, index->sa[mid], pattern, m) > 0)
        a = mid + 1;
      else
        b = mid;
    }
  *lo = a;
  /* … and the first row greater than every suffix it starts. */
  b = index->n;
  while (a < b)
    {
      guint32 mid = a + (b - a) / 2;

      if (compare_suffix (index, index->sa[mid], pattern, m) >= 0)
        a = mid + 1;
      else
        b = mid;
    }
  *hi = a;
  return *hi - *lo;
}

void
bagu_index_visit_rows (const BaguIndex *index, guint32 lo, guint32 hi,
                       const BaguIntervalVisitor *visitor, gpointer user_data)
{
  /* The open intervals, a push or a pop a row: a plain array that grows
   * by doubling. */
  guint depth = 1, room = 64;
  g_autofree BaguInterval *stack = NULL;

  g_return_if_fail (lo <= hi && hi <= index->n);
  g_return_if_fail (lo == hi || index->lcp[lo] == 0);
  g_return_if_fail (hi == index->n || index->lcp[hi] == 0);

  if (lo == hi)
    return;
  stack = g_new (BaguInterval, room);
  stack[0] = (BaguInterval) { 0, lo, 0, { 0 } };
  if (visitor->leaf != NULL)
    visitor->leaf (lo, stack, depth, user_data);

  /* Row hi stands for an LCP of 0 that closes everything but the root. */
  for (guint32 i = lo + 1; i <= hi; i++)
    {
      guint32 h = i < hi ? index->lcp[i] : 0;
      guint32 lb = i - 1;
      gboolean have_last = FALSE;
      BaguInterval last = { 0 };

      while (h < stack[depth - 1].lcp)
        {
          last = stack[--depth];
          last.rb = i - 1;
          lb = last.lb;
          if (h <= stack[depth - 1].lcp)
            visitor->close (&last, &stack[depth - 1], user_data);
          else
            have_last = TRUE;   /* its parent opens just below */
        }
      if (h > stack[depth - 1].lcp)
        {
          if (depth == room)
            stack = g_renew (BaguInterval, stack, room *= 2);
          stack[depth++] = (BaguInterval) { h, lb, 0, { 0, 0, 0 } };
          if (have_last)
            visitor->close (&last, &stack[depth - 1], user_data);
        }
      if (i < hi && visitor->leaf != NULL)
        visitor->leaf (i, stack, depth, user_data);
    }
  stack[0].rb = hi - 1;
  visitor->close (&stack[0], NULL, user_data);
}

void
bagu_index_visit (const BaguIndex *index, const BaguIntervalVisitor *visitor,
                  gpointer user_data)
{
  bagu_index_visit_rows (index, 0, index->n, visitor, user_data);
}
