/* bagu-load.c: paths to a segmented, tokenized corpus. */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "bagu-load.h"
#include "bagu-parallel.h"
#include "bagu-segment.h"
#include "bagu-tokenize.h"

BAGU_DEFINE_QUARK (bagu-load-error-quark, bagu_load_error)

/* With several threads, files are read, decoded, segmented and tokenized
 * on other threads and on the calling one while it waits, each file into
 * a corpus of its own (a piece), at most BAGU_LOAD_READ_AHEAD files ahead
 * of the one being added; the calling thread appends the pieces to the
 * corpus in the order of the files, which makes it the corpus one thread
 * would have made.  A file too large to be copied once more, and every
 * file with one thread, is only read there, and segmented and tokenized
 * into the corpus in its turn. */
#define PIECE_MAX_BYTES ((gsize) 16 << 20)

typedef struct {
  BaguSource *source;    /* read only */
  BaguCorpus *piece;     /* or read, segmented and tokenized */
  GError *error;         /* or neither */
} Read;

typedef struct {
  BaguCorpus *corpus;
  GPtrArray *files;
  gsize max_size;
  guint max_docs;
  BaguSegmentOptions segment;
  gboolean pieces;           /* whether files are made into pieces */
  BaguSkipFunc skip;
  gpointer user_data;
  GError **error;
  gboolean ok;
  Read *slots;               /* BAGU_LOAD_READ_AHEAD of them */
} Loader;

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

static void
read_file (guint i, guint slot, gpointer data)
{
  Loader *l = data;
  Read *read = &l->slots[slot];

  read->source = bagu_ingest_file (g_ptr_array_index (l->files, i), l->max_size, &read->error);
  if (l->pieces && read->source != NULL && read->source->text_len <= PIECE_MAX_BYTES)
    read->piece = make_piece (g_steal_pointer (&read->source), &l->segment);
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

/* Adds file @i, in its turn, to the corpus; FALSE when a corpus limit is
 * exceeded. */
static gboolean
add_file (guint i, guint slot, gpointer data)
{
  Loader *l = data;
  BaguCorpus *corpus = l->corpus;
  Read read = l->slots[slot];
  guint first_doc = corpus->documents->len;

  l->slots[slot] = (Read) { NULL, NULL, NULL };
  if (read.source == NULL && read.piece == NULL)
    {
      if (l->skip != NULL)
        l->skip (g_ptr_array_index (l->files, i), read.error, l->user_data);
      g_clear_error (&read.error);
      return TRUE;
    }
  if (read.piece != NULL)
    {
      g_autoptr(BaguCorpus) piece = read.piece;

      if (too_large (corpus, bagu_corpus_source (piece, 0), l->error))
        return l->ok = FALSE;
      bagu_corpus_append (corpus, piece);
    }
  else
    {
      guint index;

      if (too_large (corpus, read.source, l->error))
        {
          bagu_source_free (read.source);
          return l->ok = FALSE;
        }
      index = bagu_corpus_add_source (corpus, read.source);
      bagu_segment_source (corpus, index, &l->segment);
    }
  if (corpus->documents->len > l->max_docs)
    {
      g_set_error (l->error, BAGU_LOAD_ERROR, BAGU_LOAD_ERROR_TOO_MANY,
                   "more than %u documents (see --max-documents)", l->max_docs);
      return l->ok = FALSE;
    }
  if (read.source != NULL)
    for (guint d = first_doc; d < corpus->documents->len; d++)
      bagu_tokenize_document (corpus, d);
  return TRUE;
}

/* Room for as many tokens as the files have bytes (no file decodes to
 * more tokens than that, but for a few rare characters), up to a limit:
 * made at once, the token arrays are not copied as they grow. */
#define RESERVE_MAX_TOKENS ((gsize) 1 << 27)

static void
reserve_tokens (BaguCorpus *corpus, GArray *ids)
{
  gsize bytes = ids->len;

  for (guint i = 0; i < ids->len && bytes < RESERVE_MAX_TOKENS; i++)
    bytes += MAX (g_array_index (ids, BaguFileId, i).size, 0);
  bagu_corpus_reserve_tokens (corpus, MIN (bytes, RESERVE_MAX_TOKENS));
}

/* Whether one of the files (@ids, as the expansion saw them) is one of
 * the outputs that exist already: the same file under any name, as a link
 * or a path spelt otherwise. */
static gboolean
outputs_are_inputs (GPtrArray *files, GArray *ids, const char *const *outputs, GError **error)
{
  g_autoptr(GArray) out_ids = g_array_new (FALSE, FALSE, sizeof (GStatBuf));
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint k = 0; outputs != NULL && outputs[k] != NULL; k++)
    {
      GStatBuf st;

      /* Standard output, and outputs not made yet, replace nothing. */
      if (strcmp (outputs[k], "-") != 0 && g_stat (outputs[k], &st) == 0 && S_ISREG (st.st_mode))
        {
          g_array_append_val (out_ids, st);
          g_ptr_array_add (names, (gpointer) outputs[k]);
        }
    }
  for (guint i = 0; out_ids->len > 0 && i < files->len; i++)
    {
      const BaguFileId *id = &g_array_index (ids, BaguFileId, i);

      for (guint k = 0; k < out_ids->len; k++)
        if (id->dev == g_array_index (out_ids, GStatBuf, k).st_dev
            && id->ino == g_array_index (out_ids, GStatBuf, k).st_ino)
          {
            g_set_error (error, BAGU_LOAD_ERROR, BAGU_LOAD_ERROR_OUTPUT,
                         "%s: is an input, and the output %s would replace it",
                         (const char *) g_ptr_array_index (files, i),
                         (const char *) g_ptr_array_index (names, k));
            return TRUE;
          }
    }
  return FALSE;
}

gboolean
bagu_load_corpus (BaguCorpus *corpus, const char *const *paths, guint n_paths,
                  const BaguLoadOptions *options, BaguSkipFunc skip,
                  gpointer user_data, GError **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) files = bagu_ingest_expand_paths_with_ids (paths, n_paths, skip, user_data,
                                                                  &ids);
  Loader l = { corpus, files,
               options->max_file_size ? options->max_file_size : BAGU_INGEST_DEFAULT_MAX_SIZE,
               options->max_documents ? options->max_documents : BAGU_LOAD_DEFAULT_MAX_DOCUMENTS,
               { options->mode, options->rules }, bagu_parallel_threads () > 1,
               skip, user_data, error, TRUE, NULL };

  if (outputs_are_inputs (files, ids, options->outputs, error))
    return FALSE;
  l.slots = g_new0 (Read, BAGU_LOAD_READ_AHEAD);
  reserve_tokens (corpus, ids);
  bagu_parallel_ordered_helping (files->len, BAGU_LOAD_READ_AHEAD, read_file, add_file, &l);
  /* Stopped early: what was read ahead. */
  for (guint k = 0; k < BAGU_LOAD_READ_AHEAD; k++)
    {
      g_clear_pointer (&l.slots[k].source, bagu_source_free);
      g_clear_pointer (&l.slots[k].piece, bagu_corpus_free);
      g_clear_error (&l.slots[k].error);
    }
  g_free (l.slots);
  if (l.ok)
    bagu_corpus_shrink_tokens (corpus);
  return l.ok;
}
