/* bagu-cli-report.c: `bagu report`, the HTML reviewer report of an analysis. */
#include "config.h"

#include "bagu-cli-private.h"
#include "bagu-output.h"
#include "bagu-report.h"
#include "bagu-templates.h"
#include "bagu-xmlread.h"

typedef struct {
  xmlDoc *doc;
  const char *stylesheet;
} ReportWrite;

static gboolean
write_report (FILE *out, gpointer data, GError **error)
{
  ReportWrite *w = data;

  return bagu_report_render (w->doc, w->stylesheet, out, error);
}

BaguExit
bagu_cli_render_report (xmlDoc *doc, const char *output)
{
  g_autofree char *stylesheet = bagu_templates_path ("report.xsl");
  ReportWrite w = { doc, stylesheet };

  return bagu_cli_write_with (output, write_report, &w);
}

int
bagu_cli_report (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("ANALYSIS.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autofree char *output = NULL;
  g_autofree char *schema = NULL;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write the HTML to FILE instead of standard output", "FILE" },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_set_summary (context,
    "Render the XML that bagu analyze wrote as one self-contained HTML\n"
    "page for reviewers: a summary with charts, the documents ranked by\n"
    "their template ratio, each paragraph shaded by its score with the\n"
    "shared text marked and linked to its sources, the near-duplicates and\n"
    "the stock phrases.  The XML is checked against the schema first.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!bagu_cli_parse (context, "report", &argc, &argv))
    return BAGU_EXIT_USAGE;
  if (argc != 2)
    return bagu_cli_usage_error ("report", "give one analysis XML file, not %d", argc - 1);

  if (bagu_output_replaces (output, argv[1]))
    {
      bagu_cli_error (argv[1], "is the input, and the output %s would replace it", output);
      return BAGU_EXIT_USAGE;
    }
  schema = bagu_templates_path ("bagu.rng");
  doc = bagu_xml_read_file (argv[1], schema, &error);
  if (doc == NULL)
    {
      bagu_cli_error (NULL, "%s", error->message);
      return BAGU_EXIT_NO_INPUT;
    }
  {
    xmlChar *command = xmlGetProp (xmlDocGetRootElement (doc), BAD_CAST "command");
    gboolean analysis = xmlStrEqual (command, BAD_CAST "analyze");

    xmlFree (command);
    if (!analysis)
      {
        bagu_cli_error (argv[1], "not the output of bagu analyze");
        return BAGU_EXIT_NO_INPUT;
      }
  }
  return bagu_cli_render_report (doc, output);
}
