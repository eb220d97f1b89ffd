/* bagu-parallel.c: running the parts of a stage on several threads. */
#include "config.h"

#include <pthread.h>

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
  guint helpers;          /* crew helpers at work on it, under the crew's lock */
} Job;

/* A stage run beside another: its parts are published here, for the
 * other's thread to take once it has nothing else to do.  The threads
 * meet under a POSIX mutex, which thread checkers see through. */
struct _BaguCrew {
  pthread_mutex_t lock;
  pthread_cond_t changed;  /* a job was published or withdrawn, a helper left, or the end */
  Job *job;                /* (nullable) the parts now published */
  gboolean finished;
};

static __thread BaguCrew *own_crew;   /* the crew of the calling thread's stage */

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
  Job job = { func, data, n_parts, 0, 0 };
  BaguCrew *crew = own_crew;
  /* In a crew, one thread is the helper's, busy or helping. */
  guint usable = crew != NULL ? MAX (bagu_parallel_threads (), 2) - 1 : bagu_parallel_threads ();
  guint n_threads = MIN (usable, n_parts);
  g_autofree GThread **workers = g_new0 (GThread *, MAX (n_threads, 1));

  g_return_if_fail (n_parts < G_MAXINT);
  if (crew != NULL)
    {
      pthread_mutex_lock (&crew->lock);
      crew->job = &job;
      pthread_cond_broadcast (&crew->changed);
      pthread_mutex_unlock (&crew->lock);
    }
  for (guint k = 1; k < n_threads; k++)
    workers[k] = g_thread_new ("bagu", run_parts, &job);
  run_parts (&job);
  for (guint k = 1; k < n_threads; k++)
    g_thread_join (workers[k]);
  if (crew != NULL)
    {
      /* The job lives here: it is withdrawn, and the helpers finish the
       * parts they took, before it is gone. */
      pthread_mutex_lock (&crew->lock);
      crew->job = NULL;
      pthread_cond_broadcast (&crew->changed);
      while (job.helpers > 0)
        pthread_cond_wait (&crew->changed, &crew->lock);
      pthread_mutex_unlock (&crew->lock);
    }
}

BaguCrew *
bagu_crew_new (void)
{
  BaguCrew *crew = g_new0 (BaguCrew, 1);

  pthread_mutex_init (&crew->lock, NULL);
  pthread_cond_init (&crew->changed, NULL);
  return crew;
}

void
bagu_crew_free (BaguCrew *crew)
{
  if (crew == NULL)
    return;
  pthread_cond_destroy (&crew->changed);
  pthread_mutex_destroy (&crew->lock);
  g_free (crew);
}

void
bagu_crew_enter (BaguCrew *crew)
{
  own_crew = crew;
}

void
bagu_crew_finish (BaguCrew *crew)
{
  own_crew = NULL;
  pthread_mutex_lock (&crew->lock);
  crew->finished = TRUE;
  pthread_cond_broadcast (&crew->changed);
  pthread_mutex_unlock (&crew->lock);
}

void
bagu_crew_help (BaguCrew *crew)
{
  pthread_mutex_lock (&crew->lock);
  for (;;)
    {
      Job *job = crew->job;

      if (crew->finished)
        break;
      if (job == NULL || (guint) g_atomic_int_get (&job->next) >= job->n_parts)
        {
          pthread_cond_wait (&crew->changed, &crew->lock);
          continue;
        }
      job->helpers++;
      pthread_mutex_unlock (&crew->lock);
      run_parts (job);
      pthread_mutex_lock (&crew->lock);
      job->helpers--;
      pthread_cond_broadcast (&crew->changed);
    }
  pthread_mutex_unlock (&crew->lock);
}

/* The workers and the calling thread meet under a POSIX mutex, which
 * thread checkers see through. */
typedef struct {
  BaguOrderedFunc work;
  gpointer data;
  guint n_parts, window;
  guint next;             /* the next part to start */
  guint n_taken;          /* parts given to done so far */
  gboolean stop;          /* done asked to stop */
  gboolean *ready;        /* per slot: its part is done */
  pthread_mutex_t lock;
  pthread_cond_t made;    /* a worker has finished a part */
  pthread_cond_t taken;   /* a slot is free again */
} Ordered;

static gpointer
run_ordered (gpointer user_data)
{
  Ordered *o = user_data;

  for (;;)
    {
      guint part;

      pthread_mutex_lock (&o->lock);
      while (o->next < o->n_parts && o->next >= o->n_taken + o->window && !o->stop)
        pthread_cond_wait (&o->taken, &o->lock);
      if (o->next >= o->n_parts || o->stop)
        {
          pthread_mutex_unlock (&o->lock);
          return NULL;
        }
      part = o->next++;
      pthread_mutex_unlock (&o->lock);

      o->work (part, part % o->window, o->data);
      pthread_mutex_lock (&o->lock);
      o->ready[part % o->window] = TRUE;
      pthread_cond_broadcast (&o->made);
      pthread_mutex_unlock (&o->lock);
    }
}

static void
ordered (guint n_parts, guint window, BaguOrderedFunc work, BaguOrderedDone done,
         gpointer data, gboolean helping)
{
  guint n_threads = bagu_parallel_threads ();
  Ordered o = { work, data, n_parts, MAX (window, 1), 0, 0, FALSE, NULL,
                PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER };
  g_autofree GThread **workers = NULL;

  if (n_threads == 1 || n_parts < 2)
    {
      for (guint part = 0; part < n_parts; part++)
        {
          work (part, 0, data);
          if (!done (part, 0, data))
            break;
        }
      return;
    }
  o.ready = g_new0 (gboolean, o.window);
  if (helping)
    n_threads--;
  workers = g_new0 (GThread *, n_threads);
  for (guint k = 0; k < n_threads; k++)
    workers[k] = g_thread_new ("bagu", run_ordered, &o);
  for (guint part = 0; part < n_parts && !o.stop; part++)
    {
      guint slot = part % o.window;
      gboolean go_on;

      pthread_mutex_lock (&o.lock);
      while (!o.ready[slot])
        {
          guint mine = o.next;

          /* Helping: the next part not started, if the window has room
           * for it (the part waited for is under way). */
          if (helping && mine < o.n_parts && mine < part + o.window)
            {
              o.next++;
              pthread_mutex_unlock (&o.lock);
              work (mine, mine % o.window, data);
              pthread_mutex_lock (&o.lock);
              o.ready[mine % o.window] = TRUE;
              continue;
            }
          pthread_cond_wait (&o.made, &o.lock);
        }
      pthread_mutex_unlock (&o.lock);
      go_on = done (part, slot, data);
      pthread_mutex_lock (&o.lock);
      o.ready[slot] = FALSE;
      o.n_taken = part + 1;
      o.stop = !go_on;
      pthread_cond_broadcast (&o.taken);
      pthread_mutex_unlock (&o.lock);
    }
  for (guint k = 0; k < n_threads; k++)
    g_thread_join (workers[k]);
  g_free (o.ready);
  pthread_mutex_destroy (&o.lock);
  pthread_cond_destroy (&o.made);
  pthread_cond_destroy (&o.taken);
}

void
bagu_parallel_ordered (guint n_parts, guint window, BaguOrderedFunc work, BaguOrderedDone done,
                       gpointer data)
{
  ordered (n_parts, window, work, done, data, FALSE);
}

void
bagu_parallel_ordered_helping (guint n_parts, guint window, BaguOrderedFunc work,
                               BaguOrderedDone done, gpointer data)
{
  ordered (n_parts, window, work, done, data, TRUE);
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
