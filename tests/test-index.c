/* tests/test-index.c: the suffix array, LCP array, locate and interval walk against naive references. */
#include "config.h"

#include <string.h>

#include "test-util.h"
#include "test-corpus.h"
#include "bagu-corpus.h"
#include "bagu-index.h"
#include "bagu-index-private.h"
#include "bagu-load.h"
#include "bagu-noise.h"
#include "bagu-parallel.h"
#include "bagu-rank.h"

/* Naive references */

typedef struct {
  const guint32 *tokens;
  guint32 n;
} Stream;

/* Lexicographic order of two suffixes, token ids as unsigned integers, a
 * proper prefix first. */
static int
naive_compare_suffixes (const guint32 *t, guint32 n, guint32 a, guint32 b)
{
  while (a < n && b < n)
    {
      if (t[a] != t[b])
        return t[a] < t[b] ? -1 : 1;
      a++;
      b++;
    }
  if (a == n && b == n)
    return 0;
  return a == n ? -1 : 1;
}

static int
compare_positions (gconstpointer pa, gconstpointer pb, gpointer user_data)
{
  const Stream *s = user_data;

  return naive_compare_suffixes (s->tokens, s->n, *(const guint32 *) pa, *(const guint32 *) pb);
}

/* Tokens shared by the suffixes at a and b, stopping at the first separator. */
static guint32
naive_lcp (const guint32 *t, guint32 n, guint32 a, guint32 b)
{
  guint32 h = 0;

  while (a + h < n && b + h < n && t[a + h] == t[b + h] && t[a + h] != BAGU_TOKEN_SEP)
    h++;
  return h;
}

static guint32 *
naive_sa (const guint32 *t, guint32 n)
{
  guint32 *sa = g_new (guint32, MAX (n, 1));
  Stream s = { t, n };

  for (guint32 i = 0; i < n; i++)
    sa[i] = i;
  g_qsort_with_data (sa, n, sizeof (guint32), compare_positions, &s);
  return sa;
}

static guint32 *
naive_lcp_array (const guint32 *t, guint32 n, const guint32 *sa)
{
  guint32 *lcp = g_new0 (guint32, MAX (n, 1));

  for (guint32 i = 1; i < n; i++)
    lcp[i] = naive_lcp (t, n, sa[i - 1], sa[i]);
  return lcp;
}

/* Builds the index of @t and checks it against the naive one. */
static BaguIndex *
build_and_check (const guint32 *t, guint32 n)
{
  g_autoptr(GError) error = NULL;
  BaguIndex *index = bagu_index_build (t, n, &error);
  g_autofree guint32 *sa = naive_sa (t, n);
  g_autofree guint32 *lcp = naive_lcp_array (t, n, sa);

  assert_null (error);
  assert_non_null (index);
  assert_int_equal (index->n, n);
  assert_ptr_equal (index->tokens, t);
  assert_int_equal (index->min_length, 0);
  assert_null (index->covered);
  for (guint32 i = 0; i < n; i++)
    {
      if (index->sa[i] != sa[i] || index->lcp[i] != lcp[i])
        print_error ("n = %u, row %u: sa %u (expected %u), lcp %u (expected %u)\n",
                     n, i, index->sa[i], sa[i], index->lcp[i], lcp[i]);
      assert_int_equal (index->sa[i], sa[i]);
      assert_int_equal (index->lcp[i], lcp[i]);
    }
  return index;
}

/* Checks bagu_index_locate on an index of repeats for the pattern
 * t[p … p + m): it finds the occurrences whose positions the index covers
 * all of, and every occurrence when the pattern is k tokens or more and
 * occurs twice or more. */
static void
check_locate_repeats (const BaguIndex *index, guint32 p, guint32 m)
{
  const guint32 *t = index->tokens, *pattern = t + p;
  guint32 n = index->n_tokens, all = 0, covered = 0, lo, hi;

  for (guint32 q = 0; q + m <= n; q++)
    if (memcmp (t + q, pattern, m * sizeof (guint32)) == 0)
      {
        gboolean in = TRUE;

        for (guint32 d = 0; d < m && in; d++)
          in = bagu_index_covers (index, q + d);
        all++;
        covered += in;
      }
  assert_int_equal (bagu_index_locate (index, pattern, m, &lo, &hi), covered);
  if (m >= index->min_length && all >= 2)
    assert_int_equal (covered, all);
  for (guint32 r = lo; r < hi; r++)
    assert_memory_equal (t + index->sa[r], pattern, m * sizeof (guint32));
}

/* Whether the j tokens at @p hold no separator and occur elsewhere too. */
static gboolean
naive_repeated (const guint32 *t, guint32 n, guint32 p, guint32 j)
{
  if (!test_clean_run (t, n, p, j))
    return FALSE;
  for (guint32 q = 0; q + j <= n; q++)
    if (q != p && memcmp (t + p, t + q, j * sizeof (guint32)) == 0)
      return TRUE;
  return FALSE;
}

/* The positions an index of repeats of @k covers, by their definition:
 * those of a window of k - j + 1 positions where repeated runs of j =
 * bagu_index_run_length (k) tokens start, from the window's start to j -
 * 1 past its end.  Where the runs start that count as repeated is
 * @marks, or, when NULL, where runs of j tokens occur twice. */
static void
check_cover (const BaguIndex *index, const guint32 *t, guint32 n, guint32 k,
             const guint8 *marks)
{
  guint32 j = bagu_index_run_length (k);
  g_autofree gboolean *repeated = g_new0 (gboolean, n + 1);
  g_autofree gboolean *covered = g_new0 (gboolean, n + 1);

  assert_true (j >= 1 && j <= k && j <= BAGU_INDEX_RUN_LENGTH);
  for (guint32 p = 0; p < n; p++)
    repeated[p] = marks != NULL ? marks[p] : naive_repeated (t, n, p, j);
  for (guint32 s = 0; (guint64) s + (k - j) < n; s++)
    {
      gboolean all = TRUE;

      for (guint32 i = 0; i <= k - j && all; i++)
        all = repeated[s + i];
      for (guint32 q = s; all && q < s + k && q < n; q++)
        covered[q] = TRUE;
    }
  for (guint32 q = 0; q < n; q++)
    assert_int_equal (bagu_index_covers (index, q), covered[q]);
}

/* Checks bagu_index_build_repeats (@t, @n, @k): every position that
 * shares k tokens or more with another is a row, once; and for every two
 * rows, the least LCP between them is the tokens their suffixes share
 * where that is k or more, and below k where that is: so the rows of
 * every run of k tokens or more are one interval, as in the full index. */
static void
check_repeats (const guint32 *t, guint32 n, guint32 k)
{
  g_autoptr(BaguIndex) index = bagu_index_build_repeats (t, n, k, NULL);
  g_autoptr(BaguRunGroups) runs = bagu_run_groups_new (t, n, bagu_index_run_length (k),
                                                       G_MAXUINT32);
  g_autoptr(BaguIndex) with = NULL;
  g_autofree gboolean *row = g_new0 (gboolean, MAX (n, 1));

  assert_non_null (index);
  assert_int_equal (index->n_tokens, n);
  assert_int_equal (index->min_length, k);
  assert_non_null (index->covered);
  assert_true (index->n <= n);
  check_cover (index, t, n, k, NULL);
  /* From runs grouped already (their own released first, as the aligner
   * does): the same index. */
  bagu_run_groups_release_runs (runs);
  with = bagu_index_build_repeats_with (t, n, k, runs, NULL);
  assert_int_equal (with->n, index->n);
  assert_memory_equal (with->sa, index->sa, index->n * sizeof (guint32));
  assert_memory_equal (with->lcp, index->lcp, index->n * sizeof (guint32));
  assert_memory_equal (with->covered, index->covered, (n / 64 + 1) * sizeof (guint64));
  /* From runs whose fingerprints keep no bit, so that every run counts as
   * repeated: the cover those marks give, and still every position of a
   * repeated run of k. */
  {
    g_autoptr(BaguRunGroups) all = bagu_run_groups_new (t, n, bagu_index_run_length (k), 0);
    g_autoptr(BaguIndex) wider = bagu_index_build_repeats_with (t, n, k, all, NULL);

    check_cover (wider, t, n, k, all->repeated);
    for (guint32 q = 0; q < n; q++)
      assert_true (!bagu_index_covers (index, q) || bagu_index_covers (wider, q));
  }
  for (guint32 i = 0; i < index->n; i++)
    {
      assert_true (index->sa[i] < n);
      assert_false (row[index->sa[i]]);
      row[index->sa[i]] = TRUE;
    }
  for (guint32 a = 0; a < n; a++)
    for (guint32 b = a + 1; b < n; b++)
      if (naive_lcp (t, n, a, b) >= k)
        {
          assert_true (row[a]);
          assert_true (row[b]);
        }
  for (guint32 i = 0; i < index->n; i++)
    {
      guint32 least = G_MAXUINT32;

      for (guint32 j = i + 1; j < index->n; j++)
        {
          guint32 shared = naive_lcp (t, n, index->sa[i], index->sa[j]);

          least = MIN (least, index->lcp[j]);
          if (shared >= k)
            assert_int_equal (least, shared);
          else
            assert_true (least < k);
        }
    }
  /* The patterns the text holds, shorter and longer than k, none
   * crossing a separator. */
  for (guint32 p = 0; p < n; p++)
    for (guint32 m = 1; m <= k + 2 && p + m <= n && t[p + m - 1] != BAGU_TOKEN_SEP; m++)
      check_locate_repeats (index, p, m);
}

/* The naive LCP intervals */

typedef struct {
  guint32 lcp, lb, rb;
} Interval;

static int
compare_intervals (gconstpointer pa, gconstpointer pb)
{
  const Interval *a = pa, *b = pb;

  if (a->lb != b->lb)
    return a->lb < b->lb ? -1 : 1;
  if (a->rb != b->rb)
    return a->rb > b->rb ? -1 : 1;
  return a->lcp < b->lcp ? -1 : a->lcp > b->lcp;
}

/* Every [lb, rb] with value h > 0: min lcp[lb+1..rb] == h, lcp[lb] < h,
 * lcp[rb+1] < h (nothing beyond the array). */
static GArray *
naive_intervals (const guint32 *lcp, guint32 n)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (Interval));

  for (guint32 lb = 0; lb < n; lb++)
    {
      guint32 h = G_MAXUINT32;

      for (guint32 rb = lb + 1; rb < n; rb++)
        {
          h = MIN (h, lcp[rb]);
          if (h == 0)
            break;
          if (lcp[lb] < h && (rb + 1 == n || lcp[rb + 1] < h))
            {
              Interval iv = { h, lb, rb };
              g_array_append_val (out, iv);
            }
        }
    }
  g_array_sort (out, compare_intervals);
  return out;
}

/* Recording the walk */

typedef struct {
  Interval node;
  gboolean has_parent;
  guint32 parent_lcp, parent_lb;
  guint32 seen;       /* value[0] the interval carried when it closed */
} Closed;

typedef struct {
  const BaguIndex *index;
  GArray *closed;      /* Closed, in order of closing */
  guint32 *leaf_calls; /* per row */
  guint32 next_leaf;
  gboolean check_lca;
  guint roots;
} Walk;

static void
record_leaf (guint32 i, BaguInterval *stack, guint depth, gpointer user_data)
{
  Walk *w = user_data;
  const guint32 *lcp = w->index->lcp;

  assert_true (i < w->index->n);
  /* Rows in order, each once. */
  assert_int_equal (i, w->next_leaf);
  w->next_leaf++;
  w->leaf_calls[i]++;

  /* stack[0] is the root; the stack is a chain of nested open intervals. */
  assert_true (depth >= 1);
  assert_int_equal (stack[0].lcp, 0);
  assert_int_equal (stack[0].lb, 0);
  for (guint k = 0; k < depth; k++)
    {
      /* value[] starts at zero; mark the interval as seen at a leaf. */
      if (stack[k].value[0] == 0)
        {
          assert_int_equal (stack[k].value[1], 0);
          assert_int_equal (stack[k].value[2], 0);
          stack[k].value[0] = 1;
        }
      assert_int_equal (stack[k].value[0], 1);
      assert_true (stack[k].lb <= i);
      if (k > 0)
        {
          assert_true (stack[k].lcp > stack[k - 1].lcp);
          assert_true (stack[k].lb >= stack[k - 1].lb);
          assert_true (stack[k].lb < i);
          /* The rows from lb to i all share the interval's prefix. */
          if (w->check_lca)
            for (guint32 r = stack[k].lb + 1; r <= i; r++)
              assert_true (lcp[r] >= stack[k].lcp);
        }
    }
  assert_true (depth == 1 || lcp[i] == stack[depth - 1].lcp);

  /* The deepest open interval starting at or before row j < i is the
   * lowest common interval of rows j and i: its value is the smallest LCP
   * between them. */
  if (w->check_lca)
    {
      guint32 h = G_MAXUINT32;

      for (guint32 j = i; j-- > 0;)
        {
          guint k = depth;

          h = MIN (h, lcp[j + 1]);
          while (k > 1 && stack[k - 1].lb > j)
            k--;
          assert_int_equal (stack[k - 1].lcp, h);
        }
    }
}

static void
record_close (BaguInterval *interval, BaguInterval *parent, gpointer user_data)
{
  Walk *w = user_data;
  Closed c = { { interval->lcp, interval->lb, interval->rb }, parent != NULL, 0, 0,
               interval->value[0] };

  if (parent != NULL)
    {
      c.parent_lcp = parent->lcp;
      c.parent_lb = parent->lb;
      assert_true (parent->lcp < interval->lcp);
      assert_true (parent->lb <= interval->lb);
    }
  else
    {
      w->roots++;
      assert_int_equal (interval->lcp, 0);
      assert_int_equal (interval->lb, 0);
      assert_int_equal (interval->rb, w->index->n - 1);
    }
  assert_true (interval->lb <= interval->rb);
  assert_true (interval->rb < w->index->n);
  g_array_append_val (w->closed, c);
}

/* Walks the index and checks the intervals against the naive set. */
static void
check_visit (const BaguIndex *index, gboolean check_lca)
{
  BaguIntervalVisitor visitor = { record_leaf, record_close };
  g_autoptr(GArray) closed = g_array_new (FALSE, FALSE, sizeof (Closed));
  g_autofree guint32 *leaf_calls = g_new0 (guint32, MAX (index->n, 1));
  g_autoptr(GArray) expected = naive_intervals (index->lcp, index->n);
  g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (Interval));
  g_autoptr(GHashTable) order = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree gint64 *keys = NULL;
  Walk w = { index, closed, leaf_calls, 0, check_lca, 0 };

  bagu_index_visit (index, &visitor, &w);
  if (index->n == 0)
    {
      assert_int_equal (closed->len, 0);
      return;
    }
  assert_int_equal (w.next_leaf, index->n);
  for (guint32 i = 0; i < index->n; i++)
    assert_int_equal (leaf_calls[i], 1);

  /* The root closes once, last. */
  assert_int_equal (w.roots, 1);
  assert_false (g_array_index (closed, Closed, closed->len - 1).has_parent);

  for (guint k = 0; k + 1 < closed->len; k++)
    g_array_append_val (got, g_array_index (closed, Closed, k).node);
  g_array_sort (got, compare_intervals);
  if (got->len != expected->len)
    print_error ("n = %u: %u intervals, expected %u\n", index->n, got->len, expected->len);
  assert_int_equal (got->len, expected->len);
  for (guint k = 0; k < got->len; k++)
    {
      const Interval *a = &g_array_index (got, Interval, k);
      const Interval *b = &g_array_index (expected, Interval, k);

      assert_int_equal (a->lb, b->lb);
      assert_int_equal (a->rb, b->rb);
      assert_int_equal (a->lcp, b->lcp);
    }

  /* Each interval is known by (lcp, lb); its parent closes after it, is
   * the smallest interval strictly containing it, and every interval was
   * open at some leaf. */
  keys = g_new (gint64, closed->len);
  for (guint k = 0; k < closed->len; k++)
    {
      const Closed *c = &g_array_index (closed, Closed, k);

      keys[k] = ((gint64) c->node.lcp << 32) | c->node.lb;
      assert_false (g_hash_table_contains (order, &keys[k]));
      g_hash_table_insert (order, &keys[k], GUINT_TO_POINTER (k + 1));
      assert_int_equal (c->seen, 1);
    }
  for (guint k = 0; k + 1 < closed->len; k++)
    {
      const Closed *c = &g_array_index (closed, Closed, k);
      gint64 key = ((gint64) c->parent_lcp << 32) | c->parent_lb;
      guint at = GPOINTER_TO_UINT (g_hash_table_lookup (order, &key));
      const Closed *p;
      Interval smallest = { 0, 0, index->n - 1 };

      assert_true (c->has_parent);
      assert_true (at > k + 1);
      p = &g_array_index (closed, Closed, at - 1);
      assert_true (p->node.lb <= c->node.lb && c->node.rb <= p->node.rb);
      assert_true (p->node.lcp < c->node.lcp);
      for (guint e = 0; e < expected->len; e++)
        {
          const Interval *x = &g_array_index (expected, Interval, e);

          if (x->lb <= c->node.lb && c->node.rb <= x->rb && x->lcp < c->node.lcp
              && x->lcp > smallest.lcp)
            smallest = *x;
        }
      assert_int_equal (p->node.lb, smallest.lb);
      assert_int_equal (p->node.rb, smallest.rb);
      assert_int_equal (p->node.lcp, smallest.lcp);
    }
}

/* Checks bagu_index_locate for one pattern against naive counting. */
static void
check_locate (const BaguIndex *index, const guint32 *pattern, guint32 m)
{
  const guint32 *t = index->tokens;
  guint32 n = index->n;
  guint32 count = 0, smaller = 0;
  guint32 lo = G_MAXUINT32, hi = G_MAXUINT32;
  guint32 got;

  for (guint32 p = 0; p < n; p++)
    {
      guint32 d = 0;

      while (d < m && p + d < n && t[p + d] == pattern[d])
        d++;
      if (d == m)
        count++;
      else if (p + d == n || t[p + d] < pattern[d])
        smaller++;
    }
  got = bagu_index_locate (index, pattern, m, &lo, &hi);
  assert_int_equal (got, count);
  assert_int_equal (hi - lo, count);
  assert_int_equal (lo, smaller);
  for (guint32 r = lo; r < hi; r++)
    {
      assert_true (index->sa[r] + m <= n);
      assert_memory_equal (t + index->sa[r], pattern, m * sizeof (guint32));
    }
}

/* Hand cases */

static void
check_stream (const guint32 *t, guint32 n)
{
  g_autoptr(BaguIndex) index = build_and_check (t, n);

  check_visit (index, TRUE);
}

static void
test_single_separator (void **state)
{
  static const guint32 t[] = { BAGU_TOKEN_SEP };
  g_autoptr(BaguIndex) index = build_and_check (t, 1);
  guint32 lo, hi;
  guint32 a = 'a';

  assert_int_equal (index->sa[0], 0);
  assert_int_equal (index->lcp[0], 0);
  check_visit (index, TRUE);
  assert_int_equal (bagu_index_locate (index, &a, 1, &lo, &hi), 0);
  assert_int_equal (lo, hi);
}

static void
test_empty (void **state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BaguIndex) index = bagu_index_build (NULL, 0, &error);
  guint32 lo = 7, hi = 7;
  guint32 a = 'a';

  assert_null (error);
  assert_non_null (index);
  assert_int_equal (index->n, 0);
  check_visit (index, TRUE);
  assert_int_equal (bagu_index_locate (index, &a, 1, &lo, &hi), 0);
  assert_int_equal (lo, 0);
  assert_int_equal (hi, 0);
}

static void
test_all_equal (void **state)
{
  static const guint32 t[] = { 'a', 'a', 'a', 'a', BAGU_TOKEN_SEP };
  static const guint32 sa[] = { 4, 3, 2, 1, 0 };
  static const guint32 lcp[] = { 0, 0, 1, 2, 3 };
  g_autoptr(BaguIndex) index = build_and_check (t, G_N_ELEMENTS (t));
  guint32 aaa[] = { 'a', 'a', 'a' };
  guint32 lo, hi;

  assert_memory_equal (index->sa, sa, sizeof sa);
  assert_memory_equal (index->lcp, lcp, sizeof lcp);
  check_visit (index, TRUE);
  assert_int_equal (bagu_index_locate (index, aaa, 3, &lo, &hi), 2);
  assert_int_equal (lo, 3);
  assert_int_equal (hi, 5);
  assert_int_equal (bagu_index_locate (index, aaa, 1, &lo, &hi), 4);
  assert_int_equal (lo, 1);
}

static void
test_banana (void **state)
{
  /* b a n a n a SEP, with the ids of the letters */
  static const guint32 t[] = { 'b', 'a', 'n', 'a', 'n', 'a', BAGU_TOKEN_SEP };
  /* SEP, a$, ana$, anana$, banana$, na$, nana$ */
  static const guint32 sa[] = { 6, 5, 3, 1, 0, 4, 2 };
  static const guint32 lcp[] = { 0, 0, 1, 3, 0, 0, 2 };
  g_autoptr(BaguIndex) index = build_and_check (t, G_N_ELEMENTS (t));
  guint32 ana[] = { 'a', 'n', 'a' };
  guint32 nab[] = { 'n', 'a', 'b' };
  guint32 lo, hi;

  assert_memory_equal (index->sa, sa, sizeof sa);
  assert_memory_equal (index->lcp, lcp, sizeof lcp);
  check_visit (index, TRUE);
  assert_int_equal (bagu_index_locate (index, ana, 3, &lo, &hi), 2);
  assert_int_equal (lo, 2);
  assert_int_equal (hi, 4);
  assert_int_equal (bagu_index_locate (index, nab, 3, &lo, &hi), 0);
  assert_int_equal (lo, 6);
  check_locate (index, nab, 3);
}

static void
test_separators (void **state)
{
  /* The common prefix of "a b SEP a b SEP" stops at the separator. */
  static const guint32 t1[] = { 'a', 'b', 0, 'a', 'b', 0 };
  static const guint32 t2[] = { 0, 0, 0, 0, 0 };
  static const guint32 t3[] = { 'x', 0, 0, 'x', 0, 'x', 'x', 0, 0 };
  static const guint32 t4[] = { 'a', 'b', 0, 'a', 'b', 0, 'a', 'b', 0, 'c', 0 };
  g_autoptr(BaguIndex) index = build_and_check (t1, G_N_ELEMENTS (t1));

  /* SEP$, SEP a b SEP, a b SEP$, a b SEP a b SEP, b SEP$, b SEP a b SEP */
  static const guint32 sa1[] = { 5, 2, 3, 0, 4, 1 };
  static const guint32 lcp1[] = { 0, 0, 0, 2, 0, 1 };

  assert_memory_equal (index->sa, sa1, sizeof sa1);
  assert_memory_equal (index->lcp, lcp1, sizeof lcp1);
  check_visit (index, TRUE);
  check_stream (t2, G_N_ELEMENTS (t2));
  check_stream (t3, G_N_ELEMENTS (t3));
  check_stream (t4, G_N_ELEMENTS (t4));
}

static void
test_huge_ids (void **state)
{
  /* Words far above the code points, and the three class tokens. */
  static const guint32 t[] = {
    BAGU_TOKEN_WORD_BASE + 7, BAGU_TOKEN_NUM, 0x4E00, BAGU_TOKEN_WORD_BASE + 7,
    BAGU_TOKEN_SLOT, 0, BAGU_TOKEN_WORD_BASE + 90000, BAGU_TOKEN_WORD_BASE + 7,
    BAGU_TOKEN_NUM, 0x4E00, 0,
  };

  check_stream (t, G_N_ELEMENTS (t));
}

/* Randomized */

/* A random stream of length n ending in a separator. */
static guint32 *
random_stream (GRand *rand, guint32 n, guint32 *alphabet, guint32 k, gint sep_percent)
{
  guint32 *t = g_new (guint32, n);

  for (guint32 i = 0; i + 1 < n; i++)
    t[i] = g_rand_int_range (rand, 0, 100) < sep_percent
           ? BAGU_TOKEN_SEP : alphabet[g_rand_int_range (rand, 0, k)];
  t[n - 1] = BAGU_TOKEN_SEP;
  return t;
}

/* A random alphabet: small or large, with word ids far above the code
 * points when @huge (the index renames them densely). */
static guint32
random_alphabet (GRand *rand, guint32 *alphabet, gboolean large, gboolean huge)
{
  guint32 k;

  if (large)
    {
      k = g_rand_int_range (rand, 50, 400);
      for (guint32 c = 0; c < k; c++)
        alphabet[c] = huge && g_rand_boolean (rand)
                      ? BAGU_TOKEN_WORD_BASE + g_rand_int_range (rand, 0, 200000)
                      : (guint32) g_rand_int_range (rand, 1, 0xA000);
      return k;
    }
  k = g_rand_int_range (rand, 2, 6);
  for (guint32 c = 0; c < k; c++)
    {
      switch (g_rand_int_range (rand, 0, 4))
        {
        case 0:
          alphabet[c] = huge ? BAGU_TOKEN_WORD_BASE + g_rand_int_range (rand, 0, 100000)
                             : (guint32) g_rand_int_range (rand, 3, 0x100);
          break;
        case 1:
          alphabet[c] = g_rand_int_range (rand, 1, 3);   /* NUM, SLOT */
          break;
        default:
          alphabet[c] = 0x4E00 + g_rand_int_range (rand, 0, 8);
          break;
        }
    }
  return k;
}

/* Closes intervals of a walk over a range of rows: in order, with their
 * parents' LCP; the range's own root apart. */
static void
range_close (BaguInterval *interval, BaguInterval *parent, gpointer user_data)
{
  GArray *closed = user_data;
  Closed c = { { interval->lcp, interval->lb, interval->rb }, parent != NULL, 0, 0, 0 };

  if (parent == NULL)
    {
      assert_int_equal (interval->lcp, 0);
      return;
    }
  c.parent_lcp = parent->lcp;
  g_array_append_val (closed, c);
}

/* Walked in ranges cut at random rows of LCP 0, the index gives the
 * intervals of one walk of the whole, in the same order. */
static void
check_visit_rows (const BaguIndex *index, GRand *rand)
{
  BaguIntervalVisitor visitor = { NULL, range_close };
  g_autoptr(GArray) whole = g_array_new (FALSE, FALSE, sizeof (Closed));
  g_autoptr(GArray) ranges = g_array_new (FALSE, FALSE, sizeof (Closed));
  guint32 lo = 0;

  bagu_index_visit_rows (index, 0, index->n, &visitor, whole);
  for (guint32 r = 1; r <= index->n; r++)
    if (r == index->n || (index->lcp[r] == 0 && g_rand_int_range (rand, 0, 3) == 0))
      {
        bagu_index_visit_rows (index, lo, r, &visitor, ranges);
        lo = r;
      }
  assert_int_equal (ranges->len, whole->len);
  for (guint k = 0; k < whole->len; k++)
    {
      const Closed *x = &g_array_index (whole, Closed, k), *y = &g_array_index (ranges, Closed, k);

      assert_int_equal (x->node.lcp, y->node.lcp);
      assert_int_equal (x->node.lb, y->node.lb);
      assert_int_equal (x->node.rb, y->node.rb);
      assert_int_equal (x->parent_lcp, y->parent_lcp);
    }
}

/* SA-IS gathers the LMS suffixes it has marked while inducing, on texts
 * up to bagu_index_mark_limit long, and tests every entry on longer ones:
 * a third of the rounds each way, and a third with the limit at n / 2,
 * below the n + 1 symbols of the text and, mostly, at or above the
 * string it recurses on (about half as long at most), so that one level
 * does it one way and the next the other. */
static void
set_mark_limit (guint round, guint32 n)
{
  bagu_index_mark_limit = round % 3 == 0 ? BAGU_INDEX_MARK_LIMIT : round % 3 == 1 ? 0 : n / 2;
}

static void
test_random_streams (void **state)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240611);
  guint32 alphabet[400];

  for (guint round = 0; round < 2000; round++)
    {
      gboolean large = round % 5 == 4;
      gboolean huge = round % 8 == 3 || round % 40 == 9;
      guint32 k = random_alphabet (rand, alphabet, large, huge);
      guint32 n = g_rand_int_range (rand, 1, 301);
      gint sep_percent = g_rand_int_range (rand, 0, 4) == 0 ? 0 : g_rand_int_range (rand, 1, 30);
      g_autofree guint32 *t = NULL;
      g_autoptr(BaguIndex) index = NULL;
      g_autoptr(BaguIndex) again = NULL;

      /* The LCP is computed in parts, one a thread: from one to four. */
      bagu_parallel_set_threads (1 + round % 4);
      t = random_stream (rand, n, alphabet, k, sep_percent);
      set_mark_limit (round, n);
      index = build_and_check (t, n);
      bagu_index_mark_limit = BAGU_INDEX_MARK_LIMIT;

      check_visit (index, round % 10 == 0);
      check_visit_rows (index, rand);
      /* Phrases as short as the runs the cover is made of, and longer. */
      check_repeats (t, n, 1 + round % 9);

      /* Patterns: substrings of the stream (present) and random ones,
       * mostly absent. */
      for (guint q = 0; q < 10; q++)
        {
          guint32 pattern[8];
          guint32 m = g_rand_int_range (rand, 1, 9);

          if (q % 2 == 0 && n > 1)
            {
              guint32 p = g_rand_int_range (rand, 0, n - 1);

              m = 0;
              while (m < 8 && p + m < n && t[p + m] != BAGU_TOKEN_SEP && m < 1 + q)
                {
                  pattern[m] = t[p + m];
                  m++;
                }
              if (m == 0)
                continue;
            }
          else
            for (guint32 d = 0; d < m; d++)
              pattern[d] = g_rand_int_range (rand, 0, 8) == 0
                           ? 0x9FFF : alphabet[g_rand_int_range (rand, 0, k)];
          check_locate (index, pattern, m);
        }

      /* Deterministic. */
      if (round % 10 == 0)
        {
          again = bagu_index_build (t, n, NULL);
          assert_memory_equal (again->sa, index->sa, n * sizeof (guint32));
          assert_memory_equal (again->lcp, index->lcp, n * sizeof (guint32));
        }
    }
  bagu_parallel_set_threads (0);
  bagu_index_mark_limit = BAGU_INDEX_MARK_LIMIT;
}

/* Longer streams with long repeats, which SA-IS must recurse on. */
static void
test_random_repetitive (void **state)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (77);

  for (guint round = 0; round < 40; round++)
    {
      guint32 unit = g_rand_int_range (rand, 1, 12);
      guint32 n = g_rand_int_range (rand, 200, 3000);
      g_autofree guint32 *base = g_new (guint32, unit);
      g_autofree guint32 *t = g_new (guint32, n);
      g_autoptr(BaguIndex) index = NULL;

      bagu_parallel_set_threads (1 + round % 3);
      for (guint32 c = 0; c < unit; c++)
        base[c] = g_rand_int_range (rand, 1, 4);
      for (guint32 i = 0; i + 1 < n; i++)
        t[i] = g_rand_int_range (rand, 0, 50) == 0
               ? (guint32) g_rand_int_range (rand, 0, 4) : base[i % unit];
      t[n - 1] = BAGU_TOKEN_SEP;
      set_mark_limit (round, n);
      index = build_and_check (t, n);
      bagu_index_mark_limit = BAGU_INDEX_MARK_LIMIT;
      check_visit (index, FALSE);
    }
  bagu_parallel_set_threads (0);
  bagu_index_mark_limit = BAGU_INDEX_MARK_LIMIT;
}

/* The samples */

static void
test_sample_corpus (void **state)
{
  g_autoptr(BaguCorpus) corpus = bagu_corpus_new ();
  g_autoptr(BaguNoiseRules) rules = bagu_noise_rules_new ();
  g_autofree char *rules_path = test_srcpath ("templates", "noise.rules", NULL);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(BaguIndex) index = NULL;
  g_autoptr(BaguIndex) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *seen = NULL;
  BaguLoadOptions options = { 0 };
  const guint32 *t;
  guint32 n;

  assert_true (bagu_noise_rules_add_file (rules, rules_path, NULL));
  options.rules = rules;
  for (guint i = 0; i < G_N_ELEMENTS (test_samples); i++)
    g_ptr_array_add (paths, test_srcpath ("samples", test_samples[i], NULL));
  assert_true (bagu_load_corpus (corpus, (const char *const *) paths->pdata, paths->len,
                                 &options, NULL, NULL, NULL));
  assert_int_equal (corpus->sources->len, 5);
  assert_true (corpus->documents->len >= 5);
  assert_true (corpus->n_tokens > 10000);
  t = corpus->tokens;
  n = corpus->n_tokens;
  assert_int_equal (t[n - 1], BAGU_TOKEN_SEP);

  index = bagu_index_build (t, n, &error);
  assert_null (error);
  assert_non_null (index);
  assert_int_equal (index->n, n);

  /* A permutation, in sorted order, with the naive LCP on every row. */
  seen = g_new0 (guint8, n);
  for (guint32 i = 0; i < n; i++)
    {
      assert_true (index->sa[i] < n);
      assert_int_equal (seen[index->sa[i]], 0);
      seen[index->sa[i]] = 1;
      if (i > 0)
        {
          assert_true (naive_compare_suffixes (t, n, index->sa[i - 1], index->sa[i]) < 0);
          assert_int_equal (index->lcp[i], naive_lcp (t, n, index->sa[i - 1], index->sa[i]));
        }
    }
  assert_int_equal (index->lcp[0], 0);

  /* Every paragraph's first six tokens are found where they are. */
  for (guint p = 0; p < corpus->paragraphs->len; p += 7)
    {
      const BaguParagraph *para = bagu_corpus_paragraph (corpus, p);
      guint32 m = 0;

      while (m < 6 && m < para->n_tokens && t[para->first_token + m] != BAGU_TOKEN_SEP)
        m++;
      if (m > 0)
        check_locate (index, t + para->first_token, m);
    }

  again = bagu_index_build (t, n, NULL);
  assert_memory_equal (again->sa, index->sa, n * sizeof (guint32));
  assert_memory_equal (again->lcp, index->lcp, n * sizeof (guint32));
}

/* The rank sets the walks over the index ask which document a position
 * lies in, against counting: popcount on edge and random words, rank at
 * every position of random sets, and the documents of positions with
 * empty documents among them. */
static void
test_rank (void **state)
{
  GRand *rand = g_rand_new_with_seed (7);
  const guint64 edges[] = { 0, 1, G_MAXUINT64, G_GUINT64_CONSTANT (1) << 63,
                            G_GUINT64_CONSTANT (0x8000000000000001), G_MAXUINT64 - 1 };

  (void) state;
  for (guint i = 0; i < G_N_ELEMENTS (edges) + 1000; i++)
    {
      guint64 x = i < G_N_ELEMENTS (edges) ? edges[i]
                  : ((guint64) g_rand_int (rand) << 32 | g_rand_int (rand))
                    & ((guint64) g_rand_int (rand) << 32 | g_rand_int (rand));
      guint naive = 0;

      for (guint b = 0; b < 64; b++)
        naive += (x >> b) & 1;
      assert_int_equal (bagu_popcount64 (x), naive);
    }

  for (guint round = 0; round < 20; round++)
    {
      guint32 n = g_rand_int_range (rand, 1, 700);
      g_autofree guint32 *members = g_new (guint32, n);
      g_autofree guint32 *doc_starts = g_new (guint32, n + 1);
      guint32 n_members = 0, n_docs = 0, below = 0;
      BaguRank rank;
      BaguDocLookup lookup;

      for (guint32 pos = 0; pos < n; pos++)
        if (g_rand_int_range (rand, 0, round % 4 + 2) == 0)
          members[n_members++] = pos;
      bagu_rank_init (&rank, n, members, n_members);
      for (guint32 pos = 0, k = 0; pos < n; pos++)
        {
          assert_int_equal (bagu_rank_of (&rank, pos), below);
          assert_int_equal (bagu_rank_has (&rank, pos), k < n_members && members[k] == pos);
          if (k < n_members && members[k] == pos)
            below++, k++;
        }
      bagu_rank_clear (&rank);

      /* Documents at the members (and 0), some of them empty. */
      doc_starts[n_docs++] = 0;
      for (guint32 k = 0; k < n_members; k++)
        {
          if (members[k] > 0 && g_rand_int_range (rand, 0, 3) == 0)
            doc_starts[n_docs++] = members[k];   /* an empty document */
          if (members[k] > 0)
            doc_starts[n_docs++] = members[k];
        }
      doc_starts[n_docs] = n;
      bagu_doc_lookup_init (&lookup, doc_starts, n_docs);
      for (guint32 pos = 0; pos < n; pos++)
        {
          guint32 d = bagu_doc_lookup (&lookup, pos);

          assert_true (d < n_docs);
          assert_true (doc_starts[d] <= pos && pos < doc_starts[d + 1]);
        }
      bagu_doc_lookup_clear (&lookup);
    }
  g_rand_free (rand);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_rank),
    cmocka_unit_test (test_single_separator),
    cmocka_unit_test (test_empty),
    cmocka_unit_test (test_all_equal),
    cmocka_unit_test (test_banana),
    cmocka_unit_test (test_separators),
    cmocka_unit_test (test_huge_ids),
    cmocka_unit_test (test_random_streams),
    cmocka_unit_test (test_random_repetitive),
    cmocka_unit_test (test_sample_corpus),
  };

  return cmocka_run_group_tests_name ("index", tests, NULL, NULL);
}
