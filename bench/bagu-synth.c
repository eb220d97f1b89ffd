/* bench/bagu-synth.c: the synthetic corpus generator behind bagu-gen. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "bagu-synth.h"
#include "bagu-corpus.h"
#include "bagu-load.h"
#include "bagu-noise.h"

G_DEFINE_QUARK (bagu-synth-error-quark, bagu_synth_error)

/* Sentences shorter than this (in characters) say too little to be a
 * template or a fact; longer ones are run-ons of several. */
#define MIN_SENTENCE 8
#define MAX_TEMPLATE 200
#define MAX_FRESH 150
#define MIN_HAN 6
/* A fresh sentence shorter than this could be a whole clause of a
 * template (or of another fresh sentence) without sharing any string of
 * BAGU_SYNTH_UNIQUE_LENGTH characters: then it would be template text. */
#define MIN_FRESH (BAGU_SYNTH_UNIQUE_LENGTH + 4)

/* The Markov chain's order.  Two characters of context write the register's
 * words and short terms, and leave enough choices at every step to steer
 * clear of the templates' long strings; with three, the chain trained on a
 * few hundred sentences mostly runs into dead ends. */
#define MARKOV_ORDER 2
#define FRESH_TRIES 32

struct BaguSynthPool {
  BaguSynthRegister reg;
  GPtrArray *templates;      /* char*, template id - 1 */
  GArray *han;               /* gunichar: every CJK character of the pool, with repeats */
  GPtrArray *manpage;        /* char*: manual-page sentences, in file order */
  BaguKeyTable pool_grams;   /* BAGU_SYNTH_UNIQUE_LENGTH-grams of the templates */
  BaguNoiseRules *rules;     /* (nullable) */

  /* The chain that writes fresh sentences: contexts sorted, each with its
   * successors and their cumulative counts. */
  guint n_states;
  guint32 *state_first;      /* n_states + 1 entries into next/cum */
  gunichar *next;
  guint32 *cum;
  BaguKeyTable state_index;  /* context -> state + 1 */
};

void
bagu_synth_options_init (BaguSynthOptions *options)
{
  memset (options, 0, sizeof *options);
  options->seed = 1;
  options->n_docs = 100;
  options->reg = BAGU_SYNTH_EASY;
  options->edit_rate = 0.02;
  options->zipf = 1.0;
  options->samples_dir = BAGU_SRCDIR "/samples";
  options->noise_rules = BAGU_SRCDIR "/templates/noise.rules";
  options->manpages_dir = "/usr/share/man/zh_CN";
}

void
bagu_synth_pool_free (BaguSynthPool *pool)
{
  if (pool == NULL)
    return;
  g_ptr_array_unref (pool->templates);
  g_array_unref (pool->han);
  g_ptr_array_unref (pool->manpage);
  bagu_key_table_clear (&pool->pool_grams);
  bagu_key_table_clear (&pool->state_index);
  g_clear_pointer (&pool->rules, bagu_noise_rules_free);
  g_free (pool->state_first);
  g_free (pool->next);
  g_free (pool->cum);
  g_free (pool);
}

guint
bagu_synth_pool_n_templates (const BaguSynthPool *pool)
{
  return pool->templates->len;
}

const char *
bagu_synth_pool_template (const BaguSynthPool *pool, guint id)
{
  g_return_val_if_fail (id >= 1 && id <= pool->templates->len, NULL);
  return g_ptr_array_index (pool->templates, id - 1);
}

guint
bagu_synth_pool_n_manpage_sentences (const BaguSynthPool *pool)
{
  return pool->manpage->len;
}

static gboolean
is_sentence_end (gunichar c)
{
  return c == 0x3002 /* 。 */ || c == 0xFF01 /* ！ */ || c == 0xFF1F /* ？ */
         || c == 0xFF1B /* ； */ || c == ';';
}

/* Closing marks that belong to the sentence they follow: 。” */
static gboolean
is_closing (gunichar c)
{
  return c == 0x201D || c == 0x2019 || c == 0x300D || c == 0x300F
         || c == 0xFF09 || c == ')';
}

void
bagu_synth_split_sentences (const char *text, BaguSynthSentenceFunc func, gpointer user_data)
{
  const char *start = text;
  const char *p = text;

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);

      p = g_utf8_next_char (p);
      if (!is_sentence_end (c))
        continue;
      while (*p != '\0' && is_closing (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      while (*start == ' ' || *start == '\t')
        start++;
      if (start < p)
        {
          g_autofree char *sentence = g_strndup (start, p - start);

          func (sentence, user_data);
        }
      start = p;
    }
}

static void
count_chars (const char *s, guint *n_chars, guint *n_han)
{
  *n_chars = 0;
  *n_han = 0;
  for (; *s != '\0'; s = g_utf8_next_char (s))
    {
      (*n_chars)++;
      if (bagu_is_han (g_utf8_get_char (s)))
        (*n_han)++;
    }
}

static gboolean
matches_noise_rule (const BaguNoiseRules *rules, const char *text)
{
  if (rules == NULL)
    return FALSE;
  for (guint i = 0; i < rules->rules->len; i++)
    {
      const BaguNoiseRule *rule = g_ptr_array_index (rules->rules, i);

      if (g_regex_match (rule->regex, text, 0, NULL))
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_control (const char *s)
{
  for (; *s != '\0'; s++)
    if ((guchar) *s < 0x20)
      return TRUE;
  return FALSE;
}

/* The UNIQUE_LENGTH-gram hashes of @s (none when it is shorter). */
static GArray *
grams_of (const char *s)
{
  GArray *grams = g_array_new (FALSE, FALSE, sizeof (guint64));
  BaguNgramRoll roll;

  bagu_ngram_roll_init (&roll, BAGU_SYNTH_UNIQUE_LENGTH);
  for (; *s != '\0'; s = g_utf8_next_char (s))
    {
      guint64 h;

      if (bagu_ngram_roll_push (&roll, g_utf8_get_char (s), &h))
        g_array_append_val (grams, h);
    }
  bagu_ngram_roll_clear (&roll);
  return grams;
}

static gboolean
shares_gram (const BaguKeyTable *table, GArray *grams)
{
  for (guint i = 0; i < grams->len; i++)
    if (bagu_key_table_lookup ((BaguKeyTable *) table, g_array_index (grams, guint64, i), FALSE))
      return TRUE;
  return FALSE;
}

static void
add_grams (BaguKeyTable *table, GArray *grams)
{
  for (guint i = 0; i < grams->len; i++)
    *bagu_key_table_lookup (table, g_array_index (grams, guint64, i), TRUE) = 1;
}

/* Longest first, then by bytes: the dedup keeps the fuller of two
 * overlapping sentences, and the order does not depend on the file system. */
static gint
compare_longest_first (gconstpointer a, gconstpointer b)
{
  const char *sa = *(const char *const *) a;
  const char *sb = *(const char *const *) b;
  glong la = g_utf8_strlen (sa, -1);
  glong lb = g_utf8_strlen (sb, -1);

  if (la != lb)
    return la > lb ? -1 : 1;
  return strcmp (sa, sb);
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Keeps the candidates that share no UNIQUE_LENGTH-gram with what is already
 * in @table (or with each other), adding theirs; exact repeats go too. */
static GPtrArray *
keep_distinct (GPtrArray *candidates, BaguKeyTable *table)
{
  GPtrArray *kept = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_ptr_array_sort (candidates, compare_longest_first);
  for (guint i = 0; i < candidates->len; i++)
    {
      const char *s = g_ptr_array_index (candidates, i);
      g_autoptr(GArray) grams = NULL;

      if (g_hash_table_contains (seen, s))
        continue;
      grams = grams_of (s);
      if (shares_gram (table, grams))
        continue;
      add_grams (table, grams);
      g_hash_table_add (seen, (gpointer) s);
      g_ptr_array_add (kept, g_strdup (s));
    }
  return kept;
}

/* Enumerations that start a sentence (1、 （一） 一、 2.) are headings'
 * numbers, not text a unit copies; a line that starts with "3、" would
 * moreover look like a page number to bagu. */
static GRegex *
enumeration_regex (void)
{
  return g_regex_new ("^\\s*(?:[0-9]{1,3}\\s*[、.．]|[（(]\\s*[0-9一二三四五六七八九十]{1,3}\\s*[)）]"
                      "|[一二三四五六七八九十]{1,3}\\s*[、.．])\\s*", G_REGEX_OPTIMIZE, 0, NULL);
}

static char *
strip_enumeration (GRegex *regex, const char *s)
{
  g_autofree char *current = g_strdup (s);

  for (;;)
    {
      g_autofree char *next = g_regex_replace_literal (regex, current, -1, 0, "", 0, NULL);

      if (next == NULL || strcmp (next, current) == 0)
        break;
      g_free (current);
      current = g_steal_pointer (&next);
    }
  return g_steal_pointer (&current);
}

typedef struct {
  GPtrArray *out;
  GRegex *enumeration;
  const BaguNoiseRules *rules;
  guint min_len;
  guint max_len;
  gboolean other_register;   /* manual pages: mostly CJK, not all */
} CollectData;

static void
collect_sentence (const char *sentence, gpointer user_data)
{
  CollectData *data = user_data;
  g_autofree char *s = strip_enumeration (data->enumeration, sentence);
  guint n_chars, n_han;

  g_strstrip (s);
  count_chars (s, &n_chars, &n_han);
  if (n_chars < data->min_len || n_chars > data->max_len || n_han < MIN_HAN)
    return;
  if (data->other_register)
    {
      guint n_space = 0;

      for (const char *p = s; *p != '\0'; p++)
        n_space += (*p == ' ');
      /* Lines of options and code are not sentences of the register. */
      if (n_han * 2 < n_chars - n_space)
        return;
    }
  if (has_control (s) || matches_noise_rule (data->rules, s))
    return;
  g_ptr_array_add (data->out, g_steal_pointer (&s));
}

/* The text of every paragraph of the samples, noise left out, as bagu's own
 * segmenter sees it. */
static gboolean
load_sample_sentences (const char *dir, const BaguNoiseRules *rules, GPtrArray *out,
                       GError **error)
{
  g_autoptr(BaguCorpus) corpus = bagu_corpus_new ();
  const char *paths[] = { dir };
  BaguLoadOptions options = { BAGU_PARAGRAPHS_AUTO, rules, 0, 0 };
  g_autoptr(GRegex) enumeration = enumeration_regex ();
  CollectData data = { out, enumeration, rules, MIN_SENTENCE, MAX_TEMPLATE, FALSE };

  if (!bagu_load_corpus (corpus, paths, 1, &options, NULL, NULL, error))
    return FALSE;
  for (guint d = 0; d < corpus->documents->len; d++)
    {
      const BaguDocument *doc = bagu_corpus_document (corpus, d);
      const char *text = bagu_document_text (corpus, doc);
      guint noise = doc->first_noise;
      guint noise_end = doc->first_noise + doc->n_noise;

      for (guint k = 0; k < doc->n_paragraphs; k++)
        {
          const BaguParagraph *p = bagu_corpus_paragraph (corpus, doc->first_paragraph + k);
          g_autoptr(GString) clean = g_string_new (NULL);

          for (guint32 b = p->byte_start; b < p->byte_end; b++)
            {
              while (noise < noise_end && bagu_corpus_noise (corpus, noise)->byte_end <= b)
                noise++;
              if (noise < noise_end && bagu_corpus_noise (corpus, noise)->byte_start <= b)
                continue;
              /* Lines joined across page breaks join without a gap. */
              if (text[b] == '\n' || text[b] == '\r')
                continue;
              g_string_append_c (clean, text[b]);
            }
          bagu_synth_split_sentences (clean->str, collect_sentence, &data);
        }
    }
  return TRUE;
}

/* --- troff ---------------------------------------------------------- */

static const char *
special_char (const char *name)
{
  static const char *const map[][2] = {
    { "em", "\xe2\x80\x94" }, { "en", "\xe2\x80\x93" }, { "lq", "\xe2\x80\x9c" },
    { "rq", "\xe2\x80\x9d" }, { "oq", "\xe2\x80\x98" }, { "cq", "\xe2\x80\x99" },
    { "aq", "'" }, { "dq", "\"" }, { "hy", "-" }, { "mi", "-" }, { "ti", "~" },
    { "co", "\xc2\xa9" }, { "sl", "/" }, { "rs", "\\" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (map); i++)
    if (strncmp (name, map[i][0], 2) == 0)
      return map[i][1];
  return "";
}

/* Skips the argument of an escape: (xx, [name] or one character. */
static const char *
skip_escape_name (const char *p)
{
  if (*p == '(')
    {
      for (int i = 0; i < 3 && *p != '\0'; i++)
        p++;
      return p;
    }
  if (*p == '[')
    {
      const char *end = strchr (p, ']');

      return end != NULL ? end + 1 : p + strlen (p);
    }
  return *p != '\0' ? g_utf8_next_char (p) : p;
}

/* Plain text of one troff text line or request argument. */
static void
append_unescaped (GString *out, const char *p)
{
  while (*p != '\0')
    {
      if (*p != '\\')
        {
          g_string_append_c (out, *p++);
          continue;
        }
      p++;
      switch (*p)
        {
        case '\0':
          return;
        case '"':
        case '#':
          return;   /* a comment runs to the end of the line */
        case 'f':
        case '*':
        case 'n':
        case 'F':
        case 'm':
        case 'M':
          p = skip_escape_name (p + 1);
          break;
        case '(':
          if (p[1] != '\0' && p[2] != '\0')
            {
              g_string_append (out, special_char (p + 1));
              p += 3;
            }
          else
            p++;
          break;
        case '[':
          p = skip_escape_name (p);
          break;
        case 's':
          p++;
          if (*p == '+' || *p == '-')
            p++;
          if (*p == '(')
            p++;
          while (g_ascii_isdigit (*p))
            p++;
          break;
        case 'h': case 'v': case 'w': case 'l': case 'L': case 'o': case 'D':
        case 'X': case 'Z': case 'x': case 'b': case 'k': case 'S': case 'H':
          {
            char delim = p[1];
            const char *end;

            if (delim == '\0')
              return;
            end = (*p == 'k') ? p + 2 : strchr (p + 2, delim);
            p = end != NULL ? ((*p == 'k') ? end : end + 1) : p + strlen (p);
          }
          break;
        case '-':
          g_string_append_c (out, '-');
          p++;
          break;
        case 'e':
        case '\\':
          g_string_append_c (out, '\\');
          p++;
          break;
        case ' ':
        case '~':
          g_string_append_c (out, ' ');
          p++;
          break;
        case '&': case '/': case ',': case ':': case '%': case '|': case '^':
        case '0': case 'c': case ')': case 'd': case 'u': case 'p': case 'r':
        case 't': case 'a': case '{': case '}': case '!':
          p++;
          break;
        default:
          /* \. \' and the like stand for the character itself. */
          {
            const char *next = g_utf8_next_char (p);

            g_string_append_len (out, p, next - p);
            p = next;
          }
          break;
        }
    }
}

static gboolean
ends_with_han (const GString *s)
{
  const char *last;

  if (s->len == 0)
    return FALSE;
  last = g_utf8_find_prev_char (s->str, s->str + s->len);
  return last != NULL && bagu_is_han (g_utf8_get_char (last));
}

static void
paragraph_append (GString *para, const char *text)
{
  g_autofree char *t = g_strstrip (g_strdup (text));

  if (*t == '\0')
    return;
  /* Lines of Chinese join without a space, like the words they hold. */
  if (para->len > 0 && !(ends_with_han (para) && bagu_is_han (g_utf8_get_char (t))))
    g_string_append_c (para, ' ');
  g_string_append (para, t);
}

static void
paragraph_flush (GString *out, GString *para)
{
  if (para->len > 0)
    {
      g_string_append_len (out, para->str, para->len);
      g_string_append_c (out, '\n');
      g_string_truncate (para, 0);
    }
}

/* The words of a request line: quoted arguments are one word. */
static GPtrArray *
request_arguments (const char *p)
{
  GPtrArray *args = g_ptr_array_new_with_free_func (g_free);

  for (;;)
    {
      GString *arg;

      while (*p == ' ' || *p == '\t')
        p++;
      if (*p == '\0')
        break;
      arg = g_string_new (NULL);
      if (*p == '"')
        {
          p++;
          while (*p != '\0' && *p != '"')
            g_string_append_c (arg, *p++);
          if (*p == '"')
            p++;
        }
      else
        while (*p != '\0' && *p != ' ' && *p != '\t')
          g_string_append_c (arg, *p++);
      g_ptr_array_add (args, g_string_free (arg, FALSE));
    }
  return args;
}

char *
bagu_synth_troff_to_text (const char *troff, gsize len)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) para = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  g_autofree char *copy = g_strndup (troff, len);
  gboolean nofill = FALSE;

  lines = g_strsplit (copy, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      g_autoptr(GString) text = g_string_new (NULL);

      if (line[0] == '.' || line[0] == '\'')
        {
          const char *p = line + 1;
          const char *name_end;
          g_autofree char *name = NULL;

          while (*p == ' ' || *p == '\t')
            p++;
          if (p[0] == '\\' && p[1] == '"')
            continue;   /* a comment line */
          name_end = p;
          while (*name_end != '\0' && *name_end != ' ' && *name_end != '\t')
            name_end++;
          name = g_strndup (p, name_end - p);
          if (strcmp (name, "nf") == 0 || strcmp (name, "EX") == 0)
            {
              paragraph_flush (out, para);
              nofill = TRUE;
              continue;
            }
          if (strcmp (name, "fi") == 0 || strcmp (name, "EE") == 0)
            {
              nofill = FALSE;
              continue;
            }
          if (nofill)
            continue;
          /* Font requests carry running text; every other request breaks
           * the paragraph, and headings (.SH) are not sentences. */
          if (strcmp (name, "B") == 0 || strcmp (name, "I") == 0
              || strcmp (name, "SM") == 0 || strcmp (name, "SB") == 0
              || (strlen (name) == 2 && strchr ("BIR", name[0]) && strchr ("BIR", name[1])))
            {
              g_autoptr(GPtrArray) args = request_arguments (name_end);
              gboolean alternating = strlen (name) == 2 && name[0] != 'S';

              for (guint k = 0; k < args->len; k++)
                {
                  if (k > 0 && !alternating)
                    g_string_append_c (text, ' ');
                  append_unescaped (text, g_ptr_array_index (args, k));
                }
              paragraph_append (para, text->str);
              continue;
            }
          paragraph_flush (out, para);
          continue;
        }
      if (nofill)
        continue;
      append_unescaped (text, line);
      g_strstrip (text->str);
      if (text->str[0] == '\0')
        paragraph_flush (out, para);
      else
        paragraph_append (para, text->str);
    }
  paragraph_flush (out, para);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
is_han_or_cjk_punct (gunichar c)
{
  return bagu_is_han (c) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF)
         || c == 0x201C || c == 0x201D;
}

/* Manual-page text into sentences of the register: spaces between Chinese
 * words of old translations removed, a full stop written as "." made 。,
 * and a paragraph that ends without a mark given one. */
static char *
normalise_manpage_paragraph (const char *line)
{
  g_autofree gunichar *chars = NULL;
  glong n = 0;
  g_autoptr(GString) out = g_string_new (NULL);

  chars = g_utf8_to_ucs4_fast (line, -1, &n);
  for (glong i = 0; i < n; i++)
    {
      gunichar c = chars[i];
      gunichar prev = i > 0 ? chars[i - 1] : 0;
      gunichar next = i + 1 < n ? chars[i + 1] : 0;

      if (c == ' ' && is_han_or_cjk_punct (prev) && is_han_or_cjk_punct (next))
        continue;
      if (c == '.' && bagu_is_han (prev) && (next == 0 || next == ' ' || bagu_is_han (next)))
        c = 0x3002;
      g_string_append_unichar (out, c);
    }
  g_strstrip (out->str);
  out->len = strlen (out->str);
  if (out->len > 0)
    {
      const char *last = g_utf8_find_prev_char (out->str, out->str + out->len);
      gunichar c = g_utf8_get_char (last);

      if (bagu_is_han (c))
        g_string_append (out, "。");
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
list_files (const char *dir, GPtrArray *out)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_strings);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        list_files (path, out);
      else if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (out, g_steal_pointer (&path));
    }
}

static char *
read_maybe_gzip (const char *path, gsize *len)
{
  g_autofree char *data = NULL;
  gsize n = 0;

  if (!g_file_get_contents (path, &data, &n, NULL))
    return NULL;
  if (n >= 2 && (guchar) data[0] == 0x1f && (guchar) data[1] == 0x8b)
    {
      g_autoptr(GZlibDecompressor) z = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
      g_autoptr(GInputStream) raw = g_memory_input_stream_new_from_data (data, n, NULL);
      g_autoptr(GInputStream) in = g_converter_input_stream_new (raw, G_CONVERTER (z));
      g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable ();
      gssize got = g_output_stream_splice (mem, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, NULL);

      if (got < 0)
        return NULL;
      *len = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (mem));
      g_output_stream_write (mem, "", 1, NULL, NULL);
      return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (mem));
    }
  *len = n;
  return g_steal_pointer (&data);
}

static void
load_manpage_sentences (const char *dir, const BaguNoiseRules *rules, GPtrArray *out)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRegex) enumeration = enumeration_regex ();
  CollectData data = { out, enumeration, rules, MIN_FRESH, MAX_FRESH, TRUE };

  list_files (dir, files);
  for (guint i = 0; i < files->len; i++)
    {
      gsize len = 0;
      g_autofree char *troff = read_maybe_gzip (g_ptr_array_index (files, i), &len);
      g_autofree char *text = NULL;
      g_auto(GStrv) paragraphs = NULL;

      if (troff == NULL || !g_utf8_validate (troff, len, NULL))
        continue;
      text = bagu_synth_troff_to_text (troff, len);
      paragraphs = g_strsplit (text, "\n", -1);
      for (guint k = 0; paragraphs[k] != NULL; k++)
        {
          g_autofree char *para = normalise_manpage_paragraph (paragraphs[k]);

          bagu_synth_split_sentences (para, collect_sentence, &data);
        }
    }
}

/* --- the Markov chain ----------------------------------------------- */

typedef struct {
  guint64 context;
  gunichar next;
} Transition;

static gint
compare_transitions (gconstpointer a, gconstpointer b)
{
  const Transition *ta = a;
  const Transition *tb = b;

  if (ta->context != tb->context)
    return ta->context < tb->context ? -1 : 1;
  if (ta->next != tb->next)
    return ta->next < tb->next ? -1 : 1;
  return 0;
}

static inline guint64
push_context (guint64 context, gunichar c)
{
  /* MARKOV_ORDER code points of 21 bits each. */
  return ((context << 21) | c) & ((G_GUINT64_CONSTANT (1) << (21 * MARKOV_ORDER)) - 1);
}

static void
train_markov (BaguSynthPool *pool, GPtrArray *sentences)
{
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (Transition));
  guint n_next = 0;

  for (guint i = 0; i < sentences->len; i++)
    {
      guint64 context = 0;

      for (const char *p = g_ptr_array_index (sentences, i); *p != '\0'; p = g_utf8_next_char (p))
        {
          Transition t = { context, g_utf8_get_char (p) };

          g_array_append_val (all, t);
          context = push_context (context, t.next);
        }
    }
  g_array_sort (all, compare_transitions);

  pool->next = g_new (gunichar, all->len + 1);
  pool->cum = g_new (guint32, all->len + 1);
  pool->state_first = g_new (guint32, all->len + 2);
  bagu_key_table_init (&pool->state_index, all->len / 2 + 16);
  pool->n_states = 0;
  for (guint i = 0; i < all->len; )
    {
      const Transition *t = &g_array_index (all, Transition, i);
      guint64 context = t->context;
      guint32 total = 0;

      pool->state_first[pool->n_states] = n_next;
      *bagu_key_table_lookup (&pool->state_index, context, TRUE) = pool->n_states + 1;
      while (i < all->len && g_array_index (all, Transition, i).context == context)
        {
          gunichar next = g_array_index (all, Transition, i).next;

          while (i < all->len && g_array_index (all, Transition, i).context == context
                 && g_array_index (all, Transition, i).next == next)
            {
              total++;
              i++;
            }
          pool->next[n_next] = next;
          pool->cum[n_next] = total;
          n_next++;
        }
      pool->n_states++;
    }
  pool->state_first[pool->n_states] = n_next;
}

/* Long strings of the fresh sentences written so far: a Bloom filter, as
 * a large corpus has hundreds of millions of them.  Best effort: a false
 * hit only makes the chain take another turn. */
typedef struct {
  guint64 *bits;
  guint64 mask;
} Bloom;

static inline void
bloom_slots (const Bloom *bloom, guint64 h, guint64 *a, guint64 *b)
{
  *a = bagu_mix64 (h) & bloom->mask;
  *b = bagu_mix64 (h ^ G_GUINT64_CONSTANT (0x5bd1e9955bd1e995)) & bloom->mask;
}

static gboolean
bloom_has (const Bloom *bloom, guint64 h)
{
  guint64 a, b;

  bloom_slots (bloom, h, &a, &b);
  return ((bloom->bits[a >> 6] >> (a & 63)) & 1) && ((bloom->bits[b >> 6] >> (b & 63)) & 1);
}

static void
bloom_add (Bloom *bloom, guint64 h)
{
  guint64 a, b;

  bloom_slots (bloom, h, &a, &b);
  bloom->bits[a >> 6] |= G_GUINT64_CONSTANT (1) << (a & 63);
  bloom->bits[b >> 6] |= G_GUINT64_CONSTANT (1) << (b & 63);
}

/* A string of BAGU_SYNTH_UNIQUE_LENGTH characters no template and no
 * earlier fresh sentence has. */
static gboolean
is_novel (const BaguSynthPool *pool, const Bloom *seen, guint64 h)
{
  return bagu_key_table_lookup ((BaguKeyTable *) &pool->pool_grams, h, FALSE) == NULL
         && (seen == NULL || !bloom_has (seen, h));
}

/* One sentence from the chain, or NULL at a dead end or when it ran too
 * long.  When @constrained, every step that would repeat a long string of
 * the templates or of earlier fresh sentences (@seen) takes another of the
 * context's successors instead: a chain copies long runs of its training
 * text otherwise, and the copies would be template text. */
static char *
markov_sentence (const BaguSynthPool *pool, BaguRng *rng, const Bloom *seen,
                 gboolean constrained)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint64 context = 0;
  BaguNgramRoll roll;
  char *result = NULL;

  bagu_ngram_roll_init (&roll, BAGU_SYNTH_UNIQUE_LENGTH);
  for (guint n = 0; n <= MAX_FRESH; n++)
    {
      guint32 *state = bagu_key_table_lookup ((BaguKeyTable *) &pool->state_index, context, FALSE);
      guint32 first, last, r, lo, hi, n_next;
      gunichar c = 0;
      guint64 h;
      gboolean found = FALSE;

      if (state == NULL)
        break;
      first = pool->state_first[*state - 1];
      last = pool->state_first[*state] - 1;
      n_next = last - first + 1;
      r = bagu_rng_below (rng, pool->cum[last]);
      /* The first successor whose cumulative count exceeds r. */
      lo = first;
      hi = last;
      while (lo < hi)
        {
          guint32 mid = lo + (hi - lo) / 2;

          if (pool->cum[mid] > r)
            hi = mid;
          else
            lo = mid + 1;
        }
      for (guint32 k = 0; k < n_next && !found; k++)
        {
          c = pool->next[first + (lo - first + k) % n_next];
          found = !constrained || !bagu_ngram_roll_peek (&roll, c, &h) || is_novel (pool, seen, h);
        }
      if (!found)
        break;
      bagu_ngram_roll_push (&roll, c, &h);
      g_string_append_unichar (out, c);
      if (is_sentence_end (c))
        {
          result = g_string_free (g_steal_pointer (&out), FALSE);
          break;
        }
      context = push_context (context, c);
    }
  bagu_ngram_roll_clear (&roll);
  return result;
}

BaguSynthPool *
bagu_synth_pool_new (const BaguSynthOptions *options, GError **error)
{
  g_autoptr(BaguSynthPool) pool = g_new0 (BaguSynthPool, 1);
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (g_free);

  pool->reg = options->reg;
  pool->han = g_array_new (FALSE, FALSE, sizeof (gunichar));
  pool->manpage = g_ptr_array_new_with_free_func (g_free);
  bagu_key_table_init (&pool->pool_grams, 1 << 16);
  if (options->noise_rules != NULL)
    {
      pool->rules = bagu_noise_rules_new ();
      if (!bagu_noise_rules_add_file (pool->rules, options->noise_rules, error))
        return NULL;
    }

  if (!g_file_test (options->samples_dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, BAGU_SYNTH_ERROR, BAGU_SYNTH_ERROR_SAMPLES,
                   "%s: the sample corpus is not a directory", options->samples_dir);
      return NULL;
    }
  if (!load_sample_sentences (options->samples_dir, pool->rules, candidates, error))
    return NULL;
  pool->templates = keep_distinct (candidates, &pool->pool_grams);
  /* Ids follow the text's byte order, so they do not depend on the seed. */
  g_ptr_array_sort (pool->templates, compare_strings);
  if (pool->templates->len < 10)
    {
      g_set_error (error, BAGU_SYNTH_ERROR, BAGU_SYNTH_ERROR_SAMPLES,
                   "%s: only %u usable template sentences; the generator needs at least 10",
                   options->samples_dir, pool->templates->len);
      return NULL;
    }
  for (guint i = 0; i < pool->templates->len; i++)
    for (const char *p = g_ptr_array_index (pool->templates, i); *p != '\0'; p = g_utf8_next_char (p))
      {
        gunichar c = g_utf8_get_char (p);

        if (bagu_is_han (c))
          g_array_append_val (pool->han, c);
      }

  if (options->reg == BAGU_SYNTH_EASY)
    {
      g_autoptr(GPtrArray) man = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) kept = NULL;
      BaguKeyTable grams;

      load_manpage_sentences (options->manpages_dir, pool->rules, man);
      if (man->len == 0)
        {
          g_set_error (error, BAGU_SYNTH_ERROR, BAGU_SYNTH_ERROR_MANPAGES,
                       "%s: no Chinese manual pages found; the easy register takes its "
                       "specific sentences from them: install the Debian package "
                       "manpages-zh (scripts/install-deps does), give --manpages DIR, "
                       "or use --register hard", options->manpages_dir);
          return NULL;
        }
      /* Distinct from the templates and from each other. */
      bagu_key_table_init (&grams, (pool->pool_grams.n_used + 64) * 40);
      for (gsize i = 0; i <= pool->pool_grams.mask; i++)
        if (pool->pool_grams.keys[i] != 0)
          *bagu_key_table_lookup (&grams, pool->pool_grams.keys[i], TRUE) = 1;
      kept = keep_distinct (man, &grams);
      bagu_key_table_clear (&grams);
      /* File order, not length order: the writer shuffles with its seed. */
      g_ptr_array_sort (kept, compare_strings);
      g_ptr_array_extend_and_steal (pool->manpage, g_steal_pointer (&kept));
      train_markov (pool, pool->manpage);
    }
  else
    train_markov (pool, pool->templates);
  return g_steal_pointer (&pool);
}

/* --- copies --------------------------------------------------------- */

static gboolean
is_placeholder_char (gunichar c)
{
  return c == 'X' || c == 'x' || c == '*' || c == 0x00D7 /* × */ || c == 0x25B3 /* △ */
         || c == 0x25CB /* ○ */ || c == 0xFF0A /* ＊ */ || c == 0xFF38 /* Ｘ */;
}

static inline gboolean
is_latin_letter (gunichar c)
{
  return c < 0x80 && g_ascii_isalpha ((char) c);
}

/* Numbers get new values of the same size, years stay years, and
 * placeholder runs (XX, *, ××) not part of a Latin word take the unit's
 * name. */
static void
fill_slots (GString *out, const gunichar *chars, glong n, BaguRng *rng, const char *unit,
            gboolean renumber)
{
  for (glong i = 0; i < n; )
    {
      gunichar c = chars[i];

      if (renumber && c >= '0' && c <= '9')
        {
          glong j = i;

          while (j < n && chars[j] >= '0' && chars[j] <= '9')
            j++;
          if (j - i == 4 && chars[i] == '2' && chars[i + 1] == '0')
            g_string_append_printf (out, "%u", 2015 + bagu_rng_below (rng, 10));
          else
            for (glong k = i; k < j; k++)
              {
                guint digit = (k == i && j - i > 1) ? 1 + bagu_rng_below (rng, 9)
                                                    : bagu_rng_below (rng, 10);

                g_string_append_c (out, '0' + digit);
              }
          i = j;
          continue;
        }
      if (is_placeholder_char (c))
        {
          glong j = i;
          gboolean latin_x = (c == 'X' || c == 'x');

          while (j < n && chars[j] == c)
            j++;
          if (!(latin_x && ((i > 0 && is_latin_letter (chars[i - 1]))
                            || (j < n && is_latin_letter (chars[j])) || j - i > 4)))
            {
              g_string_append (out, unit);
              i = j;
              continue;
            }
        }
      g_string_append_unichar (out, c);
      i++;
    }
}

char *
bagu_synth_copy (const BaguSynthPool *pool, BaguRng *rng, const char *text,
                 double edit_rate, const char *unit, guint *n_edits)
{
  g_autofree gunichar *chars = NULL;
  g_autoptr(GArray) edited = g_array_new (FALSE, FALSE, sizeof (gunichar));
  g_autoptr(GString) out = g_string_new (NULL);
  double swap_rate = MIN (0.5, 10 * edit_rate);
  glong n = 0;
  guint edits = 0;

  chars = g_utf8_to_ucs4_fast (text, -1, &n);
  for (glong i = 0; i < n; i++)
    {
      gunichar c = chars[i];

      if (bagu_is_han (c) && edit_rate > 0 && bagu_rng_double (rng) < edit_rate)
        {
          gunichar other = g_array_index (pool->han, gunichar, bagu_rng_below (rng, pool->han->len));

          edits++;
          switch (bagu_rng_below (rng, 3))
            {
            case 0:   /* insertion before c */
              g_array_append_val (edited, other);
              g_array_append_val (edited, c);
              break;
            case 1:   /* deletion */
              break;
            default:  /* substitution by another character */
              while (other == c)
                other = g_array_index (pool->han, gunichar, bagu_rng_below (rng, pool->han->len));
              g_array_append_val (edited, other);
              break;
            }
          continue;
        }
      if ((c == 0x3001 || c == 0xFF0C) && swap_rate > 0 && bagu_rng_double (rng) < swap_rate)
        c = (c == 0x3001) ? 0xFF0C : 0x3001;   /* 、 <-> ， */
      g_array_append_val (edited, c);
    }
  fill_slots (out, (gunichar *) edited->data, edited->len, rng, unit, TRUE);
  if (n_edits != NULL)
    *n_edits = edits;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* --- the corpus ----------------------------------------------------- */

/* Made-up place names and unit kinds, combined into the names that fill
 * the placeholders: one unit per document. */
static const char *const unit_places[] = {
  "城关", "东湖", "青山", "临江", "西城", "南湖", "北关", "新华", "红旗", "长安",
  "永安", "金山", "白沙", "清河", "石门", "柳林", "桃源", "龙泉", "安平", "凤凰",
  "双河", "黄岗", "平湖", "望城", "茶陵", "高桥", "梅溪", "枫林", "杨柳", "松山",
  "云台", "玉泉", "兴隆", "和平", "建设", "胜利", "秀水", "鹿鸣", "江口", "文昌",
};
static const char *const unit_kinds[] = {
  "镇", "乡", "街道", "社区", "村", "县教育局", "区卫生健康委", "县交通运输局",
  "区司法局", "县文化和旅游局", "区市场监督管理局", "县水利局", "区财政局",
  "县自然资源局", "区人力资源和社会保障局", "县农业农村局", "区住房和城乡建设局",
  "县税务局", "区应急管理局", "县医疗保障局", "区统计局", "县林业局", "区城市管理局",
  "县人民医院", "区第一中学", "县供销社", "区团委", "县妇联", "区科协", "县档案馆",
};

typedef struct {
  guint32 doc;
  guint32 paragraph;
  guint32 start;
  guint32 end;
  guint32 template_id;   /* 0 for a fresh sentence */
  guint32 edits;
} Record;

typedef struct {
  BaguSynthPool *pool;
  const BaguSynthOptions *options;
  BaguRng rng;
  guint32 *rank_to_id;
  double *zipf_cum;
  guint32 *used_in_doc;    /* template id -> 1 + last document that used it */
  guint32 *man_order;
  guint next_man;
  Bloom seen;              /* fresh sentences' long strings */
  BaguSynthStats *stats;
} Writer;

/* Whether an earlier fresh sentence has one of @grams; adds them when @add. */
static gboolean
bloom_test_and_add (Writer *w, GArray *grams, gboolean add)
{
  gboolean seen = FALSE;

  for (guint i = 0; i < grams->len; i++)
    {
      guint64 h = g_array_index (grams, guint64, i);

      if (bloom_has (&w->seen, h))
        seen = TRUE;
      if (add)
        bloom_add (&w->seen, h);
    }
  return seen;
}

static guint32
draw_template (Writer *w, guint32 doc)
{
  guint n = w->pool->templates->len;

  for (guint attempt = 0; attempt < 20; attempt++)
    {
      double u = bagu_rng_double (&w->rng) * w->zipf_cum[n - 1];
      guint lo = 0, hi = n - 1;
      guint32 id;

      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;

          if (w->zipf_cum[mid] > u)
            hi = mid;
          else
            lo = mid + 1;
        }
      id = w->rank_to_id[lo];
      if (w->used_in_doc[id] != doc + 1)
        {
          w->used_in_doc[id] = doc + 1;
          return id;
        }
    }
  return 0;
}

static gboolean
fresh_acceptable (const BaguSynthPool *pool, const char *s, guint min_len)
{
  guint n_chars, n_han;

  count_chars (s, &n_chars, &n_han);
  return n_chars >= min_len && n_han >= MIN_HAN && !matches_noise_rule (pool->rules, s);
}

/* A sentence for this document only. */
static char *
fresh_sentence (Writer *w, const char *unit)
{
  BaguSynthPool *pool = w->pool;
  g_autofree char *fallback = NULL;

  w->stats->n_fresh++;
  if (pool->reg == BAGU_SYNTH_EASY && w->next_man < pool->manpage->len)
    {
      const char *s = g_ptr_array_index (pool->manpage, w->man_order[w->next_man++]);
      g_autoptr(GArray) grams = grams_of (s);

      bloom_test_and_add (w, grams, TRUE);
      return g_strdup (s);
    }

  w->stats->n_fresh_markov++;
  for (guint attempt = 0; attempt < 8 * FRESH_TRIES; attempt++)
    {
      g_autofree char *s = markov_sentence (pool, &w->rng, &w->seen, TRUE);
      g_autoptr(GArray) grams = NULL;

      if (s == NULL || !fresh_acceptable (pool, s, MIN_FRESH))
        continue;
      grams = grams_of (s);
      if (!bloom_test_and_add (w, grams, TRUE))
        {
          g_free (fallback);
          fallback = g_steal_pointer (&s);
          goto done;
        }
      if (fallback == NULL)
        fallback = g_steal_pointer (&s);
      if (attempt + 1 >= FRESH_TRIES)
        break;
    }
  /* Large corpora exhaust what a chain of this order can say afresh: take
   * a sentence that repeats some string of an earlier one, and count it;
   * when even that fails, one that repeats the templates' strings. */
  w->stats->n_fresh_repeats++;
  for (guint attempt = 0; fallback == NULL; attempt++)
    {
      g_autofree char *s = markov_sentence (pool, &w->rng, NULL, FALSE);

      if (s != NULL && fresh_acceptable (pool, s, attempt < 1000 ? MIN_FRESH : MIN_SENTENCE))
        fallback = g_steal_pointer (&s);
    }
done:
  if (pool->reg == BAGU_SYNTH_HARD)
    {
      g_autofree gunichar *chars = NULL;
      glong n = 0;
      g_autoptr(GString) out = g_string_new (NULL);

      /* The hard register writes like the templates, placeholders and all. */
      chars = g_utf8_to_ucs4_fast (fallback, -1, &n);
      fill_slots (out, chars, n, &w->rng, unit, FALSE);
      return g_string_free (g_steal_pointer (&out), FALSE);
    }
  return g_steal_pointer (&fallback);
}

static guint32
utf8_length (const char *s)
{
  return (guint32) g_utf8_strlen (s, -1);
}

/* One paragraph (a line) of document @doc into @text and @records. */
static void
write_paragraph (Writer *w, guint32 doc, guint32 paragraph, double share, const char *unit,
                 guint32 first_char, GString *text, GArray *records)
{
  guint n_sentences = 1 + bagu_rng_below (&w->rng, 7);
  gboolean pure = bagu_rng_double (&w->rng) < 0.4;
  gboolean all_template = bagu_rng_double (&w->rng) < share;
  guint32 pos = first_char;

  for (guint s = 0; s < n_sentences; s++)
    {
      gboolean want_template = pure ? all_template : bagu_rng_double (&w->rng) < share;
      guint32 id = want_template ? draw_template (w, doc) : 0;
      g_autofree char *sentence = NULL;
      Record r = { doc, paragraph, pos, 0, id, 0 };

      if (id != 0)
        {
          const char *stock = bagu_synth_pool_template (w->pool, id);
          guint n_chars, n_han;

          sentence = bagu_synth_copy (w->pool, &w->rng, stock, w->options->edit_rate, unit, &r.edits);
          count_chars (stock, &n_chars, &n_han);
          w->stats->n_template_han += n_han;
          w->stats->n_edits += r.edits;
        }
      else
        sentence = fresh_sentence (w, unit);
      g_string_append (text, sentence);
      pos += utf8_length (sentence);
      r.end = pos;
      g_array_append_val (records, r);
    }
}

static gboolean
prepare_directory (const char *dir, GError **error)
{
  if (g_file_test (dir, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GDir) d = g_dir_open (dir, 0, error);

      if (d == NULL)
        return FALSE;
      if (g_dir_read_name (d) != NULL)
        {
          g_set_error (error, BAGU_SYNTH_ERROR, BAGU_SYNTH_ERROR_OUTPUT,
                       "%s: the corpus directory exists and is not empty", dir);
          return FALSE;
        }
      return TRUE;
    }
  if (g_mkdir_with_parents (dir, 0777) != 0)
    {
      int saved = errno;

      g_set_error (error, BAGU_SYNTH_ERROR, BAGU_SYNTH_ERROR_OUTPUT,
                   "%s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_file (const char *path, const char *data, gsize len, GError **error)
{
  FILE *f = fopen (path, "wb");
  gboolean ok;

  if (f == NULL)
    {
      int saved = errno;

      g_set_error (error, BAGU_SYNTH_ERROR, BAGU_SYNTH_ERROR_OUTPUT, "%s: %s", path, g_strerror (saved));
      return FALSE;
    }
  ok = fwrite (data, 1, len, f) == len;
  ok = (fclose (f) == 0) && ok;
  if (!ok)
    {
      int saved = errno;

      g_set_error (error, BAGU_SYNTH_ERROR, BAGU_SYNTH_ERROR_OUTPUT, "%s: %s", path, g_strerror (saved));
    }
  return ok;
}

static void
shuffle (BaguRng *rng, guint32 *a, guint n)
{
  for (guint i = n; i > 1; i--)
    {
      guint j = bagu_rng_below (rng, i);
      guint32 t = a[i - 1];

      a[i - 1] = a[j];
      a[j] = t;
    }
}

/* How much of a document is template: a third mostly template, a third
 * mostly the unit's own, a third in between, as batches of real reports. */
static double
document_share (BaguRng *rng)
{
  double kind = bagu_rng_double (rng);
  double u = bagu_rng_double (rng);

  if (kind < 0.3)
    return 0.7 + 0.25 * u;
  if (kind < 0.7)
    return 0.3 + 0.4 * u;
  return 0.05 + 0.25 * u;
}

gboolean
bagu_synth_write_corpus (BaguSynthPool *pool, const BaguSynthOptions *options,
                         const char *dir, const char *truth_path,
                         BaguSynthStats *stats, GError **error)
{
  Writer w = { 0 };
  guint n = pool->templates->len;
  g_autoptr(GArray) records = g_array_new (FALSE, FALSE, sizeof (Record));
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) para = g_string_new (NULL);
  g_autoptr(GArray) para_records = g_array_new (FALSE, FALSE, sizeof (Record));
  g_autofree guint32 *df = NULL;
  g_autoptr(GString) truth = NULL;
  BaguSynthStats local_stats;
  guint64 bloom_bits = 1 << 20;
  gboolean ok = FALSE;

  if (stats == NULL)
    stats = &local_stats;
  memset (stats, 0, sizeof *stats);
  if (options->n_docs < 1 || options->n_docs > 10000000 || options->edit_rate < 0
      || options->edit_rate > 0.5 || options->zipf < 0)
    {
      g_set_error (error, BAGU_SYNTH_ERROR, BAGU_SYNTH_ERROR_OPTIONS,
                   "documents must be 1 to 10000000, the edit rate 0 to 0.5, the Zipf exponent at least 0");
      return FALSE;
    }
  if (!prepare_directory (dir, error))
    return FALSE;

  w.pool = pool;
  w.options = options;
  w.stats = stats;
  bagu_rng_init (&w.rng, options->seed);
  w.rank_to_id = g_new (guint32, n);
  w.zipf_cum = g_new (double, n);
  w.used_in_doc = g_new0 (guint32, n + 1);
  for (guint i = 0; i < n; i++)
    w.rank_to_id[i] = i + 1;
  /* Popularity is a property of the corpus, not of the text's order. */
  shuffle (&w.rng, w.rank_to_id, n);
  for (guint i = 0; i < n; i++)
    w.zipf_cum[i] = (i > 0 ? w.zipf_cum[i - 1] : 0) + 1.0 / pow (i + 1, options->zipf);
  w.man_order = g_new (guint32, pool->manpage->len + 1);
  for (guint i = 0; i < pool->manpage->len; i++)
    w.man_order[i] = i;
  shuffle (&w.rng, w.man_order, pool->manpage->len);
  /* About 16 bits per long string of fresh text expected, within bounds. */
  while (bloom_bits < (guint64) options->n_docs * 20 * 40 * 16 && bloom_bits < (G_GUINT64_CONSTANT (1) << 30))
    bloom_bits <<= 1;
  w.seen.bits = g_new0 (guint64, bloom_bits / 64);
  w.seen.mask = bloom_bits - 1;

  for (guint32 doc = 0; doc < options->n_docs; doc++)
    {
      g_autofree char *name = g_strdup_printf ("%06u.txt", doc + 1);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *unit = g_strconcat (unit_places[bagu_rng_below (&w.rng, G_N_ELEMENTS (unit_places))],
                                           unit_kinds[bagu_rng_below (&w.rng, G_N_ELEMENTS (unit_kinds))], NULL);
      double share = document_share (&w.rng);
      guint n_paragraphs = 3 + bagu_rng_below (&w.rng, 10);
      guint32 pos = 0;

      g_string_truncate (text, 0);
      for (guint32 p = 0; p < n_paragraphs; p++)
        {
          /* A line that bagu's noise rules would take for a page number or
           * an advertisement is written again. */
          for (guint attempt = 0; ; attempt++)
            {
              g_string_truncate (para, 0);
              g_array_set_size (para_records, 0);
              write_paragraph (&w, doc, p, share, unit, pos, para, para_records);
              if (attempt >= 20 || !matches_noise_rule (pool->rules, para->str))
                break;
            }
          g_string_append_len (text, para->str, para->len);
          g_string_append_c (text, '\n');
          pos = g_array_index (para_records, Record, para_records->len - 1).end + 1;
          g_array_append_vals (records, para_records->data, para_records->len);
        }
      if (!write_file (path, text->str, text->len, error))
        goto out;
      stats->n_bytes += text->len;
      stats->n_chars += pos;
    }

  /* A template that ended up in one document cannot be told from that
   * document's own text: the truth calls it specific. */
  df = g_new0 (guint32, n + 1);
  for (guint i = 0; i < records->len; i++)
    df[g_array_index (records, Record, i).template_id]++;
  truth = g_string_sized_new (records->len * 40 + 64);
  g_string_append (truth, "doc\tparagraph\tstart\tend\tkind\ttemplate\tedits\n");
  for (guint i = 0; i < records->len; i++)
    {
      const Record *r = &g_array_index (records, Record, i);
      gboolean is_template = r->template_id != 0 && df[r->template_id] >= 2;

      g_string_append_printf (truth, "%06u.txt\t%u\t%u\t%u\t%s\t%u\t%u\n",
                              r->doc + 1, r->paragraph, r->start, r->end,
                              is_template ? "template" : "specific", r->template_id, r->edits);
      stats->n_sentences++;
      if (is_template)
        stats->n_template++;
      else if (r->template_id != 0)
        stats->n_single_use++;
    }
  if (!g_file_set_contents (truth_path, truth->str, truth->len, error))
    goto out;
  stats->n_docs = options->n_docs;
  ok = TRUE;

out:
  g_free (w.rank_to_id);
  g_free (w.zipf_cum);
  g_free (w.used_in_doc);
  g_free (w.man_order);
  g_free (w.seen.bits);
  return ok;
}
