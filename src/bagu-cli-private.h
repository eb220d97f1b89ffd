/* bagu-cli-private.h: what the subcommands of the CLI share. */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

#include "bagu-corpus.h"
#include "bagu-index.h"
#include "bagu-exit.h"
#include "bagu-write.h"

G_BEGIN_DECLS

/* The options every subcommand that reads a corpus takes. */
typedef struct {
  gboolean strict;
  char **noise_rules;
  gboolean no_noise_rules;
  char *paragraphs;
  char *max_file_size;
  gint max_documents;
  gboolean timings;
  gint threads;       /* 0: one a processor */
  guint n_skipped;
  gint64 mark;        /* when the last timed stage ended */
  /* The files the command is to write (-o, --json, --html), set before
   * bagu_cli_load: none of them may be an input.  NULL-terminated. */
  const char *outputs[4];
} BaguCliInput;

void bagu_cli_input_clear (BaguCliInput *input);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BaguCliInput, bagu_cli_input_clear)

/* Adds @path to the files the command is to write ("-": standard output;
 * %NULL: nothing).  Returns %FALSE, adding nothing, when an output added
 * before goes to the same place. */
gboolean bagu_cli_input_writes (BaguCliInput *input, const char *path);

/* Whether an output added so far would replace the file @path that the
 * command reads (it is then reported on stderr). */
gboolean bagu_cli_input_replaced (const BaguCliInput *input, const char *path);

/* Adds the input options to @context's main group. */
void bagu_cli_input_add_options (GOptionContext *context, BaguCliInput *input);

/**
 * bagu_cli_load:
 * @args: the paths left on the command line after option parsing
 *   (argv[0] excluded); "-" reads paths from standard input, one a line;
 *   none analyses the sample corpus
 * @info: receives the options used, for the output's record
 * @out_corpus: (out): the loaded corpus
 *
 * Prints one line on stderr for every input that is skipped.
 *
 * Returns: BAGU_EXIT_OK, or the code to exit with
 */
BaguExit bagu_cli_load (BaguCliInput *input, int n_args, char **args,
                        BaguRunInfo *info, BaguCorpus **out_corpus);

/* Parses a subcommand's options; on a usage error prints it and returns
 * FALSE. */
gboolean bagu_cli_parse (GOptionContext *context, const char *command,
                         int *argc, char ***argv);

/* Prints "bagu: FILE: MESSAGE" (or "bagu: MESSAGE" when @file is NULL). */
void bagu_cli_error (const char *file, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* Prints a usage error and the hint to --help; returns BAGU_EXIT_USAGE. */
BaguExit bagu_cli_usage_error (const char *command, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* Writes to @path ("-" or NULL: standard output) through @func,
 * atomically.  Prints the error and returns BAGU_EXIT_OUTPUT on failure. */
typedef gboolean (*BaguCliWriteFunc) (FILE *out, gpointer data, GError **error);
BaguExit bagu_cli_write_with (const char *path, BaguCliWriteFunc func, gpointer data);

/* bagu_cli_write_with for the corpus model in @format. */
BaguExit bagu_cli_write (const BaguCorpus *corpus, const BaguRunInfo *info,
                         BaguFormat format, const char *path);

/* The suffix and LCP arrays of @corpus's tokens, from @runs (nullable)
 * where they are the runs bagu_index_build_repeats reads.  Building the
 * suffix array takes one processor: the corpus's boundaries, which the
 * phrases read, are made meanwhile on another. */
BaguIndex *bagu_cli_index (const BaguCorpus *corpus, guint min_length, const BaguRunGroups *runs,
                           GError **error);

/* With --timings, prints "bagu: time STAGE SECONDS" for the stage that
 * ends now. */
void bagu_cli_time (BaguCliInput *input, const char *stage);

/* The final code: BAGU_EXIT_SKIPPED when inputs were skipped. */
BaguExit bagu_cli_finish (const BaguCliInput *input);

/* Has freed memory kept for the stages that follow rather than given back
 * to the system and taken again (see bagu_cli_run); for commands that
 * run many stages, before their first large block. */
void bagu_cli_keep_memory (void);

int bagu_cli_segment (int argc, char **argv);
int bagu_cli_analyze (int argc, char **argv);
int bagu_cli_phrases (int argc, char **argv);
int bagu_cli_align (int argc, char **argv);
int bagu_cli_report (int argc, char **argv);

/* Renders the HTML report of an analysis to @output, atomically. */
BaguExit bagu_cli_render_report (xmlDoc *doc, const char *output);

G_END_DECLS
