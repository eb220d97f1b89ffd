/* bagu-output.h: output files that appear whole or not at all.
 *
 * An output is written to a temporary file beside its destination and
 * renamed into place on commit, so an interrupted or failed run never
 * leaves a half-written file and never touches an existing one. */
#pragma once

#include <stdio.h>
#include <glib.h>

G_BEGIN_DECLS

#define BAGU_OUTPUT_ERROR (bagu_output_error_quark ())
GQuark bagu_output_error_quark (void);

typedef enum {
  BAGU_OUTPUT_ERROR_OPEN,    /* the temporary file could not be created */
  BAGU_OUTPUT_ERROR_WRITE,   /* writing, flushing or closing failed */
  BAGU_OUTPUT_ERROR_RENAME,  /* the finished file could not be put in place */
} BaguOutputError;

typedef struct _BaguOutput BaguOutput;

/**
 * bagu_output_open:
 * @path: (nullable): the destination; %NULL or "-" for standard output
 *
 * Returns: (transfer full): an output to write to, or %NULL with @error set
 */
BaguOutput *bagu_output_open (const char *path, GError **error);

/* The stream to write to (transfer none). */
FILE *bagu_output_stream (BaguOutput *out);

/* The destination path, or "-" for standard output (transfer none). */
const char *bagu_output_path (BaguOutput *out);

/**
 * bagu_output_commit:
 *
 * Flushes, checks every write, and renames the file into place.  Frees
 * @out whatever the outcome; on failure the temporary file is removed.
 */
gboolean bagu_output_commit (BaguOutput *out, GError **error);

/* Waits until the files that committed outputs replaced are freed: a
 * large one is let go of on a thread of its own (see bagu-output.c).
 * Called once the run's work is done, before the program exits. */
void bagu_output_finish (void);

/* Discards the output: removes the temporary file and frees @out. */
void bagu_output_abort (BaguOutput *out);

/* Whether writing @output would replace the file @path: both name one
 * existing file, under any names.  Standard output ("-" or %NULL)
 * replaces nothing. */
gboolean bagu_output_replaces (const char *output, const char *path);

/* Removes the temporary files of every output not yet committed.  Only
 * async-signal-safe calls: for a SIGINT or SIGTERM handler. */
void bagu_output_remove_temporaries (void);

/* The block in which a file is written (see bagu-output.c); tests make
 * it small. */
extern gsize bagu_output_sink_bytes;

G_END_DECLS
