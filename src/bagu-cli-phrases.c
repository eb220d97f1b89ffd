/* bagu-cli-phrases.c: `bagu phrases`, the stock phrase table. */
#include "config.h"

#include <string.h>

#include "bagu-cli-private.h"
#include "bagu-index.h"
#include "bagu-phrases.h"

static gboolean
parse_sort (const char *name, BaguPhraseSort *sort)
{
  if (name == NULL || strcmp (name, "score") == 0)
    *sort = BAGU_PHRASE_SORT_SCORE;
  else if (strcmp (name, "df") == 0)
    *sort = BAGU_PHRASE_SORT_DF;
  else if (strcmp (name, "length") == 0)
    *sort = BAGU_PHRASE_SORT_LENGTH;
  else
    return FALSE;
  return TRUE;
}

typedef struct {
  const BaguCorpus *corpus;
  BaguPhraseSet *set;
  guint top;
  const BaguRunInfo *info;
  BaguFormat format;
} PhrasesWrite;

static gboolean
write_phrases (FILE *out, gpointer data, GError **error)
{
  PhrasesWrite *w = data;

  return bagu_write_phrases (w->corpus, w->set, w->top, w->info, w->format, out, error);
}

int
bagu_cli_phrases (int argc, char **argv)
{
  g_auto(BaguCliInput) input = { 0 };
  g_autoptr(GOptionContext) context = g_option_context_new ("[PATH...]");
  g_autoptr(BaguRunInfo) info = bagu_run_info_new ("phrases");
  g_autoptr(BaguCorpus) corpus = NULL;
  g_autoptr(BaguIndex) index = NULL;
  g_autoptr(BaguPhraseSet) set = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *sort_name = NULL;
  g_autofree char *output = NULL;
  gint top = 0;
  gint min_docs = BAGU_PHRASES_DEFAULT_MIN_DOCS;
  gint min_length = BAGU_PHRASES_DEFAULT_MIN_LENGTH;
  BaguFormat format = BAGU_FORMAT_TSV;
  BaguPhraseSort sort;
  BaguPhraseOptions options;
  BaguExit status;
  char buf[32];
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
      "Output format: tsv (default), json or xml", "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write to FILE instead of standard output", "FILE" },
    { "top", 'n', 0, G_OPTION_ARG_INT, &top,
      "Write only the first N phrases (default: all)", "N" },
    { "sort", 0, 0, G_OPTION_ARG_STRING, &sort_name,
      "Order: score (default; clause-like, long, widely shared first), df or length", "KEY" },
    { "min-docs", 0, 0, G_OPTION_ARG_INT, &min_docs,
      "Phrases occur in at least N documents (default 2)", "N" },
    { "min-length", 0, 0, G_OPTION_ARG_INT, &min_length,
      "Phrases are at least N tokens long (default 6)", "N" },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_set_summary (context,
    "List the stock phrases of a corpus: token sequences of at least\n"
    "--min-length tokens that occur in at least --min-docs documents and\n"
    "cannot be extended to the left or right without losing a document.\n"
    "A CJK character is one token, a word of an alphabetic script one,\n"
    "a number is <NUM> and a placeholder (XX, *) is <SLOT>.");
  g_option_context_add_main_entries (context, entries, NULL);
  bagu_cli_input_add_options (context, &input);
  if (!bagu_cli_parse (context, "phrases", &argc, &argv))
    return BAGU_EXIT_USAGE;
  if (format_name != NULL && (!bagu_format_parse (format_name, &format)
                              || format == BAGU_FORMAT_TEXT))
    return bagu_cli_usage_error ("phrases", "--format must be tsv, json or xml, not '%s'",
                                 format_name);
  if (!parse_sort (sort_name, &sort))
    return bagu_cli_usage_error ("phrases", "--sort must be score, df or length, not '%s'",
                                 sort_name);
  if (top < 0)
    return bagu_cli_usage_error ("phrases", "--top must not be negative");
  if (min_docs < 2)
    return bagu_cli_usage_error ("phrases", "--min-docs must be at least 2");
  if (min_length < 1)
    return bagu_cli_usage_error ("phrases", "--min-length must be at least 1");

  bagu_cli_input_writes (&input, output);   /* the first: no other to clash with */
  status = bagu_cli_load (&input, argc - 1, argv + 1, info, &corpus);
  if (status != BAGU_EXIT_OK)
    return status;
  g_snprintf (buf, sizeof buf, "%d", min_docs);
  bagu_run_info_add (info, "min-docs", buf);
  g_snprintf (buf, sizeof buf, "%d", min_length);
  bagu_run_info_add (info, "min-length", buf);
  bagu_run_info_add (info, "sort", sort_name != NULL ? sort_name : "score");
  g_snprintf (buf, sizeof buf, "%d", top);
  bagu_run_info_add (info, "top", buf);

  index = bagu_cli_index (corpus, (guint) min_length, NULL, &error);
  if (index == NULL)
    {
      bagu_cli_error (NULL, "%s", error->message);
      return BAGU_EXIT_LIMIT;
    }
  bagu_cli_time (&input, "index");
  options.min_docs = min_docs;
  options.min_length = min_length;
  set = bagu_phrases_find (corpus, index, &options);
  bagu_phrase_set_sort (set, sort);
  bagu_cli_time (&input, "phrases");

  {
    PhrasesWrite w = { corpus, set, top, info, format };

    status = bagu_cli_write_with (output, write_phrases, &w);
    if (status != BAGU_EXIT_OK)
      return status;
  }
  bagu_cli_time (&input, "write");
  return bagu_cli_finish (&input);
}
