/* tests/test-segment.c: unit tests for splitting sources into documents, paragraphs and noise. */
#include "config.h"

#include <string.h>

#include "test-util.h"
#include "bagu-corpus.h"
#include "bagu-noise.h"
#include "bagu-segment.h"

typedef struct {
  BaguCorpus *corpus;
  BaguNoiseRules *rules;   /* the default rules of templates/noise.rules */
} Fixture;

static int
setup_fixture (void **state)
{
  Fixture *fx = g_new0 (Fixture, 1);
  g_autofree char *path = test_srcpath ("templates", "noise.rules", NULL);
  g_autoptr(GError) error = NULL;

  fx->corpus = bagu_corpus_new ();
  fx->rules = bagu_noise_rules_new ();
  if (!bagu_noise_rules_add_file (fx->rules, path, &error))
    {
      print_error ("%s\n", error->message);
      return -1;
    }
  *state = fx;
  return 0;
}

static int
teardown_fixture (void **state)
{
  Fixture *fx = *state;

  bagu_noise_rules_free (fx->rules);
  bagu_corpus_free (fx->corpus);
  g_free (fx);
  return 0;
}

/* White space as the segmenter trims it. */
static gboolean
is_space (gunichar c)
{
  return g_unichar_isspace (c) || c == 0xFEFF || c == 0x200B;
}

/* An extent in a document's text: the characters between the bytes are
 * exactly end - start, and the bytes start where the characters do. */
static void
check_extent (const BaguDocument *doc, const char *text, guint32 start, guint32 end,
              guint32 byte_start, guint32 byte_end)
{
  gsize len = bagu_document_text_len (doc);

  assert_true (start < end);
  assert_true (byte_start < byte_end);
  assert_true (byte_end <= len);
  assert_true (end <= doc->n_chars);
  assert_true (((guchar) text[byte_start] & 0xC0) != 0x80);
  assert_true (byte_end == len || ((guchar) text[byte_end] & 0xC0) != 0x80);
  assert_true (g_utf8_validate_len (text + byte_start, byte_end - byte_start, NULL));
  assert_int_equal (g_utf8_strlen (text + byte_start, byte_end - byte_start), end - start);
  assert_int_equal (g_utf8_pointer_to_offset (text, text + byte_start), start);
}

/* The invariants of a segmented source: documents cover the text without gaps,
 * paragraphs and noise spans are sorted, consistent and within their
 * document, a noise span is inside one paragraph or outside all, and every
 * character that is not white space is in a paragraph or a noise span. */
static void
check_source (const BaguCorpus *corpus, guint source_index)
{
  const BaguSource *source = bagu_corpus_source (corpus, source_index);
  gsize covered = 0;

  assert_true (source->n_docs >= 1);
  assert_true (source->mode == BAGU_PARAGRAPHS_LINES || source->mode == BAGU_PARAGRAPHS_BLOCKS);
  assert_int_equal (source->first_doc + source->n_docs, corpus->documents->len);
  for (guint d = source->first_doc; d < source->first_doc + source->n_docs; d++)
    {
      const BaguDocument *doc = bagu_corpus_document (corpus, d);
      const char *text = bagu_document_text (corpus, doc);
      gsize len = bagu_document_text_len (doc);
      g_autofree guint8 *marks = g_new0 (guint8, len + 1);

      assert_int_equal (doc->source, source_index);
      assert_int_equal (doc->byte_start, covered);
      assert_true (doc->byte_end >= doc->byte_start);
      assert_true (doc->byte_end <= source->text_len);
      assert_int_equal (doc->char_start,
                        g_utf8_pointer_to_offset (source->text, source->text + doc->byte_start));
      assert_int_equal (doc->n_chars, g_utf8_strlen (text, len));
      assert_non_null (doc->title);
      assert_true (g_utf8_validate (doc->title, -1, NULL));
      covered = doc->byte_end;

      assert_true (doc->first_paragraph + doc->n_paragraphs <= corpus->paragraphs->len);
      if (d > source->first_doc)
        {
          const BaguDocument *prev = bagu_corpus_document (corpus, d - 1);

          assert_int_equal (doc->first_paragraph, prev->first_paragraph + prev->n_paragraphs);
          assert_int_equal (doc->first_noise, prev->first_noise + prev->n_noise);
        }
      for (guint i = 0; i < doc->n_paragraphs; i++)
        {
          const BaguParagraph *p = bagu_corpus_paragraph (corpus, doc->first_paragraph + i);
          const char *last;

          assert_int_equal (p->doc, d);
          check_extent (doc, text, p->start, p->end, p->byte_start, p->byte_end);
          /* trimmed */
          assert_false (is_space (g_utf8_get_char (text + p->byte_start)));
          last = g_utf8_prev_char (text + p->byte_end);
          assert_false (is_space (g_utf8_get_char (last)));
          if (i > 0)
            assert_true (p->start >= bagu_corpus_paragraph (corpus, doc->first_paragraph + i - 1)->end);
          memset (marks + p->byte_start, 1, p->byte_end - p->byte_start);
        }

      assert_true (doc->first_noise + doc->n_noise <= corpus->noise->len);
      for (guint i = 0; i < doc->n_noise; i++)
        {
          const BaguNoise *n = bagu_corpus_noise (corpus, doc->first_noise + i);
          gboolean overlaps = FALSE;

          assert_int_equal (n->doc, d);
          assert_non_null (n->rule);
          check_extent (doc, text, n->start, n->end, n->byte_start, n->byte_end);
          if (i > 0)
            assert_true (n->start >= bagu_corpus_noise (corpus, doc->first_noise + i - 1)->end);
          for (guint k = 0; k < doc->n_paragraphs; k++)
            {
              const BaguParagraph *p = bagu_corpus_paragraph (corpus, doc->first_paragraph + k);

              /* overlapping without being inside */
              if (p->start < n->end && n->start < p->end
                  && !(p->start <= n->start && n->end <= p->end))
                overlaps = TRUE;
            }
          if (overlaps)
            print_error ("noise [%u, %u) %s straddles a paragraph edge\n", n->start, n->end, n->rule);
          assert_false (overlaps);
          memset (marks + n->byte_start, 1, n->byte_end - n->byte_start);
        }

      for (const char *p = text; p < text + len; p = g_utf8_next_char (p))
        if (!marks[p - text] && !is_space (g_utf8_get_char (p)))
          {
            g_autofree char *around = g_strndup (p, MIN (30, (gsize) (text + len - p)));

            print_error ("document %u: character %ld not covered: \"%s\"\n",
                         d, g_utf8_pointer_to_offset (text, p), around);
            fail ();
          }
    }
  assert_int_equal (covered, source->text_len);
}

static guint
segment_with (Fixture *fx, const char *path, const char *text, gsize len,
              BaguParagraphMode mode, const BaguNoiseRules *rules)
{
  BaguSource *source = g_new0 (BaguSource, 1);
  guint index;

  source->path = g_strdup (path);
  source->encoding = "UTF-8";
  source->text = g_strndup (text, len);
  source->text_len = len;
  index = bagu_corpus_add_source (fx->corpus, source);
  bagu_segment_source (fx->corpus, index, &(BaguSegmentOptions) { mode, rules });
  check_source (fx->corpus, index);
  return index;
}

/* Segments @text as "test.txt" with the default rules. */
static guint
segment (Fixture *fx, const char *text, BaguParagraphMode mode)
{
  return segment_with (fx, "test.txt", text, strlen (text), mode, fx->rules);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  if (!g_file_get_contents (path, &data, NULL, &error))
    {
      print_error ("%s\n", error->message);
      fail ();
    }
  assert_true (g_utf8_validate (data, -1, NULL));
  return data;
}

static char *
read_sample (guint i)
{
  g_autofree char *path = test_srcpath ("samples", test_samples[i], NULL);

  return read_file (path);
}

static guint
segment_sample (Fixture *fx, guint i, BaguParagraphMode mode)
{
  g_autofree char *text = read_sample (i);

  return segment_with (fx, test_samples[i], text, strlen (text), mode, fx->rules);
}

static const BaguSource *
source_at (Fixture *fx, guint source_index)
{
  return bagu_corpus_source (fx->corpus, source_index);
}

/* Document @k of a source. */
static const BaguDocument *
doc_at (Fixture *fx, guint source_index, guint k)
{
  const BaguSource *source = source_at (fx, source_index);

  assert_true (k < source->n_docs);
  return bagu_corpus_document (fx->corpus, source->first_doc + k);
}

static const BaguParagraph *
para_at (Fixture *fx, const BaguDocument *doc, guint k)
{
  assert_true (k < doc->n_paragraphs);
  return bagu_corpus_paragraph (fx->corpus, doc->first_paragraph + k);
}

static const BaguNoise *
noise_at (Fixture *fx, const BaguDocument *doc, guint k)
{
  assert_true (k < doc->n_noise);
  return bagu_corpus_noise (fx->corpus, doc->first_noise + k);
}

static char *
doc_slice (Fixture *fx, const BaguDocument *doc, guint32 byte_start, guint32 byte_end)
{
  return g_strndup (bagu_document_text (fx->corpus, doc) + byte_start, byte_end - byte_start);
}

static void
assert_para (Fixture *fx, const BaguDocument *doc, guint k,
             guint32 start, guint32 end, const char *text)
{
  const BaguParagraph *p = para_at (fx, doc, k);
  g_autofree char *got = doc_slice (fx, doc, p->byte_start, p->byte_end);

  if (p->start != start || p->end != end || (text != NULL && strcmp (got, text) != 0))
    print_error ("paragraph %u: [%u, %u) \"%s\"\n", k, p->start, p->end, got);
  assert_int_equal (p->start, start);
  assert_int_equal (p->end, end);
  if (text != NULL)
    assert_string_equal (got, text);
}

static void
assert_noise (Fixture *fx, const BaguDocument *doc, guint k,
              guint32 start, guint32 end, const char *rule, const char *text)
{
  const BaguNoise *n = noise_at (fx, doc, k);
  g_autofree char *got = doc_slice (fx, doc, n->byte_start, n->byte_end);

  if (n->start != start || n->end != end || strcmp (n->rule, rule) != 0)
    print_error ("noise %u: [%u, %u) %s \"%s\"\n", k, n->start, n->end, n->rule, got);
  assert_int_equal (n->start, start);
  assert_int_equal (n->end, end);
  assert_string_equal (n->rule, rule);
  if (text != NULL)
    assert_string_equal (got, text);
}

/* How many noise spans of a document come from @rule. */
static guint
count_noise (Fixture *fx, const BaguDocument *doc, const char *rule)
{
  guint n = 0;

  for (guint k = 0; k < doc->n_noise; k++)
    if (strcmp (noise_at (fx, doc, k)->rule, rule) == 0)
      n++;
  return n;
}

/* ---- lines mode ---- */

static void
test_lines_lf (void **state)
{
  Fixture *fx = *state;
  guint s = segment (fx, "标题\n第一段。\n第二段，内容。\n", BAGU_PARAGRAPHS_LINES);
  const BaguDocument *doc = doc_at (fx, s, 0);
  const BaguParagraph *p;

  assert_int_equal (source_at (fx, s)->mode, BAGU_PARAGRAPHS_LINES);
  assert_int_equal (source_at (fx, s)->n_docs, 1);
  assert_int_equal (doc->article, 0);
  assert_int_equal (doc->n_chars, 16);
  assert_int_equal (doc->n_paragraphs, 3);
  assert_int_equal (doc->n_noise, 0);
  assert_para (fx, doc, 0, 0, 2, "标题");
  assert_para (fx, doc, 1, 3, 7, "第一段。");
  assert_para (fx, doc, 2, 8, 15, "第二段，内容。");
  p = para_at (fx, doc, 2);
  assert_int_equal (p->byte_start, 6 + 1 + 12 + 1);
  assert_int_equal (p->byte_end, 20 + 21);
}

static void
test_lines_crlf (void **state)
{
  Fixture *fx = *state;
  guint s = segment (fx, "标题\r\n第一段内容。\r\n\r\n　第二段，有空格。　\r\n",
                     BAGU_PARAGRAPHS_LINES);
  const BaguDocument *doc = doc_at (fx, s, 0);

  /* A CRLF is two characters of the document text. */
  assert_int_equal (doc->n_chars, 2 + 2 + 6 + 2 + 2 + 10 + 2);
  assert_int_equal (doc->n_paragraphs, 3);
  assert_para (fx, doc, 0, 0, 2, "标题");
  assert_para (fx, doc, 1, 4, 10, "第一段内容。");
  assert_para (fx, doc, 2, 15, 23, "第二段，有空格。");
  assert_int_equal (para_at (fx, doc, 1)->byte_start, 8);
  assert_int_equal (para_at (fx, doc, 1)->byte_end, 8 + 18);
}

static void
test_lines_cr (void **state)
{
  Fixture *fx = *state;
  guint s = segment (fx, "标题\r第一段内容。\r\r　第二段，有空格。　\r", BAGU_PARAGRAPHS_LINES);
  const BaguDocument *doc = doc_at (fx, s, 0);

  assert_int_equal (doc->n_chars, 2 + 1 + 6 + 1 + 1 + 10 + 1);
  assert_int_equal (doc->n_paragraphs, 3);
  assert_para (fx, doc, 0, 0, 2, "标题");
  assert_para (fx, doc, 1, 3, 9, "第一段内容。");
  assert_para (fx, doc, 2, 12, 20, "第二段，有空格。");
}

static void
test_lines_mixed_ends (void **state)
{
  Fixture *fx = *state;
  /* LF, CRLF, CR and no line end at all after the last line */
  guint s = segment (fx, "甲\n乙\r\n丙\r丁", BAGU_PARAGRAPHS_LINES);
  const BaguDocument *doc = doc_at (fx, s, 0);

  assert_int_equal (doc->n_paragraphs, 4);
  assert_para (fx, doc, 0, 0, 1, "甲");
  assert_para (fx, doc, 1, 2, 3, "乙");
  assert_para (fx, doc, 2, 5, 6, "丙");
  assert_para (fx, doc, 3, 7, 8, "丁");
  assert_int_equal (doc->n_chars, 8);
}

static void
test_lines_blank_lines (void **state)
{
  Fixture *fx = *state;
  /* Empty, spaces, a tab, an ideographic space, a zero-width space and a BOM:
   * all blank. */
  guint s = segment (fx, "\n甲\n\n   \n\t\n　　\n\u200B\n\uFEFF\n乙\n\n", BAGU_PARAGRAPHS_LINES);
  const BaguDocument *doc = doc_at (fx, s, 0);

  assert_int_equal (doc->n_paragraphs, 2);
  assert_para (fx, doc, 0, 1, 2, "甲");
  assert_para (fx, doc, 1, 17, 18, "乙");
  assert_int_equal (doc->n_noise, 0);
}

static void
test_lines_trim (void **state)
{
  Fixture *fx = *state;
  guint s = segment (fx, "  \t标题 \n　　一、总体情况　\n\u00A0正文，内容 和 空格。\u3000 \t\n",
                     BAGU_PARAGRAPHS_LINES);
  const BaguDocument *doc = doc_at (fx, s, 0);

  assert_int_equal (doc->n_paragraphs, 3);
  assert_para (fx, doc, 0, 3, 5, "标题");
  assert_para (fx, doc, 1, 9, 15, "一、总体情况");
  /* Inner white space stays. */
  assert_para (fx, doc, 2, 18, 29, "正文，内容 和 空格。");
  assert_string_equal (doc->title, "标题");
}

static void
test_lines_empty (void **state)
{
  Fixture *fx = *state;
  guint s = segment (fx, "", BAGU_PARAGRAPHS_AUTO);
  const BaguDocument *doc = doc_at (fx, s, 0);

  assert_int_equal (source_at (fx, s)->n_docs, 1);
  assert_int_equal (source_at (fx, s)->mode, BAGU_PARAGRAPHS_LINES);
  assert_int_equal (doc->n_paragraphs, 0);
  assert_int_equal (doc->n_noise, 0);
  assert_int_equal (doc->n_chars, 0);
  assert_string_equal (doc->title, "");

  s = segment (fx, "\n \n　\n", BAGU_PARAGRAPHS_AUTO);
  doc = doc_at (fx, s, 0);
  assert_int_equal (doc->n_paragraphs, 0);
  assert_int_equal (doc->n_chars, 5);
}

static void
test_lines_two_sources (void **state)
{
  Fixture *fx = *state;
  guint a = segment (fx, "甲\n乙\n", BAGU_PARAGRAPHS_LINES);
  guint b = segment (fx, "丙\n", BAGU_PARAGRAPHS_LINES);
  const BaguDocument *doc = doc_at (fx, b, 0);

  assert_int_equal (a, 0);
  assert_int_equal (b, 1);
  assert_int_equal (source_at (fx, b)->first_doc, 1);
  assert_int_equal (doc->source, 1);
  assert_int_equal (doc->first_paragraph, 2);
  assert_int_equal (para_at (fx, doc, 0)->doc, 1);
  assert_para (fx, doc, 0, 0, 1, "丙");
}

/* ---- compilations ---- */

static const char compilation[] =
  "第一篇: 标题甲\n"
  "甲的内容。\n"
  "\n"
  "第二篇：标题乙\n"
  "乙的内容。\n"
  "第三篇 标题丙\n"
  "丙的内容。\n";

static void
test_compilation_split (void **state)
{
  Fixture *fx = *state;
  guint s = segment_with (fx, "c.txt", compilation, strlen (compilation),
                          BAGU_PARAGRAPHS_AUTO, fx->rules);
  const BaguSource *source = source_at (fx, s);
  static const char *const titles[] = { "标题甲", "标题乙", "标题丙" };
  static const char *const headings[] = { "第一篇: ", "第二篇：", "第三篇 " };
  static const char *const bodies[] = { "甲的内容。", "乙的内容。", "丙的内容。" };

  assert_int_equal (source->n_docs, 3);
  for (guint k = 0; k < 3; k++)
    {
      const BaguDocument *doc = doc_at (fx, s, k);
      glong n = g_utf8_strlen (headings[k], -1);
      g_autofree char *name = bagu_document_name (fx->corpus, doc);
      g_autofree char *expected_name = g_strdup_printf ("c.txt#%u", k + 1);

      assert_int_equal (doc->article, k + 1);
      assert_string_equal (doc->title, titles[k]);
      assert_string_equal (name, expected_name);
      assert_int_equal (doc->n_noise, 1);
      assert_noise (fx, doc, 0, 0, n, "compilation-heading", headings[k]);
      assert_int_equal (noise_at (fx, doc, 0)->byte_start, 0);
      assert_int_equal (doc->n_paragraphs, 2);
      assert_para (fx, doc, 0, n, n + 3, titles[k]);
      assert_para (fx, doc, 1, n + 4, n + 9, bodies[k]);
    }
  /* Contiguous byte ranges covering the whole text */
  assert_int_equal (doc_at (fx, s, 0)->byte_start, 0);
  assert_int_equal (doc_at (fx, s, 0)->byte_end, doc_at (fx, s, 1)->byte_start);
  assert_int_equal (doc_at (fx, s, 1)->byte_end, doc_at (fx, s, 2)->byte_start);
  assert_int_equal (doc_at (fx, s, 2)->byte_end, strlen (compilation));
  assert_int_equal (doc_at (fx, s, 1)->byte_start, strlen ("第一篇: 标题甲\n甲的内容。\n\n"));
  assert_int_equal (doc_at (fx, s, 1)->char_start, 16);
  assert_int_equal (doc_at (fx, s, 2)->char_start, 16 + 14);
  assert_int_equal (doc_at (fx, s, 0)->n_chars + doc_at (fx, s, 1)->n_chars
                    + doc_at (fx, s, 2)->n_chars, g_utf8_strlen (compilation, -1));
}

static void
test_compilation_preamble (void **state)
{
  Fixture *fx = *state;
  const char *text = "合集目录\n第一篇：甲\n甲的内容。\n第二篇：乙\n乙的内容。\n";
  guint s = segment (fx, text, BAGU_PARAGRAPHS_LINES);
  const BaguDocument *doc = doc_at (fx, s, 0);

  /* What precedes the first heading belongs to the first article. */
  assert_int_equal (source_at (fx, s)->n_docs, 2);
  assert_int_equal (doc->byte_start, 0);
  assert_int_equal (doc->article, 1);
  assert_string_equal (doc->title, "甲");
  assert_para (fx, doc, 0, 0, 4, "合集目录");
  assert_noise (fx, doc, 0, 5, 9, "compilation-heading", "第一篇：");
  assert_para (fx, doc, 1, 9, 10, "甲");
}

static void
test_compilation_chinese_numbers (void **state)
{
  Fixture *fx = *state;
  g_autoptr(GString) text = g_string_new (NULL);
  guint s;
  static const char *const numbers[] = {
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
    "十一", "十二", "13", "十四",
  };

  /* Chinese numerals across 十, and an Arabic one in between */
  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    g_string_append_printf (text, "第%s篇：标题%u\n内容。\n", numbers[i], i + 1);
  s = segment (fx, text->str, BAGU_PARAGRAPHS_LINES);

  assert_int_equal (source_at (fx, s)->n_docs, G_N_ELEMENTS (numbers));
  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      const BaguDocument *doc = doc_at (fx, s, i);
      g_autofree char *title = g_strdup_printf ("标题%u", i + 1);

      assert_int_equal (doc->article, i + 1);
      assert_string_equal (doc->title, title);
    }
}

static void
test_compilation_out_of_order (void **state)
{
  Fixture *fx = *state;
  const char *text = "第一篇: 标题甲\n甲的内容。\n第三篇: 标题丙\n丙的内容。\n";
  guint s = segment (fx, text, BAGU_PARAGRAPHS_AUTO);
  const BaguDocument *doc = doc_at (fx, s, 0);

  assert_int_equal (source_at (fx, s)->n_docs, 1);
  assert_int_equal (doc->article, 0);
  assert_int_equal (doc->n_noise, 0);
  assert_int_equal (doc->n_paragraphs, 4);
  assert_string_equal (doc->title, "第一篇: 标题甲");
  assert_para (fx, doc, 2, 15, 23, "第三篇: 标题丙");

  /* Not starting at 1 */
  s = segment (fx, "第二篇：乙\n内容。\n第三篇：丙\n内容。\n", BAGU_PARAGRAPHS_AUTO);
  assert_int_equal (source_at (fx, s)->n_docs, 1);
  assert_int_equal (doc_at (fx, s, 0)->article, 0);

  /* A repeated number */
  s = segment (fx, "第一篇：甲\n内容。\n第二篇：乙\n内容。\n第二篇：丙\n内容。\n",
               BAGU_PARAGRAPHS_AUTO);
  assert_int_equal (source_at (fx, s)->n_docs, 1);
}

static void
test_compilation_single (void **state)
{
  Fixture *fx = *state;
  guint s = segment (fx, "第一篇: 标题甲\n甲的内容。\n", BAGU_PARAGRAPHS_AUTO);
  const BaguDocument *doc = doc_at (fx, s, 0);

  assert_int_equal (source_at (fx, s)->n_docs, 1);
  assert_int_equal (doc->article, 0);
  assert_int_equal (doc->n_noise, 0);
  assert_para (fx, doc, 0, 0, 8, "第一篇: 标题甲");
}

static void
test_compilation_heading_mid_line (void **state)
{
  Fixture *fx = *state;
  /* A heading must start its line. */
  guint s = segment (fx, "第一篇：甲\n内容。\n参见第二篇：乙\n内容。\n", BAGU_PARAGRAPHS_AUTO);

  assert_int_equal (source_at (fx, s)->n_docs, 1);
}

static void
test_compilation_without_rules (void **state)
{
  Fixture *fx = *state;
  guint s = segment_with (fx, "c.txt", compilation, strlen (compilation),
                          BAGU_PARAGRAPHS_AUTO, NULL);
  const BaguDocument *doc = doc_at (fx, s, 0);

  assert_int_equal (source_at (fx, s)->n_docs, 1);
  assert_int_equal (doc->article, 0);
  assert_int_equal (doc->n_noise, 0);
  assert_int_equal (doc->n_paragraphs, 6);
}

static void
test_compilation_heading_only_title (void **state)
{
  Fixture *fx = *state;
  /* Headings with nothing after them: the title is the first paragraph,
   * whether or not white space trails the heading. */
  const char *text = "第一篇：\n甲的标题\n内容。\n第二篇： \n乙的标题\n内容。\n";
  guint s = segment (fx, text, BAGU_PARAGRAPHS_LINES);

  assert_int_equal (source_at (fx, s)->n_docs, 2);
  assert_noise (fx, doc_at (fx, s, 0), 0, 0, 4, "compilation-heading", "第一篇：");
  assert_noise (fx, doc_at (fx, s, 1), 0, 0, 5, "compilation-heading", "第二篇： ");
  assert_string_equal (doc_at (fx, s, 0)->title, "甲的标题");
  assert_string_equal (doc_at (fx, s, 1)->title, "乙的标题");
}

static void
test_compilation_custom_rule_name (void **state)
{
  Fixture *fx = *state;
  g_autoptr(BaguNoiseRules) rules = bagu_noise_rules_new ();
  g_autoptr(GError) error = NULL;
  const char *text = "Chapter 1: One\nText.\nChapter 2: Two\nMore text.\n";
  guint s;

  assert_true (bagu_noise_rules_add_data (rules, "article chapter-heading ^Chapter ([0-9]+):\\s*",
                                          -1, "custom.rules", &error));
  s = segment_with (fx, "book.txt", text, strlen (text), BAGU_PARAGRAPHS_LINES, rules);
  assert_int_equal (source_at (fx, s)->n_docs, 2);
  assert_int_equal (doc_at (fx, s, 1)->article, 2);
  assert_string_equal (doc_at (fx, s, 1)->title, "Two");
  /* The noise is reported under the name of the rule that found it. */
  assert_noise (fx, doc_at (fx, s, 0), 0, 0, 11, "chapter-heading", "Chapter 1: ");
}

static void
test_compilation_sample (void **state)
{
  Fixture *fx = *state;
  guint s = segment_sample (fx, 4, BAGU_PARAGRAPHS_AUTO);
  const BaguSource *source = source_at (fx, s);
  static const guint n_paragraphs[] = { 24, 14, 13, 14, 15, 12, 24, 9, 10, 27, 13 };

  assert_int_equal (source->mode, BAGU_PARAGRAPHS_LINES);
  assert_int_equal (source->n_docs, 11);
  for (guint k = 0; k < 11; k++)
    {
      const BaguDocument *doc = doc_at (fx, s, k);

      assert_int_equal (doc->article, k + 1);
      assert_string_equal (doc->title, "2023第四季度意识形态工作总结");
      assert_string_equal (noise_at (fx, doc, 0)->rule, "compilation-heading");
      assert_int_equal (noise_at (fx, doc, 0)->start, 0);
      assert_int_equal (noise_at (fx, doc, 0)->end, k == 10 ? 6 : 5);
      assert_para (fx, doc, 0, k == 10 ? 6 : 5, k == 10 ? 22 : 21,
                   "2023第四季度意识形态工作总结");
      assert_int_equal (doc->n_paragraphs, n_paragraphs[k]);
    }
  assert_string_equal (doc_at (fx, s, 1)->title, "2023第四季度意识形态工作总结");
  assert_string_equal (doc_at (fx, s, 10)->title, "2023第四季度意识形态工作总结");
  /* ##paidbegin## opens line 6 of the first article, ##paidend## ends the file. */
  assert_int_equal (doc_at (fx, s, 0)->n_noise, 2);
  assert_noise (fx, doc_at (fx, s, 0), 1, 340, 353, "paid-marker", "##paidbegin##");
  assert_int_equal (para_at (fx, doc_at (fx, s, 0), 5)->start, 353);
  assert_int_equal (doc_at (fx, s, 10)->n_noise, 2);
  assert_noise (fx, doc_at (fx, s, 10), 1, 5232, 5243, "paid-marker", "##paidend##");
  for (guint k = 1; k < 10; k++)
    assert_int_equal (doc_at (fx, s, k)->n_noise, 1);
}

/* ---- page breaks of document-sharing sites ---- */

static void
test_page_break_join (void **state)
{
  Fixture *fx = *state;
  guint s = segment (fx, "1、甲乙丙\n2、丁戊，\n3、己庚辛\n4、壬癸。\n", BAGU_PARAGRAPHS_AUTO);
  const BaguDocument *doc = doc_at (fx, s, 0);

  assert_int_equal (doc->n_paragraphs, 1);
  assert_para (fx, doc, 0, 2, 23, "甲乙丙\n2、丁戊，\n3、己庚辛\n4、壬癸。");
  assert_int_equal (doc->n_noise, 4);
  assert_noise (fx, doc, 0, 0, 2, "page-number", "1、");
  assert_noise (fx, doc, 1, 6, 8, "page-number", "2、");
  assert_noise (fx, doc, 2, 12, 14, "page-number", "3、");
  assert_noise (fx, doc, 3, 18, 20, "page-number", "4、");
  assert_string_equal (doc->title, "甲乙丙");
}

static void
test_page_break_numbered_list (void **state)
{
  Fixture *fx = *state;
  guint s = segment (fx, "工作要点\n1、加强学习。\n2、完善制度。\n3、强化督查。\n",
                     BAGU_PARAGRAPHS_AUTO);
  const BaguDocument *doc = doc_at (fx, s, 0);

  assert_int_equal (doc->n_paragraphs, 4);
  assert_int_equal (doc->n_noise, 0);
  assert_para (fx, doc, 1, 5, 12, "1、加强学习。");
  assert_para (fx, doc, 2, 13, 20, "2、完善制度。");
  assert_para (fx, doc, 3, 21, 28, "3、强化督查。");
}

static void
test_page_break_single_line (void **state)
{
  Fixture *fx = *state;
  /* One numbered line breaking mid-sentence is not a page run. */
  guint s = segment (fx, "1、甲乙丙\n丁戊。\n", BAGU_PARAGRAPHS_AUTO);
  const BaguDocument *doc = doc_at (fx, s, 0);

  assert_int_equal (doc->n_noise, 0);
  assert_int_equal (doc->n_paragraphs, 2);
  assert_para (fx, doc, 0, 0, 5, "1、甲乙丙");
}

static void
test_page_break_across_advert (void **state)
{
  Fixture *fx = *state;
  /* An advertising line between two pages does not end the paragraph. */
  guint s = segment (fx, "1、甲乙丙\n【某某素材库】广告\n2、丁戊。\n", BAGU_PARAGRAPHS_AUTO);
  const BaguDocument *doc = doc_at (fx, s, 0);

  assert_int_equal (doc->n_paragraphs, 1);
  assert_para (fx, doc, 0, 2, 21, NULL);
  assert_int_equal (doc->n_noise, 3);
  assert_noise (fx, doc, 0, 0, 2, "page-number", "1、");
  assert_noise (fx, doc, 1, 6, 15, "site-advert", "【某某素材库】广告");
  assert_noise (fx, doc, 2, 16, 18, "page-number", "2、");
}

static void
test_page_break_crlf (void **state)
{
  Fixture *fx = *state;
  guint s = segment (fx, "1、甲乙丙\r\n2、丁戊，\r\n3、己庚辛。\r\n", BAGU_PARAGRAPHS_AUTO);
  const BaguDocument *doc = doc_at (fx, s, 0);

  assert_int_equal (doc->n_paragraphs, 1);
  assert_para (fx, doc, 0, 2, 20, "甲乙丙\r\n2、丁戊，\r\n3、己庚辛。");
  assert_int_equal (doc->n_noise, 3);
  assert_noise (fx, doc, 1, 7, 9, "page-number", "2、");
  assert_noise (fx, doc, 2, 14, 16, "page-number", "3、");
}

static void
test_page_break_sample (void **state)
{
  Fixture *fx = *state;
  guint s = segment_sample (fx, 3, BAGU_PARAGRAPHS_AUTO);
  const BaguDocument *doc = doc_at (fx, s, 0);
  const BaguParagraph *p;
  g_autofree char *first = NULL;

  assert_int_equal (source_at (fx, s)->mode, BAGU_PARAGRAPHS_LINES);
  assert_int_equal (source_at (fx, s)->n_docs, 1);
  assert_int_equal (doc->n_noise, 14);
  assert_int_equal (count_noise (fx, doc, "site-share"), 1);
  assert_int_equal (count_noise (fx, doc, "page-number"), 13);

  /* The first line, the site's share notice, is noise as a whole. */
  assert_noise (fx, doc, 0, 0, 103, "site-share", NULL);
  first = doc_slice (fx, doc, noise_at (fx, doc, 0)->byte_start, noise_at (fx, doc, 0)->byte_end);
  assert_true (g_str_has_prefix (first, "《2023年上半年"));
  assert_true (g_str_has_suffix (first, "请在课桌文档上搜索。"));

  for (guint k = 1; k <= 13; k++)
    {
      const BaguNoise *n = noise_at (fx, doc, k);
      g_autofree char *got = doc_slice (fx, doc, n->byte_start, n->byte_end);
      g_autofree char *expected = g_strdup_printf ("%u、", k);

      assert_string_equal (n->rule, "page-number");
      assert_string_equal (got, expected);
    }
  assert_noise (fx, doc, 1, 104, 106, "page-number", "1、");
  assert_noise (fx, doc, 2, 407, 409, "page-number", "2、");
  assert_noise (fx, doc, 13, 3743, 3746, "page-number", "13、");

  /* The thirteen page-broken lines are one paragraph. */
  assert_int_equal (doc->n_paragraphs, 1);
  p = para_at (fx, doc, 0);
  assert_int_equal (p->start, 106);
  assert_int_equal (p->end, doc->n_chars);
  assert_true (g_str_has_prefix (doc->title, "县(市、区)党委2023年上半年"));
}

/* ---- noise rules ---- */

static void
test_noise_line_rule (void **state)
{
  Fixture *fx = *state;
  guint s = segment (fx, "正文第一段。\n  【某某素材库】广告内容  \n正文第二段。\n",
                     BAGU_PARAGRAPHS_LINES);
  const BaguDocument *doc = doc_at (fx, s, 0);

  assert_int_equal (doc->n_paragraphs, 2);
  assert_para (fx, doc, 0, 0, 6, "正文第一段。");
  assert_para (fx, doc, 1, 23, 29, "正文第二段。");
  assert_int_equal (doc->n_noise, 1);
  assert_noise (fx, doc, 0, 9, 20, "site-advert", "【某某素材库】广告内容");
}

static void
test_noise_line_rule_first_line (void **state)
{
  Fixture *fx = *state;
  guint s = segment (fx, "欢迎加入素材库会员\n年度工作总结\n正文。\n", BAGU_PARAGRAPHS_LINES);
  const BaguDocument *doc = doc_at (fx, s, 0);

  assert_noise (fx, doc, 0, 0, 9, "site-membership", "欢迎加入素材库会员");
  assert_int_equal (doc->n_paragraphs, 2);
  assert_string_equal (doc->title, "年度工作总结");
}

static void
test_noise_span_line_start (void **state)
{
  Fixture *fx = *state;
  guint s = segment (fx, "一是加强学习。\n##paidbegin##二是加强阵地建设。\n", BAGU_PARAGRAPHS_LINES);
  const BaguDocument *doc = doc_at (fx, s, 0);

  assert_int_equal (doc->n_paragraphs, 2);
  assert_noise (fx, doc, 0, 8, 21, "paid-marker", "##paidbegin##");
  assert_para (fx, doc, 1, 21, 30, "二是加强阵地建设。");
}

static void
test_noise_span_inline (void **state)
{
  Fixture *fx = *state;
  guint s = segment (fx, "甲乙丙（材料来源：公众号：某某）丁戊己。\n"
                         "庚辛。（来源：新华社）\n"
                         "前文##paidbegin##后文，##paidend##完。\n",
                     BAGU_PARAGRAPHS_LINES);
  const BaguDocument *doc = doc_at (fx, s, 0);

  assert_int_equal (doc->n_paragraphs, 3);
  /* In the middle of a line: the paragraph spans it. */
  assert_para (fx, doc, 0, 0, 20, "甲乙丙（材料来源：公众号：某某）丁戊己。");
  assert_noise (fx, doc, 0, 3, 16, "source-note", "（材料来源：公众号：某某）");
  /* At the end of a line: the paragraph stops before it. */
  assert_para (fx, doc, 1, 21, 24, "庚辛。");
  assert_noise (fx, doc, 1, 24, 32, "source-note", "（来源：新华社）");
  /* Two matches of one rule in a line */
  assert_para (fx, doc, 2, 33, 64, NULL);
  assert_noise (fx, doc, 2, 35, 48, "paid-marker", "##paidbegin##");
  assert_noise (fx, doc, 3, 51, 62, "paid-marker", "##paidend##");
  assert_int_equal (doc->n_noise, 4);
}

static void
test_noise_custom_rules (void **state)
{
  Fixture *fx = *state;
  g_autoptr(BaguNoiseRules) rules = bagu_noise_rules_new ();
  g_autoptr(GError) error = NULL;
  const char *text = "报告正文。\n—— 本文完 ——\n【某某素材库】广告\n张三同志讲话。\n";
  guint s;
  const BaguDocument *doc;

  assert_true (bagu_noise_rules_add_data (rules,
                                          "# custom\n"
                                          "line footer ^——\\s*本文完\\s*——$\n"
                                          "span anon 张[三四]\n",
                                          -1, "custom.rules", &error));
  s = segment_with (fx, "t.txt", text, strlen (text), BAGU_PARAGRAPHS_LINES, rules);
  doc = doc_at (fx, s, 0);
  /* Only the custom rules apply: the advert is a paragraph. */
  assert_int_equal (doc->n_noise, 2);
  assert_noise (fx, doc, 0, 6, 15, "footer", "—— 本文完 ——");
  assert_noise (fx, doc, 1, 26, 28, "anon", "张三");
  assert_int_equal (doc->n_paragraphs, 3);
  assert_para (fx, doc, 1, 16, 25, "【某某素材库】广告");
  assert_para (fx, doc, 2, 28, 33, "同志讲话。");

  /* Custom rules added to the defaults: both apply. */
  assert_true (bagu_noise_rules_add_data (fx->rules, "span anon 张[三四]\n", -1,
                                          "custom.rules", &error));
  s = segment_with (fx, "t.txt", text, strlen (text), BAGU_PARAGRAPHS_LINES, fx->rules);
  doc = doc_at (fx, s, 0);
  assert_int_equal (doc->n_noise, 2);
  assert_noise (fx, doc, 0, 16, 25, "site-advert", "【某某素材库】广告");
  assert_noise (fx, doc, 1, 26, 28, "anon", "张三");
}

static void
test_noise_overlapping_rules (void **state)
{
  Fixture *fx = *state;
  g_autoptr(BaguNoiseRules) rules = bagu_noise_rules_new ();
  g_autoptr(GError) error = NULL;
  const char *text = "前言ABCD后记。\n";
  guint s;
  const BaguDocument *doc;

  /* Overlapping matches of two rules: the earlier, longer one wins. */
  assert_true (bagu_noise_rules_add_data (rules, "span short BC\nspan long ABCD\n", -1,
                                          "custom.rules", &error));
  s = segment_with (fx, "t.txt", text, strlen (text), BAGU_PARAGRAPHS_LINES, rules);
  doc = doc_at (fx, s, 0);
  assert_int_equal (doc->n_noise, 1);
  assert_noise (fx, doc, 0, 2, 6, "long", "ABCD");
  assert_para (fx, doc, 0, 0, 9, "前言ABCD后记。");
}

static void
test_noise_empty_matches (void **state)
{
  Fixture *fx = *state;
  g_autoptr(BaguNoiseRules) rules = bagu_noise_rules_new ();
  g_autoptr(GError) error = NULL;
  const char *text = "甲Z乙ZZ丙\n";
  guint s;
  const BaguDocument *doc;

  /* A pattern that also matches the empty string: only the non-empty
   * matches are noise. */
  assert_true (bagu_noise_rules_add_data (rules, "span zs Z*\n", -1, "custom.rules", &error));
  s = segment_with (fx, "t.txt", text, strlen (text), BAGU_PARAGRAPHS_LINES, rules);
  doc = doc_at (fx, s, 0);
  assert_int_equal (doc->n_noise, 2);
  assert_noise (fx, doc, 0, 1, 2, "zs", "Z");
  assert_noise (fx, doc, 1, 3, 5, "zs", "ZZ");
  assert_para (fx, doc, 0, 0, 6, "甲Z乙ZZ丙");
}

/* A line's content is found from both of its ends: noise and white space
 * before and after it, in any order, are left out, and a line of nothing
 * else has none. */
static void
test_noise_spans_both_ends (void **state)
{
  Fixture *fx = *state;
  g_autoptr(BaguNoiseRules) rules = bagu_noise_rules_new ();
  g_autoptr(GError) error = NULL;
  const char *text = "\u3000Z 甲 Z 乙 ZZ\u3000Z \nZ Z\u3000\n丙Z\n";
  guint s;
  const BaguDocument *doc;

  assert_true (bagu_noise_rules_add_data (rules, "span zs Z+\n", -1, "custom.rules", &error));
  s = segment_with (fx, "t.txt", text, strlen (text), BAGU_PARAGRAPHS_LINES, rules);
  doc = doc_at (fx, s, 0);
  assert_int_equal (doc->n_paragraphs, 2);
  assert_para (fx, doc, 0, 3, 8, "甲 Z 乙");
  assert_para (fx, doc, 1, 20, 21, "丙");
  assert_int_equal (doc->n_noise, 7);
  assert_noise (fx, doc, 0, 1, 2, "zs", "Z");
  assert_noise (fx, doc, 2, 9, 11, "zs", "ZZ");
  assert_noise (fx, doc, 3, 12, 13, "zs", "Z");
  assert_noise (fx, doc, 5, 17, 18, "zs", "Z");
  assert_noise (fx, doc, 6, 21, 22, "zs", "Z");
}

static void
test_noise_no_rules (void **state)
{
  Fixture *fx = *state;
  g_autofree char *text = read_sample (0);
  guint s = segment_with (fx, test_samples[0], text, strlen (text), BAGU_PARAGRAPHS_AUTO, NULL);
  const BaguDocument *doc = doc_at (fx, s, 0);
  const BaguParagraph *p;
  g_autofree char *last = NULL;

  assert_int_equal (doc->n_noise, 0);
  /* The ten paragraphs, the four advertising lines and ##paidend## */
  assert_int_equal (doc->n_paragraphs, 15);
  assert_para (fx, doc, 10, 2196, 2284, NULL);
  p = para_at (fx, doc, 14);
  last = doc_slice (fx, doc, p->byte_start, p->byte_end);
  assert_string_equal (last, "##paidend##");
}

static void
test_noise_sample_000 (void **state)
{
  Fixture *fx = *state;
  guint s = segment_sample (fx, 0, BAGU_PARAGRAPHS_AUTO);
  const BaguDocument *doc = doc_at (fx, s, 0);
  static const char *const rules[] = {
    "paid-marker", "site-advert", "site-advert", "site-membership", "site-advert", "paid-marker",
  };

  assert_int_equal (source_at (fx, s)->mode, BAGU_PARAGRAPHS_LINES);
  assert_int_equal (doc->n_paragraphs, 10);
  assert_int_equal (doc->n_noise, G_N_ELEMENTS (rules));
  for (guint k = 0; k < G_N_ELEMENTS (rules); k++)
    assert_string_equal (noise_at (fx, doc, k)->rule, rules[k]);
  assert_int_equal (count_noise (fx, doc, "site-advert"), 3);
  assert_int_equal (count_noise (fx, doc, "site-membership"), 1);
  assert_int_equal (count_noise (fx, doc, "paid-marker"), 2);

  /* ##paidbegin## in the middle of paragraph 5, inside it */
  assert_noise (fx, doc, 0, 759, 772, "paid-marker", "##paidbegin##");
  assert_para (fx, doc, 4, 547, 1000, NULL);
  assert_noise (fx, doc, 5, 2548, 2559, "paid-marker", "##paidend##");
  assert_string_equal (doc->title, "2023年意识形态工作总结");
  assert_para (fx, doc, 0, 0, 13, "2023年意识形态工作总结");
}

static void
test_noise_sample_001 (void **state)
{
  Fixture *fx = *state;
  guint s = segment_sample (fx, 1, BAGU_PARAGRAPHS_AUTO);
  const BaguDocument *doc = doc_at (fx, s, 0);

  assert_int_equal (doc->n_paragraphs, 15);
  assert_int_equal (doc->n_noise, 8);
  assert_int_equal (count_noise (fx, doc, "paid-marker"), 2);
  assert_int_equal (count_noise (fx, doc, "source-note"), 1);
  assert_int_equal (count_noise (fx, doc, "site-source"), 1);
  assert_int_equal (count_noise (fx, doc, "site-advert"), 3);
  assert_int_equal (count_noise (fx, doc, "site-membership"), 1);
  /* The line ##paidbegin## alone: noise, not a paragraph */
  assert_noise (fx, doc, 0, 690, 703, "paid-marker", "##paidbegin##");
  assert_noise (fx, doc, 1, 1226, 1240, "source-note", "（材料来源：公众号：哒哒君）");
  assert_int_equal (para_at (fx, doc, 4)->end, 1226);
}

/* ---- blocks mode ---- */

static char *
read_data (const char *name)
{
  g_autofree char *path = test_srcpath ("tests", "data", "segment", name, NULL);

  return read_file (path);
}

static void
test_blocks_english (void **state)
{
  Fixture *fx = *state;
  g_autofree char *text = read_data ("english-wrapped.txt");
  guint s = segment (fx, text, BAGU_PARAGRAPHS_AUTO);
  const BaguDocument *doc = doc_at (fx, s, 0);
  const BaguParagraph *p;
  g_autofree char *second = NULL;
  guint breaks = 0;

  assert_int_equal (bagu_segment_detect_mode (text, strlen (text)), BAGU_PARAGRAPHS_BLOCKS);
  assert_int_equal (source_at (fx, s)->mode, BAGU_PARAGRAPHS_BLOCKS);
  assert_int_equal (doc->n_chars, 871);
  assert_int_equal (doc->n_paragraphs, 4);
  assert_para (fx, doc, 0, 0, 18, "Annual Report 2023");
  assert_para (fx, doc, 1, 20, 317, NULL);
  assert_para (fx, doc, 2, 319, 595, NULL);
  assert_para (fx, doc, 3, 597, 870, NULL);
  assert_string_equal (doc->title, "Annual Report 2023");

  p = para_at (fx, doc, 1);
  second = doc_slice (fx, doc, p->byte_start, p->byte_end);
  assert_true (g_str_has_prefix (second, "The committee met eleven times"));
  assert_true (g_str_has_suffix (second, "prepared in advance."));
  /* It spans the four line breaks of its block. */
  for (const char *c = second; *c != '\0'; c++)
    breaks += *c == '\n';
  assert_int_equal (breaks, 4);
}

static void
test_blocks_forced_lines (void **state)
{
  Fixture *fx = *state;
  g_autofree char *text = read_data ("english-wrapped.txt");
  guint s = segment (fx, text, BAGU_PARAGRAPHS_LINES);
  const BaguDocument *doc = doc_at (fx, s, 0);

  assert_int_equal (source_at (fx, s)->mode, BAGU_PARAGRAPHS_LINES);
  assert_int_equal (doc->n_paragraphs, 16);
  assert_para (fx, doc, 0, 0, 18, "Annual Report 2023");
  assert_para (fx, doc, 1, 20, 83,
               "The committee met eleven times during the year and reviewed the");
  assert_para (fx, doc, 2, 84, 152, NULL);
  assert_para (fx, doc, 15, 859, 870, "the winter.");
}

static void
test_blocks_forced_on_chinese (void **state)
{
  Fixture *fx = *state;
  guint s = segment (fx, "标题\n\n第一行，\n第二行。\n\n第三行。\n", BAGU_PARAGRAPHS_BLOCKS);
  const BaguDocument *doc = doc_at (fx, s, 0);

  assert_int_equal (source_at (fx, s)->mode, BAGU_PARAGRAPHS_BLOCKS);
  assert_int_equal (doc->n_paragraphs, 3);
  assert_para (fx, doc, 0, 0, 2, "标题");
  assert_para (fx, doc, 1, 4, 13, "第一行，\n第二行。");
  assert_para (fx, doc, 2, 15, 19, "第三行。");
}

static void
test_blocks_crlf (void **state)
{
  Fixture *fx = *state;
  g_autofree char *text = read_data ("english-wrapped.txt");
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *crlf = g_strjoinv ("\r\n", lines);
  guint s = segment (fx, crlf, BAGU_PARAGRAPHS_AUTO);
  const BaguDocument *doc = doc_at (fx, s, 0);

  assert_int_equal (source_at (fx, s)->mode, BAGU_PARAGRAPHS_BLOCKS);
  assert_int_equal (doc->n_paragraphs, 4);
  /* Each line end before a block is one character longer now. */
  assert_para (fx, doc, 1, 22, 22 + 297 + 4, NULL);
}

static void
test_blocks_indonesian (void **state)
{
  Fixture *fx = *state;
  g_autofree char *text = read_data ("indonesian-wrapped.txt");
  guint s = segment (fx, text, BAGU_PARAGRAPHS_AUTO);
  const BaguDocument *doc = doc_at (fx, s, 0);
  g_autofree char *last = NULL;

  assert_int_equal (bagu_segment_detect_mode (text, strlen (text)), BAGU_PARAGRAPHS_BLOCKS);
  assert_int_equal (source_at (fx, s)->mode, BAGU_PARAGRAPHS_BLOCKS);
  assert_int_equal (doc->n_paragraphs, 4);
  assert_string_equal (doc->title, "Laporan Tahunan Kegiatan Desa");
  last = doc_slice (fx, doc, para_at (fx, doc, 3)->byte_start, para_at (fx, doc, 3)->byte_end);
  assert_true (g_str_has_prefix (last, "Pada tahun mendatang"));
  assert_true (g_str_has_suffix (last, "bagi seluruh warga."));
}

static void
test_detect_chinese_samples (void **state)
{
  (void) state;
  for (guint i = 0; i < G_N_ELEMENTS (test_samples); i++)
    {
      g_autofree char *text = read_sample (i);

      if (bagu_segment_detect_mode (text, strlen (text)) != BAGU_PARAGRAPHS_LINES)
        print_error ("%s\n", test_samples[i]);
      assert_int_equal (bagu_segment_detect_mode (text, strlen (text)), BAGU_PARAGRAPHS_LINES);
    }
}

static void
test_detect_chinese_short_lines (void **state)
{
  Fixture *fx = *state;
  g_autofree char *text = read_data ("chinese-short-lines.txt");
  guint s;
  const BaguDocument *doc;

  /* One paragraph a line, blank lines between sections, and list items of
   * about the same length that all end a sentence: not hard-wrapped. */
  assert_int_equal (bagu_segment_detect_mode (text, strlen (text)), BAGU_PARAGRAPHS_LINES);
  s = segment (fx, text, BAGU_PARAGRAPHS_AUTO);
  doc = doc_at (fx, s, 0);
  assert_int_equal (doc->n_paragraphs, 12);
  assert_para (fx, doc, 2, 19, 47, "（一）加强组织领导，完善体制机制建设，推动责任落实落细。");
}

static void
test_detect_short_texts (void **state)
{
  (void) state;
  /* Too few lines, or no blank line: lines. */
  assert_int_equal (bagu_segment_detect_mode ("", 0), BAGU_PARAGRAPHS_LINES);
  assert_int_equal (bagu_segment_detect_mode ("a\n\nb\n", 5), BAGU_PARAGRAPHS_LINES);
  {
    g_autofree char *text = read_data ("english-wrapped.txt");
    g_autoptr(GString) no_blanks = g_string_new (NULL);

    for (const char *c = text; *c != '\0'; c++)
      if (!(c[0] == '\n' && c[1] == '\n'))
        g_string_append_c (no_blanks, *c);
    assert_int_equal (bagu_segment_detect_mode (no_blanks->str, no_blanks->len),
                      BAGU_PARAGRAPHS_LINES);
  }
}

/* ---- titles ---- */

static void
test_title_plain (void **state)
{
  Fixture *fx = *state;
  guint s = segment (fx, "年度工作总结\n今年以来，我们做了工作。\n", BAGU_PARAGRAPHS_LINES);

  assert_string_equal (doc_at (fx, s, 0)->title, "年度工作总结");

  /* A run-on first line: its first sentence */
  s = segment (fx, "今年以来，我们做了很多工作。成绩显著。\n第二段。\n", BAGU_PARAGRAPHS_LINES);
  assert_string_equal (doc_at (fx, s, 0)->title, "今年以来，我们做了很多工作");

  /* Noise before the first paragraph is not the title. */
  s = segment (fx, "##paidbegin##\n　年度总结　\n正文。\n", BAGU_PARAGRAPHS_LINES);
  assert_string_equal (doc_at (fx, s, 0)->title, "年度总结");
}

static void
test_title_article (void **state)
{
  Fixture *fx = *state;
  guint s = segment (fx, "第一篇：　关于加强学习的总结　\n正文。\n第二篇:第二份总结\n正文。\n",
                     BAGU_PARAGRAPHS_LINES);

  assert_int_equal (source_at (fx, s)->n_docs, 2);
  assert_string_equal (doc_at (fx, s, 0)->title, "关于加强学习的总结");
  assert_string_equal (doc_at (fx, s, 1)->title, "第二份总结");
}

int
main (void)
{
#define T(name) cmocka_unit_test_setup_teardown (name, setup_fixture, teardown_fixture)
  const struct CMUnitTest lines_tests[] = {
    T (test_lines_lf),
    T (test_lines_crlf),
    T (test_lines_cr),
    T (test_lines_mixed_ends),
    T (test_lines_blank_lines),
    T (test_lines_trim),
    T (test_lines_empty),
    T (test_lines_two_sources),
  };
  const struct CMUnitTest compilation_tests[] = {
    T (test_compilation_split),
    T (test_compilation_preamble),
    T (test_compilation_chinese_numbers),
    T (test_compilation_out_of_order),
    T (test_compilation_single),
    T (test_compilation_heading_mid_line),
    T (test_compilation_without_rules),
    T (test_compilation_heading_only_title),
    T (test_compilation_custom_rule_name),
    T (test_compilation_sample),
  };
  const struct CMUnitTest page_tests[] = {
    T (test_page_break_join),
    T (test_page_break_numbered_list),
    T (test_page_break_single_line),
    T (test_page_break_across_advert),
    T (test_page_break_crlf),
    T (test_page_break_sample),
  };
  const struct CMUnitTest noise_tests[] = {
    T (test_noise_line_rule),
    T (test_noise_line_rule_first_line),
    T (test_noise_span_line_start),
    T (test_noise_span_inline),
    T (test_noise_custom_rules),
    T (test_noise_overlapping_rules),
    T (test_noise_empty_matches),
    T (test_noise_spans_both_ends),
    T (test_noise_no_rules),
    T (test_noise_sample_000),
    T (test_noise_sample_001),
  };
  const struct CMUnitTest blocks_tests[] = {
    T (test_blocks_english),
    T (test_blocks_forced_lines),
    T (test_blocks_forced_on_chinese),
    T (test_blocks_crlf),
    T (test_blocks_indonesian),
    cmocka_unit_test (test_detect_chinese_samples),
    T (test_detect_chinese_short_lines),
    cmocka_unit_test (test_detect_short_texts),
  };
  const struct CMUnitTest title_tests[] = {
    T (test_title_plain),
    T (test_title_article),
  };
#undef T
  int failed = 0;

  failed += cmocka_run_group_tests_name ("lines", lines_tests, NULL, NULL);
  failed += cmocka_run_group_tests_name ("compilation", compilation_tests, NULL, NULL);
  failed += cmocka_run_group_tests_name ("page-breaks", page_tests, NULL, NULL);
  failed += cmocka_run_group_tests_name ("noise", noise_tests, NULL, NULL);
  failed += cmocka_run_group_tests_name ("blocks", blocks_tests, NULL, NULL);
  failed += cmocka_run_group_tests_name ("titles", title_tests, NULL, NULL);
  return failed == 0 ? 0 : 1;
}
