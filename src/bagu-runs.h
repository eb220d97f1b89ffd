/* bagu-runs.h: fingerprints of the runs of k tokens along the text.
 *
 * The aligner groups the positions followed by the same seed_length
 * tokens, and the index keeps the positions that repeated runs cover:
 * both read the runs of k tokens without a separator, sorted on a 32-bit
 * fingerprint of their tokens, made here.  Analyze sorts them once for
 * both (bagu_run_groups_new). */
#pragma once

#include <glib.h>

#include "bagu-corpus.h"

G_BEGIN_DECLS

/* A run of tokens: its fingerprint, and where it starts. */
typedef struct {
  guint32 key;
  guint32 pos;
} BaguRun;

/* A run's fingerprint is a polynomial in its tokens modulo 2^64, mixed
 * into 32 bits.  It is rolled along the text, one token in and one out a
 * position, where hashing each run anew would read all its tokens (a
 * fifth of the instructions of the seeds, on 5,000 documents). */
#define BAGU_RUNS_ROLL G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)

static inline guint32
bagu_runs_mix (guint64 h)
{
  h ^= h >> 31;
  h *= G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  h ^= h >> 29;
  return (guint32) (h >> 32);
}

/* Writes to @out every run of @k tokens of @t (@n of them) without a
 * separator that starts at lo … hi - 1, in the order of the text, its
 * fingerprint masked by @mask (tests keep fewer bits, so that runs of
 * other tokens share fingerprints).  A run may end up to k - 1 tokens
 * past hi.  Returns how many were written: at most hi - lo. */
static inline gsize
bagu_runs_fingerprint (const guint32 *t, guint32 n, guint32 lo, guint32 hi, guint32 k,
                       guint32 mask, BaguRun *out)
{
  gsize m = 0;
  guint32 clean = 0;    /* tokens without a separator up to here */
  guint64 h = 0;        /* the polynomial of the last MIN (clean, k) of them */
  guint64 roll_k = 1;   /* ROLL^k: the weight of the token that leaves */

  /* By squaring: k may be any length an option gives. */
  for (guint64 base = BAGU_RUNS_ROLL, e = k; e > 0; e >>= 1, base *= base)
    if (e & 1)
      roll_k *= base;
  for (guint32 p = lo; (guint64) p < (guint64) hi + k - 1 && p < n; p++)
    {
      if (t[p] == BAGU_TOKEN_SEP)
        {
          clean = 0;
          h = 0;
          continue;
        }
      h = h * BAGU_RUNS_ROLL + t[p];
      if (++clean > k)
        h -= t[p - k] * roll_k;
      if (clean >= k)
        out[m++] = (BaguRun) { bagu_runs_mix (h) & mask, p + 1 - k };
    }
  return m;
}

/* The runs of k tokens whose fingerprint another run has, grouped. */
typedef struct {
  guint32 k;
  gsize n;              /* tokens of the text */
  BaguRun *runs;        /* sorted by fingerprint, and in the order of the
                         * text within one; NULL once released */
  gsize n_runs;
  guint8 *repeated;     /* per position, 1 where one of these runs starts;
                         * NULL once released */
} BaguRunGroups;

/**
 * bagu_run_groups_new:
 * @tokens: (array length=n): the text
 * @k: the runs' length, at least 1
 * @mask: the bits of the fingerprints kept (see bagu_runs_fingerprint)
 *
 * Every run of @k tokens of @tokens without a separator that shares its
 * fingerprint with another: runs of the same tokens, and the few that
 * merely share one, which the caller tells apart by their tokens where it
 * matters.  Made on the threads of bagu-parallel.h, in the same order
 * whatever their number.
 *
 * Returns: (transfer full) (nullable): free with bagu_run_groups_free;
 *   NULL for a text of 2^32 tokens or more, past 32-bit positions
 */
BaguRunGroups *bagu_run_groups_new (const guint32 *tokens, gsize n, guint32 k, guint32 mask);

/* Frees the runs alone, for a reader done with them while others still
 * read which positions are repeated; and those marks alone, for a reader
 * done with them while others still read the runs. */
void bagu_run_groups_release_runs (BaguRunGroups *groups);
void bagu_run_groups_release_repeated (BaguRunGroups *groups);
void bagu_run_groups_free (BaguRunGroups *groups);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BaguRunGroups, bagu_run_groups_free)

G_END_DECLS
