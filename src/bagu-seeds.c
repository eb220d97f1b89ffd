/* bagu-seeds.c: exact seeds from the suffix array. */
#include "config.h"

#include <stdlib.h>

#include "bagu-radix.h"
#include "bagu-rank.h"
#include "bagu-seeds.h"

#define NONE G_MAXUINT32
#define HUBS 2
/* Hubs looked for, so that HUBS remain when some share a document's group. */
#define HUB_CANDIDATES 4

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

typedef struct {
  const BaguIndex *index;
  const BaguSeedOptions *options;
  BaguDocLookup docs;
  guint32 *seen;        /* per document, the last group it was seen in */
  guint32 *first_row;   /* per document, its first row in that group */
  GArray *row_docs;     /* the document of each row of the group */
  GArray *seeds;
} Seeder;

static inline void
emit (Seeder *s, guint32 x, guint32 px, guint32 y, guint32 py)
{
  BaguSeed seed = x < y ? (BaguSeed) { x, y, px, py } : (BaguSeed) { y, x, py, px };

  g_array_append_val (s->seeds, seed);
}

/* The rows lo..hi share their first options->length tokens. */
static void
seed_group (Seeder *s, guint32 gid, guint32 lo, guint32 hi)
{
  const guint32 *sa = s->index->sa;
  const BaguPairFilter *filter = s->options->filter;
  guint32 rows = hi - lo + 1;
  guint32 *docs;
  guint32 n_docs = 0;

  g_array_set_size (s->row_docs, rows);
  docs = (guint32 *) s->row_docs->data;
  for (guint32 r = 0; r < rows; r++)
    {
      guint32 d = bagu_doc_lookup (&s->docs, sa[lo + r]);

      docs[r] = d;
      if (s->seen[d] != gid)
        {
          s->seen[d] = gid;
          s->first_row[d] = lo + r;
          n_docs++;
        }
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

          for (guint q = 0; list != NULL && q < list->len; q++)
            {
              guint32 p = g_array_index (list, guint32, q);

              if (s->seen[p] == gid && bagu_pair_filter_allows (filter, docs[r], p))
                emit (s, docs[r], sa[lo + r], p, sa[s->first_row[p]]);
            }
        }
      return;
    }

  if (n_docs <= s->options->max_docs && rows <= 4 * s->options->max_docs)
    {
      for (guint32 r = 0; r < rows; r++)
        for (guint32 q = r + 1; q < rows; q++)
          if (docs[r] != docs[q] && bagu_pair_filter_allows (filter, docs[r], docs[q]))
            emit (s, docs[r], sa[lo + r], docs[q], sa[lo + q]);
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

        if (s->first_row[d] != lo + r)
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
    for (guint32 r = 0; r < rows; r++)
      {
        guint linked = 0;

        for (guint h = 0; h < n_hubs && linked < HUBS; h++)
          if (hubs[h] != docs[r] && bagu_pair_filter_allows (filter, docs[r], hubs[h]))
            {
              emit (s, docs[r], sa[lo + r], hubs[h], sa[s->first_row[hubs[h]]]);
              linked++;
            }
      }
  }
}

static int
compare_seeds (const void *x, const void *y)
{
  const BaguSeed *s = x, *t = y;
  gint64 ds, dt;

  if (s->a != t->a)
    return s->a < t->a ? -1 : 1;
  if (s->b != t->b)
    return s->b < t->b ? -1 : 1;
  ds = (gint64) s->pb - s->pa;
  dt = (gint64) t->pb - t->pa;
  if (ds != dt)
    return ds < dt ? -1 : 1;
  return s->pa < t->pa ? -1 : s->pa > t->pa;
}

/* Seeds are sorted by radix: there are several per token of reused text,
 * and a comparison sort of them took a third of the aligner's time.  The
 * diagonal is sorted on in place of pb (b > a, so pb > pa). */
static void
sort_seeds (GArray *seeds)
{
  BaguSeed *s = (BaguSeed *) seeds->data;

  for (guint i = 0; i < seeds->len; i++)
    s[i].pb -= s[i].pa;
  bagu_radix_sort (seeds->data, seeds->len, sizeof (BaguSeed),
                   (const gsize[]) { G_STRUCT_OFFSET (BaguSeed, pa),
                                     G_STRUCT_OFFSET (BaguSeed, pb),
                                     G_STRUCT_OFFSET (BaguSeed, b),
                                     G_STRUCT_OFFSET (BaguSeed, a) }, 4);
  for (guint i = 0; i < seeds->len; i++)
    s[i].pb += s[i].pa;
}

GArray *
bagu_seeds_exact (const BaguCorpus *corpus, const BaguIndex *index,
                  const guint32 *doc_starts, const BaguSeedOptions *options)
{
  guint32 n_docs = corpus->documents->len;
  guint32 k = MAX (options->length, 1);
  g_autoptr(GArray) row_docs = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autofree guint32 *seen = g_new (guint32, n_docs + 1);
  g_autofree guint32 *first_row = g_new (guint32, n_docs + 1);
  Seeder s = { index, options, { { 0 } }, seen, first_row, row_docs,
               g_array_new (FALSE, FALSE, sizeof (BaguSeed)) };
  guint32 gid = 0;
  guint kept = 0;

  if (index->n == 0 || n_docs < 2)
    return s.seeds;
  for (guint32 d = 0; d <= n_docs; d++)
    seen[d] = NONE;
  bagu_doc_lookup_init (&s.docs, doc_starts, n_docs);
  /* A group: a maximal run of rows whose neighbours share k tokens.  The
   * LCP stops at separators, so no seed crosses a paragraph. */
  for (guint32 i = 0; i < index->n;)
    {
      guint32 e = i;

      while (e + 1 < index->n && index->lcp[e + 1] >= k)
        e++;
      if (e > i)
        seed_group (&s, gid++, i, e);
      i = e + 1;
    }
  bagu_doc_lookup_clear (&s.docs);

  sort_seeds (s.seeds);
  for (guint i = 0; i < s.seeds->len; i++)
    if (kept == 0 || compare_seeds (&g_array_index (s.seeds, BaguSeed, i),
                                    &g_array_index (s.seeds, BaguSeed, kept - 1)) != 0)
      g_array_index (s.seeds, BaguSeed, kept++) = g_array_index (s.seeds, BaguSeed, i);
  g_array_set_size (s.seeds, kept);
  return s.seeds;
}
