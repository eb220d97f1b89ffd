/* fuzz-ingest.c: any bytes through the whole pipeline.
 *
 * The input is split in two files' worth of bytes; each is decoded (any
 * encoding), segmented with the default noise rules, tokenized, and the two
 * are indexed, mined for phrases, aligned and written as XML. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>

#include "bagu-align.h"
#include "bagu-index.h"
#include "bagu-ingest.h"
#include "bagu-noise.h"
#include "bagu-phrases.h"
#include "bagu-segment.h"
#include "bagu-templates.h"
#include "bagu-tokenize.h"
#include "bagu-write.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const BaguNoiseRules *
default_rules (void)
{
  static BaguNoiseRules *rules;

  if (rules == NULL)
    {
      g_autofree char *path = bagu_templates_path ("noise.rules");

      rules = bagu_noise_rules_new ();
      if (!bagu_noise_rules_add_file (rules, path, NULL))
        g_error ("cannot read %s", path);
    }
  return rules;
}

static void
add_source (BaguCorpus *corpus, const char *name, const uint8_t *data, size_t size,
            BaguParagraphMode mode)
{
  g_autoptr(GError) error = NULL;
  BaguSegmentOptions options = { mode, default_rules () };
  BaguSource *source;
  const char *encoding = NULL;
  gsize len = 0;
  char *text = bagu_ingest_decode ((const char *) data, size, &len, &encoding, &error);
  guint index;

  if (text == NULL)
    return;
  source = g_new0 (BaguSource, 1);
  source->path = g_strdup (name);
  source->encoding = encoding;
  source->text = text;
  source->text_len = len;
  index = bagu_corpus_add_source (corpus, source);
  bagu_segment_source (corpus, index, &options);
  for (guint d = source->first_doc; d < source->first_doc + source->n_docs; d++)
    bagu_tokenize_document (corpus, d);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(BaguCorpus) corpus = bagu_corpus_new ();
  g_autoptr(BaguIndex) index = NULL;
  g_autoptr(BaguPhraseSet) set = NULL;
  g_autoptr(BaguAlignment) alignment = NULL;
  g_autoptr(BaguRunInfo) info = bagu_run_info_new ("segment");
  g_autofree guint32 *starts = NULL;
  BaguPhraseOptions phrase_options = { 2, 2 };
  BaguAlignOptions align_options;
  BaguParagraphMode mode;
  size_t half;
  FILE *out;

  if (size < 1)
    return 0;
  mode = data[0] % 3;
  data++, size--;
  half = size / 2;
  add_source (corpus, "a.txt", data, half, mode);
  add_source (corpus, "b.txt", data + half, size - half, mode);
  bagu_corpus_shrink_tokens (corpus);
  if (corpus->n_tokens == 0)
    return 0;

  index = bagu_index_build (corpus->tokens, corpus->n_tokens, NULL);
  if (index == NULL)
    return 0;
  set = bagu_phrases_find (corpus, index, &phrase_options);
  bagu_align_options_init (&align_options);
  starts = bagu_corpus_document_starts (corpus);
  alignment = bagu_align (corpus, starts, &align_options);

  out = fopen ("/dev/null", "w");
  if (out != NULL)
    {
      bagu_write_corpus (corpus, info, BAGU_FORMAT_XML, out, NULL);
      bagu_write_corpus (corpus, info, BAGU_FORMAT_JSON, out, NULL);
      bagu_write_phrases (corpus, set, 20, info, BAGU_FORMAT_XML, out, NULL);
      bagu_write_passages (corpus, alignment, BAGU_FORMAT_JSON, out, NULL);
      bagu_write_duplicates (corpus, alignment, out, NULL);
      fclose (out);
    }
  return 0;
}
