/* bagu-load.c: paths to a segmented, tokenized corpus. */
#include "config.h"

#include "bagu-load.h"
#include "bagu-segment.h"
#include "bagu-tokenize.h"

G_DEFINE_QUARK (bagu-load-error-quark, bagu_load_error)

gboolean
bagu_load_corpus (BaguCorpus *corpus, const char *const *paths, guint n_paths,
                  const BaguLoadOptions *options, BaguSkipFunc skip,
                  gpointer user_data, GError **error)
{
  g_autoptr(GPtrArray) files = bagu_ingest_expand_paths (paths, n_paths, skip, user_data);
  gsize max_size = options->max_file_size ? options->max_file_size : BAGU_INGEST_DEFAULT_MAX_SIZE;
  guint max_docs = options->max_documents ? options->max_documents : BAGU_LOAD_DEFAULT_MAX_DOCUMENTS;
  BaguSegmentOptions segment = { options->mode, options->rules };

  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autoptr(GError) local_error = NULL;
      BaguSource *source = bagu_ingest_file (path, max_size, &local_error);
      guint index;

      if (source == NULL)
        {
          if (skip != NULL)
            skip (path, local_error, user_data);
          continue;
        }
      /* Every byte can become at most one token plus a separator. */
      if (corpus->n_tokens + source->text_len >= BAGU_LOAD_MAX_TOKENS)
        {
          bagu_source_free (source);
          g_set_error (error, BAGU_LOAD_ERROR, BAGU_LOAD_ERROR_TOO_LARGE,
                       "the corpus is too large for one index (more than %u tokens); "
                       "split it, or analyse fewer files at once", G_MAXUINT32 - 1);
          return FALSE;
        }
      index = bagu_corpus_add_source (corpus, source);
      bagu_segment_source (corpus, index, &segment);
      if (corpus->documents->len > max_docs)
        {
          g_set_error (error, BAGU_LOAD_ERROR, BAGU_LOAD_ERROR_TOO_MANY,
                       "more than %u documents (see --max-documents)", max_docs);
          return FALSE;
        }
      for (guint d = source->first_doc; d < source->first_doc + source->n_docs; d++)
        bagu_tokenize_document (corpus, d);
    }
  bagu_corpus_shrink_tokens (corpus);
  return TRUE;
}
