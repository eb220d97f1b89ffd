/* bagu-phrases.h: stock phrases, the closed repeats shared across documents.
 *
 * A stock phrase is a token sequence of at least min_length tokens that
 * occurs in at least min_docs distinct documents and cannot be extended by
 * a token to the left or to the right without losing a document. */
#pragma once

#include <glib.h>

#include "bagu-corpus.h"
#include "bagu-index.h"

G_BEGIN_DECLS

#define BAGU_PHRASES_DEFAULT_MIN_LENGTH 6
#define BAGU_PHRASES_DEFAULT_MIN_DOCS 2

/* How many occurrences of a phrase, spread over all of them, are read to
 * find its most common written form and the fills of its slots, and its
 * boundary score. */
#define BAGU_PHRASES_SAMPLE 4
#define BAGU_PHRASES_BOUNDARY_SAMPLE 32

typedef struct {
  guint min_length;    /* tokens; at least 1 */
  guint min_docs;      /* documents; at least 2 */
} BaguPhraseOptions;

typedef enum {
  BAGU_PHRASE_SORT_SCORE,    /* clause-like, long, widely shared first */
  BAGU_PHRASE_SORT_DF,
  BAGU_PHRASE_SORT_LENGTH,
} BaguPhraseSort;

typedef struct {
  guint32 doc;           /* document index */
  guint32 start, end;    /* characters in the document text */
  guint32 pos;           /* the first token in the corpus token stream */
} BaguOccurrence;

/* A phrase's occurrences are the suffix array rows lb..rb of the index:
 * a corpus with much copying has far more occurrences of phrases than
 * tokens, so they are listed only on demand (bagu_phrase_occurrences). */
typedef struct {
  guint32 id;            /* 1-based rank by score: stable whatever the sort */
  guint32 length;        /* tokens */
  guint32 df;            /* distinct documents */
  guint32 count;         /* occurrences */
  guint32 lb, rb;        /* the suffix array rows of the occurrences */
  guint32 n_slots;       /* NUM and SLOT tokens in it */
  double boundary;       /* share of occurrence ends at a clause boundary */
  double score;
  char *text;            /* (nullable) the most common written form, slots as
                          * <NUM> and <SLOT>: see bagu_phrase_describe */
  GPtrArray *fills;      /* (nullable) per slot, a GPtrArray of the fills seen */
} BaguPhrase;

/* The corpus and the index a set was found in must outlive it. */
typedef struct {
  GArray *phrases;       /* BaguPhrase */
  const BaguCorpus *corpus;
  const BaguIndex *index;
  guint32 *doc_starts;   /* bagu_corpus_document_starts */
  BaguCharIndex *chars;
} BaguPhraseSet;

/**
 * bagu_phrases_find:
 * @index: the index of @corpus's token stream
 *
 * Finds every stock phrase.  The distinct documents of each LCP interval
 * are counted in one pass over the suffix array; phrases come out sorted
 * by score.
 *
 * Returns: (transfer full): the phrases
 */
BaguPhraseSet *bagu_phrases_find (const BaguCorpus *corpus, const BaguIndex *index,
                                  const BaguPhraseOptions *options);

void bagu_phrase_set_sort (BaguPhraseSet *set, BaguPhraseSort sort);
void bagu_phrase_set_free (BaguPhraseSet *set);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BaguPhraseSet, bagu_phrase_set_free)

static inline BaguPhrase *
bagu_phrase_set_get (const BaguPhraseSet *set, guint i)
{
  return &g_array_index (set->phrases, BaguPhrase, i);
}

/**
 * bagu_phrase_occurrences:
 * @out: (element-type BaguOccurrence): receives the occurrences, sorted by
 *   document and start; its previous contents are dropped
 *
 * Returns: the number of occurrences
 */
guint32 bagu_phrase_occurrences (const BaguPhraseSet *set, const BaguPhrase *phrase,
                                 GArray *out);

/**
 * bagu_phrase_describe:
 *
 * Fills in the phrase's text and slot fills from a sample of its
 * occurrences, when not done yet.  Phrases are found without reading their
 * text, so that only those written out pay for it.
 */
void bagu_phrase_describe (const BaguPhraseSet *set, BaguPhrase *phrase);

/**
 * bagu_phrases_describe:
 * @ids: (array length=n): phrases of @set, by their index in it, each
 *   at most once
 *
 * Describes each of the phrases @ids as bagu_phrase_describe does, all at
 * once and on the threads: the samples of them all are read in the order
 * of the text.  The descriptions are the same.
 */
void bagu_phrases_describe (const BaguPhraseSet *set, const guint32 *ids, gsize n);

/* Drops a phrase's text and fills again (a writer of millions of phrases
 * keeps only the one it is writing). */
void bagu_phrase_forget (BaguPhrase *phrase);

G_END_DECLS
