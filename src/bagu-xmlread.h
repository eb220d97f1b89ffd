/* bagu-xmlread.h: reading bagu's XML back in, as untrusted input.
 *
 * `bagu report` renders an analysis that may come from anywhere, so it is
 * parsed with the network and external entities off, libxml2's default size
 * limits kept, no document type accepted (bagu writes none), and checked
 * against the RELAX NG schema before anything reads it. */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

#define BAGU_XML_READ_ERROR (bagu_xml_read_error_quark ())
GQuark bagu_xml_read_error_quark (void);

typedef enum {
  BAGU_XML_READ_ERROR_READ,       /* the file cannot be read */
  BAGU_XML_READ_ERROR_MALFORMED,  /* not well-formed XML */
  BAGU_XML_READ_ERROR_DOCTYPE,    /* a document type declaration */
  BAGU_XML_READ_ERROR_INVALID,    /* not valid against the schema */
  BAGU_XML_READ_ERROR_SCHEMA,     /* the schema itself cannot be loaded */
} BaguXmlReadError;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

/**
 * bagu_xml_read:
 * @data: the bytes of the document
 * @name: what to call it in messages (a path)
 * @schema: (nullable): the path of the RELAX NG schema; %NULL for no check
 *
 * Returns: (transfer full): the document, or %NULL with @error set to one
 *   line naming @name, the line of the problem and the reason
 */
xmlDoc *bagu_xml_read (const char *data, gsize len, const char *name,
                       const char *schema, GError **error);

/* bagu_xml_read on the contents of the file at @path. */
xmlDoc *bagu_xml_read_file (const char *path, const char *schema, GError **error);

G_END_DECLS
