/* bagu-write.h: writing the corpus model as XML, JSON or plain text. */
#pragma once

#include <stdio.h>
#include <glib.h>
#include "bagu-corpus.h"
#include "bagu-phrases.h"
#include "bagu-align.h"
#include "bagu-score.h"

G_BEGIN_DECLS

#define BAGU_WRITE_ERROR (bagu_write_error_quark ())
GQuark bagu_write_error_quark (void);

typedef enum {
  BAGU_WRITE_ERROR_FAILED,   /* the stream refused the bytes */
} BaguWriteError;

typedef enum {
  BAGU_FORMAT_TEXT,
  BAGU_FORMAT_XML,
  BAGU_FORMAT_JSON,
  BAGU_FORMAT_TSV,
} BaguFormat;

/* What produced the output, recorded in it so that a result can be
 * reproduced: the subcommand and every option with its value. */
typedef struct {
  const char *command;
  GPtrArray *options;   /* char*: name, value, name, value … */
} BaguRunInfo;

BaguRunInfo *bagu_run_info_new (const char *command);
void bagu_run_info_add (BaguRunInfo *info, const char *name, const char *value);
void bagu_run_info_free (BaguRunInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BaguRunInfo, bagu_run_info_free)

/* Parses "text", "tsv", "xml" or "json". */
gboolean bagu_format_parse (const char *name, BaguFormat *format);

/**
 * bagu_write_corpus:
 *
 * Writes the documents, paragraphs and noise spans of @corpus to @out.
 * The XML follows templates/bagu.rng: a paragraph's string value is exactly
 * the document text between its start and end; characters that XML 1.0
 * cannot carry are written as U+FFFD and their offsets listed in the
 * document's `replaced` attribute.
 */
gboolean bagu_write_corpus (const BaguCorpus *corpus, const BaguRunInfo *info,
                            BaguFormat format, FILE *out, GError **error);

/* The lookups the writers of an analysis make of its passages and
 * phrases (see bagu-write.c): made once for every write of it, and on a
 * thread of its own while the scores are finished, as they need none. */
typedef struct _BaguAnnotation BaguAnnotation;

/* Reads @corpus, @alignment and @phrases (each but @corpus nullable)
 * only, which may be read on other threads meanwhile. */
BaguAnnotation *bagu_annotation_new (const BaguCorpus *corpus, const BaguAlignment *alignment,
                                     const BaguPhraseSet *phrases);
void bagu_annotation_free (BaguAnnotation *annotation);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BaguAnnotation, bagu_annotation_free)

/* What bagu analyze found in a corpus; any part may be NULL. */
typedef struct {
  BaguPhraseSet *phrases;
  const BaguAlignment *alignment;
  const BaguScores *scores;
  /* Made from these three by bagu_annotation_new, or NULL: each write
   * then makes its own. */
  const BaguAnnotation *annotation;
} BaguAnalysis;

/**
 * bagu_write_analysis:
 * @analysis: (nullable): what was found in @corpus
 *
 * bagu_write_corpus with the analysis in the XML: each document's template
 * ratio, each paragraph's score and label, the evidence inside the
 * paragraphs (<reuse>, <stock>, <fill>) and the table of the phrases they
 * refer to.
 */
gboolean bagu_write_analysis (const BaguCorpus *corpus, const BaguAnalysis *analysis,
                              const BaguRunInfo *info, BaguFormat format, FILE *out,
                              GError **error);

/**
 * bagu_write_phrases:
 * @top: write only the first @top phrases of @set; 0 for all
 *
 * Writes a phrase table (describing the phrases written, see
 * bagu_phrase_describe): TSV with a header line (tabs, line breaks and
 * backslashes in the text escaped as \t, \n, \r, \\), JSON with every
 * occurrence, or XML (templates/bagu.rng).
 */
gboolean bagu_write_phrases (const BaguCorpus *corpus, BaguPhraseSet *set,
                             guint top, const BaguRunInfo *info, BaguFormat format,
                             FILE *out, GError **error);

/**
 * bagu_write_passages:
 * @format: BAGU_FORMAT_JSON for JSON Lines (one object a line), or
 *   BAGU_FORMAT_TSV for a table with a header line
 *
 * Writes the passages of @alignment, documents named as in the XML (path,
 * with #N for article N of a compilation), offsets in characters of the
 * document text, end exclusive.
 */
gboolean bagu_write_passages (const BaguCorpus *corpus, const BaguAlignment *alignment,
                              BaguFormat format, FILE *out, GError **error);

/* Writes the near-duplicate clusters and pairs of @alignment as JSON. */
gboolean bagu_write_duplicates (const BaguCorpus *corpus, const BaguAlignment *alignment,
                                FILE *out, GError **error);

/* Formatting for the writers, without printf: @v in decimal at @at (room
 * for 20 characters), and @value as "%.3f" prints it (room for
 * G_ASCII_DTOSTR_BUF_SIZE); both return the end, with no NUL. */
char *bagu_format_uint (char *at, guint64 v);
char *bagu_format_fraction (char *at, double value);

G_END_DECLS
