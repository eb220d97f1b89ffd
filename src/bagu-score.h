/* bagu-score.h: how much of each paragraph is template.
 *
 * Every token gets a template weight in [0, 1] from the shared evidence
 * that covers it: reuse passages (bagu-align.h) and stock phrases
 * (bagu-phrases.h).  Text shared with more documents weighs more than text
 * shared with one; a short phrase is a topic term (意识形态工作) rather than
 * boilerplate and weighs nothing, a long one fully.  A paragraph's score is
 * the mean weight of its tokens, and its label follows from two
 * thresholds; a document's template ratio is the mean weight of all its
 * tokens, and its top sources are the documents whose passages with it
 * cover most of it (BaguAlignment.shares).  The module only computes: it reads the corpus and the evidence
 * and writes nothing. */
#pragma once

#include <glib.h>

#include "bagu-align.h"
#include "bagu-corpus.h"
#include "bagu-phrases.h"

G_BEGIN_DECLS

typedef enum {
  BAGU_LABEL_SPECIFIC,
  BAGU_LABEL_MIXED,
  BAGU_LABEL_TEMPLATE,
} BaguLabel;

const char *bagu_label_name (BaguLabel label);

#define BAGU_SCORE_DEFAULT_TEMPLATE_MIN 0.7
#define BAGU_SCORE_DEFAULT_SPECIFIC_MAX 0.3
#define BAGU_SCORE_DEFAULT_TERM_LENGTH 12
#define BAGU_SCORE_DEFAULT_FULL_LENGTH 20

typedef struct {
  double template_min;   /* a paragraph scoring at least this is template */
  double specific_max;   /* one scoring below this is specific */
  guint term_length;     /* phrases shorter than this weigh nothing */
  guint full_length;     /* phrases this long weigh fully; weights grow
                          * linearly in between */
} BaguScoreOptions;

void bagu_score_options_init (BaguScoreOptions *options);

/* Evidence bits per token. */
#define BAGU_EVIDENCE_STOCK 1   /* inside a stock phrase that weighs */
#define BAGU_EVIDENCE_REUSE 2   /* inside a reuse passage */

typedef struct {
  float *weight;              /* per token: template weight in [0, 1] */
  guint8 *evidence;           /* per token: BAGU_EVIDENCE_* */
  guint32 *stock_phrase;      /* per token: the index in the phrase set of the
                               * stock phrase that weighs it, or G_MAXUINT32 */
  float *weight_of_phrase;    /* per phrase of the set: bagu_score_phrase_weight */
  double *paragraph_score;    /* per paragraph */
  guint8 *paragraph_label;    /* per paragraph: BaguLabel */
  double *document_ratio;     /* per document */
  guint32 *document_tokens;   /* per document: tokens other than separators */
  /* Per document, the documents it shares most with (largest share of its
   * own tokens first): BAGU_SCORE_TOP_SOURCES entries from
   * d * BAGU_SCORE_TOP_SOURCES, G_MAXUINT32 where there are fewer. */
  guint32 *top_source;
  double *top_share;
} BaguScores;

#define BAGU_SCORE_TOP_SOURCES 3

/**
 * bagu_score:
 * @phrases: (nullable): the stock phrases, found on @index
 * @alignment: (nullable): the reuse passages
 *
 * Returns: (transfer full): the scores
 */
BaguScores *bagu_score (const BaguCorpus *corpus, const BaguPhraseSet *phrases,
                        const BaguAlignment *alignment, const BaguScoreOptions *options);

/* bagu_score in two steps, for a caller that has the phrases before the
 * passages: the first weighs the stock phrases (@phrases may be NULL),
 * the second the passages (@alignment may be NULL) and sums up. */
BaguScores *bagu_score_phrases (const BaguCorpus *corpus, const BaguPhraseSet *phrases,
                                const BaguScoreOptions *options);
void bagu_score_finish (BaguScores *scores, const BaguCorpus *corpus,
                        const BaguAlignment *alignment, const BaguScoreOptions *options);
void bagu_scores_free (BaguScores *scores);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BaguScores, bagu_scores_free)

/* The weight of a phrase of @length tokens in @df documents, whose
 * occurrences end at clause boundaries with share @boundary. */
double bagu_score_phrase_weight (const BaguScoreOptions *options, guint length, guint df,
                                 double boundary);

/* The weight of text inside passages with @partners other documents. */
double bagu_score_reuse_weight (guint partners);

/* The label of a score. */
BaguLabel bagu_score_label (const BaguScoreOptions *options, double score);

G_END_DECLS
