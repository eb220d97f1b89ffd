/* bagu-load.c: paths to a segmented, tokenized corpus. */
#include "config.h"

#include <pthread.h>

#include "bagu-load.h"
#include "bagu-parallel.h"
#include "bagu-segment.h"
#include "bagu-tokenize.h"

G_DEFINE_QUARK (bagu-load-error-quark, bagu_load_error)

/* The files are read and decoded on a thread of their own, a few ahead of
 * the segmenting and tokenizing, which add to the corpus in order. */

typedef struct {
  BaguSource *source;    /* or NULL, with error set */
  GError *error;
} Read;

/* The reader and the loader meet under a POSIX mutex (GLib's is built on
 * futexes, which thread checkers cannot see through). */
typedef struct {
  GPtrArray *files;
  gsize max_size;
  pthread_mutex_t lock;
  pthread_cond_t read_one;   /* the reader has read one more */
  pthread_cond_t took_one;   /* the loader has taken one more */
  Read *reads;               /* per file */
  guint n_read, n_taken;
  gboolean stop;             /* the loading stopped early */
  gboolean threaded;         /* FALSE: with one thread, each file in its turn */
} Reader;

static gpointer
read_files (gpointer data)
{
  Reader *r = data;

  for (guint i = 0; i < r->files->len; i++)
    {
      Read read = { NULL, NULL };
      gboolean stop;

      pthread_mutex_lock (&r->lock);
      while (i >= r->n_taken + BAGU_LOAD_READ_AHEAD && !r->stop)
        pthread_cond_wait (&r->took_one, &r->lock);
      stop = r->stop;
      pthread_mutex_unlock (&r->lock);
      if (stop)
        break;
      read.source = bagu_ingest_file (g_ptr_array_index (r->files, i), r->max_size, &read.error);
      pthread_mutex_lock (&r->lock);
      r->reads[i] = read;
      r->n_read = i + 1;
      pthread_cond_signal (&r->read_one);
      pthread_mutex_unlock (&r->lock);
    }
  return NULL;
}

static gboolean
add_sources (BaguCorpus *corpus, Reader *reader, const BaguLoadOptions *options,
             BaguSkipFunc skip, gpointer user_data, GError **error)
{
  guint max_docs = options->max_documents ? options->max_documents : BAGU_LOAD_DEFAULT_MAX_DOCUMENTS;
  BaguSegmentOptions segment = { options->mode, options->rules };

  for (guint i = 0; i < reader->files->len; i++)
    {
      const char *path = g_ptr_array_index (reader->files, i);
      BaguSource *source;
      g_autoptr(GError) read_error = NULL;
      guint index;

      if (!reader->threaded)
        source = bagu_ingest_file (path, reader->max_size, &read_error);
      else
        {
          pthread_mutex_lock (&reader->lock);
          while (reader->n_read <= i)
            pthread_cond_wait (&reader->read_one, &reader->lock);
          source = g_steal_pointer (&reader->reads[i].source);
          read_error = g_steal_pointer (&reader->reads[i].error);
          pthread_mutex_unlock (&reader->lock);
        }

      if (source == NULL && skip != NULL)
        skip (path, read_error, user_data);
      /* The reader is at most BAGU_LOAD_READ_AHEAD files ahead of a skip. */
      pthread_mutex_lock (&reader->lock);
      reader->n_taken = i + 1;
      pthread_cond_signal (&reader->took_one);
      pthread_mutex_unlock (&reader->lock);
      if (source == NULL)
        continue;

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
                    PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER,
                    g_new0 (Read, files->len + 1), 0, 0, FALSE,
                    bagu_parallel_threads () > 1 };
  GThread *thread = reader.threaded ? g_thread_new ("read", read_files, &reader) : NULL;
  gboolean ok = add_sources (corpus, &reader, options, skip, user_data, error);

  /* Stopped early: the reader ends before its next file. */
  pthread_mutex_lock (&reader.lock);
  reader.stop = TRUE;
  pthread_cond_signal (&reader.took_one);
  pthread_mutex_unlock (&reader.lock);
  if (thread != NULL)
    g_thread_join (thread);
  for (guint i = 0; i < files->len; i++)
    {
      if (reader.reads[i].source != NULL)
        bagu_source_free (reader.reads[i].source);
      g_clear_error (&reader.reads[i].error);
    }
  g_free (reader.reads);
  pthread_mutex_destroy (&reader.lock);
  pthread_cond_destroy (&reader.read_one);
  pthread_cond_destroy (&reader.took_one);
  if (ok)
    bagu_corpus_shrink_tokens (corpus);
  return ok;
}
