/* bagu-write.c: the corpus model as XML (libxml2's writer), JSON (json-glib)
 * or a plain text listing. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <json-glib/json-glib.h>
#include <libxml/xmlwriter.h>

#include "bagu-write.h"

G_DEFINE_QUARK (bagu-write-error-quark, bagu_write_error)

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
} Xml;

/* libxml2 must never print on its own: its errors end up in the GError. */
static void
on_xml_error (void *user_data, const xmlError *error)
{
  Xml *x = user_data;

  x->failed = TRUE;
  if (x->message == NULL && error != NULL && error->message != NULL)
    x->message = g_strchomp (g_strdup (error->message));
}

static void
xml_start (Xml *x, const char *name)
{
  if (xmlTextWriterStartElement (x->w, BAD_CAST name) < 0)
    x->failed = TRUE;
}

static void
xml_end (Xml *x)
{
  if (xmlTextWriterEndElement (x->w) < 0)
    x->failed = TRUE;
}

static void
xml_attr (Xml *x, const char *name, const char *value)
{
  g_autofree char *safe = xml_safe_text (value, strlen (value));

  if (xmlTextWriterWriteAttribute (x->w, BAD_CAST name, BAD_CAST safe) < 0)
    x->failed = TRUE;
}

static void
xml_attr_uint (Xml *x, const char *name, guint64 value)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, value);
  xml_attr (x, name, buf);
}

static void
xml_text (Xml *x, const char *text, gsize len)
{
  g_autofree char *safe = NULL;

  if (len == 0)
    return;
  safe = xml_safe_text (text, len);
  if (xmlTextWriterWriteString (x->w, BAD_CAST safe) < 0)
    x->failed = TRUE;
}

static void
xml_newline (Xml *x, const char *indent)
{
  if (xmlTextWriterWriteRaw (x->w, BAD_CAST indent) < 0)
    x->failed = TRUE;
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
  xmlOutputBuffer *buffer = xmlOutputBufferCreateFile (out, NULL);

  memset (x, 0, sizeof *x);
  xmlSetStructuredErrorFunc (x, (xmlStructuredErrorFunc) on_xml_error);
  if (buffer == NULL || (x->w = xmlNewTextWriter (buffer)) == NULL)
    {
      if (buffer != NULL)
        xmlOutputBufferClose (buffer);
      xmlSetStructuredErrorFunc (NULL, NULL);
      g_clear_pointer (&x->message, g_free);
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
  return ok;
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
  char buf[32];

  g_ascii_formatd (buf, sizeof buf, "%.3f", value);
  xml_attr (x, name, buf);
}

static void
xml_document (Xml *x, const BaguCorpus *corpus, const BaguScores *scores, guint d)
{
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

  for (guint i = doc->first_paragraph; i < doc->first_paragraph + doc->n_paragraphs; i++)
    {
      const BaguParagraph *p = bagu_corpus_paragraph (corpus, i);
      g_autofree char *pid = g_strdup_printf ("d%up%u", d + 1, i - doc->first_paragraph + 1);
      guint32 at;

      for (; n < n_end && bagu_corpus_noise (corpus, n)->byte_start < p->byte_start; n++)
        {
          xml_newline (x, "\n      ");
          xml_noise (x, text, bagu_corpus_noise (corpus, n));
        }

      xml_newline (x, "\n      ");
      xml_start (x, "p");
      xml_attr (x, "id", pid);
      xml_attr_uint (x, "start", p->start);
      xml_attr_uint (x, "end", p->end);
      xml_attr_uint (x, "tokens", p->n_tokens);
      if (scores != NULL)
        {
          xml_fraction (x, "score", scores->paragraph_score[i]);
          xml_attr (x, "label", bagu_label_name (scores->paragraph_label[i]));
        }
      at = p->byte_start;
      for (; n < n_end && bagu_corpus_noise (corpus, n)->byte_end <= p->byte_end; n++)
        {
          const BaguNoise *noise = bagu_corpus_noise (corpus, n);

          xml_text (x, text + at, noise->byte_start - at);
          xml_noise (x, text, noise);
          at = noise->byte_end;
        }
      xml_text (x, text + at, p->byte_end - at);
      xml_end (x);
    }
  for (; n < n_end; n++)
    {
      xml_newline (x, "\n      ");
      xml_noise (x, text, bagu_corpus_noise (corpus, n));
    }
  xml_newline (x, "\n    ");
  xml_end (x);
}

static gboolean
write_xml (const BaguCorpus *corpus, const BaguScores *scores, const BaguRunInfo *info,
           FILE *out, GError **error)
{
  Xml x;

  if (!xml_open (&x, out, error))
    return FALSE;
  xml_root (&x, info);

  xml_newline (&x, "\n  ");
  xml_start (&x, "documents");
  xml_attr_uint (&x, "files", corpus->sources->len);
  xml_attr_uint (&x, "count", corpus->documents->len);
  xml_attr_uint (&x, "paragraphs", corpus->paragraphs->len);
  xml_attr_uint (&x, "tokens", corpus->n_tokens - corpus->paragraphs->len);
  for (guint d = 0; d < corpus->documents->len && !x.failed; d++)
    {
      xml_newline (&x, "\n    ");
      xml_document (&x, corpus, scores, d);
    }
  xml_newline (&x, "\n  ");
  xml_end (&x);
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
  return bagu_write_scored (corpus, NULL, info, format, out, error);
}

gboolean
bagu_write_scored (const BaguCorpus *corpus, const BaguScores *scores, const BaguRunInfo *info,
                   BaguFormat format, FILE *out, GError **error)
{
  switch (format)
    {
    case BAGU_FORMAT_XML:
      return write_xml (corpus, scores, info, out, error);
    case BAGU_FORMAT_JSON:
      return write_json (corpus, info, out, error);
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

  for (guint i = 0; i < top && ok; i++)
    {
      BaguPhrase *p = bagu_phrase_set_get (set, i);
      gboolean described = p->text != NULL;

      bagu_phrase_describe (set, p);
      g_string_append_printf (s, "%u\t%u\t%u\t%u\t%.3f\t%.3f\t", p->id, p->df, p->count,
                              p->length, p->boundary, p->score);
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
      if (!described)
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

  g_ptr_array_set_size (names, corpus->documents->len);
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
  g_string_append (s, "\n  },\n  \"phrases\": [");
  for (guint i = 0; i < top && ok; i++)
    {
      BaguPhrase *p = bagu_phrase_set_get (set, i);
      gboolean described = p->text != NULL;
      const BaguOccurrence *occ;

      bagu_phrase_describe (set, p);
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
          g_string_append_printf (s, ", \"start\": %u, \"end\": %u}", occ[k].start, occ[k].end);
          if (s->len > 65536)
            ok = flush_string (s, out) && ok;
        }
      g_string_append (s, "]}");
      if (!described)
        bagu_phrase_forget (p);
    }
  g_string_append (s, top > 0 ? "\n  ]\n}\n" : "]\n}\n");
  return flush_string (s, out) && ok;
}

static gboolean
phrases_xml (const BaguCorpus *corpus, BaguPhraseSet *set, guint top,
             const BaguRunInfo *info, FILE *out, GError **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) occurrences = g_array_new (FALSE, FALSE, sizeof (BaguOccurrence));
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
      gboolean described = p->text != NULL;
      const BaguOccurrence *occ;
      char buf[32];

      bagu_phrase_describe (set, p);
      bagu_phrase_occurrences (set, p, occurrences);
      occ = (const BaguOccurrence *) occurrences->data;
      xml_newline (&x, "\n    ");
      xml_start (&x, "phrase");
      g_snprintf (buf, sizeof buf, "s%u", p->id);
      xml_attr (&x, "id", buf);
      xml_attr_uint (&x, "df", p->df);
      xml_attr_uint (&x, "count", p->count);
      xml_attr_uint (&x, "length", p->length);
      xml_attr_uint (&x, "slots", p->n_slots);
      g_snprintf (buf, sizeof buf, "%.3f", p->boundary);
      xml_attr (&x, "boundary", buf);
      g_snprintf (buf, sizeof buf, "%.3f", p->score);
      xml_attr (&x, "score", buf);
      xml_newline (&x, "\n      ");
      xml_start (&x, "text");
      xml_text (&x, p->text, strlen (p->text));
      xml_end (&x);
      for (guint k = 0; p->fills != NULL && k < p->fills->len; k++)
        {
          GPtrArray *fills = g_ptr_array_index (p->fills, k);

          for (guint f = 0; f < fills->len; f++)
            {
              const char *fill = g_ptr_array_index (fills, f);

              xml_newline (&x, "\n      ");
              xml_start (&x, "fill");
              xml_attr_uint (&x, "slot", k + 1);
              xml_text (&x, fill, strlen (fill));
              xml_end (&x);
            }
        }
      for (guint k = 0; k < p->count; k++)
        {
          xml_newline (&x, "\n      ");
          xml_start (&x, "occurrence");
          xml_attr (&x, "doc", document_names (corpus, occ[k].doc, names));
          xml_attr_uint (&x, "start", occ[k].start);
          xml_attr_uint (&x, "end", occ[k].end);
          xml_end (&x);
        }
      xml_newline (&x, "\n    ");
      xml_end (&x);
      if (!described)
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

/* Passages: one a line, JSON Lines or TSV. */

static gboolean
passages_write (const BaguCorpus *corpus, const BaguAlignment *al, BaguFormat format,
                FILE *out)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  gboolean ok = TRUE;

  g_ptr_array_set_size (names, corpus->documents->len);
  if (format == BAGU_FORMAT_TSV)
    g_string_append (s, "a\ta_start\ta_end\tb\tb_start\tb_end\ttokens\tmatches\tidentity\n");
  for (guint i = 0; i < al->passages->len && ok; i++)
    {
      const BaguPassage *p = bagu_alignment_passage (al, i);
      const char *a = document_names (corpus, p->a, names);
      const char *b = document_names (corpus, p->b, names);

      if (format == BAGU_FORMAT_TSV)
        {
          tsv_field (s, a);
          g_string_append_printf (s, "\t%u\t%u\t", p->a_start, p->a_end);
          tsv_field (s, b);
          g_string_append_printf (s, "\t%u\t%u\t%u\t%u\t%.3f\n", p->b_start, p->b_end,
                                  p->tokens, p->matches, bagu_passage_identity (p));
        }
      else
        {
          g_string_append (s, "{\"a\": ");
          json_string (s, a);
          g_string_append_printf (s, ", \"a_start\": %u, \"a_end\": %u, \"b\": ",
                                  p->a_start, p->a_end);
          json_string (s, b);
          g_string_append_printf (s, ", \"b_start\": %u, \"b_end\": %u, \"tokens\": %u, "
                                  "\"matches\": %u, \"identity\": %.3f}\n",
                                  p->b_start, p->b_end, p->tokens, p->matches,
                                  bagu_passage_identity (p));
        }
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
