/* bagu-load.c: paths to a segmented, tokenized corpus. */
#include "config.h"

#include "bagu-load.h"
#include "bagu-segment.h"
#include "bagu-tokenize.h"

G_DEFINE_QUARK (bagu-load-error-quark, bagu_load_error)

/* The files are read and decoded on a thread of their own, a few ahead of
 * the segmenting and tokenizing, which add to the corpus in order. */

typedef struct {
  const char *path;
  BaguSource *source;    /* or NULL, with error set */
  GError *error;
} Read;

typedef struct {
  GPtrArray *files;
  gsize max_size;
  GAsyncQueue *done;     /* Read, in the order of the files */
  GAsyncQueue *room;     /* one token a slot free ahead */
  gint stop;             /* set when the loading stops early */
} Reader;

static gpointer
read_files (gpointer data)
{
  Reader *r = data;

  for (guint i = 0; i < r->files->len; i++)
    {
      Read *read = g_new0 (Read, 1);

      g_async_queue_pop (r->room);
      if (g_atomic_int_get (&r->stop))
        {
          g_free (read);
          break;
        }
      read->path = g_ptr_array_index (r->files, i);
      read->source = bagu_ingest_file (read->path, r->max_size, &read->error);
      g_async_queue_push (r->done, read);
    }
  return NULL;
}

static void
read_free (Read *read)
{
  if (read->source != NULL)
    bagu_source_free (read->source);
  g_clear_error (&read->error);
  g_free (read);
}

static gboolean
add_sources (BaguCorpus *corpus, Reader *reader, const BaguLoadOptions *options,
             BaguSkipFunc skip, gpointer user_data, GError **error)
{
  guint max_docs = options->max_documents ? options->max_documents : BAGU_LOAD_DEFAULT_MAX_DOCUMENTS;
  BaguSegmentOptions segment = { options->mode, options->rules };

  for (guint i = 0; i < reader->files->len; i++)
    {
      Read *read = g_async_queue_pop (reader->done);
      BaguSource *source = g_steal_pointer (&read->source);
      guint index;

      if (source == NULL)
        {
          if (skip != NULL)
            skip (read->path, read->error, user_data);
          read_free (read);
          /* The reader is at most BAGU_LOAD_READ_AHEAD files ahead of a skip. */
          g_async_queue_push (reader->room, GINT_TO_POINTER (1));
          continue;
        }
      read_free (read);
      g_async_queue_push (reader->room, GINT_TO_POINTER (1));
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
  return TRUE;
}

gboolean
bagu_load_corpus (BaguCorpus *corpus, const char *const *paths, guint n_paths,
                  const BaguLoadOptions *options, BaguSkipFunc skip,
                  gpointer user_data, GError **error)
{
  g_autoptr(GPtrArray) files = bagu_ingest_expand_paths (paths, n_paths, skip, user_data);
  Reader reader = { files,
                    options->max_file_size ? options->max_file_size : BAGU_INGEST_DEFAULT_MAX_SIZE,
                    g_async_queue_new_full ((GDestroyNotify) read_free), g_async_queue_new (), 0 };
  GThread *thread;
  gboolean ok;

  for (guint i = 0; i < BAGU_LOAD_READ_AHEAD; i++)
    g_async_queue_push (reader.room, GINT_TO_POINTER (1));
  thread = g_thread_new ("read", read_files, &reader);
  ok = add_sources (corpus, &reader, options, skip, user_data, error);
  /* Stopped early: the reader ends at its next file. */
  g_atomic_int_set (&reader.stop, 1);
  g_async_queue_push (reader.room, GINT_TO_POINTER (1));
  g_thread_join (thread);
  g_async_queue_unref (reader.done);
  g_async_queue_unref (reader.room);
  if (ok)
    bagu_corpus_shrink_tokens (corpus);
  return ok;
}
