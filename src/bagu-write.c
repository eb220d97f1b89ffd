/* bagu-write.c: the corpus model as XML (libxml2's writer), JSON (json-glib)
 * or a plain text listing. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <json-glib/json-glib.h>
#include <libxml/parser.h>
#include <libxml/xmlwriter.h>

#include "bagu-output.h"
#include "bagu-parallel.h"
#include "bagu-radix.h"
#include "bagu-write.h"

BAGU_DEFINE_QUARK (bagu-write-error-quark, bagu_write_error)

BaguRunInfo *
bagu_run_info_new (const char *command)
{
  BaguRunInfo *info = g_new0 (BaguRunInfo, 1);

  info->command = command;
  info->options = g_ptr_array_new_with_free_func (g_free);
  return info;
}

void
bagu_run_info_add (BaguRunInfo *info, const char *name, const char *value)
{
  g_ptr_array_add (info->options, g_strdup (name));
  g_ptr_array_add (info->options, g_strdup (value != NULL ? value : ""));
}

void
bagu_run_info_free (BaguRunInfo *info)
{
  if (info == NULL)
    return;
  g_ptr_array_unref (info->options);
  g_free (info);
}

gboolean
bagu_format_parse (const char *name, BaguFormat *format)
{
  if (g_strcmp0 (name, "text") == 0)
    *format = BAGU_FORMAT_TEXT;
  else if (g_strcmp0 (name, "xml") == 0)
    *format = BAGU_FORMAT_XML;
  else if (g_strcmp0 (name, "json") == 0)
    *format = BAGU_FORMAT_JSON;
  else if (g_strcmp0 (name, "tsv") == 0)
    *format = BAGU_FORMAT_TSV;
  else
    return FALSE;
  return TRUE;
}

static const char *
mode_name (BaguParagraphMode mode)
{
  return mode == BAGU_PARAGRAPHS_BLOCKS ? "blocks" : "lines";
}

static gboolean
xml_char_ok (gunichar c)
{
  return c == 0x9 || c == 0xA || c == 0xD
         || (c >= 0x20 && c <= 0xD7FF)
         || (c >= 0xE000 && c <= 0xFFFD)
         || (c >= 0x10000 && c <= 0x10FFFF);
}

/* Text is looked at eight bytes at a time where it can be: whether a
 * byte of the word @v is below @below (at most 0x80), or is 0xEF (the
 * first byte of U+FFFE and U+FFFF, and of the full-width punctuation of
 * Chinese).  The borrow of the subtraction reaches the top bit of such a
 * byte, and of no other before it. */
#define BYTES_OF(b) (G_GUINT64_CONSTANT (0x0101010101010101) * (b))

static inline guint64
load_word (const guchar *p)
{
  guint64 v;

  memcpy (&v, p, sizeof v);
  return v;
}

static inline gboolean
word_has_below_or_ef (guint64 v, guint below)
{
  guint64 ef = v ^ BYTES_OF (0xEF);

  return ((((v - BYTES_OF (below)) & ~v) | ((ef - BYTES_OF (0x01)) & ~ef))
          & BYTES_OF (0x80)) != 0;
}

/* Whether the byte at i starts a character XML 1.0 cannot carry: a
 * control character, or U+FFFE or U+FFFF (the text is valid UTF-8, so
 * there is no surrogate). */
static inline gboolean
forbidden_at (const guchar *p, gsize i, gsize len)
{
  return (p[i] < 0x20 && p[i] != 0x9 && p[i] != 0xA && p[i] != 0xD)
         || (p[i] == 0xEF && i + 2 < len && p[i + 1] == 0xBF && p[i + 2] >= 0xBE);
}

#ifdef __SSE2__
/* The bytes of p[0 … 16) (p[16] readable) that may start a character XML
 * 1.0 cannot carry: control bytes, and EF followed by BF (U+FFFE and
 * U+FFFF), not the EF BC … of fullwidth punctuation. */
static inline __m128i
stops_sse2 (const guchar *p)
{
  __m128i v = _mm_loadu_si128 ((const __m128i *) p);
  __m128i next = _mm_loadu_si128 ((const __m128i *) (p + 1));

  return _mm_or_si128 (_mm_cmpeq_epi8 (_mm_min_epu8 (v, _mm_set1_epi8 (0x1F)), v),
                       _mm_and_si128 (_mm_cmpeq_epi8 (v, _mm_set1_epi8 ((char) 0xEF)),
                                      _mm_cmpeq_epi8 (next, _mm_set1_epi8 ((char) 0xBF))));
}
#endif

/* Whether text holds a character XML 1.0 cannot carry.  Most text has
 * none and goes out without a copy. */
static gboolean
xml_needs_safe (const char *text, gsize len)
{
  const guchar *p = (const guchar *) text;
  gsize i = 0;

  while (i < len)
    {
      gsize end;

#ifdef __SSE2__
      if (i + 17 <= len)
        {
          if (_mm_movemask_epi8 (stops_sse2 (p + i)) == 0)
            {
              i += 16;
              continue;
            }
          end = i + 16;
        }
      else
#endif
      if (i + 8 <= len && !word_has_below_or_ef (load_word (p + i), 0x20))
        {
          i += 8;
          continue;
        }
      else
        end = MIN (i + 8, len);
      for (; i < end; i++)
        if (forbidden_at (p, i, len))
          return TRUE;
    }
  return FALSE;
}

/* Copies text, replacing what XML 1.0 cannot carry by U+FFFD (one
 * character for one, so offsets stay right). */
static char *
xml_safe_text (const char *text, gsize len)
{
  GString *s = g_string_sized_new (len + 1);

  for (const char *p = text; p < text + len; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (xml_char_ok (c))
        g_string_append_len (s, p, g_utf8_next_char (p) - p);
      else
        g_string_append (s, "\xEF\xBF\xBD");
    }
  return g_string_free (s, FALSE);
}

/* The offsets of the characters that xml_safe_text replaces, as a
 * space-separated list, or NULL when there are none. */
static char *
replaced_offsets (const char *text, gsize len)
{
  GString *s = NULL;
  guint32 offset = 0;

  if (!xml_needs_safe (text, len))
    return NULL;
  for (const char *p = text; p < text + len; p = g_utf8_next_char (p), offset++)
    if (!xml_char_ok (g_utf8_get_char (p)))
      {
        if (s == NULL)
          s = g_string_new (NULL);
        else
          g_string_append_c (s, ' ');
        g_string_append_printf (s, "%u", offset);
      }
  return s != NULL ? g_string_free (s, FALSE) : NULL;
}

/* libxml2's writer returns -1 on failure; fold every call into one check. */
typedef struct {
  xmlTextWriter *w;
  gboolean failed;
  char *message;   /* the first error libxml2 reported */
  /* Markup formatted here and escaped text, given to the writer in one
   * piece before its next call: most of the output, in small pieces, each
   * a call through the writer's layers if given one by one. */
  GString *raw;
  FILE *out;          /* where the writer writes, or NULL: memory */
  /* A part's writer: the thread's error handler before it, put back after. */
  xmlStructuredErrorFunc saved_handler;
  void *saved_context;
} Xml;

#define RAW_FLUSH_BYTES (1u << 20)

static void
xml_flush_raw (Xml *x)
{
  /* The writer counts in int. */
  for (gsize at = 0; at < x->raw->len; at += G_MAXINT / 2)
    if (xmlTextWriterWriteRawLen (x->w, BAD_CAST x->raw->str + at,
                                  (int) MIN (x->raw->len - at, G_MAXINT / 2)) < 0)
      x->failed = TRUE;
  g_string_truncate (x->raw, 0);
}

/* libxml2 must never print on its own: its errors end up in the GError. */
static void
on_xml_error (void *user_data, const xmlError *error)
{
  Xml *x = user_data;

  x->failed = TRUE;
  if (x->message == NULL && error != NULL && error->message != NULL)
    x->message = g_strchomp (g_strdup (error->message));
}

static char *
put_str (char *at, const char *s)
{
  gsize len = strlen (s);

  memcpy (at, s, len);
  return at + len;
}

/* Two digits a division: the writers format tens of millions of offsets. */
static const char digit_pairs[] =
  "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
  "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
  "8081828384858687888990919293949596979899";

static const guint64 powers_of_ten[20] = {
  G_GUINT64_CONSTANT (1), G_GUINT64_CONSTANT (10), G_GUINT64_CONSTANT (100),
  G_GUINT64_CONSTANT (1000), G_GUINT64_CONSTANT (10000), G_GUINT64_CONSTANT (100000),
  G_GUINT64_CONSTANT (1000000), G_GUINT64_CONSTANT (10000000),
  G_GUINT64_CONSTANT (100000000), G_GUINT64_CONSTANT (1000000000),
  G_GUINT64_CONSTANT (10000000000), G_GUINT64_CONSTANT (100000000000),
  G_GUINT64_CONSTANT (1000000000000), G_GUINT64_CONSTANT (10000000000000),
  G_GUINT64_CONSTANT (100000000000000), G_GUINT64_CONSTANT (1000000000000000),
  G_GUINT64_CONSTANT (10000000000000000), G_GUINT64_CONSTANT (100000000000000000),
  G_GUINT64_CONSTANT (1000000000000000000), G_GUINT64_CONSTANT (10000000000000000000),
};

char *
bagu_format_uint (char *at, guint64 v)
{
  /* 1233 / 4096 is just above log10 2: t is the digits of the largest
   * number of v's bit length, less one, or that less one more. */
  guint t = ((64 - (guint) __builtin_clzll (v | 1)) * 1233) >> 12;
  guint n = MAX (t + (v >= powers_of_ten[t]), 1);
  char *end;

  /* Its digits counted first, they are written in place from the last:
   * no copy of a length known only at run time, which is a call. */
  end = at + n;
  at = end;
  for (; v >= 100; v /= 100)
    {
      at -= 2;
      memcpy (at, digit_pairs + 2 * (v % 100), 2);
    }
  if (v >= 10)
    memcpy (at - 2, digit_pairs + 2 * v, 2);
  else
    at[-1] = (char) ('0' + v);
  return end;
}

char *
bagu_format_fraction (char *at, double value)
{
  double scaled = value * 1000;
  double k = floor (scaled + 0.5);

  /* Values near a tie, and any out of the usual range, are left to
   * printf, which rounds the exact value. */
  if (!(value >= 0 && value < 1e6) || fabs (scaled - (k - 0.5)) < 1e-6)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (buf, sizeof buf, "%.3f", value);
      return put_str (at, buf);
    }
  at = bagu_format_uint (at, (guint64) k / 1000);
  *at++ = '.';
  *at++ = (char) ('0' + (guint64) k / 100 % 10);
  *at++ = (char) ('0' + (guint64) k / 10 % 10);
  *at++ = (char) ('0' + (guint64) k % 10);
  return at;
}

/* A number after @s, as printf's %u and %.3f write it (bagu_format_uint,
 * bagu_format_fraction), without its parsing of a format. */
static void
append_uint (GString *s, guint64 v)
{
  char buf[24];

  g_string_append_len (s, buf, bagu_format_uint (buf, v) - buf);
}

static void
append_fraction (GString *s, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE + 24];

  g_string_append_len (s, buf, bagu_format_fraction (buf, v) - buf);
}

/* @prefix, then the number, for the columns and fields of a record. */
static void
append_uint_after (GString *s, const char *prefix, guint64 v)
{
  g_string_append (s, prefix);
  append_uint (s, v);
}

/* The attribute ` name="value"`, for markup formatted here. */
static char *
put_attr_name (char *at, const char *name)
{
  *at++ = ' ';
  at = put_str (at, name);
  return put_str (at, "=\"");
}

static char *
put_attr_uint (char *at, const char *name, guint64 value)
{
  at = bagu_format_uint (put_attr_name (at, name), value);
  *at++ = '"';
  return at;
}

static char *
put_attr_fraction (char *at, const char *name, double value)
{
  at = bagu_format_fraction (put_attr_name (at, name), value);
  *at++ = '"';
  return at;
}

static void
xml_start (Xml *x, const char *name)
{
  xml_flush_raw (x);
  if (xmlTextWriterStartElement (x->w, BAD_CAST name) < 0)
    x->failed = TRUE;
}

static void
xml_end (Xml *x)
{
  xml_flush_raw (x);
  if (xmlTextWriterEndElement (x->w) < 0)
    x->failed = TRUE;
}

static void
xml_attr (Xml *x, const char *name, const char *value)
{
  g_autofree char *safe = NULL;

  /* Names of files need not be UTF-8; the text of documents is. */
  if (!g_utf8_validate (value, -1, NULL) || xml_needs_safe (value, strlen (value)))
    value = safe = xml_safe_text (value, strlen (value));
  xml_flush_raw (x);
  if (xmlTextWriterWriteAttribute (x->w, BAD_CAST name, BAD_CAST value) < 0)
    x->failed = TRUE;
}

static void
xml_attr_uint (Xml *x, const char *name, guint64 value)
{
  char buf[32];

  *bagu_format_uint (buf, value) = '\0';
  xml_attr (x, name, buf);
}

/* Appends to the pending markup: millions of short pieces, which
 * g_string_append_len takes through a call and its checks each. */
static inline void
raw_append (GString *s, const char *data, gsize len)
{
  if (G_LIKELY (s->len + len < s->allocated_len))
    {
      memcpy (s->str + s->len, data, len);
      s->len += len;
      s->str[s->len] = '\0';
    }
  else
    g_string_append_len (s, data, len);
}

/* Escapes text into the pending markup as libxml2 escapes character data
 * (&lt; &gt; &amp; &quot; &#13;), or returns FALSE at a character XML
 * cannot carry.  Blocks of sixteen bytes (with SSE2) are skipped where
 * none is escaped or stops_sse2, and otherwise words of eight bytes where
 * none is below 0x40 (the bytes escaped and the control bytes are) or is
 * 0xEF. */
static gboolean
xml_escape (Xml *x, const char *text, gsize len)
{
  const guchar *p = (const guchar *) text;
  gsize i = 0, run = 0;

  while (i < len)
    {
      gsize end;

#ifdef __SSE2__
      /* Sixteen bytes at a time, to the last one with a byte after it:
       * only the bytes escaped, control bytes and the EF BF that starts
       * U+FFFE and U+FFFF stop them, where the words below stop at every
       * digit, space and fullwidth punctuation mark (EF BC …). */
      if (i + 17 <= len)
        {
          __m128i v = _mm_loadu_si128 ((const __m128i *) (p + i));
          __m128i hit = stops_sse2 (p + i);

          hit = _mm_or_si128 (hit, _mm_cmpeq_epi8 (v, _mm_set1_epi8 ('<')));
          hit = _mm_or_si128 (hit, _mm_cmpeq_epi8 (v, _mm_set1_epi8 ('>')));
          hit = _mm_or_si128 (hit, _mm_cmpeq_epi8 (v, _mm_set1_epi8 ('&')));
          hit = _mm_or_si128 (hit, _mm_cmpeq_epi8 (v, _mm_set1_epi8 ('"')));
          if (_mm_movemask_epi8 (hit) == 0)
            {
              i += 16;
              continue;
            }
          end = i + 16;
        }
      else
#endif
      if (i + 8 <= len && !word_has_below_or_ef (load_word (p + i), 0x40))
        {
          i += 8;
          continue;
        }
      else
        end = MIN (i + 8, len);
      for (; i < end; i++)
        {
          const char *entity;

          if (p[i] >= 0x40 && p[i] != 0xEF)
            continue;
          if (forbidden_at (p, i, len))
            return FALSE;
          switch (p[i])
            {
            case '<': entity = "&lt;"; break;
            case '>': entity = "&gt;"; break;
            case '&': entity = "&amp;"; break;
            case '"': entity = "&quot;"; break;
            case '\r': entity = "&#13;"; break;
            default: continue;
            }
          raw_append (x->raw, text + run, i - run);
          raw_append (x->raw, entity, strlen (entity));
          run = i + 1;
        }
    }
  raw_append (x->raw, text + run, len - run);
  return TRUE;
}

/* Character data, escaped here into the pending markup:
 * xmlTextWriterWriteString would copy every string twice (escaped, then
 * into its buffer), and the paragraphs are most of the output.  What XML
 * cannot carry is replaced (xml_safe_text). */
static void
xml_text (Xml *x, const char *text, gsize len)
{
  gsize mark = x->raw->len;

  if (!xml_escape (x, text, len))
    {
      g_autofree char *safe = xml_safe_text (text, len);

      g_string_truncate (x->raw, mark);
      xml_escape (x, safe, strlen (safe));
    }
  if (x->raw->len >= RAW_FLUSH_BYTES)
    xml_flush_raw (x);
}

static void
xml_newline (Xml *x, const char *indent)
{
  raw_append (x->raw, indent, strlen (indent));
}

/* The elements around the evidence in a paragraph are most of the
 * markup: they are written as raw text, formatted here, where libxml2
 * would keep them on its stack and escape attributes that need none. */
static void
xml_raw (Xml *x, const char *data, gsize len)
{
  raw_append (x->raw, data, len);
  if (x->raw->len >= RAW_FLUSH_BYTES)
    xml_flush_raw (x);
}


/* <@start>@text</name> (or <@start/> for no text), where @start is the
 * element's name and any attributes, as the writer would write it. */
static void
xml_raw_element (Xml *x, const char *start, const char *text)
{
  const char *name_end = strchr (start, ' ');
  gsize name_len = name_end != NULL ? (gsize) (name_end - start) : strlen (start);

  xml_raw (x, "<", 1);
  xml_raw (x, start, strlen (start));
  if (*text == '\0')
    {
      xml_raw (x, "/>", 2);
      return;
    }
  xml_raw (x, ">", 1);
  xml_text (x, text, strlen (text));
  xml_raw (x, "</", 2);
  xml_raw (x, start, name_len);
  xml_raw (x, ">", 1);
}

static void
xml_noise (Xml *x, const char *text, const BaguNoise *noise)
{
  xml_start (x, "noise");
  xml_attr_uint (x, "start", noise->start);
  xml_attr_uint (x, "end", noise->end);
  xml_attr (x, "rule", noise->rule);
  xml_text (x, text + noise->byte_start, noise->byte_end - noise->byte_start);
  xml_end (x);
}

/* Starts an XML document on out, with libxml2's errors caught. */
static gboolean
xml_open (Xml *x, FILE *out, GError **error)
{
  xmlOutputBuffer *buffer;

  /* Before any thread of xml_parts uses libxml2, which sets up its global
   * state on first use. */
  xmlInitParser ();
  buffer = xmlOutputBufferCreateFile (out, NULL);
  memset (x, 0, sizeof *x);
  x->raw = g_string_new (NULL);
  x->out = out;
  xmlSetStructuredErrorFunc (x, (xmlStructuredErrorFunc) on_xml_error);
  if (buffer == NULL || (x->w = xmlNewTextWriter (buffer)) == NULL)
    {
      if (buffer != NULL)
        xmlOutputBufferClose (buffer);
      xmlSetStructuredErrorFunc (NULL, NULL);
      g_clear_pointer (&x->message, g_free);
      g_string_free (g_steal_pointer (&x->raw), TRUE);
      g_set_error_literal (error, BAGU_WRITE_ERROR, BAGU_WRITE_ERROR_FAILED,
                           "cannot create the XML writer");
      return FALSE;
    }
  /* The writer's own indentation would add white space inside the
   * paragraphs' mixed content and change their string value, so the layout
   * is written by hand. */
  if (xmlTextWriterStartDocument (x->w, "1.0", "UTF-8", NULL) < 0)
    x->failed = TRUE;
  return TRUE;
}

/* Ends the document and reports whether every write succeeded. */
static gboolean
xml_close (Xml *x, FILE *out, GError **error)
{
  gboolean ok;

  xml_flush_raw (x);
  if (xmlTextWriterEndDocument (x->w) < 0 || xmlTextWriterFlush (x->w) < 0)
    x->failed = TRUE;
  g_clear_pointer (&x->w, xmlFreeTextWriter);
  xmlSetStructuredErrorFunc (NULL, NULL);
  ok = !x->failed && !ferror (out);
  if (!ok)
    g_set_error (error, BAGU_WRITE_ERROR, BAGU_WRITE_ERROR_FAILED,
                 "writing the XML failed: %s",
                 x->message != NULL ? x->message : g_strerror (errno));
  g_clear_pointer (&x->message, g_free);
  g_string_free (g_steal_pointer (&x->raw), TRUE);
  return ok;
}

/* A writer of a fragment into memory, for one part written on a thread:
 * libxml2's error handler is the thread's own.  @raw is the slot's, kept
 * from part to part so that its memory is taken once. */
static void
xml_open_memory (Xml *x, xmlBuffer *buffer, GString *raw)
{
  xmlOutputBuffer *out;

  memset (x, 0, sizeof *x);
  x->raw = g_string_truncate (raw, 0);
  /* The calling thread may be the one writing the file, with its handler. */
  x->saved_handler = xmlStructuredError;
  x->saved_context = xmlStructuredErrorContext;
  xmlSetStructuredErrorFunc (x, (xmlStructuredErrorFunc) on_xml_error);
  out = xmlOutputBufferCreateBuffer (buffer, NULL);
  x->w = out != NULL ? xmlNewTextWriter (out) : NULL;
  if (x->w == NULL && out != NULL)
    xmlOutputBufferClose (out);
  /* Declared UTF-8, as the whole document is, so that attributes keep
   * their characters; the declaration itself is dropped. */
  x->failed |= x->w == NULL || xmlTextWriterStartDocument (x->w, "1.0", "UTF-8", NULL) < 0
               || xmlTextWriterFlush (x->w) < 0;
  /* Declaring it gave the buffer an encoder from UTF-8 to UTF-8, which
   * would copy every byte once more, checking it: what is written is
   * UTF-8 already (the loader decodes every text to valid UTF-8, and
   * xml_attr replaces what is not), and goes into the buffer as it is.
   * On 5,000 documents the copy cost about 100 M instructions. */
  if (!x->failed && out->encoder != NULL)
    {
      xmlCharEncCloseFunc (out->encoder);
      out->encoder = NULL;
    }
  xmlBufferEmpty (buffer);
}

static void
xml_close_memory (Xml *x)
{
  if (x->w != NULL)
    {
      xml_flush_raw (x);
      if (xmlTextWriterFlush (x->w) < 0)
        x->failed = TRUE;
    }
  g_clear_pointer (&x->w, xmlFreeTextWriter);
  xmlSetStructuredErrorFunc (x->saved_context, x->saved_handler);
  x->raw = NULL;
}

/* Opens the root element and writes the options of the run. */
static void
xml_root (Xml *x, const BaguRunInfo *info)
{
  xml_start (x, "bagu");
  xml_attr (x, "version", PACKAGE_VERSION);
  xml_attr (x, "command", info->command);
  xml_newline (x, "\n  ");
  xml_start (x, "options");
  for (guint i = 0; i + 1 < info->options->len; i += 2)
    {
      xml_newline (x, "\n    ");
      xml_start (x, "option");
      xml_attr (x, "name", g_ptr_array_index (info->options, i));
      xml_attr (x, "value", g_ptr_array_index (info->options, i + 1));
      xml_end (x);
    }
  xml_newline (x, "\n  ");
  xml_end (x);
}

static void
xml_fraction (Xml *x, const char *name, double value)
{
  char buf[40];

  *bagu_format_fraction (buf, value) = '\0';
  xml_attr (x, name, buf);
}

static gboolean analysis_json (const BaguCorpus *corpus, const BaguAnalysis *an,
                               const BaguRunInfo *info, FILE *out);
static void xml_phrase (Xml *x, const BaguCorpus *corpus, BaguPhraseSet *set, BaguPhrase *p,
                        GPtrArray *names, GArray *occurrences);
static char *document_names (const BaguCorpus *corpus, guint32 doc, GPtrArray *cache);

/* What analyze adds to the XML, and the lookups its writer builds once:
 * the passages by the document and token where each side starts, with
 * what the evidence names of the other side, and the phrases the text
 * refers to, for the phrase table.  The writer reads the passages and the
 * phrases at random, one element at a time: a ref carries what it needs
 * of its passage, and the ids and document counts of the phrases are
 * kept apart from their records, so that each element costs no fetch of a
 * record from memory. */
typedef struct {
  guint32 pos, end;      /* tokens of one side of a passage */
  guint32 passage;
  guint32 other;         /* the document of the other side */
  guint32 other_start, other_end;   /* its characters there */
} PassageRef;

struct _BaguAnnotation {
  PassageRef *refs;      /* by pos: grouped by document */
  guint32 *ref_first;    /* per document, its first ref; n_docs + 1 entries */
  guint32 *phrase_id_df; /* per phrase of the set: its id and df */
};

/* What one write reads of the annotation, and the phrases it cites.  The
 * annotation's arrays are copied here, not reached through it: the loops
 * over the paragraphs read them at every token. */
typedef struct {
  const BaguAnalysis *an;
  const PassageRef *refs;
  const guint32 *ref_first;
  const guint32 *phrase_id_df;
  guint8 *phrase_used;   /* per phrase of the set */
  BaguAnnotation *own;   /* made by this write, where the analysis has none */
} Annotation;

BaguAnnotation *
bagu_annotation_new (const BaguCorpus *corpus, const BaguAlignment *al,
                     const BaguPhraseSet *phrases)
{
  BaguAnnotation *a = g_new0 (BaguAnnotation, 1);
  guint n_docs = corpus->documents->len;
  guint n = al != NULL ? 2 * al->passages->len : 0;
  g_autofree guint32 *starts = bagu_corpus_document_starts (corpus);

  a->refs = g_new (PassageRef, n + 1);
  a->ref_first = g_new0 (guint32, n_docs + 1);
  if (phrases != NULL)
    {
      a->phrase_id_df = g_new (guint32, 2 * (gsize) phrases->phrases->len + 2);
      for (guint i = 0; i < phrases->phrases->len; i++)
        {
          const BaguPhrase *p = bagu_phrase_set_get (phrases, i);

          a->phrase_id_df[2 * i] = p->id;
          a->phrase_id_df[2 * i + 1] = p->df;
        }
    }
  for (guint i = 0; al != NULL && i < al->passages->len; i++)
    {
      const BaguPassage *p = bagu_alignment_passage (al, i);

      a->refs[2 * i] = (PassageRef) { p->a_pos, p->a_pos + p->a_len, i,
                                      p->b, p->b_start, p->b_end };
      a->refs[2 * i + 1] = (PassageRef) { p->b_pos, p->b_pos + p->b_len, i,
                                          p->a, p->a_start, p->a_end };
    }
  /* Token positions are in document order, so sorting by them groups the
   * refs by document.  The refs are made in the order of the passages,
   * which the sort keeps among refs at one position (it is stable): by
   * position, then passage, in half the passes. */
  bagu_radix_sort (a->refs, n, sizeof (PassageRef),
                   (const gsize[]) { G_STRUCT_OFFSET (PassageRef, pos) }, 1);
  for (guint d = 0, r = 0; d <= n_docs; d++)
    {
      while (r < n && (d == n_docs || a->refs[r].pos < starts[d]))
        r++;
      a->ref_first[d] = d == n_docs ? n : r;
    }
  return a;
}

void
bagu_annotation_free (BaguAnnotation *a)
{
  if (a == NULL)
    return;
  g_free (a->refs);
  g_free (a->ref_first);
  g_free (a->phrase_id_df);
  g_free (a);
}

static void
annotation_init (Annotation *a, const BaguCorpus *corpus, const BaguAnalysis *an)
{
  const BaguAnnotation *made = an->annotation;

  memset (a, 0, sizeof *a);
  a->an = an;
  if (made == NULL)
    made = a->own = bagu_annotation_new (corpus, an->alignment, an->phrases);
  a->refs = made->refs;
  a->ref_first = made->ref_first;
  a->phrase_id_df = made->phrase_id_df;
  a->phrase_used = g_new0 (guint8, an->phrases != NULL ? an->phrases->phrases->len + 1 : 1);
}

static void
annotation_clear (Annotation *a)
{
  g_clear_pointer (&a->own, bagu_annotation_free);
  g_clear_pointer (&a->phrase_used, g_free);
}

/* Character offsets to bytes, walking forwards through a document's text. */
typedef struct {
  const char *text;
  guint32 c;
  gsize b;
} Walker;

static gsize
walk_to (Walker *w, guint32 c)
{
  for (; w->c < c; w->c++)
    w->b = g_utf8_next_char (w->text + w->b) - w->text;
  return w->b;
}

/* Writes the text from *at to @to, with the noise spans that lie inside
 * it as elements. */
static void
xml_text_noise (Xml *x, const BaguCorpus *corpus, const char *text, gsize *at, gsize to,
                guint *n, guint n_end)
{
  for (; *n < n_end && bagu_corpus_noise (corpus, *n)->byte_end <= to; (*n)++)
    {
      const BaguNoise *noise = bagu_corpus_noise (corpus, *n);

      if (noise->byte_start < *at)
        continue;
      xml_text (x, text + *at, noise->byte_start - *at);
      xml_noise (x, text, noise);
      *at = noise->byte_end;
    }
  if (to > *at)
    {
      xml_text (x, text + *at, to - *at);
      *at = to;
    }
}

/* A reuse element names the first BAGU_REUSE_WITH passages covering its
 * text, by their index, and says how many more cover some of it: text
 * copied into thousands of documents would otherwise list them all in
 * every hub document's paragraph, and `bagu align` lists them anyway.  An
 * element ends where the passages it names change, not where the others
 * do, which in a hub document is at nearly every token. */
#define BAGU_REUSE_WITH 8

static void
xml_reuse_open (Xml *x, const PassageRef *named, guint n_named, guint covering)
{
  char tag[64 + BAGU_REUSE_WITH * 36], *at = put_str (tag, "<reuse with=\"");

  for (guint k = 0; k < n_named; k++)
    {
      const PassageRef *ref = &named[k];

      if (k > 0)
        *at++ = ' ';
      *at++ = 'd';
      at = bagu_format_uint (at, ref->other + 1);
      *at++ = ':';
      at = bagu_format_uint (at, ref->other_start);
      *at++ = '-';
      at = bagu_format_uint (at, ref->other_end);
    }
  *at++ = '"';
  if (covering > n_named)
    {
      at = put_str (at, " more=\"");
      at = bagu_format_uint (at, covering - n_named);
      *at++ = '"';
    }
  *at++ = '>';
  xml_raw (x, tag, at - tag);
}

static gboolean
ref_before (const PassageRef *x, const PassageRef *y)
{
  return x->passage != y->passage ? x->passage < y->passage : x->pos < y->pos;
}

/* The passages covering the token being written.  Only the first
 * BAGU_REUSE_WITH in the order of their index are named, and the others
 * counted: in a hub document hundreds cover a token, and start and end
 * at nearly every one, where keeping them all in order would move them
 * all at each.  So the named ones are kept in order, the others in a heap
 * by that order (those that have ended leave it when they reach its top),
 * and the ends of them all in a heap, which says how many are left and
 * when the next ends. */
typedef struct {
  PassageRef named[BAGU_REUSE_WITH];
  guint n_named;
  GArray *rest;          /* PassageRef: a heap by ref_before */
  GArray *ends;          /* guint32: a heap of the ends of all of them */
  guint r;               /* the next of the document's refs to start */
  guint32 next_end;      /* the smallest end among them */
  gboolean changed;      /* the named ones, since the last reuse element opened */
} Active;

static void
active_init (Active *act, const Annotation *an, guint32 d)
{
  act->n_named = 0;
  act->rest = g_array_new (FALSE, FALSE, sizeof (PassageRef));
  act->ends = g_array_new (FALSE, FALSE, sizeof (guint32));
  act->r = an->ref_first[d];
  act->next_end = G_MAXUINT32;
  act->changed = FALSE;
}

static void
active_clear (Active *act)
{
  g_array_free (act->rest, TRUE);
  g_array_free (act->ends, TRUE);
}

/* The passages covering the token: named and not. */
static inline guint
active_count (const Active *act)
{
  return act->ends->len;
}

/* The heaps of Active: a binary heap in a GArray of @size-byte items by
 * @before, inlined for each so that the comparison and the moves are a
 * few instructions. */
typedef gboolean (*HeapBefore) (gconstpointer x, gconstpointer y);

static inline __attribute__ ((always_inline)) void
heap_push (GArray *heap, gconstpointer item, gsize size, HeapBefore before)
{
  guint i = heap->len;
  guint8 *h;

  g_array_set_size (heap, heap->len + 1);
  h = (guint8 *) heap->data;
  for (; i > 0 && before (item, h + (i - 1) / 2 * size); i = (i - 1) / 2)
    memcpy (h + i * size, h + (i - 1) / 2 * size, size);
  memcpy (h + i * size, item, size);
}

static inline __attribute__ ((always_inline)) void
heap_pop (GArray *heap, gsize size, HeapBefore before)
{
  guint8 *h = (guint8 *) heap->data, *last = h + (heap->len - 1) * size;
  guint n = heap->len - 1, i = 0;

  for (;;)
    {
      guint c = 2 * i + 1;

      if (c >= n)
        break;
      if (c + 1 < n && before (h + (c + 1) * size, h + c * size))
        c++;
      if (!before (h + c * size, last))
        break;
      memcpy (h + i * size, h + c * size, size);
      i = c;
    }
  memcpy (h + i * size, last, size);
  g_array_set_size (heap, n);
}

static gboolean
end_before (gconstpointer x, gconstpointer y)
{
  return *(const guint32 *) x < *(const guint32 *) y;
}

static gboolean
ref_before_any (gconstpointer x, gconstpointer y)
{
  return ref_before (x, y);
}

/* Brings @act to token @t.  The named ones change where one of them ends,
 * or one starts that comes before the last of them. */
static void
active_update (Active *act, const Annotation *an, guint32 d, guint32 t)
{
  if (t >= act->next_end)
    {
      guint kept = 0;

      while (act->ends->len > 0 && g_array_index (act->ends, guint32, 0) <= t)
        heap_pop (act->ends, sizeof (guint32), end_before);
      for (guint k = 0; k < act->n_named; k++)
        if (act->named[k].end <= t)
          act->changed = TRUE;
        else
          act->named[kept++] = act->named[k];
      act->n_named = kept;
      /* Every other one comes after the named ones: the first of them
       * still there take the places left. */
      while (act->n_named < BAGU_REUSE_WITH && act->rest->len > 0)
        {
          PassageRef top = g_array_index (act->rest, PassageRef, 0);

          heap_pop (act->rest, sizeof (PassageRef), ref_before_any);
          if (top.end > t)
            act->named[act->n_named++] = top;
        }
      act->next_end = act->ends->len > 0 ? g_array_index (act->ends, guint32, 0) : G_MAXUINT32;
    }
  for (; act->r < an->ref_first[d + 1] && an->refs[act->r].pos <= t; act->r++)
    if (an->refs[act->r].end > t)
      {
        const PassageRef *ref = &an->refs[act->r];

        heap_push (act->ends, &ref->end, sizeof (guint32), end_before);
        act->next_end = MIN (act->next_end, ref->end);
        if (act->n_named == BAGU_REUSE_WITH
            && !ref_before (ref, &act->named[BAGU_REUSE_WITH - 1]))
          {
            heap_push (act->rest, ref, sizeof (PassageRef), ref_before_any);
            continue;
          }
        if (act->n_named == BAGU_REUSE_WITH)
          heap_push (act->rest, &act->named[--act->n_named], sizeof (PassageRef),
                     ref_before_any);
        {
          guint at = act->n_named;

          for (; at > 0 && ref_before (ref, &act->named[at - 1]); at--)
            act->named[at] = act->named[at - 1];
          act->named[at] = *ref;
          act->n_named++;
        }
        act->changed = TRUE;
      }
}

/* How many passages cover some of the text of a reuse element opened at
 * token @t: those covering @t and those that start before the named ones
 * change, noise interrupts the paragraph (a separator) or it ends at
 * @t_end.  The named ones change where the first of them ends, or where
 * one starts that comes before the last of them; until then, the others
 * that start are counted. */
static guint
reuse_covering (const Active *act, const BaguCorpus *corpus, const Annotation *an, guint32 d,
                guint32 t, guint32 t_end)
{
  guint covering = active_count (act);
  guint32 named_end = G_MAXUINT32, u = t + 1;

  /* Below the named number, a passage that starts is named. */
  if (act->n_named < BAGU_REUSE_WITH)
    return covering;
  for (guint k = 0; k < act->n_named; k++)
    named_end = MIN (named_end, act->named[k].end);
  for (guint r = act->r; r < an->ref_first[d + 1]; r++)
    {
      const PassageRef *ref = &an->refs[r];

      if (ref->pos >= t_end || ref->pos >= named_end)
        break;
      /* A passage of no token covers nothing (none is made). */
      if (ref->end <= ref->pos)
        continue;
      if (ref_before (ref, &act->named[BAGU_REUSE_WITH - 1]))
        break;
      for (; u <= ref->pos; u++)
        if (corpus->tokens[u] == BAGU_TOKEN_SEP)
          return covering;
      covering++;
    }
  return covering;
}

/* The stock phrase that weighs token @t, or G_MAXUINT32. */
static inline guint32
token_stock (const BaguScores *sc, guint32 t)
{
  return sc != NULL && (sc->evidence[t] & BAGU_EVIDENCE_STOCK) ? sc->stock_phrase[t]
                                                               : G_MAXUINT32;
}

/* The end of the run of tokens from @t on that change nothing written:
 * no separator, number or placeholder, the same stock phrase as the one
 * open, no passage starting or ending, no noise before them.  Such a
 * token only moves the end of the text waiting to be written; a run of
 * them moves it once.  *@c_max is the last character they reach. */
static guint32
steady_run (const BaguCorpus *corpus, const BaguScores *sc, const Annotation *an,
            const Active *act, gboolean aligned, guint32 d, guint32 t, guint32 t_end,
            guint32 open_stock, const BaguNoise *noise, guint32 *c_max)
{
  guint32 limit = t_end, u;

  if (aligned)
    {
      limit = MIN (limit, act->next_end);
      if (act->r < an->ref_first[d + 1])
        limit = MIN (limit, an->refs[act->r].pos);
    }
  for (u = t; u < limit; u++)
    {
      guint32 tok = corpus->tokens[u];
      guint32 c = MAX (corpus->tok_end[u], corpus->tok_start[u]);

      if (tok == BAGU_TOKEN_SEP || tok == BAGU_TOKEN_NUM || tok == BAGU_TOKEN_SLOT
          || token_stock (sc, u) != open_stock || (noise != NULL && noise->start < c))
        break;
      *c_max = MAX (*c_max, c);
    }
  return u;
}

/* A paragraph's text with its evidence: <reuse> around text inside
 * passages (the other documents and their spans), <stock> around text a
 * stock phrase weighs (its id and df) and <fill> around the numbers and
 * placeholders inside them.  Elements close where the evidence changes and
 * at noise, which stays outside them; the string value stays the text.
 * The text is written up to @at; the tokens up to @pending wait to be
 * written in one run with those after them. */
static void
xml_paragraph_annotated (Xml *x, const BaguCorpus *corpus, Annotation *an, guint32 d,
                         const BaguParagraph *para, const char *text, guint *n, guint n_end)
{
  const BaguScores *sc = an->an->scores;
  const BaguAlignment *al = an->an->alignment;
  Active act;
  guint32 t_end = para->first_token + para->n_tokens;
  Walker w = { text, para->start, para->byte_start };
  gsize at = para->byte_start, pending = para->byte_start;
  gboolean reuse_open = FALSE;
  guint32 open_stock = G_MAXUINT32;

  active_init (&act, an, d);
  for (guint32 t = para->first_token; t < t_end; t++)
    {
      guint32 stock, tok = corpus->tokens[t];
      gsize tb0, tb1;
      gboolean noise_in_gap, reuse_changed, stock_changed, fill;

      if (tok == BAGU_TOKEN_SEP)
        {
          /* Noise: the reuse element ends, as its count of passages does. */
          act.changed = TRUE;
          continue;
        }
      if (!act.changed)
        {
          guint32 c_max = 0;
          guint32 u = steady_run (corpus, sc, an, &act, al != NULL, d, t, t_end, open_stock,
                                  *n < n_end ? bagu_corpus_noise (corpus, *n) : NULL, &c_max);

          if (u > t)
            {
              pending = MAX (pending, walk_to (&w, c_max));
              t = u - 1;
              continue;
            }
        }
      if (al != NULL)
        active_update (&act, an, d, t);
      stock = token_stock (sc, t);
      tb0 = walk_to (&w, corpus->tok_start[t]);
      tb1 = walk_to (&w, MAX (corpus->tok_end[t], corpus->tok_start[t]));
      if (tb1 <= pending)
        continue;   /* a token that shares its character with the one before */
      tb0 = MAX (tb0, pending);
      noise_in_gap = *n < n_end && bagu_corpus_noise (corpus, *n)->byte_start < tb0;
      reuse_changed = noise_in_gap || act.changed;
      stock_changed = reuse_changed || stock != open_stock;
      fill = (tok == BAGU_TOKEN_NUM || tok == BAGU_TOKEN_SLOT)
             && ((reuse_changed ? active_count (&act) > 0 : reuse_open)
                 || stock != G_MAXUINT32);
      if (!stock_changed && !fill)
        {
          pending = tb1;
          continue;
        }
      /* The text so far inside the open elements, then what changes. */
      xml_text_noise (x, corpus, text, &at, pending, n, n_end);
      if (stock_changed && open_stock != G_MAXUINT32)
        {
          xml_raw (x, "</stock>", 8);
          open_stock = G_MAXUINT32;
        }
      if (reuse_changed && reuse_open)
        {
          xml_raw (x, "</reuse>", 8);
          reuse_open = FALSE;
        }
      xml_text_noise (x, corpus, text, &at, tb0, n, n_end);
      if (reuse_changed && active_count (&act) > 0)
        {
          xml_reuse_open (x, act.named, act.n_named,
                          reuse_covering (&act, corpus, an, d, t, t_end));
          reuse_open = TRUE;
        }
      act.changed = FALSE;
      if (stock_changed && stock != G_MAXUINT32)
        {
          char tag[128], *end = put_str (tag, "<stock phrase=\"s");

          end = bagu_format_uint (end, an->phrase_id_df[2 * (gsize) stock]);
          end = put_str (end, "\" df=\"");
          end = bagu_format_uint (end, an->phrase_id_df[2 * (gsize) stock + 1]);
          end = put_str (end, "\" weight=\"");
          end = bagu_format_fraction (end, sc->weight_of_phrase[stock]);
          end = put_str (end, "\">");
          xml_raw (x, tag, end - tag);
          /* Parts of the documents are written on several threads. */
          __atomic_store_n (&an->phrase_used[stock], 1, __ATOMIC_RELAXED);
          open_stock = stock;
        }
      if (fill)
        {
          xml_raw (x, "<fill>", 6);
          xml_text (x, text + tb0, tb1 - tb0);
          xml_raw (x, "</fill>", 7);
          at = tb1;
        }
      pending = tb1;
    }
  xml_text_noise (x, corpus, text, &at, pending, n, n_end);
  if (open_stock != G_MAXUINT32)
    xml_raw (x, "</stock>", 8);
  if (reuse_open)
    xml_raw (x, "</reuse>", 8);
  xml_text_noise (x, corpus, text, &at, para->byte_end, n, n_end);
  active_clear (&act);
}

/* The stock phrases of a paragraph are read at random, one of tens of
 * thousands: those of the next paragraph are fetched while one is
 * written. */
static void
fetch_stocks (const Annotation *an, const BaguParagraph *para)
{
  const BaguScores *sc = an->an->scores;
  guint32 last = G_MAXUINT32;

  if (sc == NULL)
    return;
  for (guint32 t = para->first_token; t < para->first_token + para->n_tokens; t++)
    {
      guint32 stock = token_stock (sc, t);

      if (stock != last && stock != G_MAXUINT32)
        {
          __builtin_prefetch (&an->phrase_id_df[2 * (gsize) stock]);
          __builtin_prefetch (&sc->weight_of_phrase[stock]);
        }
      last = stock;
    }
}

static void
xml_document (Xml *x, const BaguCorpus *corpus, Annotation *an, guint d)
{
  const BaguScores *scores = an != NULL ? an->an->scores : NULL;
  const BaguDocument *doc = bagu_corpus_document (corpus, d);
  const BaguSource *source = bagu_corpus_source (corpus, doc->source);
  const char *text = bagu_document_text (corpus, doc);
  g_autofree char *name = bagu_document_name (corpus, doc);
  g_autofree char *id = g_strdup_printf ("d%u", d + 1);
  g_autofree char *replaced = replaced_offsets (text, bagu_document_text_len (doc));
  guint n = doc->first_noise;
  guint n_end = doc->first_noise + doc->n_noise;

  xml_start (x, "document");
  xml_attr (x, "id", id);
  xml_attr (x, "name", name);
  xml_attr (x, "source", source->path);
  if (doc->article > 0)
    xml_attr_uint (x, "article", doc->article);
  xml_attr (x, "encoding", source->encoding);
  xml_attr (x, "paragraph-mode", mode_name (source->mode));
  xml_attr_uint (x, "chars", doc->n_chars);
  xml_attr (x, "title", doc->title);
  if (replaced != NULL)
    xml_attr (x, "replaced", replaced);
  if (scores != NULL)
    xml_fraction (x, "template-ratio", scores->document_ratio[d]);
  if (an != NULL && an->an->alignment != NULL && an->an->alignment->cluster[d] > 0)
    xml_attr_uint (x, "cluster", an->an->alignment->cluster[d]);
  /* The documents it shares most with. */
  for (guint k = 0; scores != NULL && k < BAGU_SCORE_TOP_SOURCES; k++)
    {
      gsize at = (gsize) d * BAGU_SCORE_TOP_SOURCES + k;
      char tag[128], *end = put_str (tag, "\n      <source doc=\"d");

      if (scores->top_source[at] == G_MAXUINT32)
        break;
      end = bagu_format_uint (end, (guint64) scores->top_source[at] + 1);
      *end++ = '"';
      end = put_attr_fraction (end, "share", scores->top_share[at]);
      end = put_str (end, "/>");
      xml_raw (x, tag, end - tag);
    }

  for (guint i = doc->first_paragraph; i < doc->first_paragraph + doc->n_paragraphs; i++)
    {
      const BaguParagraph *p = bagu_corpus_paragraph (corpus, i);
      char tag[256], *end = put_str (tag, "\n      <p id=\"d");
      gsize at;

      if (an != NULL && i + 1 < doc->first_paragraph + doc->n_paragraphs)
        fetch_stocks (an, bagu_corpus_paragraph (corpus, i + 1));

      for (; n < n_end && bagu_corpus_noise (corpus, n)->byte_start < p->byte_start; n++)
        {
          xml_newline (x, "\n      ");
          xml_noise (x, text, bagu_corpus_noise (corpus, n));
        }

      /* The paragraphs' tags are formatted here, as the evidence's are:
       * their attributes are numbers and names that need no escaping. */
      end = bagu_format_uint (end, (guint64) d + 1);
      *end++ = 'p';
      end = bagu_format_uint (end, (guint64) i - doc->first_paragraph + 1);
      *end++ = '"';
      end = put_attr_uint (end, "start", p->start);
      end = put_attr_uint (end, "end", p->end);
      end = put_attr_uint (end, "tokens", p->n_tokens);
      if (scores != NULL)
        {
          end = put_attr_fraction (end, "score", scores->paragraph_score[i]);
          end = put_str (put_attr_name (end, "label"),
                         bagu_label_name (scores->paragraph_label[i]));
          *end++ = '"';
        }
      /* A paragraph has text: its tag is never empty. */
      *end++ = '>';
      xml_raw (x, tag, end - tag);
      at = p->byte_start;
      if (an != NULL)
        xml_paragraph_annotated (x, corpus, an, d, p, text, &n, n_end);
      else
        xml_text_noise (x, corpus, text, &at, p->byte_end, &n, n_end);
      xml_raw (x, "</p>", 4);
    }
  for (; n < n_end; n++)
    {
      xml_newline (x, "\n      ");
      xml_noise (x, text, bagu_corpus_noise (corpus, n));
    }
  xml_newline (x, "\n    ");
  xml_end (x);
}

/* Most of the XML is lists of like elements (documents, shares, phrases):
 * they are written in parts on several threads, each part into memory by
 * its own writer, and copied out in the order of the parts, a few parts a
 * thread at a time so that memory stays bounded. */
#define PARTS_A_THREAD 4

typedef void (*XmlPartFunc) (Xml *x, guint part, gpointer data);

typedef struct {
  Xml *x;                   /* the file's writer */
  XmlPartFunc func;
  gpointer data;
  xmlBuffer **buffers;      /* per slot */
  GString **raws;           /* per slot */
  Xml *writers;             /* per slot */
} PartsJob;

static void
write_part (guint part, guint slot, gpointer data)
{
  PartsJob *job = data;
  Xml *x = &job->writers[slot];

  xml_open_memory (x, job->buffers[slot], job->raws[slot]);
  if (!x->failed)
    job->func (x, part, job->data);
  xml_close_memory (x);
}

static void xml_raw_out (Xml *x, const xmlChar *data, gsize len);

/* Copies a part out; after a failure no more parts are written. */
static gboolean
output_part (guint part, guint slot, gpointer data)
{
  PartsJob *job = data;
  Xml *x = job->x;
  Xml *written = &job->writers[slot];

  (void) part;
  if ((written->failed || job->buffers[slot] == NULL) && !x->failed)
    {
      x->failed = TRUE;
      x->message = g_steal_pointer (&written->message);
    }
  g_clear_pointer (&written->message, g_free);
  if (!x->failed)
    xml_raw_out (x, xmlBufferContent (job->buffers[slot]), xmlBufferLength (job->buffers[slot]));
  xmlBufferEmpty (job->buffers[slot]);
  return !x->failed;
}

/* Writes text that is XML already.  To a file, straight after what the
 * writer has so far (its open start tag closed first): libxml2 would copy
 * it twice more, through its buffer and its encoder. */
static void
xml_raw_out (Xml *x, const xmlChar *data, gsize len)
{
  g_assert (x->out != NULL);
  xml_flush_raw (x);
  if (xmlTextWriterWriteRawLen (x->w, BAD_CAST "", 0) < 0 || xmlTextWriterFlush (x->w) < 0)
    x->failed = TRUE;
  else if (fwrite (data, 1, len, x->out) != len)
    {
      x->failed = TRUE;
      if (x->message == NULL)
        x->message = g_strdup (g_strerror (errno));
    }
}

/* The parts are written into memory, each by a libxml2 writer of its
 * own, on the threads, and copied out to the file in order as they come,
 * a few ahead at most. */
static void
xml_parts (Xml *x, guint n_parts, XmlPartFunc func, gpointer data)
{
  guint window = PARTS_A_THREAD * bagu_parallel_threads ();
  PartsJob job = { x, func, data, g_new0 (xmlBuffer *, window), g_new0 (GString *, window),
                   g_new0 (Xml, window) };

  for (guint k = 0; k < window; k++)
    {
      job.buffers[k] = xmlBufferCreate ();
      job.raws[k] = g_string_new (NULL);
    }
  if (!x->failed)
    bagu_parallel_ordered (n_parts, window, write_part, output_part, &job);
  for (guint k = 0; k < window; k++)
    {
      /* Parts left when the file failed. */
      g_free (job.writers[k].message);
      xmlBufferFree (job.buffers[k]);
      g_string_free (job.raws[k], TRUE);
    }
  g_free (job.buffers);
  g_free (job.raws);
  g_free (job.writers);
}

/* Parts of about equal text: as many as there are millions of characters
 * or hundreds of documents, whichever is more, and one a thread at least. */
#define DOCUMENTS_PART_CHARS 1000000
#define DOCUMENTS_PART_DOCS 100
#define HUGE_DOCUMENT_CHARS (16u << 20)

typedef struct {
  const BaguCorpus *corpus;
  Annotation *an;           /* NULL for the corpus alone */
  gsize *bounds;            /* documents of the parts */
} DocumentsJob;

static void
write_documents_part (Xml *x, guint part, gpointer data)
{
  DocumentsJob *job = data;

  for (gsize d = job->bounds[part]; d < job->bounds[part + 1] && !x->failed; d++)
    {
      xml_newline (x, "\n    ");
      xml_document (x, job->corpus, job->an, d);
    }
}

static void
xml_documents (Xml *x, const BaguCorpus *corpus, Annotation *an)
{
  guint n_docs = corpus->documents->len;
  guint64 chars = 0;
  g_autofree guint64 *weights = g_new (guint64, n_docs + 1);
  g_autofree gsize *bounds = NULL;
  guint n_parts;
  DocumentsJob job = { corpus, an };

  for (guint d = 0; d < n_docs; d++)
    {
      chars += weights[d] = bagu_corpus_document (corpus, d)->n_chars + 1;
      /* A part is held in a libxml2 buffer, whose size is an int: a very
       * large document is written straight out, and all with it. */
      if (weights[d] > HUGE_DOCUMENT_CHARS)
        {
          for (guint e = 0; e < n_docs && !x->failed; e++)
            {
              xml_newline (x, "\n    ");
              xml_document (x, corpus, an, e);
            }
          return;
        }
    }
  n_parts = MAX (chars / DOCUMENTS_PART_CHARS, n_docs / DOCUMENTS_PART_DOCS);
  n_parts = CLAMP (MAX (n_parts, bagu_parallel_threads ()), 1, MAX (n_docs, 1));
  bounds = g_new (gsize, n_parts + 1);
  bagu_parallel_split (weights, n_docs, n_parts, bounds);
  job.bounds = bounds;
  xml_parts (x, n_parts, write_documents_part, &job);
}

#define SHARES_A_PART 20000

/* A share is a line of markup formatted here, as the evidence is. */
static void
write_shares_part (Xml *x, guint part, gpointer data)
{
  const GArray *shares = data;

  for (guint i = part * SHARES_A_PART; i < MIN ((part + 1) * SHARES_A_PART, shares->len); i++)
    {
      const BaguShare *sh = &g_array_index (shares, BaguShare, i);
      char line[160], *at = put_str (line, "\n    <share a=\"d");

      at = bagu_format_uint (at, (guint64) sh->a + 1);
      at = put_str (at, "\" b=\"d");
      at = bagu_format_uint (at, (guint64) sh->b + 1);
      *at++ = '"';
      at = put_attr_fraction (at, "share-a", sh->share_a);
      at = put_attr_fraction (at, "share-b", sh->share_b);
      at = put_str (at, "/>");
      xml_raw (x, line, at - line);
    }
}

/* Phrases are described a block at a time (bagu_phrases_describe, the
 * larger the block the more in order it reads the text), written in order,
 * and the descriptions made for the block forgotten again. */
#define DESCRIBE_BLOCK 65536

/* Describes the phrases @ids, noting in @had which were described before. */
static void
describe_block (BaguPhraseSet *set, const guint32 *ids, gsize n, gboolean *had)
{
  for (gsize k = 0; k < n; k++)
    had[k] = bagu_phrase_set_get (set, ids[k])->text != NULL;
  bagu_phrases_describe (set, ids, n);
}

/* The ids of the phrases of @set that @used marks, in order: those the
 * text cites, which the phrase tables of the XML and the JSON list. */
static GArray *
cited_phrases (const BaguPhraseSet *set, const guint8 *used)
{
  GArray *cited = g_array_new (FALSE, FALSE, sizeof (guint32));

  for (guint32 i = 0; i < set->phrases->len; i++)
    if (used[i])
      g_array_append_val (cited, i);
  return cited;
}

/* The same for the phrases @lo … @hi - 1 of a listing. */
static void
describe_range (BaguPhraseSet *set, guint lo, guint hi, gboolean *had)
{
  g_autofree guint32 *ids = g_new (guint32, hi - lo + 1);

  for (guint i = lo; i < hi; i++)
    ids[i - lo] = i;
  describe_block (set, ids, hi - lo, had);
}

/* The phrases the text cites, in parts. */
#define PHRASES_A_PART 1000

typedef struct {
  const BaguCorpus *corpus;
  BaguPhraseSet *set;
  const guint32 *cited;
  gsize n;
  const gboolean *had;      /* per phrase of the block: described before it */
} PhrasesJob;

/* Writes a part of a block of phrases and forgets what was described for
 * the block, there on the threads rather than after them. */
static void
write_phrases_part (Xml *x, guint part, gpointer data)
{
  PhrasesJob *job = data;

  for (gsize i = (gsize) part * PHRASES_A_PART;
       i < MIN ((gsize) (part + 1) * PHRASES_A_PART, job->n); i++)
    {
      BaguPhrase *p = bagu_phrase_set_get (job->set, job->cited[i]);

      xml_phrase (x, job->corpus, job->set, p, NULL, NULL);
      if (!job->had[i])
        bagu_phrase_forget (p);
    }
}

static void
free_string (gpointer s)
{
  if (s != NULL)
    g_string_free (s, TRUE);
}

static gboolean
write_xml (const BaguCorpus *corpus, const BaguAnalysis *analysis, const BaguRunInfo *info,
           FILE *out, GError **error)
{
  Annotation an;
  Xml x;

  if (!xml_open (&x, out, error))
    return FALSE;
  if (analysis != NULL)
    annotation_init (&an, corpus, analysis);
  xml_root (&x, info);

  xml_newline (&x, "\n  ");
  xml_start (&x, "documents");
  xml_attr_uint (&x, "files", corpus->sources->len);
  xml_attr_uint (&x, "count", corpus->documents->len);
  xml_attr_uint (&x, "paragraphs", corpus->paragraphs->len);
  xml_attr_uint (&x, "tokens", corpus->n_tokens - corpus->paragraphs->len);
  xml_documents (&x, corpus, analysis != NULL ? &an : NULL);
  xml_newline (&x, "\n  ");
  xml_end (&x);

  /* The text every pair of documents shares, and the near-duplicates. */
  if (analysis != NULL && analysis->alignment != NULL)
    {
      const GArray *shares = analysis->alignment->shares;

      xml_newline (&x, "\n  ");
      xml_start (&x, "shares");
      xml_attr_uint (&x, "count", shares->len);
      xml_parts (&x, (shares->len + SHARES_A_PART - 1) / SHARES_A_PART, write_shares_part,
                 (gpointer) shares);
      xml_newline (&x, "\n  ");
      xml_end (&x);
    }
  if (analysis != NULL && analysis->alignment != NULL)
    {
      const BaguAlignment *al = analysis->alignment;

      g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (free_string);

      /* Each cluster's documents, in one pass over the documents. */
      g_ptr_array_set_size (members, al->n_clusters + 1);
      for (guint32 d = 0; d < corpus->documents->len; d++)
        if (al->cluster[d] > 0)
          {
            GString *docs = members->pdata[al->cluster[d]];

            if (docs == NULL)
              docs = members->pdata[al->cluster[d]] = g_string_new (NULL);
            g_string_append_printf (docs, "%sd%u", docs->len > 0 ? " " : "", d + 1);
          }
      xml_newline (&x, "\n  ");
      xml_start (&x, "clusters");
      xml_attr_uint (&x, "count", al->n_clusters);
      for (guint c = 1; c <= al->n_clusters && !x.failed; c++)
        {
          const GString *docs = members->pdata[c];

          xml_newline (&x, "\n    ");
          xml_start (&x, "cluster");
          xml_attr_uint (&x, "id", c);
          xml_attr (&x, "docs", docs != NULL ? docs->str : "");
          xml_end (&x);
        }
      xml_newline (&x, "\n  ");
      xml_end (&x);
    }

  /* The phrases the text refers to, in the order of their ids. */
  if (analysis != NULL && analysis->phrases != NULL)
    {
      g_autoptr(GArray) cited = cited_phrases (analysis->phrases, an.phrase_used);
      PhrasesJob job = { corpus, analysis->phrases };
      g_autofree gboolean *had = g_new (gboolean, DESCRIBE_BLOCK);

      xml_newline (&x, "\n  ");
      xml_start (&x, "phrases");
      xml_attr_uint (&x, "count", cited->len);
      for (gsize lo = 0; lo < cited->len && !x.failed; lo += DESCRIBE_BLOCK)
        {
          job.cited = &g_array_index (cited, guint32, lo);
          job.n = MIN (cited->len - lo, DESCRIBE_BLOCK);
          describe_block (analysis->phrases, job.cited, job.n, had);
          job.had = had;
          xml_parts (&x, (job.n + PHRASES_A_PART - 1) / PHRASES_A_PART, write_phrases_part, &job);
        }
      xml_newline (&x, "\n  ");
      xml_end (&x);
    }
  if (analysis != NULL)
    annotation_clear (&an);
  xml_newline (&x, "\n");
  xml_end (&x);
  return xml_close (&x, out, error);
}

static JsonNode *
json_noise (const char *text, const BaguNoise *noise)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *s = g_strndup (text + noise->byte_start, noise->byte_end - noise->byte_start);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "start");
  json_builder_add_int_value (b, noise->start);
  json_builder_set_member_name (b, "end");
  json_builder_add_int_value (b, noise->end);
  json_builder_set_member_name (b, "rule");
  json_builder_add_string_value (b, noise->rule);
  json_builder_set_member_name (b, "text");
  json_builder_add_string_value (b, s);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static JsonNode *
json_document (const BaguCorpus *corpus, guint d)
{
  const BaguDocument *doc = bagu_corpus_document (corpus, d);
  const BaguSource *source = bagu_corpus_source (corpus, doc->source);
  const char *text = bagu_document_text (corpus, doc);
  g_autofree char *name = bagu_document_name (corpus, doc);
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, name);
  json_builder_set_member_name (b, "source");
  json_builder_add_string_value (b, source->path);
  json_builder_set_member_name (b, "article");
  json_builder_add_int_value (b, doc->article);
  json_builder_set_member_name (b, "encoding");
  json_builder_add_string_value (b, source->encoding);
  json_builder_set_member_name (b, "paragraph_mode");
  json_builder_add_string_value (b, mode_name (source->mode));
  json_builder_set_member_name (b, "chars");
  json_builder_add_int_value (b, doc->n_chars);
  json_builder_set_member_name (b, "title");
  json_builder_add_string_value (b, doc->title);

  json_builder_set_member_name (b, "paragraphs");
  json_builder_begin_array (b);
  for (guint i = doc->first_paragraph; i < doc->first_paragraph + doc->n_paragraphs; i++)
    {
      const BaguParagraph *p = bagu_corpus_paragraph (corpus, i);
      g_autofree char *s = g_strndup (text + p->byte_start, p->byte_end - p->byte_start);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "start");
      json_builder_add_int_value (b, p->start);
      json_builder_set_member_name (b, "end");
      json_builder_add_int_value (b, p->end);
      json_builder_set_member_name (b, "tokens");
      json_builder_add_int_value (b, p->n_tokens);
      json_builder_set_member_name (b, "text");
      json_builder_add_string_value (b, s);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "noise");
  json_builder_begin_array (b);
  for (guint i = doc->first_noise; i < doc->first_noise + doc->n_noise; i++)
    json_builder_add_value (b, json_noise (text, bagu_corpus_noise (corpus, i)));
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
write_json (const BaguCorpus *corpus, const BaguRunInfo *info, FILE *out, GError **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *data = NULL;
  gsize len;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "bagu");
  json_builder_add_string_value (b, PACKAGE_VERSION);
  json_builder_set_member_name (b, "command");
  json_builder_add_string_value (b, info->command);
  json_builder_set_member_name (b, "options");
  json_builder_begin_object (b);
  for (guint i = 0; i + 1 < info->options->len; i += 2)
    {
      json_builder_set_member_name (b, g_ptr_array_index (info->options, i));
      json_builder_add_string_value (b, g_ptr_array_index (info->options, i + 1));
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "documents");
  json_builder_begin_array (b);
  for (guint d = 0; d < corpus->documents->len; d++)
    json_builder_add_value (b, json_document (corpus, d));
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  data = json_generator_to_data (gen, &len);
  if (fwrite (data, 1, len, out) != len || fputc ('\n', out) == EOF)
    {
      g_set_error_literal (error, BAGU_WRITE_ERROR, BAGU_WRITE_ERROR_FAILED,
                           "writing the JSON failed");
      return FALSE;
    }
  return TRUE;
}

/* A one-line preview of some text: line breaks shown as ⏎, at most
 * max_chars characters. */
static char *
preview (const char *text, gsize len, guint max_chars)
{
  GString *s = g_string_new (NULL);
  guint n = 0;

  for (const char *p = text; p < text + len; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (n == max_chars)
        {
          g_string_append (s, "…");
          break;
        }
      if (c == '\n' || c == '\r')
        g_string_append (s, "⏎");
      else if (c < 0x20 || c == 0x7F)
        g_string_append_c (s, ' ');
      else
        g_string_append_unichar (s, c);
    }
  return g_string_free (s, FALSE);
}

static gboolean
write_text (const BaguCorpus *corpus, FILE *out, GError **error)
{
  for (guint d = 0; d < corpus->documents->len; d++)
    {
      const BaguDocument *doc = bagu_corpus_document (corpus, d);
      const BaguSource *source = bagu_corpus_source (corpus, doc->source);
      const char *text = bagu_document_text (corpus, doc);
      g_autofree char *name = bagu_document_name (corpus, doc);
      guint n = doc->first_noise, n_end = doc->first_noise + doc->n_noise;
      guint p = doc->first_paragraph, p_end = doc->first_paragraph + doc->n_paragraphs;

      fprintf (out, "%s\t%s\t%s\t%u paragraphs\t%u noise\t%s\n", name, source->encoding,
               mode_name (source->mode), doc->n_paragraphs, doc->n_noise, doc->title);
      /* Paragraphs and noise in text order. */
      while (p < p_end || n < n_end)
        {
          const BaguParagraph *para = p < p_end ? bagu_corpus_paragraph (corpus, p) : NULL;
          const BaguNoise *noise = n < n_end ? bagu_corpus_noise (corpus, n) : NULL;

          if (noise == NULL || (para != NULL && para->start <= noise->start))
            {
              g_autofree char *s = preview (text + para->byte_start,
                                            para->byte_end - para->byte_start, 40);
              fprintf (out, "  p\t%u\t%u\t%s\n", para->start, para->end, s);
              p++;
            }
          else
            {
              g_autofree char *s = preview (text + noise->byte_start,
                                            noise->byte_end - noise->byte_start, 40);
              fprintf (out, "  noise\t%u\t%u\t%s\t%s\n", noise->start, noise->end,
                       noise->rule, s);
              n++;
            }
        }
    }
  if (ferror (out))
    {
      g_set_error_literal (error, BAGU_WRITE_ERROR, BAGU_WRITE_ERROR_FAILED,
                           "writing the listing failed");
      return FALSE;
    }
  return TRUE;
}

gboolean
bagu_write_corpus (const BaguCorpus *corpus, const BaguRunInfo *info,
                   BaguFormat format, FILE *out, GError **error)
{
  return bagu_write_analysis (corpus, NULL, info, format, out, error);
}

gboolean
bagu_write_analysis (const BaguCorpus *corpus, const BaguAnalysis *analysis,
                     const BaguRunInfo *info, BaguFormat format, FILE *out, GError **error)
{
  switch (format)
    {
    case BAGU_FORMAT_XML:
      return write_xml (corpus, analysis, info, out, error);
    case BAGU_FORMAT_JSON:
      if (analysis == NULL)
        return write_json (corpus, info, out, error);
      if (!analysis_json (corpus, analysis, info, out) || ferror (out))
        {
          g_set_error (error, BAGU_WRITE_ERROR, BAGU_WRITE_ERROR_FAILED,
                       "writing the JSON failed: %s", g_strerror (errno));
          return FALSE;
        }
      return TRUE;
    case BAGU_FORMAT_TEXT:
    case BAGU_FORMAT_TSV:
    default:
      return write_text (corpus, out, error);
    }
}

/* Phrase tables. */

static void
tsv_field (GString *s, const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    switch (*p)
      {
      case '\t': g_string_append (s, "\\t"); break;
      case '\n': g_string_append (s, "\\n"); break;
      case '\r': g_string_append (s, "\\r"); break;
      case '\\': g_string_append (s, "\\\\"); break;
      default: g_string_append_c (s, *p); break;
      }
}

/* JSON is written by hand, streaming: a phrase table of a large corpus has
 * millions of occurrences, too many for an in-memory tree. */
static void
json_string (GString *s, const char *text)
{
  g_string_append_c (s, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (s, '\\');
          g_string_append_c (s, c);
        }
      else if (c == '\n')
        g_string_append (s, "\\n");
      else if (c == '\r')
        g_string_append (s, "\\r");
      else if (c == '\t')
        g_string_append (s, "\\t");
      else if (c < 0x20)
        g_string_append_printf (s, "\\u%04x", c);
      else
        g_string_append_c (s, c);
    }
  g_string_append_c (s, '"');
}

/* The version, the command and its options, after `{"bagu": `. */
static void
json_header (GString *s, const BaguRunInfo *info)
{
  json_string (s, PACKAGE_VERSION);
  g_string_append (s, ",\n  \"command\": ");
  json_string (s, info->command);
  g_string_append (s, ",\n  \"options\": {");
  for (guint i = 0; i + 1 < info->options->len; i += 2)
    {
      g_string_append (s, i > 0 ? ",\n    " : "\n    ");
      json_string (s, g_ptr_array_index (info->options, i));
      g_string_append (s, ": ");
      json_string (s, g_ptr_array_index (info->options, i + 1));
    }
  g_string_append (s, "\n  }");
}

static gboolean
flush_string (GString *s, FILE *out)
{
  gboolean ok = fwrite (s->str, 1, s->len, out) == s->len;

  g_string_truncate (s, 0);
  return ok;
}

static char *
document_names (const BaguCorpus *corpus, guint32 doc, GPtrArray *cache)
{
  if (cache->pdata[doc] == NULL)
    cache->pdata[doc] = bagu_document_name (corpus, bagu_corpus_document (corpus, doc));
  return cache->pdata[doc];
}

static gboolean
phrases_tsv (BaguPhraseSet *set, guint top, FILE *out)
{
  g_autoptr(GString) s = g_string_new ("id\tdf\tcount\tlength\tboundary\tscore\ttext\tfills\n");
  gboolean ok = TRUE;
  g_autofree gboolean *had = g_new (gboolean, DESCRIBE_BLOCK);

  for (guint i = 0; i < top && ok; i++)
    {
      BaguPhrase *p = bagu_phrase_set_get (set, i);

      if (i % DESCRIBE_BLOCK == 0)
        describe_range (set, i, MIN (i + DESCRIBE_BLOCK, top), had);
      append_uint (s, p->id);
      append_uint_after (s, "\t", p->df);
      append_uint_after (s, "\t", p->count);
      append_uint_after (s, "\t", p->length);
      g_string_append_c (s, '\t');
      append_fraction (s, p->boundary);
      g_string_append_c (s, '\t');
      append_fraction (s, p->score);
      g_string_append_c (s, '\t');
      tsv_field (s, p->text);
      g_string_append_c (s, '\t');
      for (guint k = 0; p->fills != NULL && k < p->fills->len; k++)
        {
          GPtrArray *fills = g_ptr_array_index (p->fills, k);

          if (k > 0)
            g_string_append (s, "; ");
          for (guint f = 0; f < fills->len && f < 10; f++)
            {
              if (f > 0)
                g_string_append_c (s, '|');
              tsv_field (s, g_ptr_array_index (fills, f));
            }
        }
      g_string_append_c (s, '\n');
      if (!had[i % DESCRIBE_BLOCK])
        bagu_phrase_forget (p);
      if (s->len > 65536)
        ok = flush_string (s, out);
    }
  return ok && flush_string (s, out);
}

static gboolean
phrases_json (const BaguCorpus *corpus, BaguPhraseSet *set, guint top,
              const BaguRunInfo *info, FILE *out)
{
  g_autoptr(GString) s = g_string_new ("{\n  \"bagu\": ");
  g_autoptr(GArray) occurrences = g_array_new (FALSE, FALSE, sizeof (BaguOccurrence));
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  gboolean ok = TRUE;
  g_autofree gboolean *had = g_new (gboolean, DESCRIBE_BLOCK);

  g_ptr_array_set_size (names, corpus->documents->len);
  json_header (s, info);
  g_string_append (s, ",\n  \"phrases\": [");
  for (guint i = 0; i < top && ok; i++)
    {
      BaguPhrase *p = bagu_phrase_set_get (set, i);
      const BaguOccurrence *occ;

      if (i % DESCRIBE_BLOCK == 0)
        describe_range (set, i, MIN (i + DESCRIBE_BLOCK, top), had);
      bagu_phrase_occurrences (set, p, occurrences);
      occ = (const BaguOccurrence *) occurrences->data;
      g_string_append (s, i > 0 ? ",\n    {" : "\n    {");
      g_string_append_printf (s, "\"id\": %u, \"text\": ", p->id);
      json_string (s, p->text);
      g_string_append_printf (s, ", \"df\": %u, \"count\": %u, \"length\": %u, "
                              "\"boundary\": %.3f, \"score\": %.3f, \"slots\": [",
                              p->df, p->count, p->length, p->boundary, p->score);
      for (guint k = 0; p->fills != NULL && k < p->fills->len; k++)
        {
          GPtrArray *fills = g_ptr_array_index (p->fills, k);

          g_string_append (s, k > 0 ? ", [" : "[");
          for (guint f = 0; f < fills->len; f++)
            {
              if (f > 0)
                g_string_append (s, ", ");
              json_string (s, g_ptr_array_index (fills, f));
            }
          g_string_append_c (s, ']');
        }
      g_string_append (s, "],\n     \"occurrences\": [");
      for (guint k = 0; k < p->count; k++)
        {
          g_string_append (s, k > 0 ? ", {\"doc\": " : "{\"doc\": ");
          json_string (s, document_names (corpus, occ[k].doc, names));
          append_uint_after (s, ", \"start\": ", occ[k].start);
          append_uint_after (s, ", \"end\": ", occ[k].end);
          g_string_append_c (s, '}');
          if (s->len > 65536)
            ok = flush_string (s, out) && ok;
        }
      g_string_append (s, "]}");
      if (!had[i % DESCRIBE_BLOCK])
        bagu_phrase_forget (p);
    }
  g_string_append (s, top > 0 ? "\n  ]\n}\n" : "]\n}\n");
  return flush_string (s, out) && ok;
}

/* One phrase of a table, with its occurrences when @occurrences is given. */
static void
xml_phrase (Xml *x, const BaguCorpus *corpus, BaguPhraseSet *set, BaguPhrase *p,
            GPtrArray *names, GArray *occurrences)
{
  const BaguOccurrence *occ = NULL;
  char tag[256], *at;

  bagu_phrase_describe (set, p);
  if (occurrences != NULL)
    {
      bagu_phrase_occurrences (set, p, occurrences);
      occ = (const BaguOccurrence *) occurrences->data;
    }
  /* Formatted here, as the evidence is: a table has a phrase for every
   * few hundred tokens of text. */
  at = put_str (tag, "\n    <phrase id=\"s");
  at = bagu_format_uint (at, p->id);
  *at++ = '"';
  at = put_attr_uint (at, "df", p->df);
  at = put_attr_uint (at, "count", p->count);
  at = put_attr_uint (at, "length", p->length);
  at = put_attr_uint (at, "slots", p->n_slots);
  at = put_attr_fraction (at, "boundary", p->boundary);
  at = put_attr_fraction (at, "score", p->score);
  at = put_str (at, ">\n      ");
  xml_raw (x, tag, at - tag);
  xml_raw_element (x, "text", p->text);
  for (guint k = 0; p->fills != NULL && k < p->fills->len; k++)
    {
      GPtrArray *fills = g_ptr_array_index (p->fills, k);

      at = put_str (tag, "fill slot=\"");
      at = bagu_format_uint (at, k + 1);
      *at++ = '"', *at = '\0';
      for (guint f = 0; f < fills->len; f++)
        {
          xml_newline (x, "\n      ");
          xml_raw_element (x, tag, g_ptr_array_index (fills, f));
        }
    }
  for (guint k = 0; occ != NULL && k < p->count; k++)
    {
      xml_newline (x, "\n      ");
      xml_start (x, "occurrence");
      xml_attr (x, "doc", document_names (corpus, occ[k].doc, names));
      xml_attr_uint (x, "start", occ[k].start);
      xml_attr_uint (x, "end", occ[k].end);
      xml_end (x);
    }
  xml_newline (x, "\n    </phrase>");
}

static gboolean
phrases_xml (const BaguCorpus *corpus, BaguPhraseSet *set, guint top,
             const BaguRunInfo *info, FILE *out, GError **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) occurrences = g_array_new (FALSE, FALSE, sizeof (BaguOccurrence));
  g_autofree gboolean *had = g_new (gboolean, DESCRIBE_BLOCK);
  Xml x;

  g_ptr_array_set_size (names, corpus->documents->len);
  if (!xml_open (&x, out, error))
    return FALSE;
  xml_root (&x, info);
  xml_newline (&x, "\n  ");
  xml_start (&x, "phrases");
  xml_attr_uint (&x, "count", top);
  for (guint i = 0; i < top && !x.failed; i++)
    {
      BaguPhrase *p = bagu_phrase_set_get (set, i);

      if (i % DESCRIBE_BLOCK == 0)
        describe_range (set, i, MIN (i + DESCRIBE_BLOCK, top), had);
      xml_phrase (&x, corpus, set, p, names, occurrences);
      if (!had[i % DESCRIBE_BLOCK])
        bagu_phrase_forget (p);
    }
  xml_newline (&x, "\n  ");
  xml_end (&x);
  xml_newline (&x, "\n");
  xml_end (&x);
  return xml_close (&x, out, error);
}

gboolean
bagu_write_phrases (const BaguCorpus *corpus, BaguPhraseSet *set, guint top,
                    const BaguRunInfo *info, BaguFormat format, FILE *out, GError **error)
{
  gboolean ok;

  if (top == 0 || top > set->phrases->len)
    top = set->phrases->len;
  switch (format)
    {
    case BAGU_FORMAT_XML:
      return phrases_xml (corpus, set, top, info, out, error);
    case BAGU_FORMAT_JSON:
      ok = phrases_json (corpus, set, top, info, out);
      break;
    case BAGU_FORMAT_TSV:
    case BAGU_FORMAT_TEXT:
    default:
      ok = phrases_tsv (set, top, out);
      break;
    }
  if (!ok || ferror (out))
    {
      g_set_error (error, BAGU_WRITE_ERROR, BAGU_WRITE_ERROR_FAILED,
                   "writing the phrase table failed: %s", g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

/* Passages: one a line, JSON Lines or TSV.  A line is the same fields in
 * both, each after its separator (the JSON's after its key). */
static const char *const passage_tsv[] = { "", "\t", "\t", "\t", "\t", "\t", "\t", "\t", "\t", "\n" };
static const char *const passage_json[] = {
  "{\"a\": ", ", \"a_start\": ", ", \"a_end\": ", ", \"b\": ", ", \"b_start\": ",
  ", \"b_end\": ", ", \"tokens\": ", ", \"matches\": ", ", \"identity\": ", "}\n"
};

static gboolean
passages_write (const BaguCorpus *corpus, const BaguAlignment *al, BaguFormat format,
                FILE *out)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  gboolean ok = TRUE;
  const char *const *sep = format == BAGU_FORMAT_TSV ? passage_tsv : passage_json;
  void (*name) (GString *, const char *) = format == BAGU_FORMAT_TSV ? tsv_field : json_string;

  g_ptr_array_set_size (names, corpus->documents->len);
  if (format == BAGU_FORMAT_TSV)
    g_string_append (s, "a\ta_start\ta_end\tb\tb_start\tb_end\ttokens\tmatches\tidentity\n");
  for (guint i = 0; i < al->passages->len && ok; i++)
    {
      const BaguPassage *p = bagu_alignment_passage (al, i);
      const char *a = document_names (corpus, p->a, names);
      const char *b = document_names (corpus, p->b, names);

      g_string_append (s, sep[0]);
      name (s, a);
      append_uint_after (s, sep[1], p->a_start);
      append_uint_after (s, sep[2], p->a_end);
      g_string_append (s, sep[3]);
      name (s, b);
      append_uint_after (s, sep[4], p->b_start);
      append_uint_after (s, sep[5], p->b_end);
      append_uint_after (s, sep[6], p->tokens);
      append_uint_after (s, sep[7], p->matches);
      g_string_append (s, sep[8]);
      append_fraction (s, bagu_passage_identity (p));
      g_string_append (s, sep[9]);
      if (s->len > 65536)
        ok = flush_string (s, out);
    }
  return ok && flush_string (s, out);
}

gboolean
bagu_write_passages (const BaguCorpus *corpus, const BaguAlignment *alignment,
                     BaguFormat format, FILE *out, GError **error)
{
  if (!passages_write (corpus, alignment, format, out) || ferror (out))
    {
      g_set_error (error, BAGU_WRITE_ERROR, BAGU_WRITE_ERROR_FAILED,
                   "writing the passages failed: %s", g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

gboolean
bagu_write_duplicates (const BaguCorpus *corpus, const BaguAlignment *al,
                       FILE *out, GError **error)
{
  g_autoptr(GString) s = g_string_new ("{\n  \"clusters\": [");
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_set_size (names, corpus->documents->len);
  for (guint c = 1; c <= al->n_clusters; c++)
    {
      gboolean first = TRUE;

      g_string_append_printf (s, "%s\n    {\"cluster\": %u, \"documents\": [",
                              c > 1 ? "," : "", c);
      for (guint32 d = 0; d < corpus->documents->len; d++)
        if (al->cluster[d] == c)
          {
            g_string_append (s, first ? "" : ", ");
            json_string (s, document_names (corpus, d, names));
            first = FALSE;
          }
      g_string_append (s, "]}");
    }
  g_string_append (s, al->n_clusters > 0 ? "\n  ],\n  \"pairs\": [" : "],\n  \"pairs\": [");
  for (guint i = 0; i < al->duplicates->len; i++)
    {
      const BaguDuplicate *d = &g_array_index (al->duplicates, BaguDuplicate, i);

      g_string_append (s, i > 0 ? ",\n    {\"a\": " : "\n    {\"a\": ");
      json_string (s, document_names (corpus, d->a, names));
      g_string_append (s, ", \"b\": ");
      json_string (s, document_names (corpus, d->b, names));
      g_string_append_printf (s, ", \"share_a\": %.3f, \"share_b\": %.3f, \"cluster\": %u}",
                              d->share_a, d->share_b, d->cluster);
    }
  g_string_append (s, al->duplicates->len > 0 ? "\n  ]\n}\n" : "]\n}\n");
  if (!flush_string (s, out) || ferror (out))
    {
      g_set_error (error, BAGU_WRITE_ERROR, BAGU_WRITE_ERROR_FAILED,
                   "writing the near-duplicates failed: %s", g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

/* The analysis as JSON: the same model as the XML, streamed by hand
 * (json-glib builds the whole tree in memory first and writes fractions
 * with seventeen digits). */

static void
json_fraction (GString *s, const char *name, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (s, ", \"%s\": %s", name, g_ascii_formatd (buf, sizeof buf, "%.3f", value));
}

/* The evidence inside one paragraph, as spans of characters: each passage
 * covering part of it, each run of one stock phrase, each fill. */
static void
json_evidence (GString *s, const BaguCorpus *corpus, const BaguAnalysis *an, Annotation *annot,
               guint32 d, const BaguParagraph *para)
{
  const BaguScores *sc = an->scores;
  guint32 first = para->first_token, last = para->first_token + para->n_tokens;
  gboolean any = FALSE;

  g_string_append (s, ", \"evidence\": [");
  for (guint r = annot->ref_first[d]; an->alignment != NULL && r < annot->ref_first[d + 1]; r++)
    {
      const PassageRef *ref = &annot->refs[r];
      guint32 s0 = MAX (ref->pos, first), s1 = MIN (ref->end, last);

      while (s0 < s1 && corpus->tokens[s0] == BAGU_TOKEN_SEP)
        s0++;
      while (s1 > s0 && corpus->tokens[s1 - 1] == BAGU_TOKEN_SEP)
        s1--;
      if (s0 >= s1)
        continue;
      g_string_append_printf (s, "%s{\"kind\": \"reuse\", \"start\": %u, \"end\": %u, "
                              "\"doc\": \"d%u\", \"doc_start\": %u, \"doc_end\": %u}",
                              any ? ", " : "", corpus->tok_start[s0], corpus->tok_end[s1 - 1],
                              ref->other + 1, ref->other_start, ref->other_end);
      any = TRUE;
    }
  for (guint32 t = first; sc != NULL && an->phrases != NULL && t < last;)
    {
      guint32 phrase = token_stock (sc, t);
      guint32 e = t + 1;

      if (phrase == G_MAXUINT32)
        {
          t++;
          continue;
        }
      while (e < last && token_stock (sc, e) == phrase)
        e++;
      annot->phrase_used[phrase] = 1;
      g_string_append_printf (s, "%s{\"kind\": \"stock\", \"start\": %u, \"end\": %u, "
                              "\"phrase\": \"s%u\", \"df\": %u", any ? ", " : "",
                              corpus->tok_start[t], corpus->tok_end[e - 1],
                              bagu_phrase_set_get (an->phrases, phrase)->id,
                              bagu_phrase_set_get (an->phrases, phrase)->df);
      json_fraction (s, "weight", sc->weight_of_phrase[phrase]);
      g_string_append_c (s, '}');
      any = TRUE;
      t = e;
    }
  for (guint32 t = first; sc != NULL && t < last; t++)
    if ((corpus->tokens[t] == BAGU_TOKEN_NUM || corpus->tokens[t] == BAGU_TOKEN_SLOT)
        && sc->evidence[t] != 0)
      {
        g_string_append_printf (s, "%s{\"kind\": \"fill\", \"start\": %u, \"end\": %u}",
                                any ? ", " : "", corpus->tok_start[t], corpus->tok_end[t]);
        any = TRUE;
      }
  g_string_append_c (s, ']');
}

static gboolean
analysis_json (const BaguCorpus *corpus, const BaguAnalysis *an, const BaguRunInfo *info,
               FILE *out)
{
  g_autoptr(GString) s = g_string_new ("{\n  \"bagu\": ");
  const BaguScores *sc = an->scores;
  Annotation annot;
  gboolean ok = TRUE;

  annotation_init (&annot, corpus, an);
  json_header (s, info);
  g_string_append (s, ",\n  \"documents\": [");
  for (guint32 d = 0; d < corpus->documents->len && ok; d++)
    {
      const BaguDocument *doc = bagu_corpus_document (corpus, d);
      const BaguSource *source = bagu_corpus_source (corpus, doc->source);
      const char *text = bagu_document_text (corpus, doc);
      g_autofree char *name = bagu_document_name (corpus, doc);

      g_string_append_printf (s, "%s\n    {\"id\": \"d%u\", \"name\": ", d > 0 ? "," : "", d + 1);
      json_string (s, name);
      g_string_append (s, ", \"source\": ");
      json_string (s, source->path);
      g_string_append_printf (s, ", \"article\": %u, \"encoding\": ", doc->article);
      json_string (s, source->encoding);
      g_string_append_printf (s, ", \"paragraph_mode\": \"%s\", \"chars\": %u, \"title\": ",
                              mode_name (source->mode), doc->n_chars);
      json_string (s, doc->title);
      if (sc != NULL)
        json_fraction (s, "template_ratio", sc->document_ratio[d]);
      if (an->alignment != NULL)
        g_string_append_printf (s, ", \"cluster\": %u", an->alignment->cluster[d]);
      g_string_append (s, ", \"sources\": [");
      for (guint k = 0; sc != NULL && k < BAGU_SCORE_TOP_SOURCES; k++)
        {
          gsize at = (gsize) d * BAGU_SCORE_TOP_SOURCES + k;

          if (sc->top_source[at] == G_MAXUINT32)
            break;
          g_string_append_printf (s, "%s{\"doc\": \"d%u\"", k > 0 ? ", " : "", sc->top_source[at] + 1);
          json_fraction (s, "share", sc->top_share[at]);
          g_string_append_c (s, '}');
        }
      g_string_append (s, "],\n     \"paragraphs\": [");
      for (guint i = doc->first_paragraph; i < doc->first_paragraph + doc->n_paragraphs; i++)
        {
          const BaguParagraph *p = bagu_corpus_paragraph (corpus, i);
          g_autofree char *ptext = g_strndup (text + p->byte_start, p->byte_end - p->byte_start);

          g_string_append_printf (s, "%s\n      {\"id\": \"d%up%u\", \"start\": %u, \"end\": %u, "
                                  "\"tokens\": %u", i > doc->first_paragraph ? "," : "", d + 1,
                                  i - doc->first_paragraph + 1, p->start, p->end, p->n_tokens);
          if (sc != NULL)
            {
              json_fraction (s, "score", sc->paragraph_score[i]);
              g_string_append_printf (s, ", \"label\": \"%s\"",
                                      bagu_label_name (sc->paragraph_label[i]));
            }
          g_string_append (s, ", \"text\": ");
          json_string (s, ptext);
          json_evidence (s, corpus, an, &annot, d, p);
          g_string_append_c (s, '}');
        }
      g_string_append (s, "],\n     \"noise\": [");
      for (guint i = doc->first_noise; i < doc->first_noise + doc->n_noise; i++)
        {
          const BaguNoise *noise = bagu_corpus_noise (corpus, i);
          g_autofree char *ntext = g_strndup (text + noise->byte_start,
                                              noise->byte_end - noise->byte_start);

          g_string_append_printf (s, "%s{\"start\": %u, \"end\": %u, \"rule\": ",
                                  i > doc->first_noise ? ", " : "", noise->start, noise->end);
          json_string (s, noise->rule);
          g_string_append (s, ", \"text\": ");
          json_string (s, ntext);
          g_string_append_c (s, '}');
        }
      g_string_append (s, "]}");
      if (s->len > 65536)
        ok = flush_string (s, out);
    }
  g_string_append (s, "\n  ],\n  \"shares\": [");
  for (guint i = 0; an->alignment != NULL && i < an->alignment->shares->len && ok; i++)
    {
      const BaguShare *sh = &g_array_index (an->alignment->shares, BaguShare, i);

      g_string_append_printf (s, "%s\n    {\"a\": \"d%u\", \"b\": \"d%u\"", i > 0 ? "," : "",
                              sh->a + 1, sh->b + 1);
      json_fraction (s, "share_a", sh->share_a);
      json_fraction (s, "share_b", sh->share_b);
      g_string_append_c (s, '}');
      if (s->len > 65536)
        ok = flush_string (s, out);
    }
  g_string_append (s, "\n  ],\n  \"clusters\": [");
  for (guint c = 1; an->alignment != NULL && c <= an->alignment->n_clusters; c++)
    {
      gboolean first = TRUE;

      g_string_append_printf (s, "%s\n    {\"id\": %u, \"docs\": [", c > 1 ? "," : "", c);
      for (guint32 d = 0; d < corpus->documents->len; d++)
        if (an->alignment->cluster[d] == c)
          {
            g_string_append_printf (s, "%s\"d%u\"", first ? "" : ", ", d + 1);
            first = FALSE;
          }
      g_string_append (s, "]}");
    }
  g_string_append (s, "\n  ],\n  \"phrases\": [");
  if (an->phrases != NULL)
    {
      g_autoptr(GArray) cited = cited_phrases (an->phrases, annot.phrase_used);
      g_autofree gboolean *had = g_new (gboolean, DESCRIBE_BLOCK);

      /* Described a block at a time, as the XML's table is.  One at a
       * time, each read the text anew: the write of 5,000 documents took
       * 17.7 s, against 1.3 s so. */
      for (gsize lo = 0; lo < cited->len && ok; lo += DESCRIBE_BLOCK)
        {
          const guint32 *ids = &g_array_index (cited, guint32, lo);
          gsize n = MIN (cited->len - lo, DESCRIBE_BLOCK);

          describe_block (an->phrases, ids, n, had);
          for (gsize k = 0; k < n && ok; k++)
            {
              BaguPhrase *p = bagu_phrase_set_get (an->phrases, ids[k]);

              g_string_append_printf (s, "%s\n    {\"id\": \"s%u\", \"text\": ",
                                      lo + k > 0 ? "," : "", p->id);
              json_string (s, p->text);
              g_string_append_printf (s, ", \"df\": %u, \"count\": %u, \"length\": %u", p->df,
                                      p->count, p->length);
              json_fraction (s, "boundary", p->boundary);
              if (sc != NULL)
                json_fraction (s, "weight", sc->weight_of_phrase[ids[k]]);
              g_string_append_c (s, '}');
              if (!had[k])
                bagu_phrase_forget (p);
              if (s->len > 65536)
                ok = flush_string (s, out);
            }
        }
    }
  g_string_append (s, "\n  ]\n}\n");
  annotation_clear (&annot);
  return flush_string (s, out) && ok;
}
