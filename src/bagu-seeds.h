/* bagu-seeds.h: where two documents may share a passage.
 *
 * A seed is a place where two documents agree: a pair of token positions,
 * one in each, from which the same seed_length tokens follow.  Seeds are
 * the first step of the aligner, kept apart so that other kinds (similar
 * sentences that share few exact runs) can be added beside the exact
 * ones. */
#pragma once

#include <glib.h>

#include "bagu-corpus.h"
#include "bagu-runs.h"

G_BEGIN_DECLS

typedef struct {
  guint32 a, b;     /* documents, a < b */
  guint32 pa, pb;   /* token positions in the corpus stream, pa in a, pb in b */
} BaguSeed;

/* Which pairs of documents to look at: a pair with the same group is
 * never compared (NONE: a document of no group), and when @partners is
 * set, only the pairs it lists are. */
typedef struct {
  guint32 *group;       /* (nullable) per document, its group or G_MAXUINT32 */
  GPtrArray *partners;  /* (nullable) per document, a GArray of guint32
                         * documents it may be compared with, sorted */
} BaguPairFilter;

void bagu_pair_filter_clear (BaguPairFilter *filter);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BaguPairFilter, bagu_pair_filter_clear)

/* Lists the pair x, y (both ways) as one to compare; once all are added,
 * bagu_pair_filter_sort_partners puts the lists in order. */
void bagu_pair_filter_add_pair (BaguPairFilter *filter, guint32 n_docs, guint32 x, guint32 y);
void bagu_pair_filter_sort_partners (BaguPairFilter *filter);

/* Whether documents x and y may be compared. */
gboolean bagu_pair_filter_allows (const BaguPairFilter *filter, guint32 x, guint32 y);

typedef struct {
  guint length;     /* tokens shared from a seed on; at least 1 */
  guint max_docs;   /* a run of tokens in more documents than this links
                     * each of them to two hub documents only */
  const BaguPairFilter *filter;   /* (nullable) */
  /* (nullable) The runs of @length tokens of the corpus, grouped already
   * (bagu_run_groups_new with every bit of the fingerprints), or NULL to
   * group them here.  Their runs are released once read; which positions
   * are repeated stays. */
  BaguRunGroups *groups;
} BaguSeedOptions;

/**
 * bagu_seeds_exact:
 * @doc_starts: from bagu_corpus_document_starts
 *
 * The exact seeds, from the groups of positions followed by the same
 * @length tokens, none a separator (so no seed crosses a paragraph).  A
 * group in at most @max_docs documents (and at most four times as many
 * positions) gives a seed for every pair of its positions in different
 * documents.  A larger group is a stock phrase or a topic term: pairing
 * all its positions would cost the square of its size, so each of them is
 * paired with the first position of each of the two lowest-numbered
 * documents of the group (its hubs) only, and in a group of more than 64
 * positions only the positions a multiple of @length - 1 (at least 1, at
 * most 4) are, so that the runs of their seeds still overlap.  The hubs
 * stay the same along a phrase, so each copy of a widely shared passage
 * still aligns, whole, with one.  The groups are found without the suffix
 * array, so the seeds can be made while it is built, and analyze makes
 * them once for the seeds and the index (see bagu-runs.h).
 *
 * Returns: (transfer full): BaguSeed, sorted by a, b, diagonal (pb - pa)
 *   and pa, without duplicates; none for a corpus of 2^32 tokens or more,
 *   past the positions a seed holds
 */
GArray *bagu_seeds_exact (const BaguCorpus *corpus, const guint32 *doc_starts,
                          const BaguSeedOptions *options);

G_END_DECLS
