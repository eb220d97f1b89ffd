/* bagu-align.h: passages reused between documents, tolerant of edits.
 *
 * From the seeds (bagu-seeds.h), for every pair of documents: runs of
 * seeds on one diagonal are exact matches; matches on nearby diagonals are
 * chained and the edits between them bridged with a banded alignment; a
 * chain is extended past its ends while the alignment stays good.  Each
 * chain long and similar enough is a passage.  Pairs of documents whose
 * passages cover most of both are near-duplicates, grouped in clusters. */
#pragma once

#include <glib.h>

#include "bagu-banded.h"
#include "bagu-corpus.h"
#include "bagu-seeds.h"

G_BEGIN_DECLS

#define BAGU_ALIGN_DEFAULT_SEED_LENGTH 5
#define BAGU_ALIGN_DEFAULT_SEED_DOCS 8
#define BAGU_ALIGN_DEFAULT_MIN_LENGTH 16
#define BAGU_ALIGN_DEFAULT_MAX_GAP 16
#define BAGU_ALIGN_DEFAULT_BAND 4
#define BAGU_ALIGN_DEFAULT_MIN_IDENTITY 0.75
#define BAGU_ALIGN_DEFAULT_NEAR_DUPLICATE 0.8

typedef struct {
  guint seed_length;      /* tokens of an exact seed */
  guint seed_docs;        /* see BaguSeedOptions.max_docs */
  guint min_length;       /* aligned tokens in a passage, at least */
  guint max_gap;          /* tokens between two matches bridged, at most */
  guint band;             /* diagonals beyond the offset of two matches */
  double min_identity;    /* matches / aligned tokens of a passage, at least */
  double near_duplicate;  /* share of both documents in passages, at least */
  BaguAlignCosts costs;
  const BaguPairFilter *filter;   /* (nullable) */
  BaguRunGroups *seed_runs;       /* (nullable) see BaguSeedOptions.groups */
} BaguAlignOptions;

void bagu_align_options_init (BaguAlignOptions *options);

typedef struct {
  guint32 a, b;                 /* documents, a < b */
  guint32 a_pos, a_len;         /* tokens in the corpus stream: a_pos … a_pos + a_len */
  guint32 b_pos, b_len;
  guint32 a_start, a_end;       /* characters in the text of document a */
  guint32 b_start, b_end;       /* and of document b */
  guint32 tokens;               /* aligned tokens (columns; separators not counted) */
  guint32 matches;              /* of which the same on both sides */
  gint32 score;
} BaguPassage;

static inline double
bagu_passage_identity (const BaguPassage *p)
{
  return p->tokens > 0 ? (double) p->matches / p->tokens : 0.0;
}

/* The text two documents share: each one's tokens (separators aside)
 * inside their passages, and that as a share of all its tokens. */
typedef struct {
  guint32 a, b;          /* documents, a < b */
  guint32 tokens_a, tokens_b;
  double share_a, share_b;
} BaguShare;

typedef struct {
  guint32 a, b;          /* documents, a < b */
  double share_a;        /* share of a's tokens in passages with b */
  double share_b;
  guint32 cluster;       /* 1-based */
} BaguDuplicate;

typedef struct {
  GArray *passages;      /* BaguPassage, sorted by a, a_start, b, b_start */
  GArray *shares;        /* BaguShare of every pair with passages, sorted by a, b */
  GArray *duplicates;    /* BaguDuplicate, sorted by a, b */
  guint32 *cluster;      /* per document: its near-duplicate cluster, or 0 */
  guint n_clusters;
  guint n_seeds;         /* seeds looked at, for the record */
  guint n_pairs;         /* pairs of documents with seeds */
} BaguAlignment;

/**
 * bagu_align:
 * @doc_starts: from bagu_corpus_document_starts
 *
 * Returns: (transfer full): the passages and near-duplicates of @corpus
 */
BaguAlignment *bagu_align (const BaguCorpus *corpus, const guint32 *doc_starts,
                           const BaguAlignOptions *options);
void bagu_alignment_free (BaguAlignment *alignment);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BaguAlignment, bagu_alignment_free)

static inline BaguPassage *
bagu_alignment_passage (const BaguAlignment *al, guint i)
{
  return &g_array_index (al->passages, BaguPassage, i);
}

G_END_DECLS
