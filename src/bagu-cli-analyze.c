/* bagu-cli-analyze.c: `bagu analyze`, the annotated XML of a corpus. */
#include "config.h"

#include "bagu-cli-private.h"

int
bagu_cli_analyze (int argc, char **argv)
{
  g_auto(BaguCliInput) input = { 0 };
  g_autoptr(GOptionContext) context = g_option_context_new ("[PATH...]");
  g_autoptr(BaguRunInfo) info = bagu_run_info_new ("analyze");
  g_autoptr(BaguCorpus) corpus = NULL;
  g_autofree char *output = NULL;
  g_autofree char *json = NULL;
  BaguExit status;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write the XML to FILE instead of standard output", "FILE" },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json,
      "Also write the model as JSON to FILE", "FILE" },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_set_summary (context,
    "Analyse the documents in the given files and directories and write\n"
    "the annotated XML (see bagu(1) and templates/bagu.rng).  With no PATH,\n"
    "the bundled sample corpus is analysed; a PATH of - reads paths from\n"
    "standard input, one a line.");
  g_option_context_add_main_entries (context, entries, NULL);
  bagu_cli_input_add_options (context, &input);
  if (!bagu_cli_parse (context, "analyze", &argc, &argv))
    return BAGU_EXIT_USAGE;

  status = bagu_cli_load (&input, argc - 1, argv + 1, info, &corpus);
  if (status != BAGU_EXIT_OK)
    return status;
  if (json != NULL)
    {
      status = bagu_cli_write (corpus, info, BAGU_FORMAT_JSON, json);
      if (status != BAGU_EXIT_OK)
        return status;
    }
  status = bagu_cli_write (corpus, info, BAGU_FORMAT_XML, output);
  if (status != BAGU_EXIT_OK)
    return status;
  return bagu_cli_finish (&input);
}
