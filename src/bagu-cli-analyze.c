/* bagu-cli-analyze.c: `bagu analyze`, the annotated XML of a corpus. */
#include "config.h"

#include <errno.h>
#include <stdio.h>

#include "bagu-align.h"
#include "bagu-cli-private.h"
#include "bagu-index.h"
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

static void
record (BaguRunInfo *info, const char *name, const char *format, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  bagu_run_info_add (info, name, g_ascii_formatd (buf, sizeof buf, format, value));
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

  index = bagu_index_build (corpus->tokens, corpus->n_tokens, &error);
  if (index == NULL)
    {
      bagu_cli_error (NULL, "%s", error->message);
      return BAGU_EXIT_LIMIT;
    }
  bagu_cli_time (&input, "index");
  phrases = bagu_phrases_find (corpus, index, &phrase_options);
  bagu_cli_time (&input, "phrases");
  doc_starts = bagu_corpus_document_starts (corpus);
  alignment = bagu_align (corpus, index, doc_starts, &align_options);
  bagu_cli_time (&input, "align");
  scores = bagu_score (corpus, phrases, alignment, &score_options);
  bagu_cli_time (&input, "score");

  {
    BaguAnalysis analysis = { phrases, alignment, scores };
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

        /* The report is rendered from the same XML, read back. */
        if (mem == NULL || !bagu_write_analysis (corpus, &analysis, info, BAGU_FORMAT_XML, mem, &error)
            || fclose (mem) != 0
            || (doc = bagu_xml_read (buffer, len, "the analysis", NULL, &error)) == NULL)
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
  return bagu_cli_finish (&input);
}
