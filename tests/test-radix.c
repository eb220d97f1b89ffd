/* tests/test-radix.c: the radix sort against a comparison sort, for every
 * record size the callers use and some they do not, and the parallel
 * helpers that split and run the parts of a stage. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "test-util.h"
#include "bagu-memory.h"
#include "bagu-parallel.h"
#include "bagu-radix.h"

/* Records of up to 40 bytes: the keys at the offsets, then the record's
 * original position, which makes the reference sort stable. */
static gsize sort_size;
static const gsize *sort_offsets;
static guint sort_keys;

static guint32
field (const guint8 *record, gsize offset)
{
  guint32 v;

  memcpy (&v, record + offset, sizeof v);
  return v;
}

static int
compare_records (const void *x, const void *y)
{
  for (guint k = sort_keys; k-- > 0;)
    {
      guint32 a = field (x, sort_offsets[k]), b = field (y, sort_offsets[k]);

      if (a != b)
        return a < b ? -1 : 1;
    }
  return field (x, sort_size) < field (y, sort_size) ? -1 : field (x, sort_size) > field (y, sort_size);
}

/* How check_sort_kind sorts: with the sort's own buffer, or in a scratch
 * given, which is filled with garbage first. */
typedef enum {
  SORT_OWN_BUFFER,
  SORT_WITH_SCRATCH,
} SortKind;

static void
check_sort_kind (GRand *rand, gsize n, gsize size, const gsize *offsets, guint n_keys,
                 guint32 range, SortKind kind)
{
  g_autofree guint8 *data = g_malloc0 (n * size + 1);
  g_autofree guint8 *scratch = g_malloc (n * size + 1);
  g_autofree guint8 *tagged = g_malloc0 (n * (size + 4) + 1);

  for (gsize i = 0; i < n; i++)
    {
      guint32 tag = (guint32) i;

      for (gsize b = 0; b < size; b++)
        data[i * size + b] = (guint8) g_rand_int (rand);
      for (guint k = 0; k < n_keys; k++)
        {
          /* Small ranges give ties and digits that are all the same. */
          guint32 v = range == 0 ? g_rand_int (rand) : (guint32) g_rand_int_range (rand, 0, range);

          memcpy (data + i * size + offsets[k], &v, sizeof v);
        }
      memcpy (tagged + i * (size + 4), data + i * size, size);
      memcpy (tagged + i * (size + 4) + size, &tag, sizeof tag);
    }
  sort_size = size, sort_offsets = offsets, sort_keys = n_keys;
  qsort (tagged, n, size + 4, compare_records);
  memset (scratch, 0xa5, n * size + 1);
  if (kind == SORT_WITH_SCRATCH)
    bagu_radix_sort_with (data, n, size, offsets, n_keys, scratch);
  else
    bagu_radix_sort (data, n, size, offsets, n_keys);
  for (gsize i = 0; i < n; i++)
    assert_memory_equal (data + i * size, tagged + i * (size + 4), size);
  /* Nothing past the room given. */
  if (kind != SORT_OWN_BUFFER)
    assert_int_equal (scratch[n * size], 0xa5);
}

static void
check_sort (GRand *rand, gsize n, gsize size, const gsize *offsets, guint n_keys,
            guint32 range, gboolean with_scratch)
{
  check_sort_kind (rand, n, size, offsets, n_keys, range,
                   with_scratch ? SORT_WITH_SCRATCH : SORT_OWN_BUFFER);
}

static void
test_radix_sizes (void **state)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  const gsize sizes[] = { 8, 12, 16, 20, 24, 28, 40 };
  const guint32 ranges[] = { 0, 1, 7, 70000, 1u << 20 };

  (void) state;
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint r = 0; r < G_N_ELEMENTS (ranges); r++)
      {
        gsize size = sizes[s];
        /* Keys in the last and the first field, and one in between when
         * there is room, least significant first. */
        gsize offsets[3] = { size - 4, 0, 4 };
        guint n_keys = size >= 12 ? 3 : 2;

        for (guint with_scratch = 0; with_scratch < 2; with_scratch++)
          {
            check_sort (rand, 5000, size, offsets, n_keys, ranges[r], with_scratch);
            /* Few records take an insertion sort, up to 31 of them:
             * either side of that, and ties kept in order. */
            for (gsize n = 2; n <= 40; n++)
              check_sort (rand, n, size, offsets, n_keys, ranges[r], with_scratch);
          }
      }
  /* Nothing and one record: nothing to do. */
  for (guint with_scratch = 0; with_scratch < 2; with_scratch++)
    {
      check_sort (rand, 0, 8, (const gsize[]) { 0 }, 1, 0, with_scratch);
      check_sort (rand, 1, 8, (const gsize[]) { 0 }, 1, 0, with_scratch);
    }
}

/* Sorted by their low bits alone, in place: the order of a comparison
 * sort of the keys so masked, ties in their first order. */
static gsize low_offset, low_size;
static guint32 low_mask;

static int
compare_low (const void *x, const void *y)
{
  guint32 a = field (x, low_offset) & low_mask, b = field (y, low_offset) & low_mask;

  if (a != b)
    return a < b ? -1 : 1;
  return field (x, low_size) < field (y, low_size) ? -1 : field (x, low_size) > field (y, low_size);
}

static void
test_radix_low (void **state)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  /* Digits of eight bits, of fewer, a last one narrower than the others,
   * and two passes of wider ones (17 to 24 bits of 8-byte records). */
  const guint bits[] = { 1, 7, 8, 9, 12, 16, 17, 21, 23, 24, 25, 31, 32 };
  const gsize counts[] = { 0, 1, 2, 31, 1000, 40000 };
  const gsize sizes[] = { 8, 12 };

  (void) state;
  /* Keys of every kind: random, then with a low or a high part (of a sort
   * in two passes) the same in all of them, then all the same. */
  for (guint kind = 0; kind < 4; kind++)
    for (guint b = 0; b < G_N_ELEMENTS (bits); b++)
      for (guint c = 0; c < G_N_ELEMENTS (counts); c++)
        for (guint z = 0; z < G_N_ELEMENTS (sizes); z++)
          for (low_offset = 0; low_offset + 4 <= sizes[z]; low_offset += 4)
            {
              gsize n = counts[c], size = low_size = sizes[z];
              guint half = (bits[b] + 1) / 2;
              guint32 keep = kind == 0 ? G_MAXUINT32 : kind == 1 ? ~((1u << half) - 1)
                             : kind == 2 ? (1u << half) - 1 : 0;
              /* The records, then each with its first place for the reference. */
              g_autofree guint8 *data = g_malloc (n * size + 1);
              g_autofree guint8 *tagged = g_malloc (n * (size + 4) + 1);
              g_autofree guint8 *scratch = g_malloc (n * size + 1);

              low_mask = bits[b] == 32 ? G_MAXUINT32 : (1u << bits[b]) - 1;
              for (gsize i = 0; i < n; i++)
                {
                  guint32 tag = (guint32) i, v;

                  for (gsize k = 0; k < size; k++)
                    data[i * size + k] = (guint8) g_rand_int (rand);
                  /* Ties, and digits all the same, in some of them. */
                  if (i % 3 == 0)
                    data[i * size + low_offset] = 0;
                  memcpy (&v, data + i * size + low_offset, 4);
                  v &= keep;
                  memcpy (data + i * size + low_offset, &v, 4);
                  memcpy (tagged + i * (size + 4), data + i * size, size);
                  memcpy (tagged + i * (size + 4) + size, &tag, 4);
                }
              qsort (tagged, n, size + 4, compare_low);
              bagu_radix_sort_low (data, n, size, low_offset, bits[b], scratch);
              for (gsize i = 0; i < n; i++)
                assert_memory_equal (data + i * size, tagged + i * (size + 4), size);
            }
  /* The top digit leaves buckets a core's cache holds, and one bit at least. */
  assert_int_equal (bagu_radix_spread_top (2, 8), 1);
  assert_true (bagu_radix_spread_top (6400000, 8) >= 8);
  assert_true (((gsize) 6400000 * 8) >> bagu_radix_spread_top (6400000, 8) <= (gsize) 192 << 10);
}

static void
test_parallel_split (void **state)
{
  const guint64 even[] = { 1, 1, 1, 1, 1, 1, 1, 1 };
  const guint64 heavy[] = { 100, 1, 1, 1, 1, 1, 1, 1 };
  gsize bounds[5];

  (void) state;
  bagu_parallel_split (even, 8, 4, bounds);
  assert_int_equal (bounds[0], 0);
  assert_int_equal (bounds[1], 2);
  assert_int_equal (bounds[2], 4);
  assert_int_equal (bounds[3], 6);
  assert_int_equal (bounds[4], 8);
  /* One heavy item: it makes a part alone, the others share the rest. */
  bagu_parallel_split (heavy, 8, 2, bounds);
  assert_int_equal (bounds[0], 0);
  assert_int_equal (bounds[1], 1);
  assert_int_equal (bounds[2], 8);
  /* More parts than items: empty parts, in order. */
  bagu_parallel_split (even, 2, 4, bounds);
  for (guint k = 0; k < 4; k++)
    assert_true (bounds[k] <= bounds[k + 1]);
  assert_int_equal (bounds[4], 2);
}

static void
count_part (guint part, gpointer data)
{
  gint *done = data;

  g_atomic_int_inc (&done[part]);
}

static void
test_parallel_run (void **state)
{
  gint done[100] = { 0 };

  (void) state;
  for (guint threads = 1; threads <= 4; threads++)
    {
      memset (done, 0, sizeof done);
      bagu_parallel_set_threads (threads);
      assert_int_equal (bagu_parallel_threads (), threads);
      bagu_parallel_run (G_N_ELEMENTS (done), count_part, done);
      for (guint k = 0; k < G_N_ELEMENTS (done); k++)
        assert_int_equal (done[k], 1);
    }
  bagu_parallel_set_threads (0);
  assert_true (bagu_parallel_threads () >= 1);
  bagu_parallel_run (0, count_part, done);
}

/* Parts made on the threads into slots, taken in order: each part is
 * taken once, after those before it, from the slot it was made in, and
 * never more than the window ahead. */
typedef struct {
  guint window;
  guint slot_part[8];     /* what part each slot holds */
  guint made[200];
  guint taken;            /* parts taken so far, on the calling thread */
  gint ahead;             /* the most parts made and not yet taken */
  gint in_flight;
  guint stop_after;       /* the part after which to stop */
  GThread *caller;        /* the thread that takes the parts */
  gint by_caller;         /* parts made on it */
} OrderedCheck;

static void
make_part (guint part, guint slot, gpointer data)
{
  OrderedCheck *c = data;
  gint now = g_atomic_int_add (&c->in_flight, 1) + 1;
  gint seen;

  /* Parts of unequal cost, so that they finish out of order. */
  g_usleep ((part * 7919) % 5 * 200);
  while ((seen = g_atomic_int_get (&c->ahead)) < now
         && !g_atomic_int_compare_and_exchange (&c->ahead, seen, now))
    ;
  c->slot_part[slot] = part;
  c->made[part]++;
  if (g_thread_self () == c->caller)
    g_atomic_int_inc (&c->by_caller);
}

static gboolean
take_part (guint part, guint slot, gpointer data)
{
  OrderedCheck *c = data;

  assert_int_equal (part, c->taken);
  assert_int_equal (c->slot_part[slot], part);
  assert_int_equal (c->made[part], 1);
  g_atomic_int_add (&c->in_flight, -1);
  c->taken++;
  return part != c->stop_after;
}

/* A crew: its parts, each run once, some by the helper. */
typedef struct {
  BaguCrew *crew;
  guint rounds;
  gint done[3][40];       /* per round and part, how often it ran */
  gint by_helper;         /* parts run on the helping thread */
  GThread *helper;
} CrewWork;

typedef struct {
  CrewWork *w;
  guint round;
} CrewRound;

static void
crew_part (guint part, gpointer data)
{
  CrewRound *r = data;

  g_atomic_int_inc (&r->w->done[r->round][part]);
  if (g_thread_self () == r->w->helper)
    g_atomic_int_inc (&r->w->by_helper);
  g_usleep (500);
}

static gpointer
crew_stage (gpointer data)
{
  CrewWork *w = data;

  bagu_crew_enter (w->crew);
  for (guint round = 0; round < w->rounds; round++)
    {
      CrewRound r = { w, round };

      bagu_parallel_run (G_N_ELEMENTS (w->done[round]), crew_part, &r);
    }
  bagu_crew_finish (w->crew);
  return NULL;
}

static void
test_parallel_crew (void **state)
{
  (void) state;
  for (guint threads = 1; threads <= 3; threads++)
    {
      g_autoptr(BaguCrew) crew = bagu_crew_new ();
      CrewWork w = { crew, 3, { { 0 } }, 0, g_thread_self () };
      GThread *thread;

      bagu_parallel_set_threads (threads);
      thread = g_thread_new ("crew", crew_stage, &w);
      bagu_crew_help (crew);
      g_thread_join (thread);
      for (guint round = 0; round < 3; round++)
        for (guint k = 0; k < G_N_ELEMENTS (w.done[round]); k++)
          assert_int_equal (w.done[round][k], 1);
      /* The helper had nothing else to do: it took parts of each round. */
      assert_true (w.by_helper > 0);
      assert_true (w.by_helper < 3 * 40);
    }
  /* A crew with no parallel parts: the helper returns once it is done. */
  {
    g_autoptr(BaguCrew) crew = bagu_crew_new ();
    CrewWork w = { crew, 0, { { 0 } }, 0, g_thread_self () };
    GThread *thread = g_thread_new ("crew", crew_stage, &w);

    bagu_crew_help (crew);
    g_thread_join (thread);
    assert_int_equal (w.by_helper, 0);
  }
  bagu_parallel_set_threads (0);
}

/* Each part made once and taken in order, no more than the window ahead,
 * and none started once a part stops the run: with the calling thread
 * making parts too (helping) or only taking them. */
static void
test_parallel_ordered (void **state)
{
  (void) state;
  for (guint helping = 0; helping <= 1; helping++)
    for (guint threads = 1; threads <= 3; threads++)
      for (guint window = 1; window <= 8; window += 3)
        {
          OrderedCheck c = { window, .stop_after = G_MAXUINT, .caller = g_thread_self () };
          OrderedCheck stopped = { window, .stop_after = 50, .caller = g_thread_self () };
          void (*run) (guint, guint, BaguOrderedFunc, BaguOrderedDone, gpointer)
            = helping ? bagu_parallel_ordered_helping : bagu_parallel_ordered;
          guint made = 0;

          bagu_parallel_set_threads (threads);
          run (G_N_ELEMENTS (c.made), window, make_part, take_part, &c);
          assert_int_equal (c.taken, G_N_ELEMENTS (c.made));
          assert_true (c.ahead >= 1 && (guint) c.ahead <= (threads > 1 ? window : 1));
          /* The caller made some parts where it helps, none where not. */
          if (threads > 1)
            assert_true (helping ? c.by_caller > 0 : c.by_caller == 0);
          /* Stopped after part 50: none taken after it, none started more
           * than the window beyond it. */
          run (G_N_ELEMENTS (stopped.made), window, make_part, take_part, &stopped);
          assert_int_equal (stopped.taken, 51);
          for (guint k = 0; k < G_N_ELEMENTS (stopped.made); k++)
            made += stopped.made[k];
          assert_true (made >= 51 && made <= 51 + window);
        }
  bagu_parallel_set_threads (0);
}

/* An array with room reserved holds what is put in it, past the room
 * too, and zeroes what a clearing array is grown by. */
static void
test_reserved_array (void **state)
{
  g_autoptr(GArray) array = bagu_array_new (FALSE, sizeof (guint32), 1000000);
  g_autoptr(GArray) cleared = bagu_array_new (TRUE, sizeof (guint64), 600000);

  (void) state;
  assert_int_equal (array->len, 0);
  for (guint32 i = 0; i < 1500000; i++)
    g_array_append_val (array, i);
  for (guint32 i = 0; i < 1500000; i++)
    assert_int_equal (g_array_index (array, guint32, i), i);
  g_array_set_size (cleared, 700000);
  for (guint i = 0; i < cleared->len; i++)
    assert_true (g_array_index (cleared, guint64, i) == 0);
  /* Room for more than 1 GiB is not reserved. */
  g_clear_pointer (&array, g_array_unref);
  array = bagu_array_new (FALSE, 16, G_MAXSIZE / 32);
  g_array_set_size (array, 10);
  assert_int_equal (array->len, 10);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_radix_sizes),
    cmocka_unit_test (test_radix_low),
    cmocka_unit_test (test_parallel_split),
    cmocka_unit_test (test_parallel_run),
    cmocka_unit_test (test_parallel_ordered),
    cmocka_unit_test (test_parallel_crew),
    cmocka_unit_test (test_reserved_array),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
