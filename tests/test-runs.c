/* tests/test-runs.c: the fingerprints of runs of tokens and their groups, against naive references. */
#include "config.h"

#include <string.h>

#include "test-util.h"
#include "test-corpus.h"
#include "bagu-corpus.h"
#include "bagu-parallel.h"
#include "bagu-runs.h"

/* The fingerprint of the k tokens at @p, from the polynomial written out
 * rather than rolled. */
static guint32
naive_fingerprint (const guint32 *t, guint32 p, guint32 k, guint32 mask)
{
  guint64 h = 0;

  for (guint32 i = 0; i < k; i++)
    h = h * BAGU_RUNS_ROLL + t[p + i];
  return bagu_runs_mix (h) & mask;
}

static int
compare_runs (gconstpointer a, gconstpointer b)
{
  const BaguRun *x = a, *y = b;

  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* bagu_runs_fingerprint over every range of the text: each clean run that
 * starts in it, in order, with its fingerprint. */
static void
check_fingerprints (const guint32 *t, guint32 n, guint32 k, guint32 mask, GRand *rand)
{
  g_autofree BaguRun *out = g_new (BaguRun, n + 1);

  for (guint round = 0; round < 8; round++)
    {
      guint32 lo = g_rand_int_range (rand, 0, n + 1);
      guint32 hi = g_rand_int_range (rand, lo, n + 1);
      gsize m = bagu_runs_fingerprint (t, n, lo, hi, k, mask, out), at = 0;

      assert_true (m <= hi - lo);
      for (guint32 p = lo; p < hi; p++)
        if (test_clean_run (t, n, p, k))
          {
            assert_true (at < m);
            assert_int_equal (out[at].pos, p);
            assert_int_equal (out[at].key, naive_fingerprint (t, p, k, mask));
            at++;
          }
      assert_int_equal (at, m);
    }
}

/* bagu_run_groups_new: the clean runs whose fingerprint another has,
 * sorted by it and then by position, and a mark where each starts. */
static void
check_groups (const guint32 *t, guint32 n, guint32 k, guint32 mask)
{
  g_autoptr(BaguRunGroups) groups = bagu_run_groups_new (t, n, k, mask);
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (BaguRun));
  g_autoptr(GArray) shared = g_array_new (FALSE, FALSE, sizeof (BaguRun));

  for (guint32 p = 0; p < n; p++)
    if (test_clean_run (t, n, p, k))
      {
        BaguRun run = { naive_fingerprint (t, p, k, mask), p };

        g_array_append_val (all, run);
      }
  g_array_sort (all, compare_runs);
  for (guint i = 0; i < all->len; i++)
    {
      const BaguRun *r = &g_array_index (all, BaguRun, i);

      if ((i > 0 && r[-1].key == r->key) || (i + 1 < all->len && r[1].key == r->key))
        g_array_append_val (shared, *r);
    }

  assert_int_equal (groups->k, k);
  assert_int_equal (groups->n, n);
  assert_int_equal (groups->n_runs, shared->len);
  for (guint i = 0; i < shared->len; i++)
    {
      assert_int_equal (groups->runs[i].key, g_array_index (shared, BaguRun, i).key);
      assert_int_equal (groups->runs[i].pos, g_array_index (shared, BaguRun, i).pos);
    }
  for (guint32 p = 0; p < n; p++)
    {
      gboolean expected = FALSE;

      for (guint i = 0; i < shared->len && !expected; i++)
        expected = g_array_index (shared, BaguRun, i).pos == p;
      assert_int_equal (groups->repeated[p], expected);
    }

  /* Released, the marks stay. */
  bagu_run_groups_release_runs (groups);
  assert_null (groups->runs);
  assert_int_equal (groups->n_runs, 0);
  for (guint i = 0; i < shared->len; i++)
    assert_int_equal (groups->repeated[g_array_index (shared, BaguRun, i).pos], 1);
}

/* Random streams of a small alphabet, with separators: runs of every
 * length up to past the longest clean stretch, every bit of the
 * fingerprints or a few (then runs of other tokens share them), on one
 * thread to four (the parts split the text and the buckets). */
static void
test_random_runs (void **state)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (515);
  const guint32 masks[] = { G_MAXUINT32, 0xF, 0x1, 0, 0xFFFF0000u };

  (void) state;
  for (guint round = 0; round < 600; round++)
    {
      guint32 n = g_rand_int_range (rand, 1, 200);
      guint32 letters = g_rand_int_range (rand, 1, 5);
      gint sep_percent = round % 4 == 0 ? 0 : g_rand_int_range (rand, 1, 25);
      g_autofree guint32 *t = g_new (guint32, n);
      guint32 k = 1 + round % 8, mask = masks[round % G_N_ELEMENTS (masks)];

      for (guint32 i = 0; i < n; i++)
        t[i] = g_rand_int_range (rand, 0, 100) < sep_percent
               ? BAGU_TOKEN_SEP : 0x4E00 + (guint32) g_rand_int_range (rand, 0, letters);
      bagu_parallel_set_threads (1 + round % 4);
      check_fingerprints (t, n, k, mask, rand);
      check_groups (t, n, k, mask);
    }
  bagu_parallel_set_threads (0);
}

/* A text long enough for many buckets of the fingerprints' top bits and
 * for parts on every thread: the same groups as the naive sort, on one
 * thread and on three. */
static void
test_long_text (void **state)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (99);
  guint32 n = 300000;
  g_autofree guint32 *t = g_new (guint32, n);
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (BaguRun));

  (void) state;
  for (guint32 i = 0; i < n; i++)
    t[i] = g_rand_int_range (rand, 0, 40) == 0 ? BAGU_TOKEN_SEP
                                              : 0x4E00 + (guint32) g_rand_int_range (rand, 0, 6);
  for (guint32 p = 0; p < n; p++)
    if (test_clean_run (t, n, p, 5))
      {
        BaguRun run = { naive_fingerprint (t, p, 5, G_MAXUINT32), p };

        g_array_append_val (all, run);
      }
  g_array_sort (all, compare_runs);
  for (guint threads = 1; threads <= 3; threads += 2)
    {
      g_autoptr(BaguRunGroups) groups = NULL;
      guint at = 0;

      bagu_parallel_set_threads (threads);
      groups = bagu_run_groups_new (t, n, 5, G_MAXUINT32);
      for (guint i = 0; i < all->len; i++)
        {
          const BaguRun *r = &g_array_index (all, BaguRun, i);
          gboolean shared = (i > 0 && r[-1].key == r->key)
                            || (i + 1 < all->len && r[1].key == r->key);

          assert_int_equal (groups->repeated[r->pos], shared);
          if (!shared)
            continue;
          assert_true (at < groups->n_runs);
          assert_int_equal (groups->runs[at].key, r->key);
          assert_int_equal (groups->runs[at].pos, r->pos);
          at++;
        }
      assert_int_equal (at, groups->n_runs);
    }
  bagu_parallel_set_threads (0);
}

/* Nothing to group: no text, or runs longer than the text. */
static void
test_empty (void **state)
{
  const guint32 t[] = { 0x4E00, 0x4E01, BAGU_TOKEN_SEP };
  g_autoptr(BaguRunGroups) none = bagu_run_groups_new (t, 0, 5, G_MAXUINT32);
  g_autoptr(BaguRunGroups) short_text = bagu_run_groups_new (t, 3, 5, G_MAXUINT32);

  (void) state;
  assert_int_equal (none->n_runs, 0);
  assert_int_equal (short_text->n_runs, 0);
  for (guint32 p = 0; p < 3; p++)
    assert_int_equal (short_text->repeated[p], 0);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_random_runs),
    cmocka_unit_test (test_long_text),
    cmocka_unit_test (test_empty),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
