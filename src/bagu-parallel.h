/* bagu-parallel.h: running the parts of a stage on several threads.
 *
 * The stages that split into independent parts (documents, pairs of
 * documents) run them on the threads given here; the parts' results are
 * joined in the order of the parts (what several parts mark in common,
 * they mark with atomic stores), so the output is the same whatever the
 * number of threads. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* G_DEFINE_QUARK, but with the quark read and stored atomically: error
 * domains are first asked for on worker threads, where two threads may
 * register the same one at once. */
#define BAGU_DEFINE_QUARK(QN, q_n)                                           \
  GQuark q_n##_quark (void)                                                 \
  {                                                                         \
    static gint quark;                                                      \
    GQuark q = (GQuark) g_atomic_int_get (&quark);                          \
                                                                            \
    if (G_UNLIKELY (q == 0))                                                \
      {                                                                     \
        q = g_quark_from_static_string (#QN);                               \
        g_atomic_int_set (&quark, (gint) q);                                \
      }                                                                     \
    return q;                                                               \
  }

/* The number of threads the stages use: @n, or with 0 the number of
 * processors.  With one, everything runs on the calling thread; with more,
 * the calling thread also appends the files loaded and copies out the
 * parts of the XML written, one more thread makes the boundaries while
 * the suffix array is built, and analyze aligns the passages on one more,
 * a crew (below), while the suffix array is built and the phrases are
 * mined. */
void bagu_parallel_set_threads (guint n);
guint bagu_parallel_threads (void);

typedef void (*BaguParallelFunc) (guint part, gpointer data);

/**
 * bagu_parallel_run:
 * @n_parts: how many parts
 *
 * Calls @func (part, @data) once for every part from 0 to @n_parts - 1,
 * on bagu_parallel_threads() threads (the calling thread among them), each
 * taking the next part left, and returns when all parts are done.  More
 * parts than threads even out parts of unequal cost.
 */
void bagu_parallel_run (guint n_parts, BaguParallelFunc func, gpointer data);

/* Two stages side by side: one (the crew's) runs on a thread of its own
 * while the calling thread does the other, mostly one thread's work.  The
 * crew's parallel parts then run on one thread fewer than the stages use,
 * and once the other stage is done its thread joins them: the processors
 * stay busy, and the longer stage is not slowed by the shorter.
 *
 *   crew = bagu_crew_new ();
 *   start a thread that calls bagu_crew_enter (crew), runs its stage and
 *     calls bagu_crew_finish (crew);
 *   run the other stage, then bagu_crew_help (crew) and join the thread.
 */
typedef struct _BaguCrew BaguCrew;

BaguCrew *bagu_crew_new (void);
void bagu_crew_free (BaguCrew *crew);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BaguCrew, bagu_crew_free)

/* On the crew's thread: its bagu_parallel_run calls from now on are the
 * crew's. */
void bagu_crew_enter (BaguCrew *crew);

/* On the crew's thread, when its stage is done: helpers return. */
void bagu_crew_finish (BaguCrew *crew);

/* Takes parts of the crew's parallel runs until bagu_crew_finish. */
void bagu_crew_help (BaguCrew *crew);

typedef void (*BaguOrderedFunc) (guint part, guint slot, gpointer data);
typedef gboolean (*BaguOrderedDone) (guint part, guint slot, gpointer data);

/**
 * bagu_parallel_ordered:
 * @window: how many parts may be under way or done and waiting, at most
 * @done: called on the calling thread for each part, in their order;
 *   returns %FALSE to stop
 *
 * Calls @work (part, slot, @data) for every part from 0 to @n_parts - 1 on
 * bagu_parallel_threads() threads of their own, at most @window parts
 * ahead of the one @done is waiting for, and @done (part, slot, @data) for
 * each part as soon as it and those before it are done: the results of
 * the parts, kept in their slots (part % @window) until @done takes them,
 * go out in order while the next are made.  With one thread, each part is
 * made and taken in its turn on the calling thread.  Once @done returns
 * %FALSE no part is started; the parts under way are finished, and their
 * results are left in their slots for the caller to free.
 */
void bagu_parallel_ordered (guint n_parts, guint window, BaguOrderedFunc work,
                            BaguOrderedDone done, gpointer data);

/**
 * bagu_parallel_ordered_helping:
 *
 * bagu_parallel_ordered, with one thread of its own fewer: the calling
 * thread makes parts too while the one it waits for is not done.  For
 * stages whose parts cost much more than taking them (reading files):
 * there a third thread on two processors only takes turns with the two
 * that make parts, and the processors wait whenever it is its turn.
 */
void bagu_parallel_ordered_helping (guint n_parts, guint window, BaguOrderedFunc work,
                                    BaguOrderedDone done, gpointer data);

/**
 * bagu_parallel_split:
 * @weights: (array length=n): what each item costs
 * @bounds: (out) (array length=n_parts+1): item bounds of the parts
 *
 * Splits items 0 … @n - 1 into @n_parts runs of about equal weight:
 * part k is items @bounds[k] … @bounds[k + 1] - 1.
 */
void bagu_parallel_split (const guint64 *weights, gsize n, guint n_parts, gsize *bounds);

G_END_DECLS
