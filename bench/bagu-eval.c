/* bench/bagu-eval.c: scores bagu's output and the n-gram baseline against a generated corpus's truth. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bagu-bench.h"
#include "bagu-evaluate.h"

/* The n-gram lengths the baseline tries; it reports the best. */
static const guint baseline_lengths[] = { 6, 8, 12, 16 };

/* What stands in a cell of a figure bagu cannot give yet. */
#define NOT_YET "not available yet"

typedef enum {
  FORMAT_MARKDOWN,
  FORMAT_TSV,
} Format;

static void
cell (GString *out, gboolean available, double value)
{
  if (available)
    g_string_append_printf (out, "%.3f", value);
  else
    g_string_append (out, NOT_YET);
}

typedef struct {
  const char *label;      /* in the markdown table */
  const char *key;        /* in the TSV */
  int group;              /* 0 sentences, 1 paragraphs, 2 passages */
  gsize offset;           /* of the double in BaguEvalScores */
} Figure;

static const Figure figures[] = {
  { "sentence precision (template)", "sentence_precision", 0, G_STRUCT_OFFSET (BaguEvalScores, precision) },
  { "sentence recall (template)", "sentence_recall", 0, G_STRUCT_OFFSET (BaguEvalScores, recall) },
  { "sentence F1 (template)", "sentence_f1", 0, G_STRUCT_OFFSET (BaguEvalScores, f1) },
  { "paragraph label accuracy", "paragraph_accuracy", 1, G_STRUCT_OFFSET (BaguEvalScores, accuracy) },
  { "paragraph score MAE", "paragraph_mae", 1, G_STRUCT_OFFSET (BaguEvalScores, mae) },
  { "passage precision", "passage_precision", 2, G_STRUCT_OFFSET (BaguEvalScores, passage_precision) },
  { "passage recall", "passage_recall", 2, G_STRUCT_OFFSET (BaguEvalScores, passage_recall) },
  { "passage granularity", "passage_granularity", 2, G_STRUCT_OFFSET (BaguEvalScores, granularity) },
  { "passage plagdet", "passage_plagdet", 2, G_STRUCT_OFFSET (BaguEvalScores, plagdet) },
};

static gboolean
group_available (const BaguEvalScores *s, int group)
{
  return group == 0 ? s->has_sentences : group == 1 ? s->has_paragraphs : s->has_passages;
}

static double
figure_value (const BaguEvalScores *s, const Figure *f)
{
  return G_STRUCT_MEMBER (double, s, f->offset);
}

static void
tsv_scores (GString *out, const char *system, const BaguEvalScores *s)
{
  for (gsize i = 0; i < G_N_ELEMENTS (figures); i++)
    if (group_available (s, figures[i].group))
      g_string_append_printf (out, "%s\t%s\t%.6f\n", system, figures[i].key, figure_value (s, &figures[i]));
  if (s->has_sentences)
    g_string_append_printf (out, "%s\tsentence_counts\ttp=%u fp=%u fn=%u tn=%u\n", system,
                            s->tp, s->fp, s->fn, s->tn);
  if (s->has_passages)
    g_string_append_printf (out, "%s\tpassage_counts\tcases=%u detections=%u detected_cases=%u\n",
                            system, s->n_cases, s->n_detections, s->n_detected_cases);
}

/* Everything the two output formats show. */
typedef struct {
  const BaguEvalTruth *truth;
  const BaguEvalCases *cases;
  const BaguEvalScores *bagu;
  const BaguEvalScores *baseline;           /* at the best length */
  const BaguEvalScores *by_length;          /* sentence figures at each length */
  const guint *lengths;
  guint n_lengths;
  guint best;
  guint labels[3];                          /* true paragraph labels */
} Report;

static void
write_tsv (GString *out, const Report *r)
{
  g_string_append_printf (out, "corpus\tdocuments\t%u\n", r->truth->docs->len);
  g_string_append_printf (out, "corpus\tsentences\t%u\n", r->truth->sentences->len);
  g_string_append_printf (out, "corpus\ttemplate_sentences\t%u\n", r->truth->n_template);
  g_string_append_printf (out, "corpus\tparagraphs\t%u\n", r->truth->paragraphs->len);
  g_string_append_printf (out, "corpus\tparagraph_labels\ttemplate=%u mixed=%u specific=%u\n",
                          r->labels[BAGU_EVAL_LABEL_TEMPLATE], r->labels[BAGU_EVAL_LABEL_MIXED],
                          r->labels[BAGU_EVAL_LABEL_SPECIFIC]);
  g_string_append_printf (out, "corpus\tpairs_sampled\t%u\n", r->cases->pair_list->len);
  g_string_append_printf (out, "corpus\tpairs_total\t%" G_GUINT64_FORMAT "\n", r->cases->n_pairs_total);
  g_string_append_printf (out, "corpus\tcases\t%u\n", r->cases->cases->len);
  if (r->bagu->has_sentences || r->bagu->has_paragraphs || r->bagu->has_passages)
    tsv_scores (out, "bagu", r->bagu);
  else
    g_string_append (out, "bagu\tstatus\t" NOT_YET "\n");
  g_string_append_printf (out, "baseline\tn\t%u\n", r->lengths[r->best]);
  tsv_scores (out, "baseline", r->baseline);
  for (guint i = 0; i < r->n_lengths; i++)
    g_string_append_printf (out, "baseline-%u\tsentence_f1\t%.6f\n", r->lengths[i], r->by_length[i].f1);
}

static void
write_markdown (GString *out, const Report *r)
{
  g_string_append_printf (out,
                          "%u documents, %u sentences (%u template), %u paragraphs "
                          "(by the truth: %u template, %u mixed, %u specific); "
                          "%u true passage cases in %u sampled of %" G_GUINT64_FORMAT " document pairs.\n\n",
                          r->truth->docs->len, r->truth->sentences->len, r->truth->n_template,
                          r->truth->paragraphs->len, r->labels[BAGU_EVAL_LABEL_TEMPLATE],
                          r->labels[BAGU_EVAL_LABEL_MIXED], r->labels[BAGU_EVAL_LABEL_SPECIFIC],
                          r->cases->cases->len, r->cases->pair_list->len, r->cases->n_pairs_total);
  g_string_append_printf (out, "| figure | bagu | baseline (n = %u) |\n|---|---:|---:|\n",
                          r->lengths[r->best]);
  for (gsize i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      const Figure *f = &figures[i];

      g_string_append_printf (out, "| %s | ", f->label);
      cell (out, group_available (r->bagu, f->group), figure_value (r->bagu, f));
      g_string_append (out, " | ");
      cell (out, group_available (r->baseline, f->group), figure_value (r->baseline, f));
      g_string_append (out, " |\n");
    }
  g_string_append (out, "\nBaseline sentence F1 by n-gram length:");
  for (guint i = 0; i < r->n_lengths; i++)
    g_string_append_printf (out, "%s n = %u: %.3f", i > 0 ? "," : "", r->lengths[i], r->by_length[i].f1);
  g_string_append (out, ".\n");
}

int
main (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BaguEvalTruth) truth = NULL;
  g_autoptr(BaguEvalCases) cases = NULL;
  g_autoptr(BaguEvalEvidence) bagu = NULL;
  g_autoptr(BaguEvalEvidence) best_baseline = NULL;
  g_autoptr(GString) tsv = g_string_new (NULL);
  g_autoptr(GString) md = g_string_new (NULL);
  g_autofree char *truth_path = NULL;
  g_autofree char *corpus = NULL;
  g_autofree char *phrases = NULL;
  g_autofree char *passages = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *tsv_path = NULL;
  BaguEvalThresholds thresholds = { BAGU_EVAL_TEMPLATE_MIN, BAGU_EVAL_SPECIFIC_MAX };
  BaguEvalScores bagu_scores = { 0 };
  BaguEvalScores baseline_scores[G_N_ELEMENTS (baseline_lengths)];
  BaguEvalScores best_scores;
  Format format = FORMAT_MARKDOWN;
  int max_pairs = 20000;
  int baseline_n = 0;
  guint best = 0, n_lengths = 0;
  Report report = { 0 };
  guint lengths[G_N_ELEMENTS (baseline_lengths)];
  const GOptionEntry entries[] = {
    { "truth", 't', 0, G_OPTION_ARG_FILENAME, &truth_path,
      "The ground truth written by bagu-gen", "FILE" },
    { "corpus", 'c', 0, G_OPTION_ARG_FILENAME, &corpus,
      "The corpus directory (default: FILE without .truth.tsv)", "DIR" },
    { "phrases", 'p', 0, G_OPTION_ARG_FILENAME, &phrases,
      "Output of 'bagu phrases --format json'", "FILE" },
    { "passages", 'a', 0, G_OPTION_ARG_FILENAME, &passages,
      "Output of 'bagu align' (JSON Lines)", "FILE" },
    { "xml", 'x', 0, G_OPTION_ARG_FILENAME, &xml,
      "Output of 'bagu analyze' with paragraph scores", "FILE" },
    { "max-pairs", 0, 0, G_OPTION_ARG_INT, &max_pairs,
      "Document pairs sampled for the passage figures (default 20000)", "N" },
    { "baseline-n", 0, 0, G_OPTION_ARG_INT, &baseline_n,
      "Only this n-gram length for the baseline (default: the best of 6, 8, 12, 16)", "N" },
    { "template-min", 0, 0, G_OPTION_ARG_DOUBLE, &thresholds.template_min,
      "A paragraph is template from this share (default 0.7)", "X" },
    { "specific-max", 0, 0, G_OPTION_ARG_DOUBLE, &thresholds.specific_max,
      "A paragraph is specific below this share (default 0.3)", "X" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name, "markdown (default) or tsv", "FORMAT" },
    { "tsv", 0, 0, G_OPTION_ARG_FILENAME, &tsv_path,
      "Also write the figures as TSV to FILE", "FILE" },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_set_summary (context,
    "Compare bagu's output on a corpus written by bagu-gen with its ground truth,\n"
    "beside a plain baseline: characters covered by character n-grams that occur\n"
    "in at least two documents.  Figures bagu cannot give yet are marked so.");
  g_option_context_set_description (context,
    "The metrics are described in bench/README.md.\n"
    "Exit status: 0 scored, 1 an error, 2 a usage error.\n");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return bagu_bench_usage_error ("bagu-eval", "%s", error->message);
  if (argc != 1)
    return bagu_bench_usage_error ("bagu-eval", "unexpected argument '%s'", argv[1]);
  if (truth_path == NULL)
    return bagu_bench_usage_error ("bagu-eval", "%s", "--truth is required");
  if (format_name != NULL && strcmp (format_name, "tsv") == 0)
    format = FORMAT_TSV;
  else if (format_name != NULL && strcmp (format_name, "markdown") != 0)
    return bagu_bench_usage_error ("bagu-eval", "--format must be markdown or tsv, not '%s'", format_name);
  if (max_pairs < 1)
    return bagu_bench_usage_error ("bagu-eval", "%s", "--max-pairs must be positive");
  if (baseline_n < 0 || baseline_n > 1000)
    return bagu_bench_usage_error ("bagu-eval", "%s", "--baseline-n must be 1 to 1000");
  if (!(thresholds.specific_max >= 0 && thresholds.specific_max <= thresholds.template_min
        && thresholds.template_min <= 1))
    return bagu_bench_usage_error ("bagu-eval", "%s", "need 0 <= --specific-max <= --template-min <= 1");
  if (corpus == NULL)
    {
      if (!g_str_has_suffix (truth_path, ".truth.tsv"))
        return bagu_bench_usage_error ("bagu-eval", "%s", "give --corpus DIR (the truth's name does not end in .truth.tsv)");
      corpus = g_strndup (truth_path, strlen (truth_path) - strlen (".truth.tsv"));
    }

  truth = bagu_eval_truth_load (truth_path, corpus, &error);
  if (truth == NULL)
    {
      fprintf (stderr, "bagu-eval: %s\n", error->message);
      return 1;
    }
  cases = bagu_eval_cases_new (truth, max_pairs);

  /* bagu: whatever evidence it gives at the time. */
  bagu = bagu_eval_evidence_new (truth);
  if ((phrases != NULL && !bagu_eval_read_phrases (bagu, truth, phrases, &error))
      || (passages != NULL && !bagu_eval_read_passages (bagu, truth, passages, &error))
      || (xml != NULL && !bagu_eval_read_xml (bagu, truth, xml, &error)))
    {
      fprintf (stderr, "bagu-eval: %s\n", error->message);
      return 1;
    }
  if (bagu->n_unknown > 0)
    fprintf (stderr, "bagu-eval: warning: %u spans, passages or documents of bagu's output name "
             "documents that are not in the truth\n", bagu->n_unknown);
  if (bagu->n_clipped > 0)
    fprintf (stderr, "bagu-eval: warning: %u spans of bagu's output are outside their "
             "documents or match no paragraph\n", bagu->n_clipped);
  bagu_eval_score (truth, bagu, cases, &thresholds, &bagu_scores);

  /* The baseline, at each length; the best sentence F1 wins. */
  if (baseline_n > 0)
    lengths[n_lengths++] = baseline_n;
  else
    for (gsize i = 0; i < G_N_ELEMENTS (baseline_lengths); i++)
      lengths[n_lengths++] = baseline_lengths[i];
  for (guint i = 0; i < n_lengths; i++)
    {
      g_autoptr(BaguEvalEvidence) baseline = bagu_eval_baseline (truth, lengths[i], NULL);

      bagu_eval_score (truth, baseline, NULL, &thresholds, &baseline_scores[i]);
      if (baseline_scores[i].f1 > baseline_scores[best].f1)
        best = i;
    }
  /* Passages cost a pass over every sampled pair: only for the winner. */
  best_baseline = bagu_eval_baseline (truth, lengths[best], cases);
  bagu_eval_score (truth, best_baseline, cases, &thresholds, &best_scores);

  report.truth = truth;
  report.cases = cases;
  report.bagu = &bagu_scores;
  report.baseline = &best_scores;
  report.by_length = baseline_scores;
  report.lengths = lengths;
  report.n_lengths = n_lengths;
  report.best = best;
  for (guint i = 0; i < truth->paragraphs->len; i++)
    {
      double share = g_array_index (truth->paragraphs, BaguEvalParagraph, i).share;

      report.labels[bagu_eval_label (&thresholds, share)]++;
    }

  write_tsv (tsv, &report);
  write_markdown (md, &report);
  if (tsv_path != NULL && !g_file_set_contents (tsv_path, tsv->str, tsv->len, &error))
    {
      fprintf (stderr, "bagu-eval: %s\n", error->message);
      return 1;
    }
  fputs (format == FORMAT_TSV ? tsv->str : md->str, stdout);
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      fprintf (stderr, "bagu-eval: cannot write the standard output\n");
      return 1;
    }
  return 0;
}
