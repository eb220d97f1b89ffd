/* fuzz-xml.c: any bytes as the XML that `bagu report` reads. */
#include "config.h"

#include <stdint.h>

#include "bagu-templates.h"
#include "bagu-xmlread.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static char *schema;
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = NULL;

  if (schema == NULL)
    schema = bagu_templates_path ("bagu.rng");
  doc = bagu_xml_read ((const char *) data, size, "fuzz.xml", schema, &error);
  g_assert ((doc == NULL) != (error == NULL));
  return 0;
}
