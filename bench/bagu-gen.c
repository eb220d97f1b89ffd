/* bench/bagu-gen.c: writes a synthetic report corpus and its ground truth (see bench/README.md). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bagu-bench.h"
#include "bagu-synth.h"

static gboolean
parse_register (const char *text, BaguSynthRegister *out)
{
  if (g_strcmp0 (text, "easy") == 0)
    *out = BAGU_SYNTH_EASY;
  else if (g_strcmp0 (text, "hard") == 0)
    *out = BAGU_SYNTH_HARD;
  else
    return FALSE;
  return TRUE;
}

static gboolean
dump_pool (const BaguSynthPool *pool, const char *path, GError **error)
{
  g_autoptr(GString) out = g_string_new ("id\ttext\n");

  for (guint id = 1; id <= bagu_synth_pool_n_templates (pool); id++)
    g_string_append_printf (out, "%u\t%s\n", id, bagu_synth_pool_template (pool, id));
  return g_file_set_contents (path, out->str, out->len, error);
}

int
main (int argc, char **argv)
{
  BaguSynthOptions options;
  BaguSynthStats stats;
  g_autoptr(GOptionContext) context = g_option_context_new ("DIR");
  g_autoptr(GError) error = NULL;
  g_autoptr(BaguSynthPool) pool = NULL;
  g_autofree char *reg = NULL;
  g_autofree char *truth = NULL;
  g_autofree char *samples = NULL;
  g_autofree char *rules = NULL;
  g_autofree char *manpages = NULL;
  g_autofree char *pool_path = NULL;
  gint64 seed = 1;
  int n_docs = 100;
  double edit_rate = 0.02;
  double zipf = 1.0;
  gboolean no_rules = FALSE;
  gboolean quiet = FALSE;
  const GOptionEntry entries[] = {
    { "docs", 'n', 0, G_OPTION_ARG_INT, &n_docs, "Number of documents (default 100)", "N" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed,
      "Random seed (default 1): the same seed, the same corpus", "N" },
    { "register", 'r', 0, G_OPTION_ARG_STRING, &reg,
      "Where specific sentences come from: easy (Chinese manual pages, default) "
      "or hard (the templates' own register)", "easy|hard" },
    { "edit-rate", 'e', 0, G_OPTION_ARG_DOUBLE, &edit_rate,
      "Share of a template copy's CJK characters inserted, deleted or substituted (default 0.02)", "R" },
    { "zipf", 0, 0, G_OPTION_ARG_DOUBLE, &zipf,
      "Exponent of the templates' popularity (default 1.0)", "S" },
    { "truth", 't', 0, G_OPTION_ARG_FILENAME, &truth,
      "Write the ground truth to FILE (default DIR.truth.tsv)", "FILE" },
    { "samples", 0, 0, G_OPTION_ARG_FILENAME, &samples,
      "Take template sentences from DIR (default: the source tree's samples/)", "DIR" },
    { "noise-rules", 0, 0, G_OPTION_ARG_FILENAME, &rules,
      "bagu's noise rules, kept out of the corpus (default: the source tree's)", "FILE" },
    { "no-noise-rules", 0, 0, G_OPTION_ARG_NONE, &no_rules, "Do not use noise rules", NULL },
    { "manpages", 0, 0, G_OPTION_ARG_FILENAME, &manpages,
      "Chinese manual pages for the easy register (default /usr/share/man/zh_CN)", "DIR" },
    { "dump-pool", 0, 0, G_OPTION_ARG_FILENAME, &pool_path,
      "Also write the template pool (id, text) to FILE", "FILE" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print no summary", NULL },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_set_summary (context,
    "Write a synthetic corpus of year-end reports to DIR, one .txt file a document,\n"
    "and its ground truth: for every sentence its document, paragraph, character\n"
    "offsets, kind (template or specific) and template id.");
  g_option_context_set_description (context,
    "The format of the truth and how the corpus is made: bench/README.md.\n"
    "Exit status: 0 written, 1 an error, 2 a usage error.\n");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return bagu_bench_usage_error ("bagu-gen", "%s", error->message);
  if (argc != 2)
    return bagu_bench_usage_error ("bagu-gen", "%s", "give one output directory");

  bagu_synth_options_init (&options);
  if (reg != NULL && !parse_register (reg, &options.reg))
    return bagu_bench_usage_error ("bagu-gen", "--register must be easy or hard, not '%s'", reg);
  if (n_docs < 1 || n_docs > 10000000)
    return bagu_bench_usage_error ("bagu-gen", "%s", "--docs must be 1 to 10000000");
  if (edit_rate < 0 || edit_rate > 0.5)
    return bagu_bench_usage_error ("bagu-gen", "%s", "--edit-rate must be 0 to 0.5");
  if (zipf < 0 || zipf > 5)
    return bagu_bench_usage_error ("bagu-gen", "%s", "--zipf must be 0 to 5");
  options.seed = (guint64) seed;
  options.n_docs = n_docs;
  options.edit_rate = edit_rate;
  options.zipf = zipf;
  if (samples != NULL)
    options.samples_dir = samples;
  if (rules != NULL)
    options.noise_rules = rules;
  if (no_rules)
    options.noise_rules = NULL;
  if (manpages != NULL)
    options.manpages_dir = manpages;
  if (truth == NULL)
    {
      g_autofree char *dir = g_strdup (argv[1]);
      gsize len = strlen (dir);

      while (len > 1 && dir[len - 1] == '/')
        dir[--len] = '\0';
      truth = g_strconcat (dir, ".truth.tsv", NULL);
    }

  pool = bagu_synth_pool_new (&options, &error);
  if (pool == NULL)
    {
      fprintf (stderr, "bagu-gen: %s\n", error->message);
      return 1;
    }
  if (pool_path != NULL && !dump_pool (pool, pool_path, &error))
    {
      fprintf (stderr, "bagu-gen: %s\n", error->message);
      return 1;
    }
  if (!bagu_synth_write_corpus (pool, &options, argv[1], truth, &stats, &error))
    {
      fprintf (stderr, "bagu-gen: %s\n", error->message);
      return 1;
    }
  if (!quiet)
    fprintf (stderr,
             "bagu-gen: %u documents, %.1f MB, %" G_GUINT64_FORMAT " characters in %s; truth in %s\n"
             "bagu-gen: %u sentences: %u template, %u single-use template copies (specific), "
             "%u fresh (%u from the Markov chain, %u repeating a long string)\n"
             "bagu-gen: pool of %u templates, %u manual-page sentences; "
             "edits %.2f%% of copied CJK characters\n",
             stats.n_docs, stats.n_bytes / 1e6, stats.n_chars, argv[1], truth,
             stats.n_sentences, stats.n_template, stats.n_single_use,
             stats.n_fresh, stats.n_fresh_markov, stats.n_fresh_repeats,
             bagu_synth_pool_n_templates (pool), bagu_synth_pool_n_manpage_sentences (pool),
             stats.n_template_han ? 100.0 * stats.n_edits / stats.n_template_han : 0.0);
  return 0;
}
