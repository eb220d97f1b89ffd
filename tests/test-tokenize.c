/* tests/test-tokenize.c: unit tests for the tokenizer: classes, NFKC, offsets, noise. */
#include "config.h"

#include <string.h>

#include "test-util.h"
#include "bagu-corpus.h"
#include "bagu-tokenize.h"
#include "bagu-utf8.h"

static int
setup_corpus (void **state)
{
  *state = bagu_corpus_new ();
  return 0;
}

static int
teardown_corpus (void **state)
{
  bagu_corpus_free (*state);
  return 0;
}

/* Tokens [first, first + n) as their strings, separated by spaces. */
static char *
render (const BaguCorpus *corpus, gsize first, gsize n)
{
  GString *out = g_string_new (NULL);

  for (gsize i = first; i < first + n; i++)
    {
      g_autofree char *s = bagu_token_to_string (corpus, corpus->tokens[i]);

      if (i > first)
        g_string_append_c (out, ' ');
      g_string_append (out, s);
    }
  return g_string_free (out, FALSE);
}

/* Tokenizes all of @text and renders the tokens it appended. */
static char *
tokenize (BaguCorpus *corpus, const char *text)
{
  gsize first = corpus->n_tokens;
  guint32 n = bagu_tokenize_span (corpus, text, 0, strlen (text), 0, NULL, 0);

  assert_int_equal (n, corpus->n_tokens - first);
  return render (corpus, first, n);
}

static void
assert_tokens (BaguCorpus *corpus, const char *text, const char *expected)
{
  g_autofree char *got = tokenize (corpus, text);

  if (strcmp (got, expected) != 0)
    print_error ("input \"%s\"\n", text);
  assert_string_equal (got, expected);
}

/* The single token of @text. */
static guint32
only_token (BaguCorpus *corpus, const char *text)
{
  gsize first = corpus->n_tokens;

  assert_int_equal (bagu_tokenize_span (corpus, text, 0, strlen (text), 0, NULL, 0), 1);
  return corpus->tokens[first];
}

static void
assert_offsets (BaguCorpus *corpus, gsize i, guint32 start, guint32 end)
{
  assert_int_equal (corpus->tok_start[i], start);
  assert_int_equal (corpus->tok_end[i], end);
}

static void
test_cjk_chars (void **state)
{
  BaguCorpus *corpus = *state;

  assert_tokens (corpus, "中文字", "中 文 字");
  assert_int_equal (corpus->n_tokens, 3);
  assert_int_equal (corpus->tokens[0], 0x4E2D);
  assert_offsets (corpus, 0, 0, 1);
  assert_offsets (corpus, 2, 2, 3);

  /* Extension A, kana, Hangul, iteration mark, the numeral 〇 */
  assert_tokens (corpus, "㐀あいカ한국人々〇", "㐀 あ い カ 한 국 人 々 〇");
  assert_int_equal (only_token (corpus, "〇"), 0x3007);
  assert_tokens (corpus, "ภาษา", "ภ า ษ า");
}

static void
test_word_case_fold (void **state)
{
  BaguCorpus *corpus = *state;
  guint32 a, b, c;

  a = only_token (corpus, "Report");
  b = only_token (corpus, "REPORT");
  c = only_token (corpus, "report");
  assert_true (BAGU_TOKEN_IS_WORD (a));
  assert_int_equal (a, b);
  assert_int_equal (a, c);
  assert_int_equal (corpus->words->len, 1);
  assert_string_equal (g_ptr_array_index (corpus->words, 0), "report");
  assert_int_not_equal (only_token (corpus, "reports"), a);

  /* Full case folding, not just lower-casing */
  assert_int_equal (only_token (corpus, "Straße"), only_token (corpus, "STRASSE"));
}

static void
test_fullwidth_latin (void **state)
{
  BaguCorpus *corpus = *state;

  assert_tokens (corpus, "ＡＢＣ", "abc");
  assert_int_equal (only_token (corpus, "ＡＢＣ"), only_token (corpus, "abc"));
  assert_offsets (corpus, 0, 0, 3);
  assert_tokens (corpus, "ｉＰｈｏｎｅ手机", "iphone 手 机");
}

static void
test_numbers (void **state)
{
  BaguCorpus *corpus = *state;
  static const struct {
    const char *text;
    const char *tokens;
    guint32 end;   /* of the first token */
  } cases[] = {
    { "２０２３", "<NUM>", 4 },
    { "2023", "<NUM>", 4 },
    { "3.5", "<NUM>", 3 },
    { "12%", "<NUM>", 3 },
    { "1,000", "<NUM>", 5 },
    { "１２％", "<NUM>", 3 },
    { "３.５％", "<NUM>", 4 },
    { "3.", "<NUM>", 1 },
    { "12 %", "<NUM>", 2 },
    { "2023年", "<NUM> 年", 4 },
    { "1, 2", "<NUM> <NUM>", 1 },
    { "3.5.", "<NUM>", 3 },
    { "٢٠٢٣", "<NUM>", 4 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize first = corpus->n_tokens;

      assert_tokens (corpus, cases[i].text, cases[i].tokens);
      assert_int_equal (corpus->tok_start[first], 0);
      assert_int_equal (corpus->tok_end[first], cases[i].end);
    }
}

static void
test_slots (void **state)
{
  BaguCorpus *corpus = *state;
  static const char *const slots[] = {
    "X", "XX", "XXX", "XXXX", "x", "xx", "xxx", "ＸＸ",
    "*", "**", "＊", "＊＊", "--", "---", "－－", "_", "___",
    "××", "△△", "○○", "□□", "X-X",
  };
  static const char *const nothing[] = {
    "-", "×", "△", "○", "□", "－",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (slots); i++)
    {
      gsize first = corpus->n_tokens;

      assert_tokens (corpus, slots[i], "<SLOT>");
      assert_offsets (corpus, first, 0, g_utf8_strlen (slots[i], -1));
    }
  for (gsize i = 0; i < G_N_ELEMENTS (nothing); i++)
    assert_tokens (corpus, nothing[i], "");
  /* Slots are not words. */
  assert_int_equal (corpus->words->len, 0);
}

static void
test_slot_contexts (void **state)
{
  BaguCorpus *corpus = *state;

  assert_tokens (corpus, "XXX艺奖", "<SLOT> 艺 奖");
  assert_tokens (corpus, "xx镇", "<SLOT> 镇");
  assert_tokens (corpus, "*县(市、区)", "<SLOT> 县 市 区");
  assert_tokens (corpus, "召开*次常委会", "召 开 <SLOT> 次 常 委 会");
  assert_tokens (corpus, "PPT设计", "ppt 设 计");
  assert_tokens (corpus, "svip会员", "svip 会 员");
  assert_tokens (corpus, "cwk,", "cwk");
  assert_tokens (corpus, "G20", "g <NUM>");
  assert_tokens (corpus, "xxl", "xxl");
  assert_tokens (corpus, "XX××", "<SLOT> <SLOT>");
  assert_tokens (corpus, "a--b", "a <SLOT> b");
  assert_tokens (corpus, "co--op", "co <SLOT> op");
  assert_tokens (corpus, "2023-2024", "<NUM> <NUM>");
  assert_tokens (corpus, "XX-", "<SLOT>");
}

static void
test_punctuation_and_space (void **state)
{
  BaguCorpus *corpus = *state;

  assert_tokens (corpus, "，。、“”‘’《》（）【】「」！？：；……——", "");
  assert_tokens (corpus, " \t\r\n　·•.,;:!?'\"()[]{}<>/\\|@#$^&+=~`%", "");
  assert_tokens (corpus, "\u200b\ufeff\u2028", "");
  assert_int_equal (corpus->n_tokens, 0);
}

static void
test_alphabetic_sentences (void **state)
{
  BaguCorpus *corpus = *state;

  assert_tokens (corpus,
                 "Laporan Tahunan 2023: kami telah bekerja-sama dengan baik.",
                 "laporan tahunan <NUM> kami telah bekerja-sama dengan baik");
  assert_tokens (corpus,
                 "Don't co-operate with the Council’s report - it's done.",
                 "don't co-operate with the council's report it's done");
  /* A quote is not an apostrophe unless a letter follows. */
  assert_tokens (corpus, "'tis the students' -x", "tis the students <SLOT>");
  assert_int_equal (only_token (corpus, "don’t"), only_token (corpus, "DON'T"));
}

static void
test_slow_path (void **state)
{
  BaguCorpus *corpus = *state;
  gsize first;

  first = corpus->n_tokens;
  assert_tokens (corpus, "①", "<NUM>");
  assert_offsets (corpus, first, 0, 1);

  first = corpus->n_tokens;
  assert_tokens (corpus, "ﬁle", "file");
  assert_offsets (corpus, first, 0, 3);
  assert_int_equal (corpus->tokens[first], only_token (corpus, "file"));

  first = corpus->n_tokens;
  assert_tokens (corpus, "㈱公司", "株 公 司");
  assert_offsets (corpus, first, 0, 1);
  assert_offsets (corpus, first + 1, 1, 2);

  /* Compatibility ideographs, half-width kana with voiced marks */
  assert_tokens (corpus, "\uF900", "豈");
  assert_tokens (corpus, "ｶﾀｶﾅ", "カ タ カ ナ");
  first = corpus->n_tokens;
  assert_tokens (corpus, "ｶﾞｽ", "ガ ス");
  assert_offsets (corpus, first, 0, 2);
  assert_offsets (corpus, first + 1, 2, 3);

  /* Roman numerals and squared words are letters after NFKC */
  assert_tokens (corpus, "Ⅻ ㎏", "xii kg");
}

/* ㍿ is four tokens in three bytes: more tokens than the up-front
 * reservation of one per byte. */
static void
test_expanding_characters (void **state)
{
  BaguCorpus *corpus = *state;
  g_autoptr(GString) text = g_string_new (NULL);
  guint32 n;

  for (int i = 0; i < 3000; i++)
    g_string_append (text, "\u337f");
  n = bagu_tokenize_span (corpus, text->str, 0, text->len, 0, NULL, 0);
  assert_int_equal (n, 4 * 3000);
  assert_true (corpus->tokens_alloc >= corpus->n_tokens);
  assert_int_equal (corpus->tokens[n - 1], 0x793E);  /* 社 */
  assert_offsets (corpus, n - 1, 2999, 3000);
  assert_offsets (corpus, n - 4, 2999, 3000);
}

static void
test_combining_marks (void **state)
{
  BaguCorpus *corpus = *state;
  guint32 composed, decomposed;
  gsize first;

  composed = only_token (corpus, "Caf\u00e9");
  first = corpus->n_tokens;
  decomposed = only_token (corpus, "cafe\u0301");
  assert_int_equal (composed, decomposed);
  assert_offsets (corpus, first, 0, 5);
  assert_string_equal (g_ptr_array_index (corpus->words,
                                          composed - BAGU_TOKEN_WORD_BASE),
                       "caf\u00e9");

  /* A mark on the first letter, and one after a Han character */
  assert_tokens (corpus, "e\u0301te\u0301", "\u00e9t\u00e9");
  assert_tokens (corpus, "中\u0301文", "中 文");
  /* Two marks in a row, on the ASCII fast path's character */
  assert_int_equal (only_token (corpus, "a\u0323\u0302"), only_token (corpus, "\u1ead"));
}

/* Tokenizing a character gives the same tokens as tokenizing its NFKC
 * form: the fast path agrees with g_utf8_normalize everywhere it is taken. */
static void
test_fast_path_agrees_with_nfkc (void **state)
{
  BaguCorpus *corpus = *state;

  for (gunichar c = 1; c < 0x30000; c++)
    {
      char buf[8];
      gint len;
      g_autofree char *norm = NULL;
      guint32 n1, n2;
      guint32 first[16];

      if ((c >= 0xD800 && c <= 0xDFFF) || (c >= 0x20000 && c < 0x2F800))
        continue;
      len = g_unichar_to_utf8 (c, buf);
      norm = g_utf8_normalize (buf, len, G_NORMALIZE_NFKC);
      assert_non_null (norm);

      corpus->n_tokens = 0;
      n1 = bagu_tokenize_span (corpus, buf, 0, len, 0, NULL, 0);
      assert_true (n1 <= G_N_ELEMENTS (first));
      memcpy (first, corpus->tokens, n1 * sizeof (guint32));
      for (guint32 i = 0; i < n1; i++)
        {
          assert_int_equal (corpus->tok_start[i], 0);
          assert_int_equal (corpus->tok_end[i], 1);
        }

      corpus->n_tokens = 0;
      n2 = bagu_tokenize_span (corpus, norm, 0, strlen (norm), 0, NULL, 0);
      if (n1 != n2 || memcmp (first, corpus->tokens, n1 * sizeof (guint32)) != 0)
        {
          print_error ("U+%04X: %u tokens, NFKC \"%s\": %u tokens\n", c, n1, norm, n2);
          fail ();
        }
    }
}

static void
test_offsets_mixed (void **state)
{
  BaguCorpus *corpus = *state;
  static const char text[] = "2023年，XX区Report ３.５% 同-学 don’t\n";
  static const guint32 starts[] = { 0, 4, 6, 8, 9, 16, 21, 23, 25 };
  static const guint32 ends[] = { 4, 5, 8, 9, 15, 20, 22, 24, 30 };
  guint32 n;

  n = bagu_tokenize_span (corpus, text, 0, strlen (text), 0, NULL, 0);
  assert_int_equal (n, G_N_ELEMENTS (starts));
  {
    g_autofree char *got = render (corpus, 0, n);
    assert_string_equal (got, "<NUM> 年 <SLOT> 区 report <NUM> 同 学 don't");
  }
  for (guint32 i = 0; i < n; i++)
    assert_offsets (corpus, i, starts[i], ends[i]);

  /* The same text from a later start: offsets move by char_start. */
  n = bagu_tokenize_span (corpus, text, 7, strlen (text), 5, NULL, 0);
  assert_int_equal (n, G_N_ELEMENTS (starts) - 2);
  for (guint32 i = 0; i < n; i++)
    assert_offsets (corpus, G_N_ELEMENTS (starts) + i, starts[i + 2], ends[i + 2]);
}

static BaguNoise
noise (const char *text, guint32 byte_start, guint32 byte_end)
{
  BaguNoise n = { 0 };

  n.start = g_utf8_pointer_to_offset (text, text + byte_start);
  n.end = g_utf8_pointer_to_offset (text, text + byte_end);
  n.byte_start = byte_start;
  n.byte_end = byte_end;
  n.rule = "test";
  return n;
}

static void
test_noise_skip (void **state)
{
  BaguCorpus *corpus = *state;
  const char *text = "abcdefgh中文字XXX 12.5";
  BaguNoise skip[3];
  guint32 n;
  gsize first;

  /* "def" cuts a word, "文" a run of characters, "." a number */
  skip[0] = noise (text, 3, 6);
  skip[1] = noise (text, 11, 14);
  skip[2] = noise (text, 23, 24);
  n = bagu_tokenize_span (corpus, text, 0, strlen (text), 0, skip, 3);
  {
    g_autofree char *got = render (corpus, 0, n);
    assert_string_equal (got, "abc gh 中 字 <SLOT> <NUM> <NUM>");
  }
  assert_offsets (corpus, 0, 0, 3);
  assert_offsets (corpus, 1, 6, 8);
  assert_offsets (corpus, 2, 8, 9);
  assert_offsets (corpus, 3, 10, 11);
  assert_offsets (corpus, 4, 11, 14);
  assert_offsets (corpus, 5, 15, 17);
  assert_offsets (corpus, 6, 18, 19);

  /* A span that starts before the range, one inside another, one that
   * ends after it. */
  text = "一二三四五六七";
  skip[0] = noise (text, 0, 6);
  skip[1] = noise (text, 3, 6);
  skip[2] = noise (text, 12, 21);
  first = corpus->n_tokens;
  n = bagu_tokenize_span (corpus, text, 3, 18, 1, skip, 3);
  {
    g_autofree char *got = render (corpus, first, n);
    assert_string_equal (got, "三 四");
  }
  assert_offsets (corpus, first, 2, 3);
  assert_offsets (corpus, first + 1, 3, 4);
}

static void
test_empty_and_damaged (void **state)
{
  BaguCorpus *corpus = *state;
  const char damaged[] = "a\xff" "b\xe4\xb8" "c\xe4\xb8\xad";

  assert_int_equal (bagu_tokenize_span (corpus, "abc", 1, 1, 1, NULL, 0), 0);
  assert_int_equal (bagu_tokenize_span (corpus, NULL, 0, 0, 0, NULL, 0), 0);
  assert_int_equal (corpus->n_tokens, 0);

  /* Not valid UTF-8 (ingest never hands such text on): no crash, no read
   * past the end, and offsets that agree with g_utf8_pointer_to_offset. */
  assert_tokens (corpus, damaged, "a b 中");
  assert_offsets (corpus, 1, 2, 3);
  assert_offsets (corpus, 2, 4, 5);
  /* An encoded surrogate is not a character */
  assert_tokens (corpus, "\xed\xa0\x80" "d", "d");
  assert_offsets (corpus, corpus->n_tokens - 1, 1, 2);
  /* A character cut by the end of the range */
  assert_int_equal (bagu_tokenize_span (corpus, "中文", 0, 4, 0, NULL, 0), 1);
  assert_int_equal (corpus->tokens[corpus->n_tokens - 1], 0x4E2D);
}

static void
test_long_word (void **state)
{
  BaguCorpus *corpus = *state;
  g_autoptr(GString) word = g_string_new (NULL);
  g_autoptr(GString) accented = g_string_new (NULL);
  g_autofree char *lower = NULL;
  g_autofree char *got = NULL;
  g_autofree char *got_accented = NULL;
  guint32 t;

  for (int i = 0; i < 1000; i++)
    g_string_append (word, "Ab");
  lower = g_ascii_strdown (word->str, -1);
  t = only_token (corpus, word->str);
  got = bagu_token_to_string (corpus, t);
  assert_string_equal (got, lower);
  assert_int_equal (corpus->tok_end[0], 2000);

  for (int i = 0; i < 300; i++)
    g_string_append (accented, "\u00c9");
  t = only_token (corpus, accented->str);
  got_accented = bagu_token_to_string (corpus, t);
  assert_int_equal (strlen (got_accented), 600);
  assert_true (g_str_has_prefix (got_accented, "\u00e9\u00e9"));
}

static void
test_token_to_string (void **state)
{
  BaguCorpus *corpus = *state;
  static const struct {
    guint32 token;
    const char *text;
  } cases[] = {
    { BAGU_TOKEN_SEP, "<SEP>" },
    { BAGU_TOKEN_NUM, "<NUM>" },
    { BAGU_TOKEN_SLOT, "<SLOT>" },
    { 0x4E2D, "中" },
    { 0x3007, "〇" },
    { 0x20000, "\xf0\xa0\x80\x80" },
  };
  guint32 word;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = bagu_token_to_string (corpus, cases[i].token);
      assert_string_equal (s, cases[i].text);
    }
  word = only_token (corpus, "Kinerja");
  {
    g_autofree char *s = bagu_token_to_string (corpus, word);
    assert_string_equal (s, "kinerja");
  }
}

/* Adds a paragraph of document @doc_index with the given character extent. */
static void
add_paragraph (BaguCorpus *corpus, guint doc_index, guint32 start, guint32 end)
{
  BaguDocument *doc = bagu_corpus_document (corpus, doc_index);
  const char *text = bagu_document_text (corpus, doc);
  BaguParagraph para = { 0 };

  para.doc = doc_index;
  para.start = start;
  para.end = end;
  para.byte_start = g_utf8_offset_to_pointer (text, start) - text;
  para.byte_end = g_utf8_offset_to_pointer (text, end) - text;
  para.first_token = G_MAXUINT32;
  para.n_tokens = G_MAXUINT32;
  if (doc->n_paragraphs == 0)
    doc->first_paragraph = corpus->paragraphs->len;
  doc->n_paragraphs++;
  g_array_append_val (corpus->paragraphs, para);
}

static void
test_document (void **state)
{
  BaguCorpus *corpus = *state;
  /* Two articles of one compilation; the first has a noise span inside
   * its second paragraph, which a separator replaces. */
  static const char doc0[] = "第一篇\n甲乙 Abc##ad##丙\n12%好\n";
  static const char doc1[] = "第二篇\n单位XX\n";
  static const guint32 starts[] = { 0, 1, 2, 3, 4, 5, 7, 10, 16, 17, 18, 21, 22,
                                    0, 1, 2, 3, 4, 5, 6, 8 };
  static const guint32 ends[] = { 1, 2, 3, 3, 5, 6, 10, 10, 17, 17, 21, 22, 22,
                                  1, 2, 3, 3, 5, 6, 8, 8 };
  static const guint32 first_token[] = { 0, 4, 10, 13, 17 };
  static const guint32 n_tokens[] = { 3, 5, 2, 3, 3 };
  BaguSource *source = g_new0 (BaguSource, 1);
  BaguDocument doc = { 0 };
  BaguNoise ad;
  g_autofree char *got = NULL;

  source->path = g_strdup ("compilation.txt");
  source->encoding = "UTF-8";
  source->text = g_strconcat (doc0, doc1, NULL);
  source->text_len = strlen (source->text);
  source->n_docs = 2;
  bagu_corpus_add_source (corpus, source);

  doc.article = 1;
  doc.byte_start = 0;
  doc.byte_end = strlen (doc0);
  doc.n_chars = g_utf8_strlen (doc0, -1);
  doc.first_noise = 0;
  doc.n_noise = 1;
  g_array_append_val (corpus->documents, doc);
  doc.article = 2;
  doc.byte_start = strlen (doc0);
  doc.byte_end = source->text_len;
  doc.char_start = g_utf8_strlen (doc0, -1);
  doc.n_chars = g_utf8_strlen (doc1, -1);
  doc.first_noise = 1;
  doc.n_noise = 0;
  g_array_append_val (corpus->documents, doc);

  ad = noise (doc0, strstr (doc0, "##") - doc0, strstr (doc0, "丙") - doc0);
  g_array_append_val (corpus->noise, ad);
  assert_int_equal (ad.start, 10);
  assert_int_equal (ad.end, 16);

  add_paragraph (corpus, 0, 0, 3);
  add_paragraph (corpus, 0, 4, 17);
  add_paragraph (corpus, 0, 18, 22);
  add_paragraph (corpus, 1, 0, 3);
  add_paragraph (corpus, 1, 4, 8);

  bagu_tokenize_document (corpus, 0);
  bagu_tokenize_document (corpus, 1);

  assert_int_equal (corpus->n_tokens, G_N_ELEMENTS (starts));
  got = render (corpus, 0, corpus->n_tokens);
  assert_string_equal (got, "第 一 篇 <SEP> 甲 乙 abc <SEP> 丙 <SEP> <NUM> 好 <SEP> "
                            "第 二 篇 <SEP> 单 位 <SLOT> <SEP>");
  for (gsize i = 0; i < corpus->n_tokens; i++)
    assert_offsets (corpus, i, starts[i], ends[i]);
  for (guint i = 0; i < corpus->paragraphs->len; i++)
    {
      BaguParagraph *para = bagu_corpus_paragraph (corpus, i);

      assert_int_equal (para->first_token, first_token[i]);
      assert_int_equal (para->n_tokens, n_tokens[i]);
      assert_int_equal (corpus->tokens[para->first_token + para->n_tokens], BAGU_TOKEN_SEP);
    }
}

static gboolean
is_placeholder_text (const char *s)
{
  for (; *s != '\0'; s = g_utf8_next_char (s))
    if (g_utf8_strchr ("xX*_-×△○□", -1, g_utf8_get_char (s)) == NULL)
      return FALSE;
  return TRUE;
}

/* Every token of a sample maps back to the text it came from. */
static void
test_samples_round_trip (void **state)
{
  for (gsize s = 0; s < G_N_ELEMENTS (test_samples); s++)
    {
      g_autoptr(BaguCorpus) corpus = bagu_corpus_new ();
      g_autofree char *path = test_srcpath ("samples", test_samples[s], NULL);
      g_autofree char *text = NULL;
      gsize len;
      guint32 n;
      gsize n_han = 0, n_han_tokens = 0;

      assert_true (g_file_get_contents (path, &text, &len, NULL));
      n = bagu_tokenize_span (corpus, text, 0, len, 0, NULL, 0);
      assert_true (n > 1000);
      assert_int_equal (n, corpus->n_tokens);

      for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);
          if (c >= 0x4E00 && c <= 0x9FFF)
            n_han++;
        }

      for (guint32 i = 0; i < n; i++)
        {
          guint32 token = corpus->tokens[i];
          guint32 start = corpus->tok_start[i];
          guint32 end = corpus->tok_end[i];
          const char *a = g_utf8_offset_to_pointer (text, start);
          const char *b = g_utf8_offset_to_pointer (text, end);
          g_autofree char *norm = g_utf8_normalize (a, b - a, G_NORMALIZE_NFKC);
          g_autofree char *folded = g_utf8_casefold (norm, -1);
          g_autofree char *expected = bagu_token_to_string (corpus, token);

          assert_true (start < end);
          if (i + 1 < n)
            {
              assert_true (start < corpus->tok_start[i + 1]);
              assert_true (end <= corpus->tok_start[i + 1]);
            }
          assert_true (b <= text + len);

          if (token == BAGU_TOKEN_NUM)
            assert_true (g_unichar_isdigit (g_utf8_get_char (norm)));
          else if (token == BAGU_TOKEN_SLOT)
            assert_true (is_placeholder_text (norm));
          else if (BAGU_TOKEN_IS_WORD (token))
            assert_string_equal (folded, expected);
          else
            {
              assert_int_not_equal (token, BAGU_TOKEN_SEP);
              assert_string_equal (norm, expected);
              if (token >= 0x4E00 && token <= 0x9FFF)
                n_han_tokens++;
            }
        }
      /* Nothing of the text was lost. */
      assert_int_equal (n_han_tokens, n_han);
    }
}

static void
test_sample_002_phrase (void **state)
{
  g_autoptr(BaguCorpus) corpus = bagu_corpus_new ();
  g_autofree char *path = test_srcpath ("samples", test_samples[2], NULL);
  g_autofree char *text = NULL;
  static const gunichar phrase[] = { 0x540C, 0x90E8, 0x7F72, 0x540C, 0x843D, 0x5B9E };  /* 同部署同落实 */
  const char *where;
  gsize len;
  guint32 n;
  gsize found = G_MAXSIZE;
  guint32 at;

  assert_true (g_file_get_contents (path, &text, &len, NULL));
  where = strstr (text, "同部署、同落实");
  assert_non_null (where);
  at = g_utf8_pointer_to_offset (text, where);

  n = bagu_tokenize_span (corpus, text, 0, len, 0, NULL, 0);
  for (guint32 i = 0; i + G_N_ELEMENTS (phrase) <= n; i++)
    {
      gsize j = 0;

      while (j < G_N_ELEMENTS (phrase) && corpus->tokens[i + j] == phrase[j])
        j++;
      if (j == G_N_ELEMENTS (phrase))
        {
          found = i;
          break;
        }
    }
  assert_int_not_equal (found, G_MAXSIZE);
  /* The first occurrence is the one in the text, and the 、 between the
   * two halves is visible as a gap in the offsets. */
  assert_int_equal (corpus->tok_start[found], at);
  assert_int_equal (corpus->tok_end[found + 2], at + 3);
  assert_int_equal (corpus->tok_start[found + 3], at + 4);
  assert_int_equal (corpus->tok_end[found + 5], at + 7);
}

/* A random text of @n characters of one to four bytes: each of a kind
 * drawn anew, or (@runs) in runs of one kind, as text has. */
static GString *
random_text (GRand *rand, guint n, gboolean runs)
{
  static const gunichar kinds[] = { 0x41, 0x3002, 0x610F, 0xE9, 0x1F600, 0x20000 };
  GString *s = g_string_new (NULL);
  guint kind = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!runs || g_rand_int_range (rand, 0, 20) == 0)
        kind = g_rand_int_range (rand, 0, G_N_ELEMENTS (kinds));
      g_string_append_unichar (s, kinds[kind] + g_rand_int_range (rand, 0, 16));
    }
  return s;
}

/* Characters of one to four bytes, counted as GLib counts them, over
 * every prefix of a random text. */
static void
test_utf8_length (void **state)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);

  (void) state;
  for (guint iter = 0; iter < 200; iter++)
    {
      g_autoptr(GString) s = random_text (rand, g_rand_int_range (rand, 0, 120), FALSE);

      for (const char *p = s->str; ; p = g_utf8_next_char (p))
        {
          gsize bytes = p - s->str;

          assert_int_equal (bagu_utf8_length (s->str, bytes), g_utf8_strlen (s->str, bytes));
          if (*p == '\0')
            break;
        }
    }
}

/* From every character of a random text, every number of characters on,
 * up to past its end: where g_utf8_offset_to_pointer lands, or the end.
 * The text sits in a buffer of its exact size, so that a skip reading
 * past its end shows under the sanitizers and valgrind. */
static void
test_utf8_skip (void **state)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (9);

  (void) state;
  for (guint iter = 0; iter < 60; iter++)
    {
      guint n = g_rand_int_range (rand, 0, 90);
      g_autoptr(GString) s = random_text (rand, n, iter % 2 == 0);
      /* Never NULL, even for no text, so that end is a pointer into it. */
      g_autofree char *text = memcpy (g_malloc (MAX (s->len, 1)), s->str, s->len);
      const char *end = text + s->len;

      for (guint from = 0; from <= n; from++)
        {
          const char *p = g_utf8_offset_to_pointer (text, from);

          for (guint k = 0; k <= n - from + 2; k++)
            {
              const char *want = k <= n - from ? g_utf8_offset_to_pointer (p, k) : end;

              assert_ptr_equal (bagu_utf8_skip (p, end, k), want);
            }
        }
    }
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_utf8_length),
    cmocka_unit_test (test_utf8_skip),
    cmocka_unit_test_setup_teardown (test_cjk_chars, setup_corpus, teardown_corpus),
    cmocka_unit_test_setup_teardown (test_word_case_fold, setup_corpus, teardown_corpus),
    cmocka_unit_test_setup_teardown (test_fullwidth_latin, setup_corpus, teardown_corpus),
    cmocka_unit_test_setup_teardown (test_numbers, setup_corpus, teardown_corpus),
    cmocka_unit_test_setup_teardown (test_slots, setup_corpus, teardown_corpus),
    cmocka_unit_test_setup_teardown (test_slot_contexts, setup_corpus, teardown_corpus),
    cmocka_unit_test_setup_teardown (test_punctuation_and_space, setup_corpus, teardown_corpus),
    cmocka_unit_test_setup_teardown (test_alphabetic_sentences, setup_corpus, teardown_corpus),
    cmocka_unit_test_setup_teardown (test_slow_path, setup_corpus, teardown_corpus),
    cmocka_unit_test_setup_teardown (test_expanding_characters, setup_corpus, teardown_corpus),
    cmocka_unit_test_setup_teardown (test_combining_marks, setup_corpus, teardown_corpus),
    cmocka_unit_test_setup_teardown (test_fast_path_agrees_with_nfkc, setup_corpus, teardown_corpus),
    cmocka_unit_test_setup_teardown (test_offsets_mixed, setup_corpus, teardown_corpus),
    cmocka_unit_test_setup_teardown (test_noise_skip, setup_corpus, teardown_corpus),
    cmocka_unit_test_setup_teardown (test_empty_and_damaged, setup_corpus, teardown_corpus),
    cmocka_unit_test_setup_teardown (test_long_word, setup_corpus, teardown_corpus),
    cmocka_unit_test_setup_teardown (test_token_to_string, setup_corpus, teardown_corpus),
    cmocka_unit_test_setup_teardown (test_document, setup_corpus, teardown_corpus),
    cmocka_unit_test (test_samples_round_trip),
    cmocka_unit_test (test_sample_002_phrase),
  };

  return cmocka_run_group_tests_name ("tokenize", tests, NULL, NULL);
}
