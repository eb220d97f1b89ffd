/* bagu-cli-segment.c: `bagu segment`, what bagu will analyse. */
#include "config.h"

#include "bagu-cli-private.h"

int
bagu_cli_segment (int argc, char **argv)
{
  g_auto(BaguCliInput) input = { 0 };
  g_autoptr(GOptionContext) context = g_option_context_new ("[PATH...]");
  g_autoptr(BaguRunInfo) info = bagu_run_info_new ("segment");
  g_autoptr(BaguCorpus) corpus = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *output = NULL;
  BaguFormat format = BAGU_FORMAT_TEXT;
  BaguExit status;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
      "Output format: text (default), xml or json", "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write to FILE instead of standard output", "FILE" },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_set_summary (context,
    "Show the documents, paragraphs and noise spans that bagu finds in the\n"
    "given files and directories, so you can see what it will analyse.\n"
    "A PATH of - reads paths from standard input, one a line.");
  g_option_context_add_main_entries (context, entries, NULL);
  bagu_cli_input_add_options (context, &input);
  if (!bagu_cli_parse (context, "segment", &argc, &argv))
    return BAGU_EXIT_USAGE;
  if (format_name != NULL && !bagu_format_parse (format_name, &format))
    return bagu_cli_usage_error ("segment", "--format must be text, xml or json, not '%s'",
                                 format_name);

  bagu_cli_input_writes (&input, output);   /* the first: no other to clash with */
  status = bagu_cli_load (&input, argc - 1, argv + 1, info, &corpus);
  if (status != BAGU_EXIT_OK)
    return status;
  status = bagu_cli_write (corpus, info, format, output);
  if (status != BAGU_EXIT_OK)
    return status;
  return bagu_cli_finish (&input);
}
