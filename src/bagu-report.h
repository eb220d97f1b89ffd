/* bagu-report.h: the HTML reviewer report, rendered from the analysis XML
 * with libxslt and templates/report.xsl. */
#pragma once

#include <stdio.h>
#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

#define BAGU_REPORT_ERROR (bagu_report_error_quark ())
GQuark bagu_report_error_quark (void);

typedef enum {
  BAGU_REPORT_ERROR_STYLESHEET,   /* report.xsl cannot be loaded */
  BAGU_REPORT_ERROR_RENDER,       /* the transformation failed */
  BAGU_REPORT_ERROR_WRITE,        /* the output refused the bytes */
} BaguReportError;

/**
 * bagu_report_render:
 * @doc: an analysis, as read by bagu_xml_read (checked against the schema)
 * @stylesheet: the path of report.xsl
 *
 * Writes the report to @out: one self-contained HTML file.  The
 * stylesheet may neither read nor write files nor reach the network.
 */
gboolean bagu_report_render (xmlDoc *doc, const char *stylesheet, FILE *out, GError **error);

G_END_DECLS
