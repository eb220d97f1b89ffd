/* tests/test-xmlread.c: reading bagu's XML back as untrusted input. */
#include "config.h"

#include <string.h>

#include "test-util.h"
#include "bagu-xmlread.h"

static char *
schema_path (void)
{
  return test_srcpath ("templates", "bagu.rng", NULL);
}

static void
assert_read_fails (const char *xml, BaguXmlReadError code, const char *needle)
{
  g_autofree char *schema = schema_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = bagu_xml_read (xml, strlen (xml), "in.xml", schema, &error);

  assert_null (doc);
  assert_error_matches (error, BAGU_XML_READ_ERROR, code);
  /* One line, naming the input. */
  assert_true (g_str_has_prefix (error->message, "in.xml"));
  assert_null (strchr (error->message, '\n'));
  if (needle != NULL && strstr (error->message, needle) == NULL)
    {
      print_error ("'%s' lacks '%s'\n", error->message, needle);
      fail ();
    }
}

static void
test_golden_file (void **state)
{
  g_autofree char *schema = schema_path ();
  g_autofree char *path = test_srcpath ("tests", "golden", "segment-samples.xml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = bagu_xml_read_file (path, schema, &error);

  (void) state;
  assert_null (error);
  assert_non_null (doc);
  assert_string_equal ((const char *) xmlDocGetRootElement (doc)->name, "bagu");
}

static void
test_malformed (void **state)
{
  (void) state;
  assert_read_fails ("", BAGU_XML_READ_ERROR_MALFORMED, NULL);
  assert_read_fails ("<bagu version=\"1\" command=\"analyze\">\n<p>", BAGU_XML_READ_ERROR_MALFORMED,
                     "in.xml:2:");
  assert_read_fails ("\xff\xfe<", BAGU_XML_READ_ERROR_MALFORMED, NULL);
  assert_read_fails ("<a>\x01</a>", BAGU_XML_READ_ERROR_MALFORMED, NULL);
}

static void
test_no_doctype (void **state)
{
  (void) state;
  /* An external entity is neither fetched nor accepted. */
  assert_read_fails ("<?xml version=\"1.0\"?>\n"
                     "<!DOCTYPE bagu [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                     "<bagu version=\"1\" command=\"analyze\">&x;</bagu>\n",
                     BAGU_XML_READ_ERROR_DOCTYPE, "document type");
  assert_read_fails ("<!DOCTYPE bagu SYSTEM \"http://example.invalid/bagu.dtd\">"
                     "<bagu version=\"1\" command=\"analyze\"/>",
                     BAGU_XML_READ_ERROR_DOCTYPE, NULL);
}

static void
test_entity_expansion (void **state)
{
  GString *xml = g_string_new ("<?xml version=\"1.0\"?>\n<!DOCTYPE bagu [\n"
                               "<!ENTITY a0 \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n");
  g_autofree char *schema = schema_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = NULL;

  (void) state;
  /* A billion laughs: refused quickly, whichever check stops it. */
  for (guint i = 1; i < 12; i++)
    g_string_append_printf (xml, "<!ENTITY a%u \"&a%u;&a%u;&a%u;&a%u;&a%u;&a%u;&a%u;&a%u;&a%u;&a%u;\">\n",
                            i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
  g_string_append (xml, "]>\n<bagu version=\"1\" command=\"analyze\">&a11;</bagu>\n");
  doc = bagu_xml_read (xml->str, xml->len, "in.xml", schema, &error);
  assert_null (doc);
  assert_non_null (error);
  g_string_free (xml, TRUE);
}

static void
test_invalid (void **state)
{
  (void) state;
  assert_read_fails ("<bagu version=\"1\" command=\"analyze\"><nonsense/></bagu>",
                     BAGU_XML_READ_ERROR_INVALID, NULL);
  assert_read_fails ("<html/>", BAGU_XML_READ_ERROR_INVALID, NULL);
}

static void
test_no_schema (void **state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = bagu_xml_read ("<html/>", 7, "in.xml", NULL, &error);

  (void) state;
  assert_null (error);
  assert_non_null (doc);
}

static void
test_missing_file (void **state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = bagu_xml_read_file ("/nonexistent/in.xml", NULL, &error);

  (void) state;
  assert_null (doc);
  assert_error_matches (error, BAGU_XML_READ_ERROR, BAGU_XML_READ_ERROR_READ);
  assert_non_null (strstr (error->message, "/nonexistent/in.xml"));
}

static void
test_missing_schema (void **state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = bagu_xml_read ("<bagu/>", 7, "in.xml", "/nonexistent/bagu.rng", &error);

  (void) state;
  assert_null (doc);
  assert_error_matches (error, BAGU_XML_READ_ERROR, BAGU_XML_READ_ERROR_SCHEMA);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_golden_file),
    cmocka_unit_test (test_malformed),
    cmocka_unit_test (test_no_doctype),
    cmocka_unit_test (test_entity_expansion),
    cmocka_unit_test (test_invalid),
    cmocka_unit_test (test_no_schema),
    cmocka_unit_test (test_missing_file),
    cmocka_unit_test (test_missing_schema),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
