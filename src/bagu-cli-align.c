/* bagu-cli-align.c: `bagu align`, the passages reused between documents. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "bagu-align.h"
#include "bagu-cli-private.h"

/* Documents by the name they are reported under, and sources by path: a
 * source's path names all its documents. */
static GHashTable *
names_table (const BaguCorpus *corpus)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_array_unref);

  for (guint32 d = 0; d < corpus->documents->len; d++)
    {
      const BaguDocument *doc = bagu_corpus_document (corpus, d);
      char *keys[2] = { bagu_document_name (corpus, doc), NULL };

      if (doc->article > 0)
        keys[1] = g_strdup (bagu_corpus_source (corpus, doc->source)->path);
      for (guint k = 0; k < 2 && keys[k] != NULL; k++)
        {
          GArray *docs = g_hash_table_lookup (table, keys[k]);

          if (docs == NULL)
            {
              docs = g_array_new (FALSE, FALSE, sizeof (guint32));
              g_hash_table_insert (table, keys[k], docs);
            }
          else
            g_free (keys[k]);
          g_array_append_val (docs, d);
        }
    }
  return table;
}

/* Reads the pairs of documents to compare, one pair a line, the two names
 * separated by a tab; blank lines and lines starting with # are skipped.
 * A line naming no document is reported and skipped. */
static gboolean
read_pairs (BaguCliInput *input, const BaguCorpus *corpus, const char *path,
            BaguPairFilter *filter, GError **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return FALSE;
  if (!g_utf8_validate (contents, -1, NULL))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: not UTF-8 text", path);
      return FALSE;
    }
  names = names_table (corpus);
  /* An empty list still restricts: no pair at all. */
  bagu_pair_filter_add_pair (filter, corpus->documents->len, 0, 0);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strchomp (lines[i]);
      g_auto(GStrv) fields = NULL;
      GArray *x, *y;

      if (line[0] == '\0' || line[0] == '#')
        continue;
      fields = g_strsplit (line, "\t", -1);
      if (g_strv_length (fields) != 2)
        {
          g_autofree char *where = g_strdup_printf ("%s:%u", path, i + 1);

          bagu_cli_error (where, "not two document names separated by a tab; line skipped");
          input->n_skipped++;
          continue;
        }
      x = g_hash_table_lookup (names, fields[0]);
      y = g_hash_table_lookup (names, fields[1]);
      if (x == NULL || y == NULL)
        {
          g_autofree char *where = g_strdup_printf ("%s:%u", path, i + 1);

          bagu_cli_error (where, "no document named '%s'; line skipped",
                          x == NULL ? fields[0] : fields[1]);
          input->n_skipped++;
          continue;
        }
      for (guint p = 0; p < x->len; p++)
        for (guint q = 0; q < y->len; q++)
          bagu_pair_filter_add_pair (filter, corpus->documents->len,
                                     g_array_index (x, guint32, p), g_array_index (y, guint32, q));
    }
  bagu_pair_filter_sort_partners (filter);
  return TRUE;
}

/* The group of every document: the first parenthesised part of the
 * pattern's match in its name, or the whole match when the pattern has
 * none; a document whose name does not match is in no group. */
static void
assign_groups (const BaguCorpus *corpus, GRegex *regex, BaguPairFilter *filter)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint groups = g_regex_get_capture_count (regex) > 0 ? 1 : 0;

  filter->group = g_new (guint32, corpus->documents->len + 1);
  for (guint32 d = 0; d < corpus->documents->len; d++)
    {
      g_autofree char *name = bagu_document_name (corpus, bagu_corpus_document (corpus, d));
      g_autoptr(GMatchInfo) match = NULL;

      filter->group[d] = G_MAXUINT32;
      if (g_regex_match (regex, name, 0, &match))
        {
          g_autofree char *key = g_match_info_fetch (match, groups);
          gpointer id;

          if (key == NULL)
            continue;
          if (!g_hash_table_lookup_extended (ids, key, NULL, &id))
            {
              id = GUINT_TO_POINTER (g_hash_table_size (ids));
              g_hash_table_insert (ids, g_steal_pointer (&key), id);
            }
          filter->group[d] = GPOINTER_TO_UINT (id);
        }
    }
}

typedef struct {
  const BaguCorpus *corpus;
  const BaguAlignment *alignment;
  BaguFormat format;
} AlignWrite;

static gboolean
write_passages (FILE *out, gpointer data, GError **error)
{
  AlignWrite *w = data;

  return bagu_write_passages (w->corpus, w->alignment, w->format, out, error);
}

static gboolean
write_duplicates (FILE *out, gpointer data, GError **error)
{
  AlignWrite *w = data;

  return bagu_write_duplicates (w->corpus, w->alignment, out, error);
}

static void
record_uint (BaguRunInfo *info, const char *name, guint value)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%u", value);
  bagu_run_info_add (info, name, buf);
}

int
bagu_cli_align (int argc, char **argv)
{
  g_auto(BaguCliInput) input = { 0 };
  g_autoptr(GOptionContext) context = g_option_context_new ("[PATH...]");
  g_autoptr(BaguRunInfo) info = bagu_run_info_new ("align");
  g_autoptr(BaguCorpus) corpus = NULL;
  g_autoptr(BaguAlignment) alignment = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) group_regex = NULL;
  g_autofree guint32 *doc_starts = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *output = NULL;
  g_autofree char *duplicates = NULL;
  g_autofree char *group = NULL;
  g_autofree char *pairs = NULL;
  g_auto(BaguPairFilter) filter = { 0 };
  BaguAlignOptions options;
  gint seed_length = BAGU_ALIGN_DEFAULT_SEED_LENGTH;
  gint seed_docs = BAGU_ALIGN_DEFAULT_SEED_DOCS;
  gint min_length = BAGU_ALIGN_DEFAULT_MIN_LENGTH;
  gint max_gap = BAGU_ALIGN_DEFAULT_MAX_GAP;
  gint band = BAGU_ALIGN_DEFAULT_BAND;
  gdouble min_identity = BAGU_ALIGN_DEFAULT_MIN_IDENTITY;
  gdouble near_duplicate = BAGU_ALIGN_DEFAULT_NEAR_DUPLICATE;
  gint match, mismatch, gap;
  BaguFormat format = BAGU_FORMAT_JSON;
  BaguExit status;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
      "Output format: jsonl (default; one JSON object a line) or tsv", "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write to FILE instead of standard output", "FILE" },
    { "duplicates", 0, 0, G_OPTION_ARG_FILENAME, &duplicates,
      "Write the near-duplicate documents and their clusters to FILE as JSON", "FILE" },
    { "min-length", 0, 0, G_OPTION_ARG_INT, &min_length,
      "Passages have at least N aligned tokens, or are most of the sentences they lie in (default 16)", "N" },
    { "min-identity", 0, 0, G_OPTION_ARG_DOUBLE, &min_identity,
      "Passages have at least this share of matching tokens (default 0.75)", "F" },
    { "max-gap", 0, 0, G_OPTION_ARG_INT, &max_gap,
      "Bridge at most N tokens between two exact matches (default 16)", "N" },
    { "band", 0, 0, G_OPTION_ARG_INT, &band,
      "Diagonals searched beyond the offset of two matches (default 4)", "N" },
    { "seed-length", 0, 0, G_OPTION_ARG_INT, &seed_length,
      "Exact seeds are N tokens long (default 5)", "N" },
    { "seed-docs", 0, 0, G_OPTION_ARG_INT, &seed_docs,
      "Seeds in more than N documents pair each copy with two hubs only (default 8)", "N" },
    { "match", 0, 0, G_OPTION_ARG_INT, &options.costs.match,
      "Score of a matching token (default 1)", "N" },
    { "mismatch", 0, 0, G_OPTION_ARG_INT, &options.costs.mismatch,
      "Score of a substituted token (default -1)", "N" },
    { "gap", 0, 0, G_OPTION_ARG_INT, &options.costs.gap,
      "Score of an inserted or deleted token (default -1)", "N" },
    { "near-duplicate", 0, 0, G_OPTION_ARG_DOUBLE, &near_duplicate,
      "Two documents whose passages cover this share of both are near-duplicates "
      "(default 0.8)", "F" },
    { "group", 0, 0, G_OPTION_ARG_STRING, &group,
      "Ignore reuse between documents whose names give the same match of REGEX "
      "(its first group, if it has one)", "REGEX" },
    { "pairs", 0, 0, G_OPTION_ARG_FILENAME, &pairs,
      "Compare only the pairs of documents listed in FILE, two names a line "
      "separated by a tab", "FILE" },
    G_OPTION_ENTRY_NULL
  };

  bagu_align_options_init (&options);
  g_option_context_set_summary (context,
    "List the passages reused between documents, one a line: the two\n"
    "documents (path, with #N for article N of a compilation), the\n"
    "character span of the passage in each (end exclusive), its aligned\n"
    "tokens and its identity.  Passages survive small edits: exact seeds\n"
    "are chained and the edits between them aligned.");
  g_option_context_add_main_entries (context, entries, NULL);
  bagu_cli_input_add_options (context, &input);
  if (!bagu_cli_parse (context, "align", &argc, &argv))
    return BAGU_EXIT_USAGE;
  if (format_name != NULL)
    {
      if (strcmp (format_name, "jsonl") == 0 || strcmp (format_name, "json") == 0)
        format = BAGU_FORMAT_JSON;
      else if (strcmp (format_name, "tsv") == 0)
        format = BAGU_FORMAT_TSV;
      else
        return bagu_cli_usage_error ("align", "--format must be jsonl or tsv, not '%s'",
                                     format_name);
    }
  match = options.costs.match, mismatch = options.costs.mismatch, gap = options.costs.gap;
  if (min_length < 1)
    return bagu_cli_usage_error ("align", "--min-length must be at least 1");
  if (seed_length < 1)
    return bagu_cli_usage_error ("align", "--seed-length must be at least 1");
  if (seed_docs < 2)
    return bagu_cli_usage_error ("align", "--seed-docs must be at least 2");
  if (max_gap < 0 || max_gap > 10000)
    return bagu_cli_usage_error ("align", "--max-gap must be between 0 and 10000");
  if (band < 0 || band > 1000)
    return bagu_cli_usage_error ("align", "--band must be between 0 and 1000");
  if (!(min_identity >= 0 && min_identity <= 1))
    return bagu_cli_usage_error ("align", "--min-identity must be between 0 and 1");
  if (!(near_duplicate > 0 && near_duplicate <= 1))
    return bagu_cli_usage_error ("align", "--near-duplicate must be above 0 and at most 1");
  if (match < 1 || match > 1000 || mismatch > -1 || mismatch < -1000 || gap > -1 || gap < -1000)
    return bagu_cli_usage_error ("align", "--match must be positive and --mismatch and --gap "
                                 "negative, each at most 1000 in size");
  if (group != NULL)
    {
      group_regex = g_regex_new (group, G_REGEX_OPTIMIZE, 0, &error);
      if (group_regex == NULL)
        return bagu_cli_usage_error ("align", "--group: %s", error->message);
    }

  /* The passages go to standard output when no -o is given. */
  if (!bagu_cli_input_writes (&input, output != NULL ? output : "-")
      || !bagu_cli_input_writes (&input, duplicates))
    return bagu_cli_usage_error ("align", "-o and --duplicates must go to different places");
  if (pairs != NULL && bagu_cli_input_replaced (&input, pairs))
    return BAGU_EXIT_USAGE;
  status = bagu_cli_load (&input, argc - 1, argv + 1, info, &corpus);
  if (status != BAGU_EXIT_OK)
    return status;
  if (pairs != NULL && !read_pairs (&input, corpus, pairs, &filter, &error))
    {
      bagu_cli_error (pairs, "%s", error->message);
      return BAGU_EXIT_NO_INPUT;
    }
  if (group_regex != NULL)
    assign_groups (corpus, group_regex, &filter);
  record_uint (info, "seed-length", seed_length);
  record_uint (info, "seed-docs", seed_docs);
  record_uint (info, "min-length", min_length);
  record_uint (info, "max-gap", max_gap);
  record_uint (info, "band", band);

  options.seed_length = seed_length;
  options.seed_docs = seed_docs;
  options.min_length = min_length;
  options.max_gap = max_gap;
  options.band = band;
  options.min_identity = min_identity;
  options.near_duplicate = near_duplicate;
  options.filter = (group != NULL || pairs != NULL) ? &filter : NULL;
  doc_starts = bagu_corpus_document_starts (corpus);
  alignment = bagu_align (corpus, doc_starts, &options);
  bagu_cli_time (&input, "align");
  if (input.timings)
    g_printerr ("bagu: align %u seeds, %u pairs of documents, %u passages\n",
                alignment->n_seeds, alignment->n_pairs, alignment->passages->len);

  {
    AlignWrite w = { corpus, alignment, format };

    if (duplicates != NULL)
      {
        status = bagu_cli_write_with (duplicates, write_duplicates, &w);
        if (status != BAGU_EXIT_OK)
          return status;
      }
    status = bagu_cli_write_with (output, write_passages, &w);
    if (status != BAGU_EXIT_OK)
      return status;
  }
  bagu_cli_time (&input, "write");
  return bagu_cli_finish (&input);
}
