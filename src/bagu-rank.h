/* bagu-rank.h: a set of token positions with constant-time rank.
 *
 * A bitmap with a running count per 64-bit word: how many members lie
 * below a position costs two reads, where a binary search over a sorted
 * array would miss the cache at every step.  The walks over the suffix
 * array ask it once a row. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Bits set in x.  Without the POPCNT instruction (not in the baseline of
 * x86-64) __builtin_popcountll is a call into libgcc; this is a few
 * instructions inline. */
static inline guint
bagu_popcount64 (guint64 x)
{
#ifdef __POPCNT__
  return (guint) __builtin_popcountll (x);
#else
  x -= (x >> 1) & G_GUINT64_CONSTANT (0x5555555555555555);
  x = (x & G_GUINT64_CONSTANT (0x3333333333333333))
      + ((x >> 2) & G_GUINT64_CONSTANT (0x3333333333333333));
  x = (x + (x >> 4)) & G_GUINT64_CONSTANT (0x0F0F0F0F0F0F0F0F);
  return (guint) ((x * G_GUINT64_CONSTANT (0x0101010101010101)) >> 56);
#endif
}

/* A word of the set's bits with the members before it, side by side: a
 * rank reads one cache line, where two arrays would take two misses. */
typedef struct {
  guint64 bits;
  guint32 before;    /* members in the words before this one */
  guint32 unused;
} BaguRankWord;

typedef struct {
  BaguRankWord *words;
} BaguRank;

static inline void
bagu_rank_init (BaguRank *r, guint32 n, const guint32 *members, guint32 n_members)
{
  guint32 words = n / 64 + 1;
  guint32 sum = 0;

  r->words = g_new0 (BaguRankWord, words);
  for (guint32 k = 0; k < n_members; k++)
    r->words[members[k] / 64].bits |= G_GUINT64_CONSTANT (1) << (members[k] % 64);
  for (guint32 w = 0; w < words; w++)
    {
      r->words[w].before = sum;
      sum += bagu_popcount64 (r->words[w].bits);
    }
}

static inline void
bagu_rank_clear (BaguRank *r)
{
  g_clear_pointer (&r->words, g_free);
}

static inline gboolean
bagu_rank_has (const BaguRank *r, guint32 pos)
{
  return (r->words[pos / 64].bits >> (pos % 64)) & 1;
}

/* Fetches what bagu_rank_has and bagu_rank_of (@r, @pos) read, for a
 * caller that knows the positions it will ask about ahead of time. */
static inline void
bagu_rank_prefetch (const BaguRank *r, guint32 pos)
{
  __builtin_prefetch (&r->words[pos / 64]);
}

/* The number of members below pos. */
static inline guint32
bagu_rank_of (const BaguRank *r, guint32 pos)
{
  guint64 below = (G_GUINT64_CONSTANT (1) << (pos % 64)) - 1;
  const BaguRankWord *w = &r->words[pos / 64];

  return w->before + bagu_popcount64 (w->bits & below);
}

/* The document of a token position, by rank among the documents' first
 * tokens: a rank set of the documents that have tokens, and the document
 * of each of them. */
typedef struct {
  BaguRank starts;
  guint32 *doc_of_rank;
} BaguDocLookup;

/* @doc_starts: from bagu_corpus_document_starts, n_docs + 1 entries. */
static inline void
bagu_doc_lookup_init (BaguDocLookup *l, const guint32 *doc_starts, guint32 n_docs)
{
  g_autofree guint32 *firsts = g_new (guint32, n_docs + 1);
  guint32 n = 0;

  l->doc_of_rank = g_new (guint32, n_docs + 1);
  /* Empty documents have no tokens and own no position. */
  for (guint32 d = 0; d < n_docs; d++)
    if (doc_starts[d + 1] > doc_starts[d])
      {
        firsts[n] = doc_starts[d];
        l->doc_of_rank[n++] = d;
      }
  bagu_rank_init (&l->starts, doc_starts[n_docs], firsts, n);
}

static inline void
bagu_doc_lookup_clear (BaguDocLookup *l)
{
  bagu_rank_clear (&l->starts);
  g_clear_pointer (&l->doc_of_rank, g_free);
}

static inline guint32
bagu_doc_lookup (const BaguDocLookup *l, guint32 pos)
{
  return l->doc_of_rank[bagu_rank_of (&l->starts, pos + 1) - 1];
}

/* Fetches what bagu_doc_lookup (@l, @pos) reads first, for a caller that
 * knows the positions it will look up ahead of time. */
static inline void
bagu_doc_lookup_prefetch (const BaguDocLookup *l, guint32 pos)
{
  bagu_rank_prefetch (&l->starts, pos + 1);
}

G_END_DECLS
