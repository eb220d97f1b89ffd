/* bagu-load.c: paths to a segmented, tokenized corpus. */
#include "config.h"

#include <pthread.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "bagu-load.h"
#include "bagu-parallel.h"
#include "bagu-segment.h"
#include "bagu-tokenize.h"

G_DEFINE_QUARK (bagu-load-error-quark, bagu_load_error)

/* With several threads, files are read, decoded, segmented and tokenized
 * on threads of their own, each file into a corpus of its own (a piece),
 * at most BAGU_LOAD_READ_AHEAD files ahead of the one being added; the
 * calling thread appends the pieces to the corpus in the order of the
 * files, which makes it the corpus one thread would have made.  A file too
 * large to be copied once more is only read there, and segmented and
 * tokenized into the corpus in its turn. */
#define PIECE_MAX_BYTES ((gsize) 16 << 20)

typedef struct {
  gboolean done;
  BaguSource *source;    /* read only: a large file */
  BaguCorpus *piece;     /* or read, segmented and tokenized */
  GError *error;         /* or neither */
} Read;

/* The workers and the loader meet under a POSIX mutex (GLib's is built on
 * futexes, which thread checkers cannot see through). */
typedef struct {
  GPtrArray *files;
  gsize max_size;
  BaguSegmentOptions segment;
  pthread_mutex_t lock;
  pthread_cond_t read_one;   /* a worker has made one more */
  pthread_cond_t took_one;   /* the loader has taken one more */
  Read *reads;               /* per file */
  guint n_started, n_taken;
  gboolean stop;             /* the loading stopped early */
  gboolean threaded;         /* FALSE: with one thread, each file in its turn */
} Reader;

static BaguCorpus *
make_piece (BaguSource *source, const BaguSegmentOptions *segment)
{
  BaguCorpus *piece = bagu_corpus_new ();

  bagu_corpus_add_source (piece, source);
  bagu_segment_source (piece, 0, segment);
  for (guint d = 0; d < piece->documents->len; d++)
    bagu_tokenize_document (piece, d);
  return piece;
}

static gpointer
read_files (gpointer data)
{
  Reader *r = data;

  for (;;)
    {
      Read read = { TRUE, NULL, NULL, NULL };
      guint i;

      pthread_mutex_lock (&r->lock);
      while (r->n_started < r->files->len && r->n_started >= r->n_taken + BAGU_LOAD_READ_AHEAD
             && !r->stop)
        pthread_cond_wait (&r->took_one, &r->lock);
      if (r->stop || r->n_started >= r->files->len)
        {
          pthread_mutex_unlock (&r->lock);
          break;
        }
      i = r->n_started++;
      pthread_mutex_unlock (&r->lock);

      read.source = bagu_ingest_file (g_ptr_array_index (r->files, i), r->max_size, &read.error);
      if (read.source != NULL && read.source->text_len <= PIECE_MAX_BYTES)
        read.piece = make_piece (g_steal_pointer (&read.source), &r->segment);
      pthread_mutex_lock (&r->lock);
      r->reads[i] = read;
      pthread_cond_broadcast (&r->read_one);
      pthread_mutex_unlock (&r->lock);
    }
  return NULL;
}

static gboolean
too_large (const BaguCorpus *corpus, const BaguSource *source, GError **error)
{
  /* Every byte can become at most one token plus a separator. */
  if (corpus->n_tokens + source->text_len < BAGU_LOAD_MAX_TOKENS)
    return FALSE;
  g_set_error (error, BAGU_LOAD_ERROR, BAGU_LOAD_ERROR_TOO_LARGE,
               "the corpus is too large for one index (more than %u tokens); "
               "split it, or analyse fewer files at once", G_MAXUINT32 - 1);
  return TRUE;
}

static gboolean
add_sources (BaguCorpus *corpus, Reader *reader, const BaguLoadOptions *options,
             BaguSkipFunc skip, gpointer user_data, GError **error)
{
  guint max_docs = options->max_documents ? options->max_documents : BAGU_LOAD_DEFAULT_MAX_DOCUMENTS;

  for (guint i = 0; i < reader->files->len; i++)
    {
      const char *path = g_ptr_array_index (reader->files, i);
      Read read = { TRUE, NULL, NULL, NULL };
      guint first_doc = corpus->documents->len;

      if (!reader->threaded)
        read.source = bagu_ingest_file (path, reader->max_size, &read.error);
      else
        {
          pthread_mutex_lock (&reader->lock);
          while (!reader->reads[i].done)
            pthread_cond_wait (&reader->read_one, &reader->lock);
          read = reader->reads[i];
          reader->reads[i] = (Read) { TRUE, NULL, NULL, NULL };
          /* The workers are at most BAGU_LOAD_READ_AHEAD files ahead of a
           * skip. */
          reader->n_taken = i + 1;
          pthread_cond_broadcast (&reader->took_one);
          pthread_mutex_unlock (&reader->lock);
        }

      if (read.source == NULL && read.piece == NULL)
        {
          if (skip != NULL)
            skip (path, read.error, user_data);
          g_clear_error (&read.error);
          continue;
        }
      if (read.piece != NULL)
        {
          g_autoptr(BaguCorpus) piece = read.piece;

          if (too_large (corpus, bagu_corpus_source (piece, 0), error))
            return FALSE;
          bagu_corpus_append (corpus, piece);
        }
      else
        {
          guint index;

          if (too_large (corpus, read.source, error))
            {
              bagu_source_free (read.source);
              return FALSE;
            }
          index = bagu_corpus_add_source (corpus, read.source);
          bagu_segment_source (corpus, index, &reader->segment);
        }
      if (corpus->documents->len > max_docs)
        {
          g_set_error (error, BAGU_LOAD_ERROR, BAGU_LOAD_ERROR_TOO_MANY,
                       "more than %u documents (see --max-documents)", max_docs);
          return FALSE;
        }
      if (read.source != NULL)
        for (guint d = first_doc; d < corpus->documents->len; d++)
          bagu_tokenize_document (corpus, d);
    }
  return TRUE;
}

/* Room for as many tokens as the files have bytes (no file decodes to
 * more tokens than that, but for a few rare characters), up to a limit:
 * made at once, the token arrays are not copied as they grow, and are
 * backed by huge pages. */
#define RESERVE_MAX_TOKENS ((gsize) 1 << 27)

static void
reserve_tokens (BaguCorpus *corpus, GPtrArray *files)
{
  gsize bytes = files->len;

  for (guint i = 0; i < files->len && bytes < RESERVE_MAX_TOKENS; i++)
    {
      GStatBuf st;

      if (g_stat (g_ptr_array_index (files, i), &st) == 0 && S_ISREG (st.st_mode))
        bytes += st.st_size;
    }
  bagu_corpus_reserve_tokens (corpus, MIN (bytes, RESERVE_MAX_TOKENS));
}

gboolean
bagu_load_corpus (BaguCorpus *corpus, const char *const *paths, guint n_paths,
                  const BaguLoadOptions *options, BaguSkipFunc skip,
                  gpointer user_data, GError **error)
{
  g_autoptr(GPtrArray) files = bagu_ingest_expand_paths (paths, n_paths, skip, user_data);
  guint threads = bagu_parallel_threads ();
  Reader reader = { files,
                    options->max_file_size ? options->max_file_size : BAGU_INGEST_DEFAULT_MAX_SIZE,
                    { options->mode, options->rules },
                    PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER,
                    g_new0 (Read, files->len + 1), 0, 0, FALSE,
                    threads > 1 && files->len > 1 };
  g_autofree GThread **workers = g_new0 (GThread *, threads);
  gboolean ok;

  reserve_tokens (corpus, files);
  for (guint w = 0; reader.threaded && w < threads; w++)
    workers[w] = g_thread_new ("load", read_files, &reader);
  ok = add_sources (corpus, &reader, options, skip, user_data, error);

  /* Stopped early: the workers end before their next file. */
  pthread_mutex_lock (&reader.lock);
  reader.stop = TRUE;
  pthread_cond_broadcast (&reader.took_one);
  pthread_mutex_unlock (&reader.lock);
  for (guint w = 0; w < threads; w++)
    if (workers[w] != NULL)
      g_thread_join (workers[w]);
  for (guint i = 0; i < files->len; i++)
    {
      g_clear_pointer (&reader.reads[i].source, bagu_source_free);
      g_clear_pointer (&reader.reads[i].piece, bagu_corpus_free);
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
