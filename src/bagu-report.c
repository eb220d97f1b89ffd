/* bagu-report.c: libxslt, locked down, over the analysis XML. */
#include "config.h"

#include <errno.h>

#include <libexslt/exslt.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>

#include "bagu-parallel.h"
#include "bagu-report.h"

BAGU_DEFINE_QUARK (bagu-report-error-quark, bagu_report_error)

/* The first message libxslt or libxml2 reports, instead of printing it. */
static void
on_error (void *user_data, const char *format, ...)
{
  char **first = user_data;
  va_list ap;

  if (*first != NULL)
    return;
  va_start (ap, format);
  *first = g_strchomp (g_strdup_vprintf (format, ap));
  va_end (ap);
}

gboolean
bagu_report_render (xmlDoc *doc, const char *stylesheet, FILE *out, GError **error)
{
  g_autofree char *message = NULL;
  xsltStylesheet *style = NULL;
  xsltSecurityPrefs *prefs = NULL;
  xsltTransformContext *ctxt = NULL;
  xmlDoc *result = NULL;
  gboolean ok = FALSE;

  exsltRegisterAll ();
  xsltSetGenericErrorFunc (&message, on_error);
  xmlSetGenericErrorFunc (&message, on_error);
  style = xsltParseStylesheetFile ((const xmlChar *) stylesheet);
  if (style == NULL)
    {
      g_set_error (error, BAGU_REPORT_ERROR, BAGU_REPORT_ERROR_STYLESHEET,
                   "cannot load the report stylesheet %s: %s", stylesheet,
                   message != NULL ? message : "unknown error");
      goto out;
    }
  prefs = xsltNewSecurityPrefs ();
  xsltSetSecurityPrefs (prefs, XSLT_SECPREF_READ_FILE, xsltSecurityForbid);
  xsltSetSecurityPrefs (prefs, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid);
  xsltSetSecurityPrefs (prefs, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid);
  xsltSetSecurityPrefs (prefs, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid);
  xsltSetSecurityPrefs (prefs, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid);
  ctxt = xsltNewTransformContext (style, doc);
  if (ctxt == NULL || xsltSetCtxtSecurityPrefs (prefs, ctxt) != 0)
    {
      g_set_error (error, BAGU_REPORT_ERROR, BAGU_REPORT_ERROR_RENDER,
                   "cannot set up the transformation");
      goto out;
    }
  result = xsltApplyStylesheetUser (style, doc, NULL, NULL, NULL, ctxt);
  if (result == NULL || ctxt->state != XSLT_STATE_OK)
    {
      g_set_error (error, BAGU_REPORT_ERROR, BAGU_REPORT_ERROR_RENDER,
                   "rendering the report failed: %s", message != NULL ? message : "unknown error");
      goto out;
    }
  if (xsltSaveResultToFile (out, result, style) < 0 || fflush (out) != 0 || ferror (out))
    {
      g_set_error (error, BAGU_REPORT_ERROR, BAGU_REPORT_ERROR_WRITE,
                   "writing the report failed: %s", g_strerror (errno));
      goto out;
    }
  ok = TRUE;
out:
  if (result != NULL)
    xmlFreeDoc (result);
  if (ctxt != NULL)
    xsltFreeTransformContext (ctxt);
  if (prefs != NULL)
    xsltFreeSecurityPrefs (prefs);
  if (style != NULL)
    xsltFreeStylesheet (style);
  xsltSetGenericErrorFunc (NULL, NULL);
  xmlSetGenericErrorFunc (NULL, NULL);
  return ok;
}
