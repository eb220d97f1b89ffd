/* bagu-parallel.c: running the parts of a stage on several threads. */
#include "config.h"

#include "bagu-parallel.h"

static guint threads;   /* 0: the number of processors */

void
bagu_parallel_set_threads (guint n)
{
  threads = n;
}

guint
bagu_parallel_threads (void)
{
  return threads > 0 ? threads : MAX (g_get_num_processors (), 1);
}

typedef struct {
  BaguParallelFunc func;
  gpointer data;
  guint n_parts;
  gint next;              /* the next part to take, atomically */
} Job;

/* Each thread takes the next part until none is left, so parts of unequal
 * cost still keep every thread busy. */
static gpointer
run_parts (gpointer user_data)
{
  Job *job = user_data;
  guint part;

  while ((part = (guint) g_atomic_int_add (&job->next, 1)) < job->n_parts)
    job->func (part, job->data);
  return NULL;
}

void
bagu_parallel_run (guint n_parts, BaguParallelFunc func, gpointer data)
{
  Job job = { func, data, n_parts, 0 };
  guint n_threads = MIN (bagu_parallel_threads (), n_parts);
  g_autofree GThread **workers = g_new0 (GThread *, MAX (n_threads, 1));

  g_return_if_fail (n_parts < G_MAXINT);
  for (guint k = 1; k < n_threads; k++)
    workers[k] = g_thread_new ("bagu", run_parts, &job);
  run_parts (&job);
  for (guint k = 1; k < n_threads; k++)
    g_thread_join (workers[k]);
}

void
bagu_parallel_split (const guint64 *weights, gsize n, guint n_parts, gsize *bounds)
{
  guint64 total = 0, sum = 0;
  gsize i = 0;

  for (gsize k = 0; k < n; k++)
    total += weights[k];
  bounds[0] = 0;
  for (guint part = 1; part < n_parts; part++)
    {
      /* The parts so far take the items whose middle lies within their
       * share of the total. */
      guint64 goal = total / n_parts * part + total % n_parts * part / n_parts;

      while (i < n && 2 * sum + weights[i] <= 2 * goal)
        sum += weights[i++];
      bounds[part] = i;
    }
  bounds[n_parts] = n;
}
