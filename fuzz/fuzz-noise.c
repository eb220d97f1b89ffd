/* fuzz-noise.c: any bytes as a noise-rule file, then the rules applied to
 * a line of text that follows them in the input after a NUL byte. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "bagu-noise.h"
#include "bagu-segment.h"
#include "bagu-tokenize.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(BaguNoiseRules) rules = bagu_noise_rules_new ();
  g_autoptr(BaguCorpus) corpus = NULL;
  const uint8_t *nul = memchr (data, '\0', size);
  size_t rules_len = nul != NULL ? (size_t) (nul - data) : size;
  BaguSegmentOptions options = { BAGU_PARAGRAPHS_AUTO, rules };
  BaguSource *source;
  guint index;

  bagu_noise_parse_number ((const char *) data, rules_len);
  if (!bagu_noise_rules_add_data (rules, (const char *) data, rules_len, "fuzz.rules", NULL))
    return 0;
  if (nul == NULL || !g_utf8_validate ((const char *) nul + 1, size - rules_len - 1, NULL))
    return 0;

  /* The rules at work on the text after the NUL. */
  corpus = bagu_corpus_new ();
  source = g_new0 (BaguSource, 1);
  source->path = g_strdup ("text.txt");
  source->encoding = "UTF-8";
  source->text = g_strndup ((const char *) nul + 1, size - rules_len - 1);
  source->text_len = strlen (source->text);
  index = bagu_corpus_add_source (corpus, source);
  bagu_segment_source (corpus, index, &options);
  for (guint d = source->first_doc; d < source->first_doc + source->n_docs; d++)
    bagu_tokenize_document (corpus, d);
  return 0;
}
