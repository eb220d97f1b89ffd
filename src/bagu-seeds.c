/* bagu-seeds.c: exact seeds, from the positions sorted on the runs that follow them. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "bagu-memory.h"
#include "bagu-parallel.h"
#include "bagu-radix.h"
#include "bagu-rank.h"
#include "bagu-runs.h"
#include "bagu-seeds.h"
#include "bagu-seeds-private.h"

#define NONE G_MAXUINT32
#define HUBS 2
/* Hubs looked for, so that HUBS remain when some share a document's group. */
#define HUB_CANDIDATES 4
/* Rows of one document in a group of rows that link to hubs, at most. */
#define ROWS_A_DOCUMENT 32
/* In a group of more rows than this, only the positions a multiple of
 * the stride link to hubs: one less than the seed length, so that the
 * runs of the seeds left still overlap, and at most HUB_STRIDE. */
#define HUB_THIN_ROWS 64
#define HUB_STRIDE 4

/* The stride for runs of @length tokens (see HUB_THIN_ROWS). */
static guint32
hub_stride (guint32 length)
{
  return CLAMP (length, 2, HUB_STRIDE + 1) - 1;
}

void
bagu_pair_filter_clear (BaguPairFilter *filter)
{
  g_clear_pointer (&filter->group, g_free);
  g_clear_pointer (&filter->partners, g_ptr_array_unref);
}

static int
compare_u32 (const void *a, const void *b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

static void
list_free (gpointer list)
{
  if (list != NULL)
    g_array_unref (list);
}

static void
add_partner (GPtrArray *partners, guint32 x, guint32 y)
{
  if (partners->pdata[x] == NULL)
    partners->pdata[x] = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_array_append_val ((GArray *) partners->pdata[x], y);
}

void
bagu_pair_filter_add_pair (BaguPairFilter *filter, guint32 n_docs, guint32 x, guint32 y)
{
  if (filter->partners == NULL)
    {
      filter->partners = g_ptr_array_new_with_free_func (list_free);
      g_ptr_array_set_size (filter->partners, n_docs);
    }
  if (x == y)
    return;
  add_partner (filter->partners, x, y);
  add_partner (filter->partners, y, x);
}

void
bagu_pair_filter_sort_partners (BaguPairFilter *filter)
{
  for (guint32 d = 0; filter->partners != NULL && d < filter->partners->len; d++)
    {
      GArray *list = filter->partners->pdata[d];
      guint kept = 0;

      if (list == NULL)
        continue;
      qsort (list->data, list->len, sizeof (guint32), compare_u32);
      for (guint k = 0; k < list->len; k++)
        if (kept == 0 || g_array_index (list, guint32, k) != g_array_index (list, guint32, kept - 1))
          g_array_index (list, guint32, kept++) = g_array_index (list, guint32, k);
      g_array_set_size (list, kept);
    }
}

gboolean
bagu_pair_filter_allows (const BaguPairFilter *filter, guint32 x, guint32 y)
{
  if (filter == NULL)
    return TRUE;
  if (filter->group != NULL && filter->group[x] != NONE && filter->group[x] == filter->group[y])
    return FALSE;
  if (filter->partners != NULL)
    {
      GArray *list = g_ptr_array_index (filter->partners, x);

      return list != NULL
             && bsearch (&y, list->data, list->len, sizeof (guint32), compare_u32) != NULL;
    }
  return TRUE;
}

/* The seeds of a part of the suffix array: in its room in a store shared by
 * the parts, and those that did not fit in a heap array of their own. */
typedef struct {
  BaguSeed *room;
  gsize n_room, room_size;
  GArray *spill;
} Made;

typedef struct {
  const BaguSeedOptions *options;
  const BaguDocLookup *docs;
  guint32 *seen;        /* per document, the last group it was seen in */
  guint32 *first_row;   /* per document, its first row in that group */
  guint32 *n_rows;      /* per document, its rows in that group so far */
  GArray *row_docs;     /* the document of each row of the group */
  GArray *row_rank;     /* of each row, how many of its document's come before */
  Made *made;
  BaguSeed *out;        /* the part's room, then its spill */
  gsize n_out, room;    /* seeds written there, and room for */
  guint32 stride;       /* see HUB_THIN_ROWS */
} Seeder;

/* Seeds are written straight into the part's room, checked a group at a
 * time. */
static inline void
emit (Seeder *s, guint32 x, guint32 px, guint32 y, guint32 py)
{
  s->out[s->n_out++] = x < y ? (BaguSeed) { x, y, px, py } : (BaguSeed) { y, x, py, px };
}

/* Room for @more seeds after those made: past the part's room, in its
 * spill. */
static void
reserve (Seeder *s, gsize more)
{
  GArray *spill = s->made->spill;

  if (s->n_out + more <= s->room)
    return;
  if (spill == NULL)
    {
      s->made->n_room = s->n_out;
      spill = s->made->spill = g_array_new (FALSE, FALSE, sizeof (BaguSeed));
      s->n_out = 0;
    }
  g_array_set_size (spill, MAX (s->n_out + more, 2 * (gsize) spill->len));
  s->out = (BaguSeed *) spill->data;
  s->room = spill->len;
}

/* The positions pos[0 … rows) are followed by the same options->length
 * tokens, and are in the order of the text. */
static void
seed_group (Seeder *s, guint32 gid, const guint32 *pos, guint32 rows)
{
  const BaguPairFilter *filter = s->options->filter;
  guint32 *docs, *rank;
  guint32 n_docs = 0;

  g_array_set_size (s->row_docs, rows);
  g_array_set_size (s->row_rank, rows);
  docs = (guint32 *) s->row_docs->data;
  rank = (guint32 *) s->row_rank->data;
  for (guint32 r = 0; r < rows; r++)
    {
      guint32 d = bagu_doc_lookup (s->docs, pos[r]);

      docs[r] = d;
      if (s->seen[d] != gid)
        {
          s->seen[d] = gid;
          s->first_row[d] = r;
          s->n_rows[d] = 0;
          n_docs++;
        }
      rank[r] = s->n_rows[d]++;
    }
  if (n_docs < 2)
    return;

  if (filter != NULL && filter->partners != NULL)
    {
      /* Only the listed pairs: each row with the first row of each listed
       * partner present. */
      for (guint32 r = 0; r < rows; r++)
        {
          GArray *list = g_ptr_array_index (filter->partners, docs[r]);

          reserve (s, list != NULL ? list->len : 0);
          for (guint q = 0; list != NULL && q < list->len; q++)
            {
              guint32 p = g_array_index (list, guint32, q);

              if (s->seen[p] == gid && bagu_pair_filter_allows (filter, docs[r], p))
                emit (s, docs[r], pos[r], p, pos[s->first_row[p]]);
            }
        }
      return;
    }

  if (n_docs <= s->options->max_docs && rows <= 4 * s->options->max_docs)
    {
      reserve (s, (gsize) rows * (rows - 1) / 2);
      for (guint32 r = 0; r < rows; r++)
        for (guint32 q = r + 1; q < rows; q++)
          if (docs[r] != docs[q] && bagu_pair_filter_allows (filter, docs[r], docs[q]))
            emit (s, docs[r], pos[r], docs[q], pos[q]);
      return;
    }

  {
    guint32 hubs[HUB_CANDIDATES];
    guint n_hubs = 0;

    /* The lowest-numbered documents of the group, in order. */
    for (guint32 r = 0; r < rows; r++)
      {
        guint32 d = docs[r];
        guint at = n_hubs;

        if (s->first_row[d] != r)
          continue;   /* seen already */
        while (at > 0 && hubs[at - 1] > d)
          at--;
        if (at >= HUB_CANDIDATES)
          continue;
        if (n_hubs < HUB_CANDIDATES)
          n_hubs++;
        for (guint h = n_hubs - 1; h > at; h--)
          hubs[h] = hubs[h - 1];
        hubs[at] = d;
      }
    reserve (s, (gsize) rows * HUBS);
    for (guint32 r = 0; r < rows; r++)
      {
        guint linked = 0;

        /* A document that repeats the run many times (a line copied over
         * and over) links only its first rows: all of them would give a
         * pair seeds on as many diagonals as the square of the repeats. */
        if (rank[r] >= ROWS_A_DOCUMENT)
          continue;
        /* A run this widely shared is a stock phrase or a topic term.  Its
         * copies in long passages are long runs of such groups, which
         * seeds a few tokens apart still cover whole, their runs
         * overlapping; a copy of the run alone is weighed by the phrases.
         * A quarter of the links do (with seeds of five tokens): the
         * seeds fall by a quarter, the passages' recall by 0.003 at most
         * on the quality corpora. */
        if (rows > HUB_THIN_ROWS && pos[r] % s->stride != 0)
          continue;

        for (guint h = 0; h < n_hubs && linked < HUBS; h++)
          if (hubs[h] != docs[r] && bagu_pair_filter_allows (filter, docs[r], hubs[h]))
            {
              emit (s, docs[r], pos[r], hubs[h], pos[s->first_row[hubs[h]]]);
              linked++;
            }
      }
  }
}

/* The groups of positions followed by the same tokens are those of
 * bagu_run_groups_new: every position followed by length tokens, none a
 * separator, sorted on a 32-bit fingerprint of these tokens, which needs
 * no suffix array.  Positions of one fingerprint whose tokens differ
 * (runs that happen to share it) are told apart when the groups are
 * read. */
typedef BaguRun Keyed;

guint32 bagu_seeds_fingerprint_mask = G_MAXUINT32;

static inline gboolean
same_key (const Keyed *x, const Keyed *y)
{
  return x->key == y->key;
}

static inline gboolean
same_run (const guint32 *tokens, guint32 p, guint32 q, guint32 k)
{
  guint32 i = 0;

#ifdef __SSE2__
  /* Every row of a group is checked against its first: four tokens at a
   * time. */
  for (; i + 4 <= k; i += 4)
    if (_mm_movemask_epi8 (_mm_cmpeq_epi32 (_mm_loadu_si128 ((const __m128i *) (tokens + p + i)),
                                            _mm_loadu_si128 ((const __m128i *) (tokens + q + i))))
        != 0xFFFF)
      return FALSE;
#endif
  for (; i < k; i++)
    if (tokens[p + i] != tokens[q + i])
      return FALSE;
  return TRUE;
}

/* The seeds are made in parts of the sorted positions, each part whole
 * groups, into rooms of one store; put together at its start, they are
 * moved to buckets of their first document in place, and each bucket is
 * sorted on its own: making and sorting on several threads.  There are
 * several seeds per token of reused text: they are sorted by radix. */
typedef struct {
  const BaguCorpus *corpus;
  const guint32 *doc_starts;
  const BaguSeedOptions *options;
  guint32 n_docs;
  BaguDocLookup docs;
  guint n_parts;
  const Keyed *keyed;      /* the positions, sorted by fingerprint */
  gsize n_keyed;
  gsize *part_bounds;      /* sorted positions of the parts: n_parts + 1 */
  Made *made;              /* per part, its seeds */
  guint n_buckets;
  guint keys_a_document;
  guint8 *b_key;           /* per document, its part of a key as the second */
  guint32 *bucket_of;      /* per key (seed_key), its bucket */
  gsize *bucket_bounds;    /* n_buckets + 1 */
  BaguSeed *sorted;        /* the seeds, together, bucket after bucket */
  gsize *kept;             /* per bucket, its seeds left once duplicates go */
} SeedJob;

/* Buckets are runs of keys, and keys follow the order of the pairs: the
 * first document, then a part of the range of the second (up to a
 * sixty-fourth, and fewer parts on very large corpora so that the keys
 * stay about KEYS of them).  A hub document is the first of a large share
 * of the seeds, so its seeds must be able to fall into several buckets. */
#define KEYS_A_DOCUMENT 64
#define KEYS (1u << 22)

static inline gsize
seed_key (const BaguSeed *seed, const SeedJob *job)
{
  return (gsize) seed->a * job->keys_a_document + job->b_key[seed->b];
}

typedef struct {
  const guint32 *tokens;
  guint32 k;
} RunOrder;

static int
compare_runs (const void *x, const void *y, void *data)
{
  const RunOrder *o = data;
  guint32 p = *(const guint32 *) x, q = *(const guint32 *) y;
  int c = memcmp (o->tokens + p, o->tokens + q, o->k * sizeof (guint32));

  if (c != 0)
    return c;
  return p < q ? -1 : p > q;
}

#define PREFETCH_ROWS 16

static void
seed_part (guint part, gpointer data)
{
  SeedJob *job = data;
  guint32 k = MAX (job->options->length, 1);
  const guint32 *tokens = job->corpus->tokens;
  g_autoptr(GArray) row_docs = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autofree guint32 *seen = g_new (guint32, job->n_docs + 1);
  g_autofree guint32 *first_row = g_new (guint32, job->n_docs + 1);
  g_autofree guint32 *n_rows = g_new (guint32, job->n_docs + 1);
  g_autoptr(GArray) row_rank = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) pos = g_array_new (FALSE, FALSE, sizeof (guint32));
  Made *made = &job->made[part];
  Seeder s = { job->options, &job->docs, seen, first_row, n_rows, row_docs,
               row_rank, made, made->room, 0, made->room_size, hub_stride (k) };
  RunOrder order = { tokens, k };
  const Keyed *keyed = job->keyed;
  guint32 gid = 0;

  for (guint32 d = 0; d <= job->n_docs; d++)
    seen[d] = NONE;
  for (gsize i = job->part_bounds[part]; i < job->part_bounds[part + 1];)
    {
      gsize e = i + 1;
      gboolean mixed = FALSE;

      /* The positions are far apart in the text: their tokens are fetched
       * a few rows ahead, and the rank words of those in a group too. */
      if (i + PREFETCH_ROWS < job->part_bounds[part + 1])
        __builtin_prefetch (tokens + keyed[i + PREFETCH_ROWS].pos);
      while (e < job->part_bounds[part + 1] && same_key (&keyed[e], &keyed[i]))
        {
          if (e + PREFETCH_ROWS < job->part_bounds[part + 1])
            {
              __builtin_prefetch (tokens + keyed[e + PREFETCH_ROWS].pos);
              bagu_doc_lookup_prefetch (&job->docs, keyed[e + PREFETCH_ROWS].pos);
            }
          mixed |= !same_run (tokens, keyed[e].pos, keyed[i].pos, k);
          e++;
        }
      if (e - i > 1)
        {
          guint32 *p;

          g_array_set_size (pos, e - i);
          p = (guint32 *) pos->data;
          for (gsize r = i; r < e; r++)
            p[r - i] = keyed[r].pos;
          /* Runs that share a fingerprint: each its own group. */
          if (mixed)
            g_qsort_with_data (p, pos->len, sizeof (guint32), compare_runs, &order);
          for (guint32 r = 0; r < pos->len;)
            {
              guint32 q = r + 1;

              while (q < pos->len && (!mixed || same_run (tokens, p[q], p[r], k)))
                q++;
              if (q - r > 1)
                seed_group (&s, gid++, p + r, q - r);
              r = q;
            }
        }
      i = e;
    }
  if (made->spill != NULL)
    g_array_set_size (made->spill, s.n_out);
  else
    made->n_room = s.n_out;
}

/* The seeds to their buckets in place: each seed taken from where it
 * lies goes to the next free place of its bucket, and the one there is
 * placed in turn. */
static void
distribute (SeedJob *job, BaguSeed *seeds)
{
  g_autofree gsize *next = g_memdup2 (job->bucket_bounds, job->n_buckets * sizeof (gsize));

  for (guint b = 0; b < job->n_buckets; b++)
    while (next[b] < job->bucket_bounds[b + 1])
      {
        BaguSeed seed = seeds[next[b]];
        guint c = job->bucket_of[seed_key (&seed, job)];

        while (c != b)
          {
            BaguSeed there = seeds[next[c]];

            seeds[next[c]++] = seed;
            seed = there;
            c = job->bucket_of[seed_key (&seed, job)];
          }
        seeds[next[b]++] = seed;
      }
}

static void
sort_bucket (guint bucket, gpointer data)
{
  SeedJob *job = data;
  BaguSeed *seeds = job->sorted + job->bucket_bounds[bucket];
  gsize n = job->bucket_bounds[bucket + 1] - job->bucket_bounds[bucket], kept = 0;

  const guint32 *starts = job->doc_starts;

  /* Sorted on positions in their documents, and on the diagonal in place
   * of pb, made from these so that it is not negative: for one pair both
   * keep their order, and both are smaller than a document, so that most
   * take one pass of the sort and not two. */
  for (gsize i = 0; i < n; i++)
    {
      guint32 a0 = starts[seeds[i].a], a_len = starts[seeds[i].a + 1] - a0;

      seeds[i].pa -= a0;
      seeds[i].pb = seeds[i].pb - starts[seeds[i].b] + a_len - seeds[i].pa;
    }
  bagu_radix_sort (seeds, n, sizeof (BaguSeed),
                   (const gsize[]) { G_STRUCT_OFFSET (BaguSeed, pa),
                                     G_STRUCT_OFFSET (BaguSeed, pb),
                                     G_STRUCT_OFFSET (BaguSeed, b),
                                     G_STRUCT_OFFSET (BaguSeed, a) }, 4);
  /* Rows of several groups can make the same seed: one is kept. */
  for (gsize i = 0; i < n; i++)
    if (kept == 0 || memcmp (&seeds[i], &seeds[kept - 1], sizeof (BaguSeed)) != 0)
      seeds[kept++] = seeds[i];
  for (gsize i = 0; i < kept; i++)
    {
      guint32 a0 = starts[seeds[i].a], a_len = starts[seeds[i].a + 1] - a0;

      seeds[i].pb = seeds[i].pb + seeds[i].pa - a_len + starts[seeds[i].b];
      seeds[i].pa += a0;
    }
  job->kept[bucket] = kept;
}

/* The parts, and the room of each: a part of r positions has room for
 * r * 3 / 2 + ROOM_SLACK seeds. */
#define ROOM_SLACK 1024

/* The room of a part of @r of the @n positions: less than that where the
 * rooms of all the parts would not fit in one array, whose length is a
 * guint.  What a part makes beyond its room goes to its spill. */
gsize
bagu_seeds_room_of (gsize r, gsize n, guint n_parts)
{
  guint64 most = G_MAXUINT - (guint64) n_parts * ROOM_SLACK;

  if ((guint64) n * 3 / 2 <= most)
    return r * 3 / 2 + ROOM_SLACK;
  /* Both factors are below 2^32. */
  return (gsize) ((guint64) r * most / n) + ROOM_SLACK;
}

static guint
seed_parts (void)
{
  guint threads = bagu_parallel_threads ();

  return threads > 1 ? 4 * threads : 1;
}

GArray *
bagu_seeds_exact (const BaguCorpus *corpus, const guint32 *doc_starts,
                  const BaguSeedOptions *options)
{
  guint32 n_docs = corpus->documents->len;
  guint32 k = MAX (options->length, 1);
  guint threads = bagu_parallel_threads ();
  SeedJob job = { corpus, doc_starts, options, n_docs };
  g_autofree guint64 *per_key = NULL;
  g_autofree gsize *key_bounds = NULL;
  g_autoptr(BaguRunGroups) own = NULL;
  BaguRunGroups *groups = options->groups;
  gsize n_keys;
  GArray *result;
  BaguSeed *store;         /* the parts' rooms; the seeds, then the result */
  gsize rooms = 0, total = 0, out = 0;

  if (groups == NULL && corpus->n_tokens > 0 && n_docs >= 2)
    {
      groups = own = bagu_run_groups_new (corpus->tokens, corpus->n_tokens, k,
                                          bagu_seeds_fingerprint_mask);
      /* Past 32-bit positions, which a seed holds: none. */
      if (groups == NULL)
        return g_array_new (FALSE, FALSE, sizeof (BaguSeed));
    }
  if (groups != NULL)
    g_return_val_if_fail (groups->k == k && groups->n == corpus->n_tokens && groups->runs != NULL,
                          g_array_new (FALSE, FALSE, sizeof (BaguSeed)));
  if (corpus->n_tokens == 0 || n_docs < 2)
    {
      if (groups != NULL)
        bagu_run_groups_release_runs (groups);
      return g_array_new (FALSE, FALSE, sizeof (BaguSeed));
    }

  job.keyed = groups->runs;
  job.n_keyed = groups->n_runs;
  job.n_parts = seed_parts ();
  /* Parts of about as many positions, each starting at a group. */
  job.part_bounds = g_new (gsize, job.n_parts + 1);
  job.part_bounds[0] = 0;
  for (guint p = 1; p < job.n_parts; p++)
    {
      gsize r = MAX (job.n_keyed * p / job.n_parts, job.part_bounds[p - 1]);

      while (r > job.part_bounds[p - 1] && r < job.n_keyed
             && same_key (&job.keyed[r], &job.keyed[r - 1]))
        r++;
      job.part_bounds[p] = r;
    }
  job.part_bounds[job.n_parts] = job.n_keyed;
  /* Room for about as many seeds as a part has positions and half as many
   * again; a part that makes more keeps the rest apart. */
  job.made = g_new0 (Made, job.n_parts);
  for (guint p = 0; p < job.n_parts; p++)
    {
      job.made[p].room_size = bagu_seeds_room_of (job.part_bounds[p + 1] - job.part_bounds[p],
                                       job.n_keyed, job.n_parts);
      rooms += job.made[p].room_size;
    }
  /* The store becomes the result. */
  result = bagu_array_new (FALSE, sizeof (BaguSeed), rooms);
  g_array_set_size (result, (guint) rooms);
  store = (BaguSeed *) result->data;
  for (guint p = 0, at = 0; p < job.n_parts; at += job.made[p].room_size, p++)
    job.made[p].room = store + at;
  bagu_doc_lookup_init (&job.docs, doc_starts, n_docs);
  bagu_parallel_run (job.n_parts, seed_part, &job);
  bagu_doc_lookup_clear (&job.docs);
  bagu_run_groups_release_runs (groups);

  /* The seeds together at the start of the store: the rooms in order (each
   * moves down, if at all), then what did not fit in them. */
  for (guint p = 0; p < job.n_parts; p++)
    {
      memmove (store + total, job.made[p].room, job.made[p].n_room * sizeof (BaguSeed));
      total += job.made[p].n_room;
    }
  for (guint p = 0; p < job.n_parts; p++)
    if (job.made[p].spill != NULL)
      {
        g_array_set_size (result, MAX (result->len, total + job.made[p].spill->len));
        store = (BaguSeed *) result->data;
        memcpy (store + total, job.made[p].spill->data,
                job.made[p].spill->len * sizeof (BaguSeed));
        total += job.made[p].spill->len;
        g_clear_pointer (&job.made[p].spill, g_array_unref);
      }
  g_array_set_size (result, total);
  job.sorted = store;

  /* Buckets of keys with about as many seeds, each sorted on its own. */
  job.keys_a_document = CLAMP (KEYS / n_docs, 1, KEYS_A_DOCUMENT);
  n_keys = (gsize) n_docs * job.keys_a_document;
  job.b_key = g_new (guint8, n_docs);
  for (guint32 d = 0; d < n_docs; d++)
    job.b_key[d] = (guint8) ((guint64) d * job.keys_a_document / n_docs);
  per_key = g_new0 (guint64, n_keys);
  for (gsize i = 0; i < total; i++)
    per_key[seed_key (&job.sorted[i], &job)]++;
  /* Several even on one thread: the scratch of each sort is then small,
   * and taken again for the next. */
  job.n_buckets = MAX (4 * threads, 8);
  key_bounds = g_new (gsize, job.n_buckets + 1);
  bagu_parallel_split (per_key, n_keys, job.n_buckets, key_bounds);
  job.bucket_of = g_new (guint32, n_keys);
  job.bucket_bounds = g_new0 (gsize, job.n_buckets + 1);
  for (guint b = 0; b < job.n_buckets; b++)
    {
      job.bucket_bounds[b + 1] = job.bucket_bounds[b];
      for (gsize key = key_bounds[b]; key < key_bounds[b + 1]; key++)
        {
          job.bucket_of[key] = b;
          job.bucket_bounds[b + 1] += per_key[key];
        }
    }
  job.kept = g_new0 (gsize, job.n_buckets);
  distribute (&job, job.sorted);
  bagu_parallel_run (job.n_buckets, sort_bucket, &job);
  for (guint b = 0; b < job.n_buckets; b++)
    {
      memmove (job.sorted + out, job.sorted + job.bucket_bounds[b],
               job.kept[b] * sizeof (BaguSeed));
      out += job.kept[b];
    }
  g_array_set_size (result, out);

  g_free (job.part_bounds);
  g_free (job.made);
  g_free (job.b_key);
  g_free (job.bucket_of);
  g_free (job.bucket_bounds);
  g_free (job.kept);
  return result;
}
