/* bagu-cli.c: subcommand dispatch and what the subcommands share. */
#include "config.h"

#include <errno.h>
#include <locale.h>
#ifdef HAVE_MALLOPT
#include <malloc.h>
#endif
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bagu-cli.h"
#include "bagu-cli-private.h"
#include "bagu-parallel.h"
#include "bagu-load.h"
#include "bagu-output.h"
#include "bagu-seeds.h"
#include "bagu-templates.h"

typedef struct {
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} Command;

static int run_help (int argc, char **argv);
static int run_version (int argc, char **argv);

static const Command commands[] = {
  { "analyze", bagu_cli_analyze, "Analyse a corpus and write the annotated XML" },
  { "phrases", bagu_cli_phrases, "List the stock phrases shared across documents" },
  { "align", bagu_cli_align, "List the passages reused between documents" },
  { "report", bagu_cli_report, "Render the HTML report of an analysis" },
  { "segment", bagu_cli_segment, "Show the documents, paragraphs and noise bagu finds" },
  { "version", run_version, "Print the version" },
  { "help", run_help, "Show help for bagu or a subcommand" },
};

static const Command *
find_command (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

static void
print_main_help (FILE *out)
{
  fprintf (out,
           "Usage:\n  bagu COMMAND [OPTION...] [PATH...]\n\n"
           "Find the boilerplate in a corpus of documents: stock phrases shared\n"
           "across documents, passages reused between them, and which paragraphs\n"
           "are template and which are specific.\n\nCommands:\n");
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-9s %s\n", commands[i].name, commands[i].summary);
  fprintf (out,
           "\nRun 'bagu COMMAND --help' for the options of a command.\n"
           "Exit status: 0 all well, 1 some inputs skipped, 2 usage error,\n"
           "3 nothing could be analysed, 4 output could not be written,\n"
           "5 a corpus limit was exceeded, 6 interrupted.  See bagu(1).\n");
}

static int
run_help (int argc, char **argv)
{
  if (argc > 1)
    {
      const Command *command = find_command (argv[1]);
      char *args[] = { argv[1], (char *) "--help", NULL };

      if (command == NULL)
        return bagu_cli_usage_error (NULL, "unknown command '%s'", argv[1]);
      if (command->run != NULL && command->run != run_help)
        return command->run (2, args);
      printf ("Usage:\n  bagu %s\n\n%s.\n", command->name, command->summary);
      return BAGU_EXIT_OK;
    }
  print_main_help (stdout);
  return BAGU_EXIT_OK;
}

static int
run_version (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);

  g_option_context_set_summary (context, "Print the version of bagu.");
  if (!bagu_cli_parse (context, "version", &argc, &argv))
    return BAGU_EXIT_USAGE;
  printf ("bagu %s\n", PACKAGE_VERSION);
  return BAGU_EXIT_OK;
}

void
bagu_cli_error (const char *file, const char *format, ...)
{
  va_list ap;
  g_autofree char *message = NULL;

  va_start (ap, format);
  message = g_strdup_vprintf (format, ap);
  va_end (ap);
  fflush (stdout);
  if (file != NULL)
    fprintf (stderr, "bagu: %s: %s\n", file, message);
  else
    fprintf (stderr, "bagu: %s\n", message);
}

BaguExit
bagu_cli_usage_error (const char *command, const char *format, ...)
{
  va_list ap;
  g_autofree char *message = NULL;

  va_start (ap, format);
  message = g_strdup_vprintf (format, ap);
  va_end (ap);
  fprintf (stderr, "bagu: %s\nTry 'bagu %s%s--help' for more information.\n", message,
           command != NULL ? command : "", command != NULL ? " " : "");
  return BAGU_EXIT_USAGE;
}

gboolean
bagu_cli_parse (GOptionContext *context, const char *command, int *argc, char ***argv)
{
  g_autoptr(GError) error = NULL;

  g_option_context_set_help_enabled (context, TRUE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      bagu_cli_usage_error (command, "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

void
bagu_cli_input_clear (BaguCliInput *input)
{
  g_strfreev (input->noise_rules);
  g_free (input->paragraphs);
  g_free (input->max_file_size);
  memset (input, 0, sizeof *input);
}

void
bagu_cli_input_add_options (GOptionContext *context, BaguCliInput *input)
{
  const GOptionEntry entries[] = {
    { "strict", 0, 0, G_OPTION_ARG_NONE, &input->strict,
      "Treat any input that cannot be used as fatal", NULL },
    { "noise-rules", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &input->noise_rules,
      "Add the noise rules of FILE (may be repeated)", "FILE" },
    { "no-noise-rules", 0, 0, G_OPTION_ARG_NONE, &input->no_noise_rules,
      "Do not use the default noise rules", NULL },
    { "paragraphs", 0, 0, G_OPTION_ARG_STRING, &input->paragraphs,
      "Paragraph convention: auto (default), lines or blocks", "MODE" },
    { "max-file-size", 0, 0, G_OPTION_ARG_STRING, &input->max_file_size,
      "Refuse files larger than SIZE (bytes, or with K, M, G; default 512M)", "SIZE" },
    { "max-documents", 0, 0, G_OPTION_ARG_INT, &input->max_documents,
      "Stop with an error when the corpus has more than N documents (default 10000000)", "N" },
    { "timings", 0, 0, G_OPTION_ARG_NONE, &input->timings,
      "Print the time each stage takes on standard error", NULL },
    { "threads", 0, 0, G_OPTION_ARG_INT, &input->threads,
      "Use N threads (default: one a processor); the output does not depend on it", "N" },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_add_main_entries (context, entries, NULL);
}

static gboolean
parse_size (const char *text, gsize *out)
{
  char *end = NULL;
  guint64 value;
  guint64 unit = 1;

  if (text == NULL || !g_ascii_isdigit (text[0]))
    return FALSE;
  errno = 0;
  value = g_ascii_strtoull (text, &end, 10);
  if (errno != 0)
    return FALSE;
  switch (g_ascii_toupper (*end))
    {
    case '\0': break;
    case 'K': unit = 1024; end++; break;
    case 'M': unit = 1024 * 1024; end++; break;
    case 'G': unit = 1024 * 1024 * 1024; end++; break;
    default: return FALSE;
    }
  if ((*end == 'B' || *end == 'b') && unit > 1)
    end++;
  if (*end != '\0' || value == 0 || value > G_MAXSIZE / unit)
    return FALSE;
  *out = value * unit;
  return TRUE;
}

gboolean
bagu_cli_input_writes (BaguCliInput *input, const char *path)
{
  g_autofree char *canonical = NULL;
  GStatBuf st;
  guint k = 0;

  if (path == NULL)
    return TRUE;
  if (strcmp (path, "-") != 0)
    {
      /* Devices and FIFOs are written to directly and replace nothing:
       * two outputs may well go to /dev/null. */
      if (g_stat (path, &st) == 0 && !S_ISREG (st.st_mode))
        return TRUE;
      canonical = g_canonicalize_filename (path, NULL);
    }
  for (; input->outputs[k] != NULL; k++)
    {
      const char *other = input->outputs[k];
      g_autofree char *other_canonical = strcmp (other, "-") != 0
                                         ? g_canonicalize_filename (other, NULL) : NULL;

      /* Two outputs to one place: the second would replace the first, or
       * both would be mixed on standard output. */
      if (g_strcmp0 (canonical, other_canonical) == 0
          || (canonical != NULL && other_canonical != NULL && bagu_output_replaces (path, other)))
        return FALSE;
    }
  g_assert (k + 1 < G_N_ELEMENTS (input->outputs));
  input->outputs[k] = path;
  return TRUE;
}

gboolean
bagu_cli_input_replaced (const BaguCliInput *input, const char *path)
{
  for (guint k = 0; input->outputs[k] != NULL; k++)
    if (bagu_output_replaces (input->outputs[k], path))
      {
        bagu_cli_error (path, "is an input, and the output %s would replace it",
                        input->outputs[k]);
        return TRUE;
      }
  return FALSE;
}

static void
report_skip (const char *path, const GError *error, gpointer user_data)
{
  BaguCliInput *input = user_data;

  bagu_cli_error (path, "%s", error->message);
  input->n_skipped++;
}

/* Reads paths from standard input, one a line. */
static void
read_path_list (GPtrArray *paths)
{
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;

  while ((n = getline (&line, &cap, stdin)) > 0)
    {
      while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
      if (n > 0)
        g_ptr_array_add (paths, g_strdup (line));
    }
  free (line);
}

BaguExit
bagu_cli_load (BaguCliInput *input, int n_args, char **args,
               BaguRunInfo *info, BaguCorpus **out_corpus)
{
  g_autoptr(BaguCorpus) corpus = bagu_corpus_new ();
  g_autoptr(BaguNoiseRules) rules = bagu_noise_rules_new ();
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  BaguLoadOptions options = { 0 };
  const char *mode = input->paragraphs != NULL ? input->paragraphs : "auto";

  if (strcmp (mode, "auto") == 0)
    options.mode = BAGU_PARAGRAPHS_AUTO;
  else if (strcmp (mode, "lines") == 0)
    options.mode = BAGU_PARAGRAPHS_LINES;
  else if (strcmp (mode, "blocks") == 0)
    options.mode = BAGU_PARAGRAPHS_BLOCKS;
  else
    return bagu_cli_usage_error (info->command,
                                 "--paragraphs must be auto, lines or blocks, not '%s'", mode);
  if (input->max_file_size != NULL
      && !parse_size (input->max_file_size, &options.max_file_size))
    return bagu_cli_usage_error (info->command, "--max-file-size: not a size: '%s'",
                                 input->max_file_size);
  if (input->max_documents < 0)
    return bagu_cli_usage_error (info->command, "--max-documents must not be negative");
  options.max_documents = input->max_documents;
  if (input->threads < 0 || input->threads > 256)
    return bagu_cli_usage_error (info->command, "--threads must be between 0 and 256");
  bagu_parallel_set_threads (input->threads);

  if (!input->no_noise_rules)
    {
      g_autofree char *path = bagu_templates_path ("noise.rules");

      if (!bagu_noise_rules_add_file (rules, path, &error))
        {
          bagu_cli_error (NULL, "the default noise rules: %s", error->message);
          return BAGU_EXIT_NO_INPUT;
        }
    }
  for (guint i = 0; input->noise_rules != NULL && input->noise_rules[i] != NULL; i++)
    {
      if (bagu_cli_input_replaced (input, input->noise_rules[i]))
        return BAGU_EXIT_USAGE;
      if (!bagu_noise_rules_add_file (rules, input->noise_rules[i], &error))
        {
          bagu_cli_error (NULL, "%s", error->message);
          return BAGU_EXIT_USAGE;
        }
    }

  for (int i = 0; i < n_args; i++)
    {
      if (strcmp (args[i], "-") == 0)
        read_path_list (paths);
      else
        g_ptr_array_add (paths, g_strdup (args[i]));
    }
  if (n_args == 0)
    {
      g_autofree char *samples = bagu_samples_dir ();

      bagu_cli_error (NULL, "no path given: analysing the sample corpus in %s", samples);
      g_ptr_array_add (paths, g_steal_pointer (&samples));
    }

  bagu_run_info_add (info, "paragraphs", mode);
  bagu_run_info_add (info, "noise-rules", input->no_noise_rules ? "none" : "default");
  for (guint i = 0; input->noise_rules != NULL && input->noise_rules[i] != NULL; i++)
    bagu_run_info_add (info, "noise-rules-file", input->noise_rules[i]);
  bagu_run_info_add (info, "strict", input->strict ? "true" : "false");
  {
    g_autofree char *size = g_strdup_printf ("%" G_GSIZE_FORMAT,
                                             options.max_file_size ? options.max_file_size
                                             : BAGU_INGEST_DEFAULT_MAX_SIZE);
    bagu_run_info_add (info, "max-file-size", size);
  }
  {
    g_autofree char *docs = g_strdup_printf ("%u", options.max_documents ? options.max_documents
                                                   : BAGU_LOAD_DEFAULT_MAX_DOCUMENTS);
    bagu_run_info_add (info, "max-documents", docs);
  }

  options.rules = rules;
  options.outputs = input->outputs;
  input->mark = g_get_monotonic_time ();
  if (!bagu_load_corpus (corpus, (const char *const *) paths->pdata, paths->len,
                         &options, report_skip, input, &error))
    {
      bagu_cli_error (NULL, "%s", error->message);
      return g_error_matches (error, BAGU_LOAD_ERROR, BAGU_LOAD_ERROR_OUTPUT) ? BAGU_EXIT_USAGE
                                                                              : BAGU_EXIT_LIMIT;
    }
  if (input->strict && input->n_skipped > 0)
    {
      bagu_cli_error (NULL, "stopping: %u input%s could not be used (--strict)",
                      input->n_skipped, input->n_skipped == 1 ? "" : "s");
      return BAGU_EXIT_NO_INPUT;
    }
  if (corpus->documents->len == 0)
    {
      bagu_cli_error (NULL, "nothing to analyse");
      return BAGU_EXIT_NO_INPUT;
    }
  bagu_cli_time (input, "load");
  if (input->timings)
    fprintf (stderr, "bagu: corpus %u documents, %" G_GSIZE_FORMAT " tokens\n",
             corpus->documents->len, corpus->n_tokens);
  *out_corpus = g_steal_pointer (&corpus);
  return BAGU_EXIT_OK;
}

BaguExit
bagu_cli_write_with (const char *path, BaguCliWriteFunc func, gpointer data)
{
  g_autoptr(GError) error = NULL;
  BaguOutput *out = bagu_output_open (path, &error);
  const char *name = path != NULL && strcmp (path, "-") != 0 ? path : "standard output";

  if (out == NULL)
    {
      bagu_cli_error (name, "%s", error->message);
      return BAGU_EXIT_OUTPUT;
    }
  if (!func (bagu_output_stream (out), data, &error))
    {
      bagu_output_abort (out);
      bagu_cli_error (name, "%s", error->message);
      return BAGU_EXIT_OUTPUT;
    }
  if (!bagu_output_commit (out, &error))
    {
      bagu_cli_error (name, "%s", error->message);
      return BAGU_EXIT_OUTPUT;
    }
  return BAGU_EXIT_OK;
}

typedef struct {
  const BaguCorpus *corpus;
  const BaguRunInfo *info;
  BaguFormat format;
} CorpusWrite;

static gboolean
write_corpus (FILE *out, gpointer data, GError **error)
{
  CorpusWrite *w = data;

  return bagu_write_corpus (w->corpus, w->info, w->format, out, error);
}

BaguExit
bagu_cli_write (const BaguCorpus *corpus, const BaguRunInfo *info,
                BaguFormat format, const char *path)
{
  CorpusWrite w = { corpus, info, format };

  return bagu_cli_write_with (path, write_corpus, &w);
}

/* The boundaries, which the phrases and the aligner read, made while the
 * suffix array is built. */
static gpointer
meanwhile (gpointer data)
{
  bagu_corpus_boundaries (data);
  return NULL;
}

BaguIndex *
bagu_cli_index (const BaguCorpus *corpus, guint min_length, const BaguRunGroups *runs,
                GError **error)
{
  GThread *thread = NULL;
  BaguIndex *index;

  if (bagu_parallel_threads () > 1)
    thread = g_thread_new ("meanwhile", meanwhile, (gpointer) corpus);
  /* The phrases are @min_length tokens or more: the suffix array needs
   * only the positions such runs repeated can cover (on 5,000 documents,
   * 58 % of them for the phrases of analyze), found from @runs when they
   * are the ones it reads. */
  if (runs != NULL && runs->k == bagu_index_run_length (MAX (min_length, 1)))
    index = bagu_index_build_repeats_with (corpus->tokens, corpus->n_tokens, min_length, runs,
                                           error);
  else
    index = bagu_index_build_repeats (corpus->tokens, corpus->n_tokens, min_length, error);
  if (thread != NULL)
    g_thread_join (thread);
  return index;
}

void
bagu_cli_time (BaguCliInput *input, const char *stage)
{
  gint64 now = g_get_monotonic_time ();

  if (input->timings)
    fprintf (stderr, "bagu: time %s %.3f\n", stage, (now - input->mark) / 1e6);
  input->mark = now;
}

BaguExit
bagu_cli_finish (const BaguCliInput *input)
{
  return input->n_skipped > 0 ? BAGU_EXIT_SKIPPED : BAGU_EXIT_OK;
}

static void
on_signal (int signum)
{
  bagu_output_remove_temporaries ();
  _exit (BAGU_EXIT_INTERRUPTED);
}

void
bagu_cli_keep_memory (void)
{
#ifdef HAVE_MALLOPT
  /* Analyze runs every stage, and the aligner beside the index and the
   * phrases: what one stage frees, the next takes again, hundreds of
   * megabytes of it.  Blocks taken from the heaps and not mapped on their
   * own come back without new pages: on 5,000 documents new pages fall
   * from 244 K to 167 K a run, for a peak 55 MB higher.  What that saves
   * is the cost of new pages: about 8 % of the time (runs taken in turn)
   * while a virtual machine's host was slow to give them, nothing while
   * it was fast.  The mining alone keeps the mapping, whose peak is lower
   * (see bagu_cli_run). */
  mallopt (M_MMAP_MAX, 0);
#endif
}

int
bagu_cli_run (int argc, char **argv)
{
  const Command *command;
  struct sigaction action = { 0 };
  int status;

#ifdef HAVE_MALLOPT
  /* Memory given back to the system and taken again comes back as new
   * pages, which the kernel clears one fault at a time; on a virtual
   * machine that is a fifth of a run.  So the heaps keep up to 1 GB freed
   * for the next stage rather than trim it, and blocks up to 2 MB come
   * from them; larger ones are mapped, and grow by remapping, not by
   * copying.  On 5,000 documents, against a threshold of 128 KB with
   * trimming: new pages 288 K -> 244 K a run, CPU time 5 to 10 % lower in
   * runs taken in turn, the peak about the same.  A threshold of 32 MB
   * takes fewer new pages still (163 K) but was no faster, and the peak
   * of mining moved by 15 MB from run to run with the order the threads
   * freed their blocks in.  The threshold is fixed, so that glibc does not
   * move it with the size of each block freed.  Where a value is refused,
   * glibc's own stays, and only the speed differs. */
  mallopt (M_MMAP_THRESHOLD, 2 << 20);
  mallopt (M_TRIM_THRESHOLD, 1 << 30);
#endif
  setlocale (LC_ALL, "");
  /* Every number bagu writes is read by programs (JSON, TSV, XML): in a
   * locale that writes 0,5 for a half it would break them. */
  setlocale (LC_NUMERIC, "C");
  g_set_prgname ("bagu");
  action.sa_handler = on_signal;
  sigemptyset (&action.sa_mask);
  sigaction (SIGINT, &action, NULL);
  sigaction (SIGTERM, &action, NULL);

  if (argc < 2)
    {
      print_main_help (stderr);
      return BAGU_EXIT_USAGE;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
    return run_help (1, argv);
  if (strcmp (argv[1], "--version") == 0)
    return run_version (1, argv);
  command = find_command (argv[1]);
  if (command == NULL)
    return bagu_cli_usage_error (NULL, "unknown command '%s'", argv[1]);
  status = command->run (argc - 1, argv + 1);
  /* The files the outputs replaced are let go of on threads of their
   * own, while the command frees what it made: waited for here. */
  bagu_output_finish ();
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      /* Once, if the command has not said so already. */
      if (status != BAGU_EXIT_OUTPUT)
        bagu_cli_error ("standard output", "write error: %s", g_strerror (errno));
      return BAGU_EXIT_OUTPUT;
    }
  return status;
}
