/* bagu-xmlread.c: parsing and validating bagu's XML with libxml2. */
#include "config.h"

#include <libxml/parser.h>
#include <libxml/relaxng.h>

#include "bagu-parallel.h"
#include "bagu-xmlread.h"

BAGU_DEFINE_QUARK (bagu-xml-read-error-quark, bagu_xml_read_error)

/* The first error libxml2 reports, with its line; the rest are dropped so
 * that nothing is printed on its own. */
typedef struct {
  char *message;
  int line;
} FirstError;

static void
on_error (void *user_data, const xmlError *e)
{
  FirstError *first = user_data;

  if (first->message != NULL || e == NULL || e->level < XML_ERR_ERROR)
    return;
  first->message = g_strchomp (g_strdup (e->message != NULL ? e->message : "error"));
  first->line = e->line;
}

static void
set_error (GError **error, BaguXmlReadError code, const char *name, FirstError *first,
           const char *fallback)
{
  if (first->message != NULL && first->line > 0)
    g_set_error (error, BAGU_XML_READ_ERROR, code, "%s:%d: %s", name, first->line,
                 first->message);
  else
    g_set_error (error, BAGU_XML_READ_ERROR, code, "%s: %s", name,
                 first->message != NULL ? first->message : fallback);
  g_clear_pointer (&first->message, g_free);
}

static gboolean
validate (xmlDoc *doc, const char *name, const char *schema, GError **error)
{
  FirstError first = { NULL, 0 };
  xmlRelaxNGParserCtxt *pctxt = NULL;
  xmlRelaxNG *rng = NULL;
  xmlRelaxNGValidCtxt *vctxt = NULL;
  gboolean ok = FALSE;

  /* Loading the schema reports through the global handler. */
  xmlSetStructuredErrorFunc (&first, (xmlStructuredErrorFunc) on_error);
  pctxt = xmlRelaxNGNewParserCtxt (schema);
  if (pctxt != NULL)
    {
      xmlRelaxNGSetParserStructuredErrors (pctxt, (xmlStructuredErrorFunc) on_error, &first);
      rng = xmlRelaxNGParse (pctxt);
    }
  if (rng == NULL)
    {
      g_autofree char *what = g_strdup_printf ("cannot load the schema %s", schema);

      set_error (error, BAGU_XML_READ_ERROR_SCHEMA, name, &first, what);
      goto out;
    }
  vctxt = xmlRelaxNGNewValidCtxt (rng);
  xmlRelaxNGSetValidStructuredErrors (vctxt, (xmlStructuredErrorFunc) on_error, &first);
  if (xmlRelaxNGValidateDoc (vctxt, doc) != 0)
    {
      set_error (error, BAGU_XML_READ_ERROR_INVALID, name, &first,
                 "not bagu's XML (invalid against the schema)");
      goto out;
    }
  ok = TRUE;
out:
  xmlSetStructuredErrorFunc (NULL, NULL);
  g_free (first.message);
  if (vctxt != NULL)
    xmlRelaxNGFreeValidCtxt (vctxt);
  if (rng != NULL)
    xmlRelaxNGFree (rng);
  if (pctxt != NULL)
    xmlRelaxNGFreeParserCtxt (pctxt);
  return ok;
}

xmlDoc *
bagu_xml_read (const char *data, gsize len, const char *name, const char *schema,
               GError **error)
{
  FirstError first = { NULL, 0 };
  g_autoptr(xmlDoc) doc = NULL;

  if (len > G_MAXINT)
    {
      g_set_error (error, BAGU_XML_READ_ERROR, BAGU_XML_READ_ERROR_MALFORMED,
                   "%s: too large for the XML parser", name);
      return NULL;
    }
  /* No network, entities left unexpanded, no DTD loaded, the default size
   * limits; errors come to on_error instead of being printed. */
  xmlSetStructuredErrorFunc (&first, (xmlStructuredErrorFunc) on_error);
  doc = xmlReadMemory (data, (int) len, name, NULL, XML_PARSE_NONET);
  xmlSetStructuredErrorFunc (NULL, NULL);
  if (doc == NULL || first.message != NULL)
    {
      set_error (error, BAGU_XML_READ_ERROR_MALFORMED, name, &first, "not well-formed XML");
      return NULL;
    }
  if (doc->intSubset != NULL || doc->extSubset != NULL)
    {
      g_set_error (error, BAGU_XML_READ_ERROR, BAGU_XML_READ_ERROR_DOCTYPE,
                   "%s: has a document type declaration, which bagu's XML never has", name);
      return NULL;
    }
  if (schema != NULL && !validate (doc, name, schema, error))
    return NULL;
  return g_steal_pointer (&doc);
}

xmlDoc *
bagu_xml_read_file (const char *path, const char *schema, GError **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local = NULL;
  gsize len;

  if (!g_file_get_contents (path, &data, &len, &local))
    {
      g_set_error (error, BAGU_XML_READ_ERROR, BAGU_XML_READ_ERROR_READ, "%s", local->message);
      return NULL;
    }
  return bagu_xml_read (data, len, path, schema, error);
}
