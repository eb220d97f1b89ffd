/* bagu-runs.c: the runs of k tokens that occur twice or more, grouped. */
#include "config.h"

#include <string.h>

#include "bagu-parallel.h"
#include "bagu-radix.h"
#include "bagu-runs.h"

/* The runs are grouped in three steps on the threads, in one array of
 * them and nothing else as large: each part of the text counts its runs
 * by the top bits of their fingerprints; then makes them again and puts
 * each in its bucket, after those of the parts before it (so that a
 * bucket is in the order of the text); then parts of the buckets are
 * sorted by the other bits, each bucket in a core's cache, and the runs
 * whose fingerprint no other has are dropped from it.  Making the
 * fingerprints twice costs less than the new memory for them and the
 * scratch of a sort of them all. */
#define CHUNK 4096

typedef struct {
  const guint32 *tokens;
  guint32 n, k, mask;
  guint n_parts;
  guint low;            /* the bits below the top digit */
  gsize n_buckets;
  gsize *at;            /* per part, per bucket: its count, then where it writes */
  gsize *start;         /* per bucket, its first run; n_buckets + 1 */
  gsize *kept;          /* per bucket, its runs kept */
  BaguRun *runs;
  guint8 *repeated;
} GroupJob;

/* The runs that start in a part of the text, a chunk at a time: with
 * @counting, counted by bucket; else put in their buckets. */
static inline __attribute__ ((always_inline)) void
each_chunk (GroupJob *job, guint part, gboolean counting)
{
  guint32 lo = (guint32) ((guint64) job->n * part / job->n_parts);
  guint32 hi = (guint32) ((guint64) job->n * (part + 1) / job->n_parts);
  gsize *at = job->at + (gsize) part * job->n_buckets;
  BaguRun chunk[CHUNK];

  for (guint32 c = lo; c < hi; c += MIN (CHUNK, hi - c))
    {
      gsize m = bagu_runs_fingerprint (job->tokens, job->n, c, c + MIN (CHUNK, hi - c), job->k,
                                       job->mask, chunk);

      if (counting)
        for (gsize i = 0; i < m; i++)
          at[chunk[i].key >> job->low]++;
      else
        for (gsize i = 0; i < m; i++)
          job->runs[at[chunk[i].key >> job->low]++] = chunk[i];
    }
}

static void
count_part (guint part, gpointer data)
{
  each_chunk (data, part, TRUE);
}

static void
place_part (guint part, gpointer data)
{
  each_chunk (data, part, FALSE);
}

/* Sorts a part of the buckets and keeps, at the start of each, the runs
 * whose fingerprint another has, marking where they start.  A position
 * starts one run: the parts write bytes of their own. */
static void
sort_part (guint part, gpointer data)
{
  GroupJob *job = data;
  gsize lo = job->n_buckets * part / job->n_parts;
  gsize hi = job->n_buckets * (part + 1) / job->n_parts;
  gsize most = 0;
  g_autofree BaguRun *scratch = NULL;

  for (gsize b = lo; b < hi; b++)
    most = MAX (most, job->start[b + 1] - job->start[b]);
  scratch = g_new (BaguRun, MAX (most, 1));
  for (gsize b = lo; b < hi; b++)
    {
      BaguRun *runs = job->runs + job->start[b];
      gsize n = job->start[b + 1] - job->start[b], kept = 0;
      guint32 before;

      if (job->low > 0)
        bagu_radix_sort_low (runs, n, sizeof (BaguRun), G_STRUCT_OFFSET (BaguRun, key), job->low,
                             scratch);
      before = n > 0 ? ~runs[0].key : 0;
      for (gsize i = 0; i < n; i++)
        {
          BaguRun here = runs[i];
          gboolean lone = here.key != before && (i + 1 == n || runs[i + 1].key != here.key);

          /* Written either way, kept or not by the count: no branch. */
          runs[kept] = here;
          kept += !lone;
          job->repeated[here.pos] = !lone;
          before = here.key;
        }
      job->kept[b] = kept;
    }
}

BaguRunGroups *
bagu_run_groups_new (const guint32 *tokens, gsize n, guint32 k, guint32 mask)
{
  BaguRunGroups *groups;
  GroupJob job = { tokens, (guint32) n, MAX (k, 1), mask, 4 * bagu_parallel_threads () };
  g_autofree gsize *at = NULL;
  g_autofree gsize *start = NULL;
  g_autofree gsize *kept = NULL;
  gsize sum = 0;

  if (n >= G_MAXUINT32)
    return NULL;
  groups = g_new0 (BaguRunGroups, 1);

  groups->k = job.k;
  groups->n = n;
  groups->repeated = job.repeated = g_new0 (guint8, MAX (n, 1));
  job.low = 32 - bagu_radix_spread_top (n, sizeof (BaguRun));
  job.n_buckets = (gsize) 1 << (32 - job.low);
  job.at = at = g_new0 (gsize, (gsize) job.n_parts * job.n_buckets);
  job.start = start = g_new (gsize, job.n_buckets + 1);
  job.kept = kept = g_new (gsize, job.n_buckets);
  bagu_parallel_run (job.n_parts, count_part, &job);
  for (gsize b = 0; b < job.n_buckets; b++)
    {
      start[b] = sum;
      for (guint p = 0; p < job.n_parts; p++)
        {
          gsize c = at[(gsize) p * job.n_buckets + b];

          at[(gsize) p * job.n_buckets + b] = sum;
          sum += c;
        }
    }
  start[job.n_buckets] = sum;
  groups->runs = job.runs = g_new (BaguRun, MAX (sum, 1));
  bagu_parallel_run (job.n_parts, place_part, &job);
  bagu_parallel_run (job.n_parts, sort_part, &job);
  /* The buckets' runs kept, together, in order. */
  for (gsize b = 0; b < job.n_buckets; b++)
    {
      memmove (groups->runs + groups->n_runs, groups->runs + start[b], kept[b] * sizeof (BaguRun));
      groups->n_runs += kept[b];
    }
  groups->runs = g_renew (BaguRun, groups->runs, MAX (groups->n_runs, 1));
  return groups;
}

void
bagu_run_groups_release_runs (BaguRunGroups *groups)
{
  g_clear_pointer (&groups->runs, g_free);
  groups->n_runs = 0;
}

void
bagu_run_groups_release_repeated (BaguRunGroups *groups)
{
  g_clear_pointer (&groups->repeated, g_free);
}

void
bagu_run_groups_free (BaguRunGroups *groups)
{
  if (groups == NULL)
    return;
  g_free (groups->runs);
  g_free (groups->repeated);
  g_free (groups);
}
