/* test-write.c: the XML, JSON and text writers of the corpus model. */
#include "config.h"

#include <math.h>

#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>

#include "test-util.h"
#include "bagu-load.h"
#include "bagu-write.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

/* A compilation of two articles with an advert line, an inline source note,
 * a control character XML cannot carry, and CRLF line ends. */
static const char sample_text[] =
  "第一篇: 甲单位工作总结\r\n"
  "一年来，我们将意识形态工作纳入党建工作责任制（材料来源：公众号：某某）。\r\n"
  "【哒哒素材库】——每天更新材料\r\n"
  "第二篇: 乙单位工作总结\r\n"
  "坚持同部署、同落实、同检查、同考核，\x01全年共开展12场次。\r\n";

typedef struct {
  char *dir;
  char *path;
  BaguCorpus *corpus;
  BaguRunInfo *info;
} Fixture;

static int
setup (void **state)
{
  Fixture *f = g_new0 (Fixture, 1);
  g_autoptr(BaguNoiseRules) rules = bagu_noise_rules_new ();
  g_autofree char *rules_path = test_srcpath ("templates", "noise.rules", NULL);
  BaguLoadOptions options = { 0 };
  const char *paths[1];

  f->dir = g_dir_make_tmp ("bagu-write-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "report.txt", NULL);
  assert_true (g_file_set_contents (f->path, sample_text, -1, NULL));
  assert_true (bagu_noise_rules_add_file (rules, rules_path, NULL));
  options.rules = rules;
  paths[0] = f->path;
  f->corpus = bagu_corpus_new ();
  assert_true (bagu_load_corpus (f->corpus, paths, 1, &options, NULL, NULL, NULL));
  assert_int_equal (f->corpus->documents->len, 2);
  f->info = bagu_run_info_new ("segment");
  bagu_run_info_add (f->info, "paragraphs", "auto");
  *state = f;
  return 0;
}

static int
teardown (void **state)
{
  Fixture *f = *state;

  g_unlink (f->path);
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
  bagu_corpus_free (f->corpus);
  bagu_run_info_free (f->info);
  g_free (f);
  return 0;
}

/* Writes the corpus in a format into memory. */
static char *
write_to_string (Fixture *f, BaguFormat format, gsize *len)
{
  char *buf = NULL;
  size_t size = 0;
  FILE *out = open_memstream (&buf, &size);
  g_autoptr(GError) error = NULL;

  assert_non_null (out);
  assert_true (bagu_write_corpus (f->corpus, f->info, format, out, &error));
  assert_null (error);
  assert_int_equal (fclose (out), 0);
  if (len != NULL)
    *len = size;
  return buf;
}

static xmlDoc *
parse_xml (const char *data, gsize len)
{
  xmlDoc *doc = xmlReadMemory (data, len, "out.xml", NULL, XML_PARSE_NONET);

  assert_non_null (doc);
  return doc;
}

static void
test_xml_validates (void **state)
{
  Fixture *f = *state;
  gsize len;
  g_autofree char *data = write_to_string (f, BAGU_FORMAT_XML, &len);
  g_autoptr(xmlDoc) doc = parse_xml (data, len);
  g_autofree char *rng = test_srcpath ("templates", "bagu.rng", NULL);
  xmlRelaxNGParserCtxtPtr pctxt = xmlRelaxNGNewParserCtxt (rng);
  xmlRelaxNGPtr schema = xmlRelaxNGParse (pctxt);
  xmlRelaxNGValidCtxtPtr vctxt = xmlRelaxNGNewValidCtxt (schema);

  assert_non_null (schema);
  assert_int_equal (xmlRelaxNGValidateDoc (vctxt, doc), 0);
  xmlRelaxNGFreeValidCtxt (vctxt);
  xmlRelaxNGFree (schema);
  xmlRelaxNGFreeParserCtxt (pctxt);

  assert_non_null (strstr (data, "<bagu version=\"" PACKAGE_VERSION "\" command=\"segment\">"));
  assert_non_null (strstr (data, "<option name=\"paragraphs\" value=\"auto\"/>"));
  assert_non_null (strstr (data, "article=\"2\""));
  assert_non_null (strstr (data, "encoding=\"UTF-8\""));
}

/* Every p's string value is the document text between start and end. */
static void
test_xml_paragraph_text (void **state)
{
  Fixture *f = *state;
  gsize len;
  g_autofree char *data = write_to_string (f, BAGU_FORMAT_XML, &len);
  g_autoptr(xmlDoc) doc = parse_xml (data, len);
  guint n_p = 0;

  for (xmlNode *d = xmlDocGetRootElement (doc)->children; d != NULL; d = d->next)
    {
      if (d->type != XML_ELEMENT_NODE || strcmp ((char *) d->name, "documents") != 0)
        continue;
      for (xmlNode *e = d->children; e != NULL; e = e->next)
        {
          if (e->type != XML_ELEMENT_NODE)
            continue;
          assert_string_equal ((char *) e->name, "document");
          for (xmlNode *p = e->children; p != NULL; p = p->next)
            {
              const BaguParagraph *para;
              const BaguDocument *bd;
              g_autofree char *expected = NULL;
              xmlChar *value;

              if (p->type != XML_ELEMENT_NODE || strcmp ((char *) p->name, "p") != 0)
                continue;
              para = bagu_corpus_paragraph (f->corpus, n_p++);
              bd = bagu_corpus_document (f->corpus, para->doc);
              expected = g_strndup (bagu_document_text (f->corpus, bd) + para->byte_start,
                                    para->byte_end - para->byte_start);
              value = xmlNodeGetContent (p);
              /* The control character is written as U+FFFD. */
              if (strchr (expected, '\x01') != NULL)
                {
                  g_autoptr(GString) s = g_string_new (expected);
                  g_string_replace (s, "\x01", "\xEF\xBF\xBD", 0);
                  g_free (expected);
                  expected = g_string_free (g_steal_pointer (&s), FALSE);
                }
              assert_string_equal ((char *) value, expected);
              xmlFree (value);
            }
        }
    }
  assert_int_equal (n_p, f->corpus->paragraphs->len);
  assert_true (n_p >= 4);
}

static void
test_xml_noise_and_replaced (void **state)
{
  Fixture *f = *state;
  g_autofree char *data = write_to_string (f, BAGU_FORMAT_XML, NULL);
  const BaguDocument *second = bagu_corpus_document (f->corpus, 1);
  const char *text = bagu_document_text (f->corpus, second);
  const char *ctrl = memchr (text, '\x01', bagu_document_text_len (second));
  g_autofree char *attr = NULL;

  assert_non_null (ctrl);
  attr = g_strdup_printf ("replaced=\"%ld\"", g_utf8_pointer_to_offset (text, ctrl));
  assert_non_null (strstr (data, attr));
  /* The inline source note stays inside its paragraph. */
  assert_non_null (strstr (data, "纳入党建工作责任制<noise start="));
  assert_non_null (strstr (data, "rule=\"source-note\">（材料来源：公众号：某某）</noise>。</p>"));
  /* The advert line is noise outside any paragraph. */
  assert_non_null (strstr (data, "rule=\"site-advert\">【哒哒素材库】——每天更新材料</noise>"));
  assert_non_null (strstr (data, "rule=\"compilation-heading\">第二篇: </noise>"));
  assert_null (strchr (data, '\x01'));
}

/* The XML of a corpus of one file holding @text, in fixture's folder. */
static char *
xml_of_text (Fixture *f, const char *text, gsize len, gsize *size)
{
  g_autofree char *path = g_build_filename (f->dir, "one.txt", NULL);
  g_autoptr(BaguCorpus) corpus = bagu_corpus_new ();
  BaguLoadOptions options = { 0 };
  const char *paths[] = { path };
  char *data = NULL;
  size_t n = 0;
  FILE *out;

  assert_true (g_file_set_contents (path, text, len, NULL));
  assert_true (bagu_load_corpus (corpus, paths, 1, &options, NULL, NULL, NULL));
  out = open_memstream (&data, &n);
  assert_true (bagu_write_corpus (corpus, f->info, BAGU_FORMAT_XML, out, NULL));
  assert_int_equal (fclose (out), 0);
  g_unlink (path);
  if (size != NULL)
    *size = n;
  return data;
}

/* A character XML cannot carry is found wherever it lies in the text,
 * among full-width punctuation (whose UTF-8 starts as U+FFFE's does), and
 * text without one has no replaced attribute. */
static void
test_xml_replaced_anywhere (void **state)
{
  Fixture *f = *state;
  const char *bad[] = { "\x01", "\x1F", "\xEF\xBF\xBE", "\xEF\xBF\xBF", NULL };

  for (guint b = 0; bad[b] != NULL; b++)
    for (guint pos = 0; pos <= 18; pos++)
      {
        g_autoptr(GString) text = g_string_new (NULL);
        g_autofree char *data = NULL;
        g_autofree char *attr = g_strdup_printf ("replaced=\"%u\"", pos);

        for (guint i = 0; i < 18; i++)
          g_string_append (text, i == pos ? bad[b] : i % 2 == 0 ? "甲" : "，");
        g_string_append (text, "。\n");
        data = xml_of_text (f, text->str, text->len, NULL);
        if (pos == 18)
          assert_null (strstr (data, "replaced="));
        else
          {
            assert_non_null (strstr (data, attr));
            assert_null (strstr (data, bad[b]));
            assert_non_null (strstr (data, "\xEF\xBF\xBD"));
          }
      }
}

/* Characters escaped in character data, at every position among Chinese
 * text, alone and with a character that XML cannot carry after them: the
 * paragraph's string value is the text, the forbidden character replaced. */
static void
test_xml_escaped_anywhere (void **state)
{
  Fixture *f = *state;
  const char *special[] = { "<", ">", "&", "\"", NULL };

  for (guint c = 0; special[c] != NULL; c++)
    for (guint pos = 0; pos < 18; pos++)
      for (guint with_bad = 0; with_bad < 2; with_bad++)
        {
          g_autoptr(GString) text = g_string_new (NULL);
          g_autoptr(GString) expected = g_string_new (NULL);
          g_autoptr(xmlDoc) doc = NULL;
          g_autofree char *data = NULL;
          xmlNode *p = NULL;
          xmlChar *value;
          gsize size;

          for (guint i = 0; i < 18; i++)
            {
              const char *piece = i == pos ? special[c]
                                  : with_bad && i == (pos + 5) % 18 ? "\x02"
                                  : i % 3 == 0 ? "，" : "甲";

              g_string_append (text, piece);
              g_string_append (expected, strcmp (piece, "\x02") == 0 ? "\xEF\xBF\xBD" : piece);
            }
          g_string_append (text, "乙\n");
          g_string_append (expected, "乙");
          data = xml_of_text (f, text->str, text->len, &size);
          doc = parse_xml (data, size);
          /* The first p element, depth first. */
          for (xmlNode *n = xmlDocGetRootElement (doc); n != NULL && p == NULL;)
            {
              if (n->type == XML_ELEMENT_NODE && strcmp ((char *) n->name, "p") == 0)
                p = n;
              else if (n->children != NULL)
                n = n->children;
              else
                {
                  while (n != NULL && n->next == NULL)
                    n = n->parent;
                  n = n != NULL ? n->next : NULL;
                }
            }
          assert_non_null (p);
          value = xmlNodeGetContent (p);
          assert_string_equal ((char *) value, expected->str);
          xmlFree (value);
        }
}

static void
test_deterministic (void **state)
{
  Fixture *f = *state;
  gsize a_len, b_len;
  g_autofree char *a = write_to_string (f, BAGU_FORMAT_XML, &a_len);
  g_autofree char *b = write_to_string (f, BAGU_FORMAT_XML, &b_len);

  assert_int_equal (a_len, b_len);
  assert_memory_equal (a, b, a_len);
}

static void
test_json (void **state)
{
  Fixture *f = *state;
  gsize len;
  g_autofree char *data = write_to_string (f, BAGU_FORMAT_JSON, &len);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *doc, *para, *noise;
  JsonArray *docs;

  assert_true (json_parser_load_from_data (parser, data, len, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  assert_string_equal (json_object_get_string_member (root, "bagu"), PACKAGE_VERSION);
  assert_string_equal (json_object_get_string_member (root, "command"), "segment");
  assert_string_equal (json_object_get_string_member (json_object_get_object_member (root, "options"),
                                                      "paragraphs"), "auto");
  docs = json_object_get_array_member (root, "documents");
  assert_int_equal (json_array_get_length (docs), 2);
  doc = json_array_get_object_element (docs, 0);
  assert_int_equal (json_object_get_int_member (doc, "article"), 1);
  assert_string_equal (json_object_get_string_member (doc, "title"), "甲单位工作总结");
  assert_true (g_str_has_suffix (json_object_get_string_member (doc, "name"), "report.txt#1"));
  para = json_array_get_object_element (json_object_get_array_member (doc, "paragraphs"), 0);
  assert_string_equal (json_object_get_string_member (para, "text"), "甲单位工作总结");
  assert_int_equal (json_object_get_int_member (para, "start"), 5);
  assert_int_equal (json_object_get_int_member (para, "end"), 12);
  noise = json_array_get_object_element (json_object_get_array_member (doc, "noise"), 0);
  assert_string_equal (json_object_get_string_member (noise, "rule"), "compilation-heading");
  assert_int_equal (json_object_get_int_member (noise, "start"), 0);
}

static void
test_text (void **state)
{
  Fixture *f = *state;
  g_autofree char *data = write_to_string (f, BAGU_FORMAT_TEXT, NULL);
  g_auto(GStrv) lines = g_strsplit (data, "\n", -1);

  assert_true (g_str_has_suffix (lines[0], "report.txt#1\tUTF-8\tlines\t2 paragraphs\t3 noise\t甲单位工作总结"));
  assert_string_equal (lines[1], "  noise\t0\t5\tcompilation-heading\t第一篇: ");
  assert_string_equal (lines[2], "  p\t5\t12\t甲单位工作总结");
  assert_non_null (strstr (data, "  noise\t52\t67\tsite-advert\t【哒哒素材库】——每天更新材料\n"));
}

static void
test_write_error (void **state)
{
  Fixture *f = *state;
  g_autoptr(GError) error = NULL;
  FILE *full = fopen ("/dev/full", "w");
  gboolean ok;

  if (full == NULL)
    skip ();
  setvbuf (full, NULL, _IONBF, 0);
  ok = bagu_write_corpus (f->corpus, f->info, BAGU_FORMAT_XML, full, &error);
  fclose (full);
  assert_false (ok);
  assert_error_matches (error, BAGU_WRITE_ERROR, BAGU_WRITE_ERROR_FAILED);
}

static void
test_format_parse (void **state)
{
  BaguFormat format;

  assert_true (bagu_format_parse ("xml", &format));
  assert_int_equal (format, BAGU_FORMAT_XML);
  assert_true (bagu_format_parse ("json", &format));
  assert_int_equal (format, BAGU_FORMAT_JSON);
  assert_true (bagu_format_parse ("text", &format));
  assert_int_equal (format, BAGU_FORMAT_TEXT);
  assert_false (bagu_format_parse ("yaml", &format));
  assert_false (bagu_format_parse (NULL, &format));
}

/* The writers' formatting agrees with printf: numbers of every size, and
 * fractions near ties, tiny, large, negative and not finite. */
static void
check_fraction (double value)
{
  char fast[G_ASCII_DTOSTR_BUF_SIZE + 1], slow[G_ASCII_DTOSTR_BUF_SIZE];

  *bagu_format_fraction (fast, value) = '\0';
  g_ascii_formatd (slow, sizeof slow, "%.3f", value);
  if (strcmp (fast, slow) != 0)
    fail_msg ("%.17g: %s, printf %s", value, fast, slow);
}

static void
test_format_numbers (void **state)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  const guint64 uints[] = { 0, 1, 9, 10, 99, 100, 4294967295u, 4294967296u, G_MAXUINT64 };
  const double fractions[] = { 0, 1, 0.5, 0.0005, 0.0015, 0.0025, 0.1125, 0.9995, 0.999,
                               0.1235, 2.5e-4, 1e-9, 999999.9995, 1e6, 1e7 + 0.25, 1e30,
                               -0.0004, -0.5, -3.25, 1.0 / 3, 2.0 / 3 };

  (void) state;
  for (guint i = 0; i < G_N_ELEMENTS (uints); i++)
    {
      char fast[24], slow[24];

      *bagu_format_uint (fast, uints[i]) = '\0';
      g_snprintf (slow, sizeof slow, "%" G_GUINT64_FORMAT, uints[i]);
      assert_string_equal (fast, slow);
    }
  /* Every number of digits, at both its ends. */
  for (guint64 p = 1, i = 0; i < 20; i++, p *= 10)
    for (guint64 v = p - 1; v <= p; v++)
      {
        char fast[24], slow[24];

        *bagu_format_uint (fast, v) = '\0';
        g_snprintf (slow, sizeof slow, "%" G_GUINT64_FORMAT, v);
        assert_string_equal (fast, slow);
      }
  /* Numbers of every length, two digits at a time. */
  for (guint i = 0; i < 20000; i++)
    {
      char fast[24], slow[24];
      guint64 v = ((guint64) g_rand_int (rand) << 32 | g_rand_int (rand)) >> g_rand_int_range (rand, 0, 64);

      *bagu_format_uint (fast, v) = '\0';
      g_snprintf (slow, sizeof slow, "%" G_GUINT64_FORMAT, v);
      assert_string_equal (fast, slow);
    }
  for (guint i = 0; i < G_N_ELEMENTS (fractions); i++)
    check_fraction (fractions[i]);
  check_fraction (NAN);
  check_fraction (INFINITY);
  for (guint i = 0; i < 200000; i++)
    {
      /* Thousandths and halves of them, as scores and shares are made of
       * counts, and any value at all. */
      check_fraction (g_rand_int_range (rand, 0, 2001) / 2000.0);
      check_fraction ((double) g_rand_int_range (rand, 0, 100000) / g_rand_int_range (rand, 1, 100000));
      check_fraction (g_rand_double_range (rand, 0, 1000));
    }
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown (test_xml_validates, setup, teardown),
    cmocka_unit_test_setup_teardown (test_xml_paragraph_text, setup, teardown),
    cmocka_unit_test_setup_teardown (test_xml_noise_and_replaced, setup, teardown),
    cmocka_unit_test_setup_teardown (test_xml_replaced_anywhere, setup, teardown),
    cmocka_unit_test_setup_teardown (test_xml_escaped_anywhere, setup, teardown),
    cmocka_unit_test_setup_teardown (test_deterministic, setup, teardown),
    cmocka_unit_test_setup_teardown (test_json, setup, teardown),
    cmocka_unit_test_setup_teardown (test_text, setup, teardown),
    cmocka_unit_test_setup_teardown (test_write_error, setup, teardown),
    cmocka_unit_test (test_format_parse),
    cmocka_unit_test (test_format_numbers),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
