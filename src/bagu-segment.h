/* bagu-segment.h: a source's text into documents, paragraphs and noise. */
#pragma once

#include <glib.h>
#include "bagu-corpus.h"
#include "bagu-noise.h"

G_BEGIN_DECLS

typedef struct {
  BaguParagraphMode mode;        /* BAGU_PARAGRAPHS_AUTO detects it per file */
  const BaguNoiseRules *rules;   /* (nullable): no noise rules at all */
} BaguSegmentOptions;

/**
 * bagu_segment_detect_mode:
 *
 * Tells the paragraph convention of a text: BAGU_PARAGRAPHS_BLOCKS when it is
 * hard-wrapped (most lines that continue a block end near one width, and
 * blank lines separate blocks), BAGU_PARAGRAPHS_LINES otherwise.
 */
BaguParagraphMode bagu_segment_detect_mode (const char *text, gsize len);

/**
 * bagu_segment_source:
 *
 * Splits source @source_index into documents (one per article of a
 * compilation, or one for the whole file), their paragraphs and noise spans,
 * and appends them to the corpus.  Every character of the text ends up in a
 * paragraph, in a noise span, or is white space between them.
 */
void bagu_segment_source (BaguCorpus *corpus, guint source_index,
                          const BaguSegmentOptions *options);

G_END_DECLS
