/* bagu-load.h: the first stages of the pipeline in one call: expand the
 * paths, ingest, segment and tokenize every file into a corpus. */
#pragma once

#include <glib.h>
#include "bagu-corpus.h"
#include "bagu-ingest.h"
#include "bagu-noise.h"

G_BEGIN_DECLS

#define BAGU_LOAD_ERROR (bagu_load_error_quark ())
GQuark bagu_load_error_quark (void);

typedef enum {
  BAGU_LOAD_ERROR_TOO_LARGE,   /* more than the index's 32-bit offsets hold */
  BAGU_LOAD_ERROR_TOO_MANY,    /* more documents than --max-documents */
  BAGU_LOAD_ERROR_OUTPUT,      /* an input is a file the run is to write */
} BaguLoadError;

/* The most tokens a corpus may have: the index addresses them with 32 bits. */
#define BAGU_LOAD_MAX_TOKENS ((gsize) G_MAXUINT32 - 1)
#define BAGU_LOAD_DEFAULT_MAX_DOCUMENTS 10000000u
/* Files are read, decoded, segmented and tokenized on other threads, at
 * most this many ahead of the one being added to the corpus (when
 * bagu_parallel_threads () is more than one). */
#define BAGU_LOAD_READ_AHEAD 32

typedef struct {
  BaguParagraphMode mode;
  const BaguNoiseRules *rules;   /* (nullable) */
  gsize max_file_size;           /* 0: BAGU_INGEST_DEFAULT_MAX_SIZE */
  guint max_documents;           /* 0: BAGU_LOAD_DEFAULT_MAX_DOCUMENTS */
  /* (nullable) NULL-terminated: the files the run is to write.  An input
   * that is one of them (under any name) is an error before any file is
   * read: writing the output would replace it. */
  const char *const *outputs;
} BaguLoadOptions;

/**
 * bagu_load_corpus:
 * @paths: files and directories
 * @skip: (nullable): told about every file left out, and why
 *
 * Loads every usable file into @corpus.  A file that cannot be used is
 * reported to @skip, on the calling thread and in the order of the files,
 * and left out; only a limit of the whole corpus is an error.
 *
 * Returns: %FALSE with @error set when a corpus limit is exceeded or an
 *   input is one of options->outputs
 */
gboolean bagu_load_corpus (BaguCorpus *corpus, const char *const *paths, guint n_paths,
                           const BaguLoadOptions *options, BaguSkipFunc skip,
                           gpointer user_data, GError **error);

G_END_DECLS
