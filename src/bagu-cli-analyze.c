/* bagu-cli-analyze.c: `bagu analyze`, the annotated XML of a corpus. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "bagu-align.h"
#include "bagu-cli-private.h"
#include "bagu-index.h"
#include "bagu-parallel.h"
#include "bagu-phrases.h"
#include "bagu-score.h"
#include "bagu-xmlread.h"

typedef struct {
  const BaguCorpus *corpus;
  const BaguAnalysis *analysis;
  const BaguRunInfo *info;
  BaguFormat format;
} AnalysisWrite;

static gboolean
write_analysis (FILE *out, gpointer data, GError **error)
{
  AnalysisWrite *w = data;

  return bagu_write_analysis (w->corpus, w->analysis, w->info, w->format, out, error);
}

/* On long runs at a terminal, what is being done now. */
static void
progress (gboolean show, const char *what)
{
  if (show)
    fprintf (stderr, "bagu: %s…\n", what);
}

/* A bar of @value (0 to 1) in @width cells, eighths for the last. */
static void
append_bar (GString *s, double value, guint width)
{
  static const char *const eighths[] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
  guint units = (guint) (CLAMP (value, 0.0, 1.0) * width * 8 + 0.5);
  guint cells = 0;

  for (; units >= 8; units -= 8, cells++)
    g_string_append (s, "█");
  if (units > 0)
    {
      g_string_append (s, eighths[units]);
      cells++;
    }
  for (; cells < width; cells++)
    g_string_append_c (s, ' ');
}

static int
compare_ratio (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const double *ratio = user_data;
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  if (ratio[x] != ratio[y])
    return ratio[x] > ratio[y] ? -1 : 1;
  return x < y ? -1 : x > y;
}

/* Phrases by documents, then by score. */
static int
compare_widest (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const BaguPhraseSet *set = user_data;
  const BaguPhrase *x = bagu_phrase_set_get (set, *(const guint32 *) a);
  const BaguPhrase *y = bagu_phrase_set_get (set, *(const guint32 *) b);

  if (x->df != y->df)
    return x->df > y->df ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

#define SUMMARY_DOCUMENTS 20
/* Corpora larger than this many tokens take long enough to show progress. */
#define PROGRESS_TOKENS 2000000
#define SUMMARY_PHRASES 5

/* What a reviewer at a terminal sees first: each document's template
 * ratio as a bar, the top stock phrases and the near-duplicates. */
static void
print_summary (const BaguCorpus *corpus, BaguPhraseSet *phrases, const BaguAlignment *al,
               const BaguScores *scores)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint n_docs = corpus->documents->len;
  guint labels[3] = { 0 };

  for (guint i = 0; i < corpus->paragraphs->len; i++)
    labels[scores->paragraph_label[i]]++;
  g_string_append_printf (s, "\nbagu: %u documents, %u paragraphs: %u template, %u mixed, "
                          "%u specific\n\n  template ratio\n", n_docs, corpus->paragraphs->len,
                          labels[BAGU_LABEL_TEMPLATE], labels[BAGU_LABEL_MIXED],
                          labels[BAGU_LABEL_SPECIFIC]);
  for (guint32 d = 0; d < n_docs; d++)
    g_array_append_val (order, d);
  g_array_sort_with_data (order, compare_ratio, scores->document_ratio);
  for (guint k = 0; k < MIN (n_docs, SUMMARY_DOCUMENTS); k++)
    {
      guint32 d = g_array_index (order, guint32, k);
      g_autofree char *name = bagu_document_name (corpus, bagu_corpus_document (corpus, d));

      g_string_append (s, "  ");
      append_bar (s, scores->document_ratio[d], 20);
      g_string_append_printf (s, " %3.0f%%  %s\n", scores->document_ratio[d] * 100, name);
    }
  if (n_docs > SUMMARY_DOCUMENTS)
    g_string_append_printf (s, "  … and %u more\n", n_docs - SUMMARY_DOCUMENTS);

  if (phrases != NULL && phrases->phrases->len > 0)
    {
      g_autoptr(GArray) best = g_array_new (FALSE, FALSE, sizeof (guint32));

      /* The most widely shared clause-like phrases: what a reviewer calls
       * stock phrases, rather than the longest shared passages. */
      for (guint32 i = 0; i < phrases->phrases->len; i++)
        if (bagu_phrase_set_get (phrases, i)->boundary >= 0.5)
          g_array_append_val (best, i);
      g_array_sort_with_data (best, compare_widest, phrases);
      g_string_append (s, "\n  most widely shared stock phrases\n");
      for (guint k = 0; k < MIN (best->len, SUMMARY_PHRASES); k++)
        {
          BaguPhrase *p = bagu_phrase_set_get (phrases, g_array_index (best, guint32, k));
          const char *end;

          bagu_phrase_describe (phrases, p);
          end = g_utf8_offset_to_pointer (p->text, MIN (g_utf8_strlen (p->text, -1), 40));
          g_string_append_printf (s, "  %4u documents  %.*s%s\n", p->df, (int) (end - p->text),
                                  p->text, *end != '\0' ? "…" : "");
        }
    }
  if (al != NULL && al->duplicates->len > 0)
    {
      g_string_append (s, "\n  near-duplicates\n");
      for (guint i = 0; i < al->duplicates->len; i++)
        {
          const BaguDuplicate *dup = &g_array_index (al->duplicates, BaguDuplicate, i);
          g_autofree char *a = bagu_document_name (corpus, bagu_corpus_document (corpus, dup->a));
          g_autofree char *b = bagu_document_name (corpus, bagu_corpus_document (corpus, dup->b));

          g_string_append_printf (s, "  group %u: %s (%.0f%%) ~ %s (%.0f%%)\n", dup->cluster,
                                  a, dup->share_a * 100, b, dup->share_b * 100);
        }
    }
  fputs (s->str, stderr);
}

static void
record (BaguRunInfo *info, const char *name, const char *format, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  bagu_run_info_add (info, name, g_ascii_formatd (buf, sizeof buf, format, value));
}

typedef struct {
  const BaguCorpus *corpus;
  const guint32 *doc_starts;
  const BaguAlignOptions *options;
  BaguCrew *crew;
  BaguAlignment *alignment;
} AlignJob;

/* The aligner needs no suffix array: with several threads it runs on a
 * thread of its own from the start, as a crew (see bagu-parallel.h), while
 * the suffix array is built and the phrases are mined on the calling
 * thread, the longer path and mostly one thread's work; with one, in its
 * turn. */
static gpointer
run_align (gpointer data)
{
  AlignJob *job = data;

  if (job->crew != NULL)
    bagu_crew_enter (job->crew);
  job->alignment = bagu_align (job->corpus, job->doc_starts, job->options);
  if (job->crew != NULL)
    bagu_crew_finish (job->crew);
  return NULL;
}

typedef struct {
  const BaguCorpus *corpus;
  const BaguAlignment *alignment;
  const BaguPhraseSet *phrases;
  BaguAnnotation *annotation;
} AnnotateJob;

static gpointer
run_annotate (gpointer data)
{
  AnnotateJob *job = data;

  job->annotation = bagu_annotation_new (job->corpus, job->alignment, job->phrases);
  return NULL;
}

int
bagu_cli_analyze (int argc, char **argv)
{
  g_auto(BaguCliInput) input = { 0 };
  g_autoptr(GOptionContext) context = g_option_context_new ("[PATH...]");
  g_autoptr(BaguRunInfo) info = bagu_run_info_new ("analyze");
  g_autoptr(BaguCorpus) corpus = NULL;
  g_autoptr(BaguIndex) index = NULL;
  g_autoptr(BaguPhraseSet) phrases = NULL;
  g_autoptr(BaguAlignment) alignment = NULL;
  g_autoptr(BaguScores) scores = NULL;
  g_autoptr(BaguCrew) crew = NULL;
  g_autoptr(BaguAnnotation) annotation = NULL;
  g_autoptr(BaguRunGroups) runs = NULL;
  GThread *thread = NULL;
  AlignJob job;
  AnnotateJob annotate;
  g_autoptr(GError) error = NULL;
  g_autofree guint32 *doc_starts = NULL;
  g_autofree char *output = NULL;
  g_autofree char *json = NULL;
  g_autofree char *html = NULL;
  BaguScoreOptions score_options;
  BaguPhraseOptions phrase_options = { BAGU_PHRASES_DEFAULT_MIN_LENGTH,
                                       BAGU_PHRASES_DEFAULT_MIN_DOCS };
  BaguAlignOptions align_options;
  BaguExit status;
  gboolean show_progress;
  gint term_length = BAGU_SCORE_DEFAULT_TERM_LENGTH;
  gint full_length = BAGU_SCORE_DEFAULT_FULL_LENGTH;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write the XML to FILE instead of standard output", "FILE" },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json,
      "Also write the model as JSON to FILE", "FILE" },
    { "html", 0, 0, G_OPTION_ARG_FILENAME, &html,
      "Also write the HTML report to FILE (as bagu report would)", "FILE" },
    { "template-min", 0, 0, G_OPTION_ARG_DOUBLE, &score_options.template_min,
      "Paragraphs scoring at least this are template (default 0.7)", "F" },
    { "specific-max", 0, 0, G_OPTION_ARG_DOUBLE, &score_options.specific_max,
      "Paragraphs scoring below this are specific (default 0.3)", "F" },
    { "term-length", 0, 0, G_OPTION_ARG_INT, &term_length,
      "Stock phrases shorter than N tokens are topic terms and weigh nothing (default 12)", "N" },
    { "full-length", 0, 0, G_OPTION_ARG_INT, &full_length,
      "Stock phrases of N tokens or more weigh fully (default 20)", "N" },
    G_OPTION_ENTRY_NULL
  };

  bagu_score_options_init (&score_options);
  bagu_align_options_init (&align_options);
  g_option_context_set_summary (context,
    "Analyse the documents in the given files and directories and write\n"
    "the annotated XML (see bagu(1) and templates/bagu.rng): every paragraph\n"
    "scored from the stock phrases and reused passages that cover it, and\n"
    "labelled template, mixed or specific.  With no PATH, the bundled sample\n"
    "corpus is analysed; a PATH of - reads paths from standard input, one a\n"
    "line.");
  g_option_context_add_main_entries (context, entries, NULL);
  bagu_cli_input_add_options (context, &input);
  if (!bagu_cli_parse (context, "analyze", &argc, &argv))
    return BAGU_EXIT_USAGE;
  if (!(score_options.specific_max >= 0 && score_options.specific_max <= score_options.template_min
        && score_options.template_min <= 1))
    return bagu_cli_usage_error ("analyze", "0 <= --specific-max <= --template-min <= 1 must hold");
  if (term_length < 1 || full_length < term_length)
    return bagu_cli_usage_error ("analyze", "1 <= --term-length <= --full-length must hold");
  score_options.term_length = term_length;
  score_options.full_length = full_length;
  /* A phrase shorter than the terms weighs nothing and is cited nowhere:
   * mining only the others takes a fifth off the mining of 5,000
   * documents and changes nothing but the ids, ranks among fewer. */
  phrase_options.min_length = MAX (phrase_options.min_length, (guint) term_length);

  /* The XML goes to standard output when no -o is given. */
  if (!bagu_cli_input_writes (&input, output != NULL ? output : "-")
      || !bagu_cli_input_writes (&input, json) || !bagu_cli_input_writes (&input, html))
    return bagu_cli_usage_error ("analyze", "-o, --json and --html must go to different places");
  bagu_cli_keep_memory ();
  status = bagu_cli_load (&input, argc - 1, argv + 1, info, &corpus);
  if (status != BAGU_EXIT_OK)
    return status;
  record (info, "template-min", "%.3f", score_options.template_min);
  record (info, "specific-max", "%.3f", score_options.specific_max);
  record (info, "phrase-min-length", "%.0f", phrase_options.min_length);
  record (info, "phrase-min-docs", "%.0f", phrase_options.min_docs);
  record (info, "phrase-term-length", "%.0f", score_options.term_length);
  record (info, "phrase-full-length", "%.0f", score_options.full_length);
  record (info, "seed-length", "%.0f", align_options.seed_length);
  record (info, "seed-docs", "%.0f", align_options.seed_docs);
  record (info, "passage-min-length", "%.0f", align_options.min_length);
  record (info, "passage-min-identity", "%.3f", align_options.min_identity);
  record (info, "max-gap", "%.0f", align_options.max_gap);
  record (info, "band", "%.0f", align_options.band);

  show_progress = isatty (STDERR_FILENO) && corpus->n_tokens > PROGRESS_TOKENS;
  doc_starts = bagu_corpus_document_starts (corpus);
  /* The seeds and the index both read the runs of the seeds' length that
   * repeat: sorted once, on every processor, before either starts. */
  G_STATIC_ASSERT (BAGU_ALIGN_DEFAULT_SEED_LENGTH == BAGU_INDEX_RUN_LENGTH);
  if (corpus->n_tokens < G_MAXUINT32 - 1)
    {
      progress (show_progress, "grouping the repeated runs");
      runs = bagu_run_groups_new (corpus->tokens, corpus->n_tokens, align_options.seed_length,
                                  G_MAXUINT32);
      align_options.seed_runs = runs;
      bagu_cli_time (&input, "runs");
    }
  crew = bagu_parallel_threads () > 1 ? bagu_crew_new () : NULL;
  job = (AlignJob) { corpus, doc_starts, &align_options, crew, NULL };
  if (crew != NULL)
    {
      progress (show_progress, "aligning the reused passages while indexing");
      thread = g_thread_new ("align", run_align, &job);
    }
  else
    progress (show_progress, "indexing");
  index = bagu_cli_index (corpus, phrase_options.min_length, runs, &error);
  /* The aligner may still read the runs; the marks are the index's. */
  if (runs != NULL)
    bagu_run_groups_release_repeated (runs);
  if (index != NULL)
    {
      bagu_cli_time (&input, "index");
      progress (show_progress, "mining the stock phrases");
      phrases = bagu_phrases_find (corpus, index, &phrase_options);
      if (thread == NULL)
        {
          bagu_cli_time (&input, "phrases");
          progress (show_progress, "aligning the reused passages");
          run_align (&job);
          bagu_cli_time (&input, "align");
        }
      scores = bagu_score_phrases (corpus, phrases, &score_options);
    }
  if (thread != NULL)
    {
      bagu_crew_help (crew);
      g_thread_join (thread);
      if (index != NULL)
        bagu_cli_time (&input, "phrases+align");
    }
  alignment = job.alignment;
  if (index == NULL)
    {
      bagu_cli_error (NULL, "%s", error->message);
      return BAGU_EXIT_LIMIT;
    }
  progress (show_progress, "scoring the paragraphs");
  /* The writers' lookups of the passages need no scores: made meanwhile,
   * where they would take the writing's first moments on one thread. */
  annotate = (AnnotateJob) { corpus, alignment, phrases, NULL };
  thread = bagu_parallel_threads () > 1 ? g_thread_new ("annotate", run_annotate, &annotate) : NULL;
  bagu_score_finish (scores, corpus, alignment, &score_options);
  if (thread != NULL)
    g_thread_join (thread);
  else
    run_annotate (&annotate);
  annotation = annotate.annotation;
  bagu_cli_time (&input, "score");

  {
    BaguAnalysis analysis = { phrases, alignment, scores, annotation };
    AnalysisWrite w = { corpus, &analysis, info, BAGU_FORMAT_JSON };

    if (json != NULL)
      {
        status = bagu_cli_write_with (json, write_analysis, &w);
        if (status != BAGU_EXIT_OK)
          return status;
      }
    w.format = BAGU_FORMAT_XML;
    status = bagu_cli_write_with (output, write_analysis, &w);
    if (status != BAGU_EXIT_OK)
      return status;
    if (html != NULL)
      {
        g_autofree char *buffer = NULL;
        g_autoptr(xmlDoc) doc = NULL;
        size_t len = 0;
        FILE *mem = open_memstream (&buffer, &len);
        gboolean written;

        /* The report is rendered from the same XML, read back. */
        written = mem != NULL && bagu_write_analysis (corpus, &analysis, info, BAGU_FORMAT_XML,
                                                      mem, &error);
        if (mem != NULL && fclose (mem) != 0)
          written = FALSE;
        if (!written || (doc = bagu_xml_read (buffer, len, "the analysis", NULL, &error)) == NULL)
          {
            bagu_cli_error (html, "%s", error != NULL ? error->message : g_strerror (errno));
            return BAGU_EXIT_OUTPUT;
          }
        status = bagu_cli_render_report (doc, html);
        if (status != BAGU_EXIT_OK)
          return status;
      }
  }
  bagu_cli_time (&input, "write");
  if ((output == NULL || g_strcmp0 (output, "-") == 0) && isatty (STDERR_FILENO))
    print_summary (corpus, phrases, alignment, scores);
  return bagu_cli_finish (&input);
}
