/* tests/test-ingest.c: unit tests of path expansion, decoding and reading (bagu-ingest). */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "test-util.h"
#include "bagu-ingest.h"
#include "bagu-load.h"
#include "bagu-parallel.h"
#include "bagu-utf8.h"

/* Traditional characters, one paragraph per line; tests/data/ingest/big5.txt
 * is this text in Big5. */
static const char big5_text[] =
  "今年以來，本局在市委、市政府的正確領導下，堅持以人民為中心的發展思想，認真貫徹落實上級各項決策部署，緊緊圍繞年初確定的目標任務，團結協作，真抓實幹，各項工作取得了明顯成效。現將一年來的工作情況總結如下：\n"
  "一、加強思想政治建設，築牢團結奮鬥的共同基礎。全年組織集中學習二十四次，舉辦專題講座六場，引導幹部職工堅定理想信念，提高政治判斷力、政治領悟力和政治執行力。\n"
  "二、深化重點領域改革，激發經濟發展的內生動力。我們持續優化營商環境，簡化審批流程，為企業和群眾辦理各類事項三千餘件，辦結率達到百分之九十八以上，群眾滿意度明顯提升。\n"
  "三、紮實推進民生工程，不斷增進人民群眾的福祉。新建社區服務中心兩處，改造老舊住宅小區五個，新增就業崗位一千二百個，困難家庭的基本生活得到有效保障。\n"
  "四、存在的問題和下一步打算。對照群眾的期盼，我們的工作還有不少差距，主要是創新意識不夠強，部分措施落實不到位。明年我們將進一步轉變作風，狠抓落實，努力開創各項工作的新局面。\n";

/* ------------------------------------------------------------------------ */
/* Helpers */

static char *
read_sample (guint i, gsize *len)
{
  g_autofree char *path = test_srcpath ("samples", test_samples[i], NULL);
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  assert_true (g_file_get_contents (path, &data, len, &error));
  assert_null (error);
  return data;
}

/* The second line of sample 000: a long paragraph of simplified Chinese. */
static char *
sample_paragraph (void)
{
  g_autofree char *data = read_sample (0, NULL);
  g_auto(GStrv) lines = g_strsplit (data, "\n", 3);

  assert_true (g_strv_length (lines) == 3);
  assert_true (strlen (lines[1]) > 200);
  return g_strdup (lines[1]);
}

static char *
encode (const char *utf8, const char *to, gsize *len)
{
  g_autoptr(GError) error = NULL;
  char *bytes = g_convert (utf8, -1, to, "UTF-8", NULL, len, &error);

  assert_null (error);
  assert_non_null (bytes);
  return bytes;
}

/* Not test-util.h's assert_error_matches: its parameter `domain` also
 * replaces the field name, so it does not compile with a macro argument. */
#define assert_ingest_error(err, c) \
  do { \
    assert_non_null (err); \
    assert_int_equal ((err)->domain, BAGU_INGEST_ERROR); \
    assert_int_equal ((err)->code, (c)); \
  } while (0)

/* Decodes and checks that it worked, as @encoding, giving @expected. */
static void
assert_decodes (const char *data, gsize len, const char *encoding, const char *expected)
{
  g_autoptr(GError) error = NULL;
  const char *found = NULL;
  gsize text_len = 0;
  g_autofree char *text = bagu_ingest_decode (data, len, &text_len, &found, &error);

  if (error != NULL)
    fail_msg ("expected %s, got error: %s", encoding, error->message);
  assert_non_null (text);
  assert_string_equal (found, encoding);
  assert_int_equal (text_len, strlen (expected));
  assert_int_equal (text[text_len], '\0');
  assert_memory_equal (text, expected, text_len);
}

/* Decoding fails with @code and a message containing @message. */
static void
assert_decode_fails (const char *data, gsize len, BaguIngestError code, const char *message)
{
  g_autoptr(GError) error = NULL;
  const char *found = NULL;
  gsize text_len = 0;
  g_autofree char *text = bagu_ingest_decode (data, len, &text_len, &found, &error);

  if (text != NULL)
    fail_msg ("expected an error containing '%s', got text as %s", message, found);
  assert_ingest_error (error, code);
  if (strstr (error->message, message) == NULL)
    fail_msg ("message '%s' does not contain '%s'", error->message, message);
}

/* Temporary directory and a record of what the skip callback was told. */

typedef struct {
  char *path;
  GQuark domain;
  int code;
  char *message;
} Report;

typedef struct {
  char *tmpdir;
  GPtrArray *reports;  /* Report* */
} Fixture;

static void
report_free (gpointer p)
{
  Report *r = p;

  g_free (r->path);
  g_free (r->message);
  g_free (r);
}

static void
record_skip (const char *path, const GError *error, gpointer user_data)
{
  Fixture *fx = user_data;
  Report *r = g_new0 (Report, 1);

  r->path = g_strdup (path);
  r->domain = error->domain;
  r->code = error->code;
  r->message = g_strdup (error->message);
  g_ptr_array_add (fx->reports, r);
}

static void
remove_tree (const char *path)
{
  struct stat st;

  if (lstat (path, &st) < 0)
    return;
  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = NULL;
      const char *name;

      /* Tests take permissions away; give them back to clean up. */
      g_chmod (path, 0700);
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static int
setup_tmpdir (void **state)
{
  Fixture *fx = g_new0 (Fixture, 1);

  fx->tmpdir = g_dir_make_tmp ("bagu-test-ingest-XXXXXX", NULL);
  assert_non_null (fx->tmpdir);
  fx->reports = g_ptr_array_new_with_free_func (report_free);
  *state = fx;
  return 0;
}

static int
teardown_tmpdir (void **state)
{
  Fixture *fx = *state;

  remove_tree (fx->tmpdir);
  g_free (fx->tmpdir);
  g_ptr_array_unref (fx->reports);
  g_free (fx);
  return 0;
}

static char *
tmp_path (Fixture *fx, const char *rel)
{
  return g_build_filename (fx->tmpdir, rel, NULL);
}

static void
tmp_write (Fixture *fx, const char *rel, const char *contents)
{
  g_autofree char *path = tmp_path (fx, rel);
  g_autoptr(GError) error = NULL;

  assert_true (g_file_set_contents (path, contents, -1, &error));
}

static void
tmp_mkdir (Fixture *fx, const char *rel)
{
  g_autofree char *path = tmp_path (fx, rel);

  assert_int_equal (g_mkdir (path, 0700), 0);
}

static void
tmp_symlink (Fixture *fx, const char *target, const char *rel)
{
  g_autofree char *path = tmp_path (fx, rel);

  assert_int_equal (symlink (target, path), 0);
}

/* Expands the NULL-terminated relative paths in the temporary directory. */
static GPtrArray *
tmp_expand (Fixture *fx, const char *first, ...)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  va_list ap;

  va_start (ap, first);
  for (const char *rel = first; rel != NULL; rel = va_arg (ap, const char *))
    g_ptr_array_add (paths, tmp_path (fx, rel));
  va_end (ap);
  return bagu_ingest_expand_paths ((const char *const *) paths->pdata, paths->len,
                                   record_skip, fx);
}

/* The result holds exactly these relative paths, in this order. */
static void
assert_paths (Fixture *fx, GPtrArray *files, const char *first, ...)
{
  va_list ap;
  guint i = 0;

  va_start (ap, first);
  for (const char *rel = first; rel != NULL; rel = va_arg (ap, const char *), i++)
    {
      g_autofree char *expected = tmp_path (fx, rel);

      assert_true (i < files->len);
      assert_string_equal (g_ptr_array_index (files, i), expected);
    }
  va_end (ap);
  assert_int_equal (files->len, i);
}

static void
assert_report (Fixture *fx, guint i, const char *rel, BaguIngestError code, const char *message)
{
  g_autofree char *path = tmp_path (fx, rel);
  const Report *r;

  assert_true (i < fx->reports->len);
  r = g_ptr_array_index (fx->reports, i);
  assert_string_equal (r->path, path);
  assert_int_equal (r->domain, BAGU_INGEST_ERROR);
  assert_int_equal (r->code, code);
  if (strstr (r->message, message) == NULL)
    fail_msg ("message '%s' does not contain '%s'", r->message, message);
  /* The caller prefixes the path; the message must not repeat it. */
  assert_null (strstr (r->message, path));
}

/* ------------------------------------------------------------------------ */
/* Decoding */

static void
test_decode_utf8 (void **state)
{
  gsize len;
  g_autofree char *data = read_sample (0, &len);

  assert_int_equal (strlen (data), len);
  assert_decodes (data, len, "UTF-8", data);
  assert_decodes ("plain ASCII\n", 12, "UTF-8", "plain ASCII\n");
}

static void
test_decode_utf8_bom (void **state)
{
  static const char data[] = "\xef\xbb\xbf" "年终总结\n";

  assert_decodes (data, sizeof data - 1, "UTF-8 BOM", "年终总结\n");
}

static void
test_decode_utf16_bom (void **state)
{
  g_autofree char *paragraph = sample_paragraph ();
  static const struct {
    const char *encoding;
    const char *bom;
    gsize bom_len;
  } cases[] = {
    { "UTF-16LE", "\xff\xfe", 2 },
    { "UTF-16BE", "\xfe\xff", 2 },
    { "UTF-32LE", "\xff\xfe\0\0", 4 },
    { "UTF-32BE", "\0\0\xfe\xff", 4 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize len;
      g_autofree char *body = encode (paragraph, cases[i].encoding, &len);
      g_autofree char *data = g_malloc (cases[i].bom_len + len);

      memcpy (data, cases[i].bom, cases[i].bom_len);
      memcpy (data + cases[i].bom_len, body, len);
      assert_decodes (data, cases[i].bom_len + len, cases[i].encoding, paragraph);
    }

  /* An odd number of bytes after a UTF-16 mark cannot be UTF-16. */
  assert_decode_fails ("\xff\xfe" "a\0b", 5, BAGU_INGEST_ERROR_ENCODING, "not valid UTF-16LE");
}

static void
test_decode_gb18030 (void **state)
{
  g_autofree char *paragraph = sample_paragraph ();
  gsize len;
  g_autofree char *gb = encode (paragraph, "GB18030", &len);
  g_autofree char *short_gb = NULL;

  assert_false (g_utf8_validate (gb, len, NULL));
  assert_decodes (gb, len, "GB18030", paragraph);

  /* Too short for a detector to be sure: the GB18030 last resort. */
  short_gb = encode ("年终总结", "GB18030", &len);
  assert_decodes (short_gb, len, "GB18030", "年终总结");
}

static void
test_decode_big5 (void **state)
{
  gsize len;
  g_autofree char *big5 = encode (big5_text, "BIG5", &len);

  assert_true (g_utf8_strlen (big5_text, -1) > 300);
  assert_decodes (big5, len, "BIG5", big5_text);
}

/* Big5 bytes nearly always convert as GB18030 too, into rare characters.
 * When Big5 fails on a damaged byte pair, that mojibake must not pass. */
static void
test_decode_big5_damaged (void **state)
{
  gsize len;
  g_autofree char *big5 = encode (big5_text, "BIG5", &len);
  g_autoptr(GString) damaged = g_string_new_len (big5, len);

  /* 81 40 is outside Big5 and Big5-HKSCS, and valid GB18030 (丂). */
  g_string_insert_len (damaged, strchr (big5 + len / 2, '\n') + 1 - big5, "\x81\x40", 2);
  assert_decode_fails (damaged->str, damaged->len, BAGU_INGEST_ERROR_ENCODING,
                       "not decodable as BIG5 or GB18030");
}

/* Not the corpus this tool is for, but a single-byte charset the detector
 * is sure of is still read, and not mistaken for GB18030. */
static void
test_decode_single_byte (void **state)
{
  static const char french[] =
    "Le rapport annuel présente les activités de l'équipe au cours de l'année écoulée. "
    "Après une période difficile, les résultats se sont améliorés : la qualité du travail "
    "a été reconnue par tous les partenaires, et les délais ont été respectés.\n"
    "Pour l'année à venir, nous prévoyons de renforcer la coopération régionale, "
    "d'élargir la formation des employés et de réduire les dépenses générales.\n";
  gsize len;
  g_autofree char *latin1 = encode (french, "ISO-8859-1", &len);
  g_autoptr(GError) error = NULL;
  const char *encoding = NULL;
  gsize text_len;
  g_autofree char *text = bagu_ingest_decode (latin1, len, &text_len, &encoding, &error);

  assert_null (error);
  /* ISO-8859-1 and WINDOWS-1252 agree on these characters. */
  assert_true (g_strcmp0 (encoding, "ISO-8859-1") == 0 || g_strcmp0 (encoding, "WINDOWS-1252") == 0);
  assert_string_equal (text, french);
}

static void
test_decode_line_ends (void **state)
{
  static const char mixed[] = "第一段\r\n第二段\r第三段\n\r\n第四段\r";
  gsize len;
  g_autofree char *gb = encode (mixed, "GB18030", &len);

  assert_decodes (mixed, sizeof mixed - 1, "UTF-8", mixed);
  assert_decodes (gb, len, "GB18030", mixed);
}

static void
test_decode_invalid_bytes (void **state)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20231123);
  char data[512];

  /* High bytes only: no ASCII, no NUL, no magic number, not UTF-8. */
  for (gsize i = 0; i < sizeof data; i++)
    data[i] = (char) g_rand_int_range (rand, 0x80, 0x100);
  assert_decode_fails (data, sizeof data, BAGU_INGEST_ERROR_ENCODING,
                       "not valid UTF-8 and not decodable as");

  /* Bytes that are invalid in every supported multi-byte encoding (and
   * do not start with a byte-order mark). */
  assert_decode_fails ("\x80\xff\xfe\xff\xfd\x80\xff", 7, BAGU_INGEST_ERROR_ENCODING,
                       "not decodable");
}

/* One bad byte in a long UTF-8 text is damage, not another encoding: it is
 * refused with its position, never decoded as GB18030 mojibake. */
static void
test_decode_invalid_utf8_middle (void **state)
{
  gsize len, offset, line = 1;
  g_autofree char *sample = read_sample (4, &len);
  g_autofree char *damaged = g_malloc (len + 1);
  g_autofree char *message = NULL;
  g_autofree char *cut = NULL;
  const char *p;

  /* A stray byte at the start of a line in the middle of the file. */
  p = strchr (sample + len / 2, '\n');
  assert_non_null (p);
  offset = p + 1 - sample;
  for (gsize i = 0; i < offset; i++)
    line += sample[i] == '\n';
  memcpy (damaged, sample, offset);
  damaged[offset] = '\xff';
  memcpy (damaged + offset + 1, sample + offset, len - offset);
  message = g_strdup_printf ("invalid UTF-8 at line %" G_GSIZE_FORMAT ", byte %" G_GSIZE_FORMAT,
                             line, offset);
  assert_decode_fails (damaged, len + 1, BAGU_INGEST_ERROR_ENCODING, message);

  /* A character with its last byte missing, followed by more text. */
  p = g_utf8_find_next_char (sample + len / 3, NULL);
  while ((guchar) *p < 0x80)
    p = g_utf8_next_char (p);
  offset = p - sample;
  cut = g_malloc (len);
  memcpy (cut, sample, offset + 2);
  memcpy (cut + offset + 2, sample + offset + 3, len - offset - 3);
  assert_decode_fails (cut, len - 1, BAGU_INGEST_ERROR_ENCODING, "invalid UTF-8 at line");
}

static void
test_decode_truncated_utf8 (void **state)
{
  gsize len;
  g_autofree char *sample = read_sample (1, &len);
  g_autoptr(GString) data = g_string_new_len (sample, len);

  /* 中 is E4 B8 AD: one or two of its bytes at the end of a download. */
  g_string_append_len (data, "\xe4\xb8", 2);
  assert_decodes (data->str, data->len, "UTF-8", sample);
  g_string_truncate (data, len);
  g_string_append_len (data, "\xe4", 1);
  assert_decodes (data->str, data->len, "UTF-8", sample);

  /* 𠀀 (U+20000) is F0 A0 80 80; three bytes are still a cut character. */
  g_string_truncate (data, len);
  g_string_append_len (data, "\xf0\xa0\x80", 3);
  assert_decodes (data->str, data->len, "UTF-8", sample);

  /* After a UTF-8 byte-order mark as well. */
  assert_decodes ("\xef\xbb\xbf" "年终\xe6\x80", 11, "UTF-8 BOM", "年终");

  /* A lone continuation byte or a lead byte that can never start a
   * character is not a cut character. */
  g_string_truncate (data, len);
  g_string_append_len (data, "\x80", 1);
  assert_decode_fails (data->str, data->len, BAGU_INGEST_ERROR_ENCODING, "invalid UTF-8");
  g_string_truncate (data, len);
  g_string_append_len (data, "\xe0\x80", 2);
  assert_decode_fails (data->str, data->len, BAGU_INGEST_ERROR_ENCODING, "invalid UTF-8");
  /* Two incomplete characters: the first is damage in the middle. */
  g_string_truncate (data, len);
  g_string_append_len (data, "\xe4\xb8\xe4\xb8", 4);
  assert_decode_fails (data->str, data->len, BAGU_INGEST_ERROR_ENCODING, "invalid UTF-8");
}

static void
test_decode_empty (void **state)
{
  static const char bom_spaces[] = "\xef\xbb\xbf" " \u3000\r\n\ufeff\t";
  static const char ideographic[] = "\u3000\u3000\n\u3000";
  gsize len;
  g_autofree char *utf16 = encode ("\ufeff\u3000 \r\n", "UTF-16LE", &len);

  assert_decode_fails ("", 0, BAGU_INGEST_ERROR_EMPTY, "empty file");
  assert_decode_fails (" \n\t\r\n ", 6, BAGU_INGEST_ERROR_EMPTY, "contains only white space");
  assert_decode_fails (ideographic, sizeof ideographic - 1, BAGU_INGEST_ERROR_EMPTY,
                       "contains only white space");
  assert_decode_fails (bom_spaces, sizeof bom_spaces - 1, BAGU_INGEST_ERROR_EMPTY,
                       "contains only white space");
  assert_decode_fails ("\xef\xbb\xbf", 3, BAGU_INGEST_ERROR_EMPTY, "contains only white space");
  assert_decode_fails (utf16, len, BAGU_INGEST_ERROR_EMPTY, "contains only white space");

  /* One visible character is enough. */
  assert_decodes ("\u3000\u3000一", 9, "UTF-8", "\u3000\u3000一");
}

static void
test_decode_nul (void **state)
{
  gsize len;
  g_autofree char *sample = read_sample (0, &len);

  /* Odd and even lengths: even ones are tried as UTF-16 first. */
  sample[len / 2] = '\0';
  assert_decode_fails (sample, len, BAGU_INGEST_ERROR_BINARY, "binary data (NUL bytes)");
  assert_decode_fails (sample, len - 1, BAGU_INGEST_ERROR_BINARY, "binary data (NUL bytes)");
  assert_decode_fails ("abc\0def", 7, BAGU_INGEST_ERROR_BINARY, "binary data (NUL bytes)");

  /* A NUL character that an encoding with a byte-order mark spells out. */
  assert_decode_fails ("\xef\xbb\xbf" "a\0b", 6, BAGU_INGEST_ERROR_BINARY, "NUL bytes");
  assert_decode_fails ("\xff\xfe" "a\0\0\0b\0", 8, BAGU_INGEST_ERROR_BINARY, "NUL bytes");
}

static void
test_decode_magic (void **state)
{
  static const struct {
    const char *data;
    gsize len;
    const char *name;
  } cases[] = {
    { "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, "PNG image" },
    { "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0", 20, "ELF executable" },
    { "PK\x03\x04\x14\0\x06\0\x08\0", 10, "ZIP archive (.docx is not supported yet)" },
    { "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", 15, "PDF document" },
    { "\xff\xd8\xff\xe0\0\x10JFIF\0", 11, "JPEG image" },
    { "GIF89a\x01\0\x01\0", 10, "GIF image" },
    { "\x1f\x8b\x08\0\0\0\0\0\0\x03", 10, "gzip" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_decode_fails (cases[i].data, cases[i].len, BAGU_INGEST_ERROR_BINARY, cases[i].name);

  /* A PDF is ASCII at the start: the magic number, not UTF-8, decides. */
  assert_decode_fails ("%PDF-1.4\n", 9, BAGU_INGEST_ERROR_BINARY, "PDF document");
}

static void
test_decode_utf16_no_bom (void **state)
{
  static const char english[] =
    "Annual report 2023\r\n"
    "All units completed the tasks set at the start of the year.\r\n";
  g_autofree char *paragraph = sample_paragraph ();
  g_autofree char *mixed = g_strconcat ("2023年工作总结\n", paragraph, "\n", NULL);
  const char *encodings[] = { "UTF-16LE", "UTF-16BE" };

  for (gsize i = 0; i < G_N_ELEMENTS (encodings); i++)
    {
      gsize len;
      g_autofree char *a = encode (english, encodings[i], &len);
      g_autofree char *b = NULL;

      assert_decodes (a, len, encodings[i], english);
      /* Mostly Chinese: the NUL bytes come from digits and line ends. */
      b = encode (mixed, encodings[i], &len);
      assert_decodes (b, len, encodings[i], mixed);
    }
}

/* bagu_utf8_validate_len gives g_utf8_validate_len's answer, its result and
 * where it stopped, on every prefix of text mixing what it checks itself
 * (ASCII in runs around eight bytes long, two- and three-byte characters)
 * with what it leaves to GLib: NUL, four-byte characters, overlong forms,
 * surrogates, code points past U+10FFFF, stray continuation bytes and
 * characters cut by the end; and on random bytes. */
static void
test_validate_utf8 (void **state)
{
  static const char *const pieces[] = {
    "a", "abcdefg", "abcdefgh", "abcdefghi", "\xc3\xa9", "\xdf\xbf", "\xe4\xb8\xad",
    "\xef\xbc\x8c", "\xef\xbf\xbf", "\xe1\x80\x80", "\xec\xbf\xbf", "\xee\x80\x80",
    "\xe0\xa0\x80", "\xe0\x9f\xbf", "\xed\x9f\xbf", "\xed\xa0\x80", "\xf0\x9f\x98\x80",
    "\xf4\x8f\xbf\xbf", "\xf4\x90\x80\x80", "\xc0\x80", "\xc1\xbf", "\x80", "\xbf",
    "\xfe", "\xff", "\xe4\xb8", "\xe4", "\xf0\x9f\x98",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261203);

  (void) state;
  for (guint round = 0; round < 20000; round++)
    {
      char text[256];
      gsize len = 0;

      while (len < 200)
        {
          if (g_rand_int_range (rand, 0, 8) == 0)
            text[len++] = (char) g_rand_int_range (rand, 0, 256);
          else if (g_rand_int_range (rand, 0, 40) == 0)
            text[len++] = '\0';
          else
            {
              const char *piece = pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))];

              memcpy (text + len, piece, strlen (piece));
              len += strlen (piece);
            }
        }
      for (gsize n = 0; n <= len; n += 1 + n / 16)
        {
          const char *ours = NULL, *glibs = NULL;
          gboolean valid = bagu_utf8_validate_len (text, n, &ours);

          assert_int_equal (valid, g_utf8_validate_len (text, n, &glibs));
          assert_ptr_equal (ours, glibs);
          assert_int_equal (bagu_utf8_validate_len (text, n, NULL), valid);
        }
    }
}


/* ------------------------------------------------------------------------ */
/* Reading files */

static void
test_file_samples (void **state)
{
  for (gsize i = 0; i < G_N_ELEMENTS (test_samples); i++)
    {
      g_autofree char *path = test_srcpath ("samples", test_samples[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(BaguSource) source = bagu_ingest_file (path, BAGU_INGEST_DEFAULT_MAX_SIZE, &error);
      g_autofree char *data = NULL;
      gsize len;
      GStatBuf st;

      assert_null (error);
      assert_non_null (source);
      assert_int_equal (g_stat (path, &st), 0);
      data = read_sample (i, &len);
      assert_string_equal (source->path, path);
      assert_string_equal (source->encoding, "UTF-8");
      assert_int_equal (source->text_len, st.st_size);
      assert_memory_equal (source->text, data, len);
      assert_int_equal (source->text[source->text_len], '\0');
      assert_int_equal (source->mode, BAGU_PARAGRAPHS_AUTO);
      assert_int_equal (source->first_doc, 0);
      assert_int_equal (source->n_docs, 0);
    }
}

static void
test_file_fixtures (void **state)
{
  g_autofree char *gb_path = test_srcpath ("tests", "data", "ingest", "gb18030-crlf.txt", NULL);
  g_autofree char *big5_path = test_srcpath ("tests", "data", "ingest", "big5.txt", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BaguSource) gb = NULL;
  g_autoptr(BaguSource) big5 = NULL;
  g_autofree char *sample = read_sample (0, NULL);
  g_auto(GStrv) lines = g_strsplit (sample, "\n", 4);
  g_autofree char *expected = g_strconcat (lines[0], "\r\n", lines[1], "\r\n", lines[2], "\r\n", NULL);

  gb = bagu_ingest_file (gb_path, BAGU_INGEST_DEFAULT_MAX_SIZE, &error);
  assert_null (error);
  assert_string_equal (gb->encoding, "GB18030");
  assert_string_equal (gb->text, expected);
  assert_int_equal (gb->text_len, strlen (expected));

  big5 = bagu_ingest_file (big5_path, BAGU_INGEST_DEFAULT_MAX_SIZE, &error);
  assert_null (error);
  assert_string_equal (big5->encoding, "BIG5");
  assert_string_equal (big5->text, big5_text);
}

static void
assert_file_fails (const char *path, gsize max_size, BaguIngestError code, const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BaguSource) source = bagu_ingest_file (path, max_size, &error);

  assert_null (source);
  assert_ingest_error (error, code);
  if (strstr (error->message, message) == NULL)
    fail_msg ("message '%s' does not contain '%s'", error->message, message);
  assert_null (strstr (error->message, path));
}

static void
test_file_not_found (void **state)
{
  Fixture *fx = *state;
  g_autofree char *path = tmp_path (fx, "vanished.txt");
  g_autofree char *below_file = NULL;

  assert_file_fails (path, BAGU_INGEST_DEFAULT_MAX_SIZE, BAGU_INGEST_ERROR_NOT_FOUND,
                     "no such file or directory");
  tmp_write (fx, "a.txt", "正文\n");
  below_file = tmp_path (fx, "a.txt/b.txt");
  assert_file_fails (below_file, BAGU_INGEST_DEFAULT_MAX_SIZE, BAGU_INGEST_ERROR_NOT_FOUND,
                     "no such file or directory");
}

typedef struct {
  char *doomed;        /* the file to delete when the first input is skipped */
  GPtrArray *skipped;  /* "path: message" */
} Vanish;

static void
vanish_on_skip (const char *path, const GError *error, gpointer user_data)
{
  Vanish *v = user_data;

  g_ptr_array_add (v->skipped, g_strdup_printf ("%s: %s", path, error->message));
  if (v->doomed != NULL)
    {
      assert_int_equal (g_unlink (v->doomed), 0);
      g_clear_pointer (&v->doomed, g_free);
    }
}

/* A file that vanishes between the listing of a directory and its reading
 * is skipped like any other, and the run goes on. */
static void
test_file_vanishes (void **state)
{
  Fixture *fx = *state;
  g_autoptr(BaguCorpus) corpus = bagu_corpus_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = tmp_path (fx, "in");
  Vanish v = { NULL, g_ptr_array_new_with_free_func (g_free) };
  const char *paths[] = { dir };
  BaguLoadOptions options = { 0 };

  tmp_mkdir (fx, "in");
  tmp_write (fx, "in/a-empty.txt", "");
  /* Files are read ahead of their turn, but not further than this. */
  for (guint i = 0; i < BAGU_LOAD_READ_AHEAD + 8; i++)
    {
      g_autofree char *name = g_strdup_printf ("in/b-%03u.txt", i);

      tmp_write (fx, name, "坚持同部署、同落实。\n");
    }
  tmp_write (fx, "in/c-gone.txt", "坚持同部署、同落实。\n");
  tmp_write (fx, "in/d-kept.txt", "纳入党建工作责任制。\n");
  /* Skipping the empty file (read first) deletes one not read yet. */
  v.doomed = tmp_path (fx, "in/c-gone.txt");
  assert_true (bagu_load_corpus (corpus, paths, 1, &options, vanish_on_skip, &v, &error));
  assert_null (error);
  assert_int_equal (v.skipped->len, 2);
  assert_non_null (strstr (v.skipped->pdata[0], "a-empty.txt: empty file"));
  assert_non_null (strstr (v.skipped->pdata[1], "c-gone.txt: no such file or directory"));
  assert_int_equal (corpus->sources->len, BAGU_LOAD_READ_AHEAD + 8 + 1);
  assert_non_null (strstr (bagu_corpus_source (corpus, corpus->sources->len - 1)->path,
                           "d-kept.txt"));
  g_ptr_array_unref (v.skipped);
}

static void
list_skip (const char *path, const GError *error, gpointer user_data)
{
  g_ptr_array_add (user_data, g_strdup_printf ("%s: %s", path, error->message));
}

static BaguCorpus *
load_with_threads (const char *dir, const BaguNoiseRules *rules, guint threads,
                   GPtrArray *skipped)
{
  BaguCorpus *corpus = bagu_corpus_new ();
  g_autoptr(GError) error = NULL;
  const char *paths[] = { dir };
  BaguLoadOptions options = { BAGU_PARAGRAPHS_AUTO, rules, 0, 0 };

  bagu_parallel_set_threads (threads);
  assert_true (bagu_load_corpus (corpus, paths, 1, &options, list_skip, skipped, &error));
  assert_null (error);
  bagu_parallel_set_threads (0);
  return corpus;
}

/* Loaded on several threads, each file into a corpus of its own appended
 * in turn, the corpus is the one a single thread makes: the same sources,
 * documents, paragraphs, noise and tokens, the words numbered alike, and
 * the files skipped told in the same order. */
static void
test_load_threads (void **state)
{
  Fixture *fx = *state;
  g_autofree char *dir = tmp_path (fx, "in");
  g_autofree char *rules_path = test_srcpath ("templates", "noise.rules", NULL);
  g_autoptr(BaguNoiseRules) rules = bagu_noise_rules_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) skipped1 = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(BaguCorpus) one = NULL;
  g_autoptr(GDir) samples = NULL;
  g_autofree char *samples_dir = test_srcpath ("samples", NULL);
  g_autoptr(GString) large = g_string_new (NULL);
  const char *name;
  guint n = 0;

  assert_true (bagu_noise_rules_add_file (rules, rules_path, &error));
  tmp_mkdir (fx, "in");
  /* The samples (a compilation, ads, page-break fragments), words that
   * first occur in different files in different orders, files to skip,
   * and one file too large to be loaded apart. */
  samples = g_dir_open (samples_dir, 0, &error);
  assert_non_null (samples);
  while ((name = g_dir_read_name (samples)) != NULL)
    {
      g_autofree char *from = g_build_filename (samples_dir, name, NULL);
      g_autofree char *to = g_strdup_printf ("in/s%s", name);
      g_autofree char *data = NULL;
      gsize len;

      assert_true (g_file_get_contents (from, &data, &len, NULL));
      tmp_write (fx, to, data);
    }
  for (guint i = 0; i < BAGU_LOAD_READ_AHEAD + 20; i++)
    {
      g_autofree char *to = g_strdup_printf ("in/w%03u.txt", i);
      g_autofree char *text = g_strdup_printf ("Report %u: word%u and word%u, 第%u项。\n\n"
                                               "The Party committee word%u.\n",
                                               i, i % 7, (i * 5) % 11, i, i % 3);

      tmp_write (fx, to, i % 9 == 4 ? "" : text);
    }
  tmp_write (fx, "in/x-binary.txt", "\x7f" "ELF\x02\x01");
  while (large->len <= (16u << 20))
    g_string_append (large, "把意识形态工作纳入党建工作责任制，Large text word3。\n");
  tmp_write (fx, "in/y-large.txt", large->str);
  tmp_write (fx, "in/z-last.txt", "最后一个文件，word12。\n");

  one = load_with_threads (dir, rules, 1, skipped1);
  assert_true (skipped1->len >= 5);
  for (guint threads = 2; threads <= 3; threads++)
    {
      g_autoptr(GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(BaguCorpus) many = load_with_threads (dir, rules, threads, skipped);

      assert_int_equal (skipped->len, skipped1->len);
      for (guint k = 0; k < skipped->len; k++)
        assert_string_equal (skipped->pdata[k], skipped1->pdata[k]);
      assert_int_equal (many->sources->len, one->sources->len);
      for (guint k = 0; k < one->sources->len; k++)
        {
          const BaguSource *a = bagu_corpus_source (one, k), *b = bagu_corpus_source (many, k);

          assert_string_equal (a->path, b->path);
          assert_string_equal (a->encoding, b->encoding);
          assert_int_equal (a->text_len, b->text_len);
          assert_memory_equal (a->text, b->text, a->text_len);
          assert_int_equal (a->mode, b->mode);
          assert_int_equal (a->first_doc, b->first_doc);
          assert_int_equal (a->n_docs, b->n_docs);
        }
      assert_int_equal (many->documents->len, one->documents->len);
      for (guint k = 0; k < one->documents->len; k++)
        {
          BaguDocument a = *bagu_corpus_document (one, k), b = *bagu_corpus_document (many, k);

          assert_string_equal (a.title, b.title);
          a.title = b.title = NULL;
          assert_memory_equal (&a, &b, sizeof a);
        }
      assert_int_equal (many->paragraphs->len, one->paragraphs->len);
      assert_memory_equal (many->paragraphs->data, one->paragraphs->data,
                           one->paragraphs->len * sizeof (BaguParagraph));
      assert_int_equal (many->noise->len, one->noise->len);
      for (guint k = 0; k < one->noise->len; k++)
        {
          BaguNoise a = *bagu_corpus_noise (one, k), b = *bagu_corpus_noise (many, k);

          assert_string_equal (a.rule, b.rule);
          a.rule = b.rule = NULL;
          assert_memory_equal (&a, &b, sizeof a);
        }
      assert_int_equal (many->n_tokens, one->n_tokens);
      assert_memory_equal (many->tokens, one->tokens, one->n_tokens * sizeof (guint32));
      assert_memory_equal (many->tok_start, one->tok_start, one->n_tokens * sizeof (guint32));
      assert_memory_equal (many->tok_end, one->tok_end, one->n_tokens * sizeof (guint32));
      assert_int_equal (many->words->len, one->words->len);
      for (guint w = 0; w < one->words->len; w++)
        assert_string_equal (many->words->pdata[w], one->words->pdata[w]);
      n++;
    }
  assert_int_equal (n, 2);
  /* What was tested is there: several articles, noise, words. */
  assert_true (one->documents->len > one->sources->len);
  assert_true (one->noise->len > 0);
  assert_true (one->words->len > 10);
}

static void
test_file_too_large (void **state)
{
  g_autofree char *path = test_srcpath ("samples", test_samples[0], NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BaguSource) source = NULL;
  GStatBuf st;

  assert_int_equal (g_stat (path, &st), 0);
  assert_file_fails (path, 100, BAGU_INGEST_ERROR_TOO_LARGE, "see --max-file-size");
  assert_file_fails (path, st.st_size - 1, BAGU_INGEST_ERROR_TOO_LARGE, "file too large");

  /* The limit itself is allowed. */
  source = bagu_ingest_file (path, st.st_size, &error);
  assert_null (error);
  assert_int_equal (source->text_len, st.st_size);
}

static void
test_file_not_regular (void **state)
{
  Fixture *fx = *state;
  g_autofree char *fifo = tmp_path (fx, "fifo");

  assert_file_fails (fx->tmpdir, BAGU_INGEST_DEFAULT_MAX_SIZE, BAGU_INGEST_ERROR_NOT_REGULAR,
                     "is a directory");
  /* Opening a FIFO with no writer must not hang. */
  assert_int_equal (mkfifo (fifo, 0600), 0);
  assert_file_fails (fifo, BAGU_INGEST_DEFAULT_MAX_SIZE, BAGU_INGEST_ERROR_NOT_REGULAR,
                     "not a regular file (a FIFO)");
}

static void
test_file_empty (void **state)
{
  Fixture *fx = *state;
  g_autofree char *empty = tmp_path (fx, "empty.txt");
  g_autofree char *blank = tmp_path (fx, "blank.txt");

  tmp_write (fx, "empty.txt", "");
  tmp_write (fx, "blank.txt", "\u3000\r\n \r\n");
  assert_file_fails (empty, BAGU_INGEST_DEFAULT_MAX_SIZE, BAGU_INGEST_ERROR_EMPTY, "empty file");
  assert_file_fails (blank, BAGU_INGEST_DEFAULT_MAX_SIZE, BAGU_INGEST_ERROR_EMPTY,
                     "contains only white space");
}

static void
test_file_unreadable (void **state)
{
  Fixture *fx = *state;
  g_autofree char *path = NULL;

  /* Before any allocation: skip () jumps past the cleanups. */
  if (geteuid () == 0)
    skip ();  /* root reads anything */
  path = tmp_path (fx, "secret.txt");
  tmp_write (fx, "secret.txt", "正文\n");
  assert_int_equal (g_chmod (path, 0), 0);
  assert_file_fails (path, BAGU_INGEST_DEFAULT_MAX_SIZE, BAGU_INGEST_ERROR_UNREADABLE,
                     "permission denied");
}

/* ------------------------------------------------------------------------ */
/* Expanding paths */

static void
test_expand_tree (void **state)
{
  Fixture *fx = *state;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) hidden = NULL;

  tmp_write (fx, "z.txt", "z");
  tmp_write (fx, "a.txt", "a");
  tmp_mkdir (fx, "b");
  tmp_write (fx, "b/c.txt", "c");
  tmp_mkdir (fx, "b/d");
  tmp_write (fx, "b/d/e.md", "e");
  tmp_write (fx, "b/d/report.docx", "not filtered by extension");
  tmp_write (fx, ".hidden.txt", "h");
  tmp_mkdir (fx, ".git");
  tmp_write (fx, ".git/config", "g");
  tmp_mkdir (fx, "b/.cache");
  tmp_write (fx, "b/.cache/x.txt", "x");
  tmp_mkdir (fx, "empty");

  files = tmp_expand (fx, ".", NULL);
  assert_paths (fx, files, "./a.txt", "./b/c.txt", "./b/d/e.md", "./b/d/report.docx",
                "./z.txt", NULL);
  assert_int_equal (fx->reports->len, 0);

  /* Hidden files are skipped inside directories, not when named. */
  hidden = tmp_expand (fx, ".hidden.txt", "b/.cache", NULL);
  assert_paths (fx, hidden, ".hidden.txt", "b/.cache/x.txt", NULL);
  assert_int_equal (fx->reports->len, 0);
}

static void
test_expand_samples (void **state)
{
  g_autofree char *dir = test_srcpath ("samples", NULL);
  g_autofree char *with_slash = g_strconcat (dir, "/", NULL);
  const char *paths[] = { dir };
  const char *paths_slash[] = { with_slash };
  g_autoptr(GPtrArray) files = bagu_ingest_expand_paths (paths, 1, NULL, NULL);
  g_autoptr(GPtrArray) files_slash = bagu_ingest_expand_paths (paths_slash, 1, NULL, NULL);

  assert_int_equal (files->len, G_N_ELEMENTS (test_samples));
  assert_int_equal (files_slash->len, G_N_ELEMENTS (test_samples));
  for (gsize i = 0; i < G_N_ELEMENTS (test_samples); i++)
    {
      g_autofree char *expected = test_srcpath ("samples", test_samples[i], NULL);

      assert_string_equal (g_ptr_array_index (files, i), expected);
      assert_string_equal (g_ptr_array_index (files_slash, i), expected);
    }
}

static void
test_expand_loop (void **state)
{
  Fixture *fx = *state;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) from_inside = NULL;

  tmp_write (fx, "top.txt", "t");
  tmp_mkdir (fx, "dir");
  tmp_write (fx, "dir/x.txt", "x");
  tmp_symlink (fx, "..", "dir/link");

  files = tmp_expand (fx, ".", NULL);
  assert_paths (fx, files, "./dir/x.txt", "./top.txt", NULL);
  assert_int_equal (fx->reports->len, 1);
  assert_report (fx, 0, "./dir/link", BAGU_INGEST_ERROR_LOOP, "directory loop");

  /* Entering below the loop: the link leads up once, then back to dir. */
  g_ptr_array_set_size (fx->reports, 0);
  from_inside = tmp_expand (fx, "dir", NULL);
  assert_paths (fx, from_inside, "dir/link/top.txt", "dir/x.txt", NULL);
  assert_int_equal (fx->reports->len, 1);
  assert_report (fx, 0, "dir/link/dir", BAGU_INGEST_ERROR_LOOP, "directory loop");
}

static void
test_expand_symlink_cycle (void **state)
{
  Fixture *fx = *state;
  g_autoptr(GPtrArray) files = NULL;

  tmp_mkdir (fx, "d");
  tmp_write (fx, "d/ok.txt", "ok");
  tmp_symlink (fx, "b", "d/a");
  tmp_symlink (fx, "a", "d/b");
  tmp_symlink (fx, "nowhere", "d/broken");

  files = tmp_expand (fx, "d", NULL);
  assert_paths (fx, files, "d/ok.txt", NULL);
  assert_int_equal (fx->reports->len, 3);
  assert_report (fx, 0, "d/a", BAGU_INGEST_ERROR_LOOP, "symbolic links");
  assert_report (fx, 1, "d/b", BAGU_INGEST_ERROR_LOOP, "symbolic links");
  assert_report (fx, 2, "d/broken", BAGU_INGEST_ERROR_NOT_FOUND, "broken symbolic link");
}

static void
test_expand_duplicates (void **state)
{
  Fixture *fx = *state;
  g_autoptr(GPtrArray) twice = NULL;
  g_autoptr(GPtrArray) aliased = NULL;
  g_autofree char *alias = tmp_path (fx, "alias.txt");
  g_autofree char *message = g_strdup_printf ("same file as %s", alias);

  tmp_write (fx, "real.txt", "r");
  tmp_symlink (fx, "real.txt", "alias.txt");

  twice = tmp_expand (fx, "real.txt", "real.txt", NULL);
  assert_paths (fx, twice, "real.txt", NULL);
  assert_int_equal (fx->reports->len, 1);
  assert_report (fx, 0, "real.txt", BAGU_INGEST_ERROR_DUPLICATE, "given twice");

  /* The name that sorts first survives, whatever the order given. */
  g_ptr_array_set_size (fx->reports, 0);
  aliased = tmp_expand (fx, "real.txt", "alias.txt", NULL);
  assert_paths (fx, aliased, "alias.txt", NULL);
  assert_int_equal (fx->reports->len, 1);
  assert_report (fx, 0, "real.txt", BAGU_INGEST_ERROR_DUPLICATE, message);
}

static void
test_expand_missing (void **state)
{
  Fixture *fx = *state;
  g_autoptr(GPtrArray) files = NULL;

  tmp_write (fx, "a.txt", "a");
  files = tmp_expand (fx, "missing.txt", "a.txt", NULL);
  assert_paths (fx, files, "a.txt", NULL);
  assert_int_equal (fx->reports->len, 1);
  assert_report (fx, 0, "missing.txt", BAGU_INGEST_ERROR_NOT_FOUND, "no such file or directory");
}

static void
test_expand_not_regular (void **state)
{
  Fixture *fx = *state;
  g_autoptr(GPtrArray) files = NULL;
  g_autofree char *fifo = tmp_path (fx, "d/fifo");

  tmp_mkdir (fx, "d");
  tmp_write (fx, "d/a.txt", "a");
  assert_int_equal (mkfifo (fifo, 0600), 0);

  /* Named explicitly it is reported; met inside a directory it is ignored. */
  files = tmp_expand (fx, "d", "d/fifo", NULL);
  assert_paths (fx, files, "d/a.txt", NULL);
  assert_int_equal (fx->reports->len, 1);
  assert_report (fx, 0, "d/fifo", BAGU_INGEST_ERROR_NOT_REGULAR, "not a regular file (a FIFO)");
}

static void
test_expand_order (void **state)
{
  Fixture *fx = *state;
  g_autoptr(GPtrArray) forward = NULL;
  g_autoptr(GPtrArray) backward = NULL;

  tmp_write (fx, "a.txt", "a");
  tmp_mkdir (fx, "b");
  tmp_write (fx, "b/b1.txt", "b1");
  tmp_write (fx, "b/b2.txt", "b2");
  tmp_write (fx, "c.txt", "c");

  forward = tmp_expand (fx, "a.txt", "b", "c.txt", "b/b2.txt", NULL);
  backward = tmp_expand (fx, "b/b2.txt", "c.txt", "b", "a.txt", NULL);
  assert_paths (fx, forward, "a.txt", "b/b1.txt", "b/b2.txt", "c.txt", NULL);
  assert_paths (fx, backward, "a.txt", "b/b1.txt", "b/b2.txt", "c.txt", NULL);
  /* b/b2.txt came twice each time. */
  assert_int_equal (fx->reports->len, 2);
  assert_report (fx, 0, "b/b2.txt", BAGU_INGEST_ERROR_DUPLICATE, "given twice");
  assert_report (fx, 1, "b/b2.txt", BAGU_INGEST_ERROR_DUPLICATE, "given twice");
}

static void
test_expand_no_callback (void **state)
{
  Fixture *fx = *state;
  g_autofree char *a = tmp_path (fx, "a.txt");
  g_autofree char *missing = tmp_path (fx, "missing");
  const char *paths[] = { a, missing, a, fx->tmpdir };
  g_autoptr(GPtrArray) files = NULL;

  tmp_write (fx, "a.txt", "a");
  files = bagu_ingest_expand_paths (paths, G_N_ELEMENTS (paths), NULL, NULL);
  assert_int_equal (files->len, 1);
  assert_string_equal (g_ptr_array_index (files, 0), a);

  g_ptr_array_unref (files);
  files = bagu_ingest_expand_paths (NULL, 0, NULL, NULL);
  assert_int_equal (files->len, 0);
}

/* The ids given with the paths are those of the files kept, in their
 * order: a file reached twice is one entry, with its size. */
static void
test_expand_ids (void **state)
{
  Fixture *fx = *state;
  g_autofree char *a = tmp_path (fx, "a.txt");
  g_autofree char *b = tmp_path (fx, "sub/b.txt");
  g_autofree char *sub = tmp_path (fx, "sub");
  const char *paths[] = { fx->tmpdir, a };
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GArray) ids = NULL;

  g_assert_no_errno (g_mkdir (sub, 0700));
  tmp_write (fx, "a.txt", "abc");
  tmp_write (fx, "sub/b.txt", "hello, world");
  files = bagu_ingest_expand_paths_with_ids (paths, G_N_ELEMENTS (paths), NULL, NULL, &ids);
  assert_int_equal (files->len, 2);
  assert_int_equal (ids->len, 2);
  assert_string_equal (g_ptr_array_index (files, 0), a);
  assert_string_equal (g_ptr_array_index (files, 1), b);
  for (guint i = 0; i < files->len; i++)
    {
      const BaguFileId *id = &g_array_index (ids, BaguFileId, i);
      GStatBuf st;

      g_assert_no_errno (g_stat (g_ptr_array_index (files, i), &st));
      assert_true (id->dev == st.st_dev);
      assert_true (id->ino == st.st_ino);
      assert_int_equal (id->size, st.st_size);
    }
  assert_int_equal (g_array_index (ids, BaguFileId, 0).size, 3);
  assert_int_equal (g_array_index (ids, BaguFileId, 1).size, 12);
}

static void
test_expand_unreadable_dir (void **state)
{
  Fixture *fx = *state;
  g_autofree char *locked = NULL;
  g_autoptr(GPtrArray) files = NULL;

  /* Before any allocation: skip () jumps past the cleanups. */
  if (geteuid () == 0)
    skip ();  /* root reads anything */
  locked = tmp_path (fx, "locked");
  tmp_write (fx, "a.txt", "a");
  tmp_mkdir (fx, "locked");
  tmp_write (fx, "locked/b.txt", "b");
  assert_int_equal (g_chmod (locked, 0), 0);
  files = tmp_expand (fx, ".", NULL);
  assert_paths (fx, files, "./a.txt", NULL);
  assert_int_equal (fx->reports->len, 1);
  assert_report (fx, 0, "./locked", BAGU_INGEST_ERROR_UNREADABLE, "permission denied");
}

int
main (void)
{
  const struct CMUnitTest decode_tests[] = {
    cmocka_unit_test (test_decode_utf8),
    cmocka_unit_test (test_decode_utf8_bom),
    cmocka_unit_test (test_decode_utf16_bom),
    cmocka_unit_test (test_decode_gb18030),
    cmocka_unit_test (test_decode_big5),
    cmocka_unit_test (test_decode_big5_damaged),
    cmocka_unit_test (test_decode_single_byte),
    cmocka_unit_test (test_decode_line_ends),
    cmocka_unit_test (test_decode_invalid_bytes),
    cmocka_unit_test (test_decode_invalid_utf8_middle),
    cmocka_unit_test (test_decode_truncated_utf8),
    cmocka_unit_test (test_decode_empty),
    cmocka_unit_test (test_decode_nul),
    cmocka_unit_test (test_decode_magic),
    cmocka_unit_test (test_decode_utf16_no_bom),
    cmocka_unit_test (test_validate_utf8),
  };
  const struct CMUnitTest file_tests[] = {
    cmocka_unit_test (test_file_samples),
    cmocka_unit_test (test_file_fixtures),
    cmocka_unit_test (test_file_too_large),
    cmocka_unit_test_setup_teardown (test_file_not_found, setup_tmpdir, teardown_tmpdir),
    cmocka_unit_test_setup_teardown (test_file_vanishes, setup_tmpdir, teardown_tmpdir),
    cmocka_unit_test_setup_teardown (test_load_threads, setup_tmpdir, teardown_tmpdir),
    cmocka_unit_test_setup_teardown (test_file_not_regular, setup_tmpdir, teardown_tmpdir),
    cmocka_unit_test_setup_teardown (test_file_empty, setup_tmpdir, teardown_tmpdir),
    cmocka_unit_test_setup_teardown (test_file_unreadable, setup_tmpdir, teardown_tmpdir),
  };
  const struct CMUnitTest expand_tests[] = {
    cmocka_unit_test (test_expand_samples),
    cmocka_unit_test_setup_teardown (test_expand_tree, setup_tmpdir, teardown_tmpdir),
    cmocka_unit_test_setup_teardown (test_expand_loop, setup_tmpdir, teardown_tmpdir),
    cmocka_unit_test_setup_teardown (test_expand_symlink_cycle, setup_tmpdir, teardown_tmpdir),
    cmocka_unit_test_setup_teardown (test_expand_duplicates, setup_tmpdir, teardown_tmpdir),
    cmocka_unit_test_setup_teardown (test_expand_missing, setup_tmpdir, teardown_tmpdir),
    cmocka_unit_test_setup_teardown (test_expand_not_regular, setup_tmpdir, teardown_tmpdir),
    cmocka_unit_test_setup_teardown (test_expand_order, setup_tmpdir, teardown_tmpdir),
    cmocka_unit_test_setup_teardown (test_expand_no_callback, setup_tmpdir, teardown_tmpdir),
    cmocka_unit_test_setup_teardown (test_expand_ids, setup_tmpdir, teardown_tmpdir),
    cmocka_unit_test_setup_teardown (test_expand_unreadable_dir, setup_tmpdir, teardown_tmpdir),
  };
  int failed = 0;

  failed += cmocka_run_group_tests_name ("decode", decode_tests, NULL, NULL);
  failed += cmocka_run_group_tests_name ("file", file_tests, NULL, NULL);
  failed += cmocka_run_group_tests_name ("expand", expand_tests, NULL, NULL);
  return failed == 0 ? 0 : 1;
}
