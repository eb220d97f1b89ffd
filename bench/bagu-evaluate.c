/* bench/bagu-evaluate.c: ground truth, evidence readers, the baseline and the metrics of bagu-eval. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <libxml/xmlreader.h>

#include "bagu-bench.h"
#include "bagu-evaluate.h"

G_DEFINE_QUARK (bagu-eval-error-quark, bagu_eval_error)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlTextReader, xmlFreeTextReader)

/* At most this many positions of one n-gram are tried as seeds of the
 * baseline's passages: stock terms repeat within a document. */
#define MAX_SEED_POSITIONS 16

static void
doc_free (gpointer data)
{
  BaguEvalDoc *doc = data;

  g_free (doc->name);
  g_free (doc->text);
  g_free (doc->content);
  g_free (doc);
}

BaguEvalTruth *
bagu_eval_truth_new (void)
{
  BaguEvalTruth *truth = g_new0 (BaguEvalTruth, 1);

  truth->docs = g_ptr_array_new_with_free_func (doc_free);
  truth->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  truth->sentences = g_array_new (FALSE, FALSE, sizeof (BaguEvalSentence));
  truth->paragraphs = g_array_new (FALSE, FALSE, sizeof (BaguEvalParagraph));
  return truth;
}

void
bagu_eval_truth_free (BaguEvalTruth *truth)
{
  if (truth == NULL)
    return;
  g_hash_table_unref (truth->by_name);
  g_ptr_array_unref (truth->docs);
  g_array_unref (truth->sentences);
  g_array_unref (truth->paragraphs);
  g_free (truth);
}

static inline const BaguEvalDoc *
doc_at (const BaguEvalTruth *truth, guint i)
{
  return g_ptr_array_index (truth->docs, i);
}

static inline guint32
content_in (const BaguEvalDoc *doc, guint32 start, guint32 end)
{
  return doc->content[end] - doc->content[start];
}

guint
bagu_eval_truth_add_document (BaguEvalTruth *truth, const char *name, const char *text)
{
  BaguEvalDoc *doc = g_new0 (BaguEvalDoc, 1);
  glong n = 0;

  doc->name = g_strdup (name);
  doc->text = g_utf8_to_ucs4_fast (text, -1, &n);
  doc->n_chars = (guint32) n;
  doc->content = g_new (guint32, n + 1);
  doc->content[0] = 0;
  for (glong i = 0; i < n; i++)
    doc->content[i + 1] = doc->content[i] + (bagu_is_content (doc->text[i]) ? 1 : 0);
  g_ptr_array_add (truth->docs, doc);
  g_hash_table_insert (truth->by_name, doc->name, GUINT_TO_POINTER (truth->docs->len));
  return truth->docs->len - 1;
}

void
bagu_eval_truth_add_sentence (BaguEvalTruth *truth, guint doc, guint32 paragraph,
                              guint32 start, guint32 end, guint32 template_id,
                              gboolean is_template)
{
  BaguEvalSentence s = { doc, paragraph, start, end, template_id, is_template };

  g_array_append_val (truth->sentences, s);
}

gboolean
bagu_eval_truth_finish (BaguEvalTruth *truth, GError **error)
{
  guint n = truth->sentences->len;

  for (guint i = 0; i < truth->docs->len; i++)
    {
      BaguEvalDoc *doc = g_ptr_array_index (truth->docs, i);

      doc->first_sentence = doc->n_sentences = 0;
      doc->first_paragraph = doc->n_paragraphs = 0;
    }
  g_array_set_size (truth->paragraphs, 0);
  truth->n_template = 0;
  for (guint i = 0; i < n; i++)
    {
      BaguEvalSentence *s = &g_array_index (truth->sentences, BaguEvalSentence, i);
      BaguEvalDoc *doc;

      if (s->doc >= truth->docs->len)
        {
          g_set_error (error, BAGU_EVAL_ERROR, BAGU_EVAL_ERROR_TRUTH, "sentence %u names no document", i + 1);
          return FALSE;
        }
      doc = g_ptr_array_index (truth->docs, s->doc);
      if (s->start >= s->end || s->end > doc->n_chars)
        {
          g_set_error (error, BAGU_EVAL_ERROR, BAGU_EVAL_ERROR_TRUTH,
                       "%s: sentence %u..%u is outside the document's %u characters",
                       doc->name, s->start, s->end, doc->n_chars);
          return FALSE;
        }
      if (doc->n_sentences == 0)
        {
          if (i > 0 && g_array_index (truth->sentences, BaguEvalSentence, i - 1).doc > s->doc)
            {
              g_set_error (error, BAGU_EVAL_ERROR, BAGU_EVAL_ERROR_TRUTH,
                           "%s: the sentences are not grouped by document", doc->name);
              return FALSE;
            }
          doc->first_sentence = i;
        }
      else
        {
          const BaguEvalSentence *prev = &g_array_index (truth->sentences, BaguEvalSentence, i - 1);

          if (prev->doc != s->doc || prev->end > s->start || prev->paragraph > s->paragraph)
            {
              g_set_error (error, BAGU_EVAL_ERROR, BAGU_EVAL_ERROR_TRUTH,
                           "%s: sentence at %u is out of order or overlaps the one before",
                           doc->name, s->start);
              return FALSE;
            }
        }
      doc->n_sentences++;
      if (s->is_template)
        truth->n_template++;

      /* A paragraph is the run of sentences with the same index. */
      if (doc->n_paragraphs == 0
          || g_array_index (truth->sentences, BaguEvalSentence, i - 1).paragraph != s->paragraph)
        {
          BaguEvalParagraph p = { s->doc, s->start, s->end, i, 0, 0 };

          if (doc->n_paragraphs == 0)
            doc->first_paragraph = truth->paragraphs->len;
          doc->n_paragraphs++;
          g_array_append_val (truth->paragraphs, p);
        }
      {
        BaguEvalParagraph *p = &g_array_index (truth->paragraphs, BaguEvalParagraph,
                                               truth->paragraphs->len - 1);

        p->end = s->end;
        p->n_sentences++;
      }
    }
  for (guint i = 0; i < truth->paragraphs->len; i++)
    {
      BaguEvalParagraph *p = &g_array_index (truth->paragraphs, BaguEvalParagraph, i);
      const BaguEvalDoc *doc = doc_at (truth, p->doc);
      guint32 all = content_in (doc, p->start, p->end);
      guint32 templ = 0;

      for (guint k = 0; k < p->n_sentences; k++)
        {
          const BaguEvalSentence *s = &g_array_index (truth->sentences, BaguEvalSentence,
                                                      p->first_sentence + k);

          if (s->is_template)
            templ += content_in (doc, s->start, s->end);
        }
      p->share = all > 0 ? (double) templ / all : 0.0;
    }
  return TRUE;
}

static gboolean
parse_uint (const char *text, guint32 *out)
{
  char *end = NULL;
  guint64 v;

  if (text == NULL || !g_ascii_isdigit (text[0]))
    return FALSE;
  errno = 0;
  v = g_ascii_strtoull (text, &end, 10);
  if (errno != 0 || *end != '\0' || v > G_MAXUINT32)
    return FALSE;
  *out = (guint32) v;
  return TRUE;
}

BaguEvalTruth *
bagu_eval_truth_load (const char *truth_path, const char *corpus_dir, GError **error)
{
  g_autoptr(BaguEvalTruth) truth = bagu_eval_truth_new ();
  g_autofree char *data = NULL;
  char *line, *next;
  int col_doc = -1, col_para = -1, col_start = -1, col_end = -1, col_kind = -1, col_template = -1;
  guint line_no = 0;
  const char *current_name = NULL;
  guint current_doc = 0;

  if (!g_file_get_contents (truth_path, &data, NULL, error))
    return NULL;
  for (line = data; line != NULL && *line != '\0'; line = next)
    {
      g_auto(GStrv) fields = NULL;
      guint n_fields;
      guint32 para, start, end, template_id = 0;
      const char *kind;

      next = strchr (line, '\n');
      if (next != NULL)
        *next++ = '\0';
      line_no++;
      if (*line == '\0')
        continue;
      fields = g_strsplit (line, "\t", -1);
      n_fields = g_strv_length (fields);
      if (line_no == 1)
        {
          for (guint i = 0; i < n_fields; i++)
            {
              const char *f = fields[i];

              if (strcmp (f, "doc") == 0) col_doc = i;
              else if (strcmp (f, "paragraph") == 0) col_para = i;
              else if (strcmp (f, "start") == 0) col_start = i;
              else if (strcmp (f, "end") == 0) col_end = i;
              else if (strcmp (f, "kind") == 0) col_kind = i;
              else if (strcmp (f, "template") == 0) col_template = i;
            }
          if (col_doc < 0 || col_para < 0 || col_start < 0 || col_end < 0 || col_kind < 0)
            {
              g_set_error (error, BAGU_EVAL_ERROR, BAGU_EVAL_ERROR_FORMAT,
                           "%s: the header lacks doc, paragraph, start, end or kind", truth_path);
              return NULL;
            }
          continue;
        }
      if ((int) n_fields <= MAX (MAX (col_doc, col_para), MAX (MAX (col_start, col_end), MAX (col_kind, col_template)))
          || !parse_uint (fields[col_para], &para) || !parse_uint (fields[col_start], &start)
          || !parse_uint (fields[col_end], &end)
          || (col_template >= 0 && !parse_uint (fields[col_template], &template_id)))
        {
          g_set_error (error, BAGU_EVAL_ERROR, BAGU_EVAL_ERROR_FORMAT,
                       "%s:%u: not a line of the truth", truth_path, line_no);
          return NULL;
        }
      kind = fields[col_kind];
      if (strcmp (kind, "template") != 0 && strcmp (kind, "specific") != 0)
        {
          g_set_error (error, BAGU_EVAL_ERROR, BAGU_EVAL_ERROR_FORMAT,
                       "%s:%u: kind must be template or specific, not '%s'", truth_path, line_no, kind);
          return NULL;
        }
      if (current_name == NULL || strcmp (current_name, fields[col_doc]) != 0)
        {
          g_autofree char *path = g_build_filename (corpus_dir, fields[col_doc], NULL);
          g_autofree char *text = NULL;
          gsize len = 0;

          if (g_hash_table_contains (truth->by_name, fields[col_doc]))
            {
              g_set_error (error, BAGU_EVAL_ERROR, BAGU_EVAL_ERROR_TRUTH,
                           "%s:%u: the sentences of %s are not together", truth_path, line_no, fields[col_doc]);
              return NULL;
            }
          if (!g_file_get_contents (path, &text, &len, error))
            return NULL;
          if (!g_utf8_validate (text, len, NULL))
            {
              g_set_error (error, BAGU_EVAL_ERROR, BAGU_EVAL_ERROR_TRUTH, "%s: not UTF-8", path);
              return NULL;
            }
          current_doc = bagu_eval_truth_add_document (truth, fields[col_doc], text);
          current_name = doc_at (truth, current_doc)->name;
        }
      bagu_eval_truth_add_sentence (truth, current_doc, para, start, end, template_id,
                                    strcmp (kind, "template") == 0);
    }
  if (line_no == 0)
    {
      g_set_error (error, BAGU_EVAL_ERROR, BAGU_EVAL_ERROR_FORMAT, "%s: empty", truth_path);
      return NULL;
    }
  if (!bagu_eval_truth_finish (truth, error))
    {
      g_prefix_error (error, "%s: ", truth_path);
      return NULL;
    }
  return g_steal_pointer (&truth);
}

gint
bagu_eval_truth_find (const BaguEvalTruth *truth, const char *name)
{
  const char *base = strrchr (name, '/');
  gpointer index;

  base = base != NULL ? base + 1 : name;
  /* Articles of compilations (#N) have offsets of their own: not ours. */
  if (strchr (base, '#') != NULL)
    return -1;
  index = g_hash_table_lookup (truth->by_name, base);
  return index != NULL ? (gint) GPOINTER_TO_UINT (index) - 1 : -1;
}

/* --- cases ---------------------------------------------------------- */

typedef struct {
  guint32 template_id;
  guint32 sentence;
} Shared;

static gint
compare_shared_by_id (gconstpointer a, gconstpointer b)
{
  const Shared *sa = a, *sb = b;

  if (sa->template_id != sb->template_id)
    return sa->template_id < sb->template_id ? -1 : 1;
  return sa->sentence < sb->sentence ? -1 : sa->sentence > sb->sentence;
}

typedef struct {
  guint32 sa, sb;
} SentencePair;

static gint
compare_sentence_pairs (gconstpointer a, gconstpointer b)
{
  const SentencePair *pa = a, *pb = b;

  return pa->sa < pb->sa ? -1 : pa->sa > pb->sa;
}

static inline guint64
pair_key (guint32 a, guint32 b)
{
  return ((guint64) a << 32) | b;
}

void
bagu_eval_cases_free (BaguEvalCases *cases)
{
  if (cases == NULL)
    return;
  g_hash_table_unref (cases->pairs);
  g_array_unref (cases->pair_list);
  g_array_unref (cases->cases);
  g_array_unref (cases->case_first);
  g_free (cases);
}

gboolean
bagu_eval_cases_has_pair (const BaguEvalCases *cases, guint32 a, guint32 b)
{
  guint64 key = a < b ? pair_key (a, b) : pair_key (b, a);

  return g_hash_table_contains (cases->pairs, &key);
}

BaguEvalCases *
bagu_eval_cases_new (const BaguEvalTruth *truth, guint max_pairs)
{
  BaguEvalCases *cases = g_new0 (BaguEvalCases, 1);
  guint n_docs = truth->docs->len;
  g_autoptr(GPtrArray) shared = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GArray) both = g_array_new (FALSE, FALSE, sizeof (SentencePair));
  double fraction;

  cases->pairs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  cases->pair_list = g_array_new (FALSE, FALSE, sizeof (guint64));
  cases->cases = g_array_new (FALSE, FALSE, sizeof (BaguEvalPassage));
  cases->case_first = g_array_new (FALSE, FALSE, sizeof (guint));
  cases->n_pairs_total = (guint64) n_docs * (n_docs > 0 ? n_docs - 1 : 0) / 2;
  fraction = cases->n_pairs_total <= max_pairs ? 1.0 : (double) max_pairs / cases->n_pairs_total;

  /* Each document's template sentences, by template id. */
  for (guint d = 0; d < n_docs; d++)
    {
      const BaguEvalDoc *doc = doc_at (truth, d);
      GArray *list = g_array_new (FALSE, FALSE, sizeof (Shared));

      for (guint k = 0; k < doc->n_sentences; k++)
        {
          const BaguEvalSentence *s = &g_array_index (truth->sentences, BaguEvalSentence,
                                                      doc->first_sentence + k);
          Shared item = { s->template_id, doc->first_sentence + k };

          if (s->is_template && s->template_id != 0)
            g_array_append_val (list, item);
        }
      g_array_sort (list, compare_shared_by_id);
      g_ptr_array_add (shared, list);
    }

  for (guint32 a = 0; a < n_docs; a++)
    for (guint32 b = a + 1; b < n_docs; b++)
      {
        GArray *la = g_ptr_array_index (shared, a);
        GArray *lb = g_ptr_array_index (shared, b);
        guint64 *key;
        guint i = 0, j = 0;

        /* The same pairs every run: a hash of the pair, not a draw. */
        if (fraction < 1.0
            && (bagu_mix64 (pair_key (a, b) ^ G_GUINT64_CONSTANT (0x2545f4914f6cdd1d)) >> 11)
               * (1.0 / 9007199254740992.0) >= fraction)
          continue;
        key = g_new (guint64, 1);
        *key = pair_key (a, b);
        g_hash_table_insert (cases->pairs, key, GUINT_TO_POINTER (cases->pair_list->len + 1));
        g_array_append_val (cases->pair_list, *key);
        g_array_append_val (cases->case_first, cases->cases->len);

        g_array_set_size (both, 0);
        while (i < la->len && j < lb->len)
          {
            const Shared *x = &g_array_index (la, Shared, i);
            const Shared *y = &g_array_index (lb, Shared, j);

            if (x->template_id < y->template_id)
              i++;
            else if (x->template_id > y->template_id)
              j++;
            else
              {
                SentencePair p = { x->sentence, y->sentence };

                g_array_append_val (both, p);
                i++;
                j++;
              }
          }
        g_array_sort (both, compare_sentence_pairs);
        /* Sentences that follow each other in both documents are one case,
         * as one copied passage. */
        for (guint k = 0; k < both->len; )
          {
            const SentencePair *first = &g_array_index (both, SentencePair, k);
            guint m = k + 1;
            const BaguEvalSentence *sa0, *sb0, *sa1, *sb1;
            BaguEvalPassage c;

            while (m < both->len
                   && g_array_index (both, SentencePair, m).sa == g_array_index (both, SentencePair, m - 1).sa + 1
                   && g_array_index (both, SentencePair, m).sb == g_array_index (both, SentencePair, m - 1).sb + 1)
              m++;
            sa0 = &g_array_index (truth->sentences, BaguEvalSentence, first->sa);
            sb0 = &g_array_index (truth->sentences, BaguEvalSentence, first->sb);
            sa1 = &g_array_index (truth->sentences, BaguEvalSentence, g_array_index (both, SentencePair, m - 1).sa);
            sb1 = &g_array_index (truth->sentences, BaguEvalSentence, g_array_index (both, SentencePair, m - 1).sb);
            c.a = a;
            c.b = b;
            c.a_start = sa0->start;
            c.a_end = sa1->end;
            c.b_start = sb0->start;
            c.b_end = sb1->end;
            g_array_append_val (cases->cases, c);
            k = m;
          }
      }
  g_array_append_val (cases->case_first, cases->cases->len);
  return cases;
}

/* --- evidence ------------------------------------------------------- */

BaguEvalEvidence *
bagu_eval_evidence_new (const BaguEvalTruth *truth)
{
  BaguEvalEvidence *evidence = g_new0 (BaguEvalEvidence, 1);

  evidence->cover = g_new0 (guint8 *, truth->docs->len + 1);
  for (guint d = 0; d < truth->docs->len; d++)
    evidence->cover[d] = g_new0 (guint8, doc_at (truth, d)->n_chars + 1);
  evidence->passages = g_array_new (FALSE, FALSE, sizeof (BaguEvalPassage));
  return evidence;
}

void
bagu_eval_evidence_free (BaguEvalEvidence *evidence)
{
  if (evidence == NULL)
    return;
  for (guint8 **c = evidence->cover; *c != NULL; c++)
    g_free (*c);
  g_free (evidence->cover);
  g_array_unref (evidence->passages);
  g_free (evidence->paragraph_scores);
  g_free (evidence);
}

void
bagu_eval_evidence_cover (BaguEvalEvidence *evidence, const BaguEvalTruth *truth,
                          guint doc, guint32 start, guint32 end)
{
  guint32 n = doc_at (truth, doc)->n_chars;

  evidence->has_cover = TRUE;
  if (end > n || start > end)
    {
      evidence->n_clipped++;
      end = MIN (end, n);
    }
  if (start < end)
    memset (evidence->cover[doc] + start, BAGU_EVAL_FULL, end - start);
}

void
bagu_eval_evidence_cover_weighted (BaguEvalEvidence *evidence, const BaguEvalTruth *truth,
                                   guint doc, guint32 start, guint32 end, double weight)
{
  guint32 n = doc_at (truth, doc)->n_chars;
  guint8 level = (guint8) (CLAMP (weight, 0.0, 1.0) * BAGU_EVAL_FULL + 0.5);

  evidence->has_cover = TRUE;
  if (end > n || start > end)
    {
      evidence->n_clipped++;
      end = MIN (end, n);
    }
  for (guint32 i = start; i < end; i++)
    evidence->cover[doc][i] = MAX (evidence->cover[doc][i], level);
}

void
bagu_eval_evidence_add_passage (BaguEvalEvidence *evidence, const BaguEvalTruth *truth,
                                guint a, guint32 a_start, guint32 a_end,
                                guint b, guint32 b_start, guint32 b_end)
{
  BaguEvalPassage p;

  evidence->has_passages = TRUE;
  /* A repeat inside one document is no evidence of a shared template. */
  if (a == b)
    return;
  if (a > b)
    {
      guint t = a;
      guint32 ts = a_start, te = a_end;

      a = b;
      a_start = b_start;
      a_end = b_end;
      b = t;
      b_start = ts;
      b_end = te;
    }
  bagu_eval_evidence_cover (evidence, truth, a, a_start, a_end);
  bagu_eval_evidence_cover (evidence, truth, b, b_start, b_end);
  p.a = a;
  p.b = b;
  p.a_start = a_start;
  p.a_end = MIN (a_end, doc_at (truth, a)->n_chars);
  p.b_start = b_start;
  p.b_end = MIN (b_end, doc_at (truth, b)->n_chars);
  if (p.a_start < p.a_end && p.b_start < p.b_end)
    g_array_append_val (evidence->passages, p);
}

/* --- JSON ----------------------------------------------------------- *
 *
 * bagu's phrase list names every occurrence of every phrase: over a hundred
 * megabytes for 500 documents, which a tree-building parser (json-glib)
 * takes seconds and gigabytes to load.  The evaluator needs a few fields of
 * two kinds of flat object, so it reads JSON in one streaming pass and
 * keeps only those; everything else is checked for syntax and skipped. */

#define JSON_MAX_DEPTH 256

typedef struct {
  const char *p;
  const char *end;
  const char *start;
  const char *origin;   /* the file, for messages */
  GError **error;
} Json;

static gboolean G_GNUC_PRINTF (2, 3)
json_fail (Json *j, const char *format, ...)
{
  va_list ap;
  g_autofree char *message = NULL;
  guint line = 1;

  for (const char *q = j->start; q < j->p && q < j->end; q++)
    line += (*q == '\n');
  va_start (ap, format);
  message = g_strdup_vprintf (format, ap);
  va_end (ap);
  if (j->error != NULL && *j->error == NULL)
    g_set_error (j->error, BAGU_EVAL_ERROR, BAGU_EVAL_ERROR_FORMAT, "%s:%u: %s", j->origin, line, message);
  return FALSE;
}

static void
json_space (Json *j)
{
  while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
    j->p++;
}

static gboolean
json_expect (Json *j, char c)
{
  json_space (j);
  if (j->p >= j->end || *j->p != c)
    return json_fail (j, "expected '%c'", c);
  j->p++;
  return TRUE;
}

static int
hex_value (char c)
{
  return g_ascii_xdigit_value (c);
}

/* A string; its decoded text goes to @out unless that is NULL. */
static gboolean
json_string (Json *j, GString *out)
{
  json_space (j);
  if (j->p >= j->end || *j->p != '"')
    return json_fail (j, "expected a string");
  j->p++;
  if (out != NULL)
    g_string_truncate (out, 0);
  while (j->p < j->end && *j->p != '"')
    {
      if ((guchar) *j->p < 0x20)
        return json_fail (j, "control character in a string");
      if (*j->p != '\\')
        {
          const char *run = j->p;

          while (j->p < j->end && *j->p != '"' && *j->p != '\\' && (guchar) *j->p >= 0x20)
            j->p++;
          if (out != NULL)
            g_string_append_len (out, run, j->p - run);
          continue;
        }
      j->p++;
      if (j->p >= j->end)
        break;
      switch (*j->p++)
        {
        case '"': if (out) g_string_append_c (out, '"'); break;
        case '\\': if (out) g_string_append_c (out, '\\'); break;
        case '/': if (out) g_string_append_c (out, '/'); break;
        case 'b': if (out) g_string_append_c (out, '\b'); break;
        case 'f': if (out) g_string_append_c (out, '\f'); break;
        case 'n': if (out) g_string_append_c (out, '\n'); break;
        case 'r': if (out) g_string_append_c (out, '\r'); break;
        case 't': if (out) g_string_append_c (out, '\t'); break;
        case 'u':
          {
            gunichar c = 0;

            for (int k = 0; k < 4; k++)
              {
                if (j->p >= j->end || hex_value (*j->p) < 0)
                  return json_fail (j, "bad \\u escape");
                c = c * 16 + hex_value (*j->p++);
              }
            /* A surrogate pair spells one character beyond the BMP. */
            if (c >= 0xD800 && c <= 0xDBFF && j->end - j->p >= 6 && j->p[0] == '\\' && j->p[1] == 'u')
              {
                gunichar low = 0;
                gboolean ok = TRUE;

                for (int k = 2; k < 6; k++)
                  ok = ok && hex_value (j->p[k]) >= 0;
                for (int k = 2; ok && k < 6; k++)
                  low = low * 16 + hex_value (j->p[k]);
                if (ok && low >= 0xDC00 && low <= 0xDFFF)
                  {
                    c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
                    j->p += 6;
                  }
              }
            if (out != NULL)
              g_string_append_unichar (out, c);
          }
          break;
        default:
          return json_fail (j, "bad escape in a string");
        }
    }
  if (j->p >= j->end)
    return json_fail (j, "unterminated string");
  j->p++;
  return TRUE;
}

/* A number; *is_uint tells whether it is a non-negative integer that
 * fits 32 bits, and then *value holds it. */
static gboolean
json_number (Json *j, guint32 *value, gboolean *is_uint)
{
  const char *begin = j->p;
  gboolean integral = TRUE;
  guint64 v = 0;

  if (j->p < j->end && *j->p == '-')
    {
      integral = FALSE;
      j->p++;
    }
  if (j->p >= j->end || !g_ascii_isdigit (*j->p))
    return json_fail (j, "expected a value");
  while (j->p < j->end && g_ascii_isdigit (*j->p))
    {
      if (v <= G_MAXUINT32)
        v = v * 10 + (*j->p - '0');
      j->p++;
    }
  if (j->p < j->end && *j->p == '.')
    {
      integral = FALSE;
      j->p++;
      if (j->p >= j->end || !g_ascii_isdigit (*j->p))
        return json_fail (j, "bad number");
      while (j->p < j->end && g_ascii_isdigit (*j->p))
        j->p++;
    }
  if (j->p < j->end && (*j->p == 'e' || *j->p == 'E'))
    {
      integral = FALSE;
      j->p++;
      if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
        j->p++;
      if (j->p >= j->end || !g_ascii_isdigit (*j->p))
        return json_fail (j, "bad number");
      while (j->p < j->end && g_ascii_isdigit (*j->p))
        j->p++;
    }
  *is_uint = integral && v <= G_MAXUINT32 && j->p - begin < 12;
  *value = (guint32) v;
  return TRUE;
}

static gboolean json_skip (Json *j, guint depth);

static gboolean
json_literal (Json *j, const char *word)
{
  gsize n = strlen (word);

  if ((gsize) (j->end - j->p) < n || memcmp (j->p, word, n) != 0)
    return json_fail (j, "expected a value");
  j->p += n;
  return TRUE;
}

/* Calls @member for each member of an object; @member reads the value. */
typedef gboolean (*JsonMemberFunc) (Json *j, const char *key, gpointer user_data, guint depth);

static gboolean
json_object (Json *j, JsonMemberFunc member, gpointer user_data, guint depth)
{
  g_autoptr(GString) key = g_string_new (NULL);

  if (depth > JSON_MAX_DEPTH)
    return json_fail (j, "nested too deeply");
  if (!json_expect (j, '{'))
    return FALSE;
  json_space (j);
  if (j->p < j->end && *j->p == '}')
    {
      j->p++;
      return TRUE;
    }
  for (;;)
    {
      if (!json_string (j, key) || !json_expect (j, ':'))
        return FALSE;
      json_space (j);
      if (!(member != NULL ? member (j, key->str, user_data, depth + 1) : json_skip (j, depth + 1)))
        return FALSE;
      json_space (j);
      if (j->p < j->end && *j->p == ',')
        {
          j->p++;
          continue;
        }
      return json_expect (j, '}');
    }
}

/* Calls @element for each element of an array; @element reads it. */
typedef gboolean (*JsonElementFunc) (Json *j, gpointer user_data, guint depth);

static gboolean
json_array (Json *j, JsonElementFunc element, gpointer user_data, guint depth)
{
  if (depth > JSON_MAX_DEPTH)
    return json_fail (j, "nested too deeply");
  if (!json_expect (j, '['))
    return FALSE;
  json_space (j);
  if (j->p < j->end && *j->p == ']')
    {
      j->p++;
      return TRUE;
    }
  for (;;)
    {
      json_space (j);
      if (!(element != NULL ? element (j, user_data, depth + 1) : json_skip (j, depth + 1)))
        return FALSE;
      json_space (j);
      if (j->p < j->end && *j->p == ',')
        {
          j->p++;
          continue;
        }
      return json_expect (j, ']');
    }
}

static gboolean
json_skip (Json *j, guint depth)
{
  guint32 v;
  gboolean is_uint;

  json_space (j);
  if (j->p >= j->end)
    return json_fail (j, "expected a value");
  switch (*j->p)
    {
    case '{': return json_object (j, NULL, NULL, depth);
    case '[': return json_array (j, NULL, NULL, depth);
    case '"': return json_string (j, NULL);
    case 't': return json_literal (j, "true");
    case 'f': return json_literal (j, "false");
    case 'n': return json_literal (j, "null");
    default: return json_number (j, &v, &is_uint);
    }
}

/* The fields of a flat object the evaluator wants: up to six, each a
 * string or a non-negative integer. */
typedef struct {
  const char *const *names;
  guint n;
  GString *strings[6];
  guint32 numbers[6];
  guint32 seen;         /* bit i: field i was there with the right type */
} Fields;

static gboolean
fields_member (Json *j, const char *key, gpointer user_data, guint depth)
{
  Fields *f = user_data;

  for (guint i = 0; i < f->n; i++)
    {
      if (strcmp (key, f->names[i]) != 0)
        continue;
      json_space (j);
      if (f->strings[i] != NULL)
        {
          if (j->p < j->end && *j->p == '"')
            {
              if (!json_string (j, f->strings[i]))
                return FALSE;
              f->seen |= 1u << i;
              return TRUE;
            }
        }
      else if (j->p < j->end && (g_ascii_isdigit (*j->p) || *j->p == '-'))
        {
          gboolean is_uint;

          if (!json_number (j, &f->numbers[i], &is_uint))
            return FALSE;
          if (is_uint)
            f->seen |= 1u << i;
          return TRUE;
        }
      break;
    }
  return json_skip (j, depth);
}

/* @kinds: 's' for a string field, 'u' for a number. */
static void
fields_init (Fields *f, const char *const *names, const char *kinds)
{
  memset (f, 0, sizeof *f);
  f->names = names;
  f->n = strlen (kinds);
  for (guint i = 0; i < f->n; i++)
    f->strings[i] = kinds[i] == 's' ? g_string_new (NULL) : NULL;
}

static void
fields_clear (Fields *f)
{
  for (guint i = 0; i < f->n; i++)
    if (f->strings[i] != NULL)
      g_string_free (f->strings[i], TRUE);
}

static gboolean
fields_complete (const Fields *f)
{
  return f->seen == (1u << f->n) - 1;
}

/* Reading bagu phrases' JSON: root -> "phrases" -> each -> "occurrences". */
typedef struct {
  BaguEvalEvidence *evidence;
  const BaguEvalTruth *truth;
  Fields occurrence;
  guint n_phrases;
  gboolean has_phrases;
} PhrasesReader;

static const char *const occurrence_fields[] = { "doc", "start", "end" };

static gboolean
occurrence_element (Json *j, gpointer user_data, guint depth)
{
  PhrasesReader *r = user_data;
  gint doc;

  r->occurrence.seen = 0;
  if (!json_object (j, fields_member, &r->occurrence, depth))
    return FALSE;
  if (!fields_complete (&r->occurrence))
    return json_fail (j, "an occurrence of phrase %u lacks doc, start or end", r->n_phrases);
  doc = bagu_eval_truth_find (r->truth, r->occurrence.strings[0]->str);
  if (doc < 0)
    r->evidence->n_unknown++;
  else
    bagu_eval_evidence_cover (r->evidence, r->truth, doc, r->occurrence.numbers[1],
                              r->occurrence.numbers[2]);
  return TRUE;
}

static gboolean
phrase_member (Json *j, const char *key, gpointer user_data, guint depth)
{
  if (strcmp (key, "occurrences") == 0)
    return json_array (j, occurrence_element, user_data, depth);
  return json_skip (j, depth);
}

static gboolean
phrase_element (Json *j, gpointer user_data, guint depth)
{
  PhrasesReader *r = user_data;

  r->n_phrases++;
  return json_object (j, phrase_member, user_data, depth);
}

static gboolean
root_member (Json *j, const char *key, gpointer user_data, guint depth)
{
  PhrasesReader *r = user_data;

  if (strcmp (key, "phrases") == 0)
    {
      r->has_phrases = TRUE;
      return json_array (j, phrase_element, user_data, depth);
    }
  return json_skip (j, depth);
}

gboolean
bagu_eval_read_phrases (BaguEvalEvidence *evidence, const BaguEvalTruth *truth,
                        const char *path, GError **error)
{
  g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, error);
  PhrasesReader r = { evidence, truth };
  Json j;
  gboolean ok;

  if (file == NULL)
    return FALSE;
  j.start = j.p = g_mapped_file_get_contents (file);
  j.end = j.p + g_mapped_file_get_length (file);
  j.origin = path;
  j.error = error;
  fields_init (&r.occurrence, occurrence_fields, "suu");
  ok = json_object (&j, root_member, &r, 0);
  fields_clear (&r.occurrence);
  if (!ok)
    return FALSE;
  json_space (&j);
  if (j.p != j.end)
    return json_fail (&j, "text after the JSON value");
  if (!r.has_phrases)
    {
      g_set_error (error, BAGU_EVAL_ERROR, BAGU_EVAL_ERROR_FORMAT,
                   "%s: not the output of bagu phrases --format json (no \"phrases\" array)", path);
      return FALSE;
    }
  /* No phrases at all is a result too: nothing is template. */
  evidence->has_cover = TRUE;
  return TRUE;
}

static const char *const passage_fields[] = { "a", "a_start", "a_end", "b", "b_start", "b_end" };

gboolean
bagu_eval_read_passages (BaguEvalEvidence *evidence, const BaguEvalTruth *truth,
                         const char *path, GError **error)
{
  g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, error);
  Fields f;
  Json j;
  gboolean ok = TRUE;

  if (file == NULL)
    return FALSE;
  j.start = j.p = g_mapped_file_get_contents (file);
  j.end = j.p + g_mapped_file_get_length (file);
  j.origin = path;
  j.error = error;
  fields_init (&f, passage_fields, "suusuu");
  evidence->has_passages = TRUE;
  /* JSON Lines: one object a line; blank lines are allowed. */
  for (;;)
    {
      gint da, db;

      json_space (&j);
      if (j.p >= j.end)
        break;
      f.seen = 0;
      if (!json_object (&j, fields_member, &f, 0))
        {
          ok = FALSE;
          break;
        }
      if (!fields_complete (&f))
        {
          ok = json_fail (&j, "a passage needs a, a_start, a_end, b, b_start and b_end");
          break;
        }
      while (j.p < j.end && (*j.p == ' ' || *j.p == '\t' || *j.p == '\r'))
        j.p++;
      if (j.p < j.end && *j.p != '\n')
        {
          ok = json_fail (&j, "one passage a line");
          break;
        }
      da = bagu_eval_truth_find (truth, f.strings[0]->str);
      db = bagu_eval_truth_find (truth, f.strings[3]->str);
      if (da < 0 || db < 0)
        {
          evidence->n_unknown++;
          continue;
        }
      bagu_eval_evidence_add_passage (evidence, truth, da, f.numbers[1], f.numbers[2],
                                      db, f.numbers[4], f.numbers[5]);
    }
  fields_clear (&f);
  return ok;
}

static void
xml_error (void *user_data, const xmlError *e)
{
  char **message = user_data;

  if (*message == NULL && e != NULL && e->message != NULL)
    {
      g_autofree char *text = g_strstrip (g_strdup (e->message));

      *message = g_strdup_printf ("line %d: %s", e->line, text);
    }
}

static char *
xml_attribute (xmlTextReaderPtr reader, const char *name)
{
  xmlChar *value = xmlTextReaderGetAttribute (reader, (const xmlChar *) name);
  char *copy = value != NULL ? g_strdup ((const char *) value) : NULL;

  xmlFree (value);
  return copy;
}

/* The truth paragraph of document @doc that starts at @start, or -1. */
static gint
paragraph_at (const BaguEvalTruth *truth, guint doc, guint32 start)
{
  const BaguEvalDoc *d = doc_at (truth, doc);
  guint lo = d->first_paragraph, hi = d->first_paragraph + d->n_paragraphs;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      guint32 s = g_array_index (truth->paragraphs, BaguEvalParagraph, mid).start;

      if (s == start)
        return (gint) mid;
      if (s < start)
        lo = mid + 1;
      else
        hi = mid;
    }
  return -1;
}

gboolean
bagu_eval_read_xml (BaguEvalEvidence *evidence, const BaguEvalTruth *truth,
                    const char *path, GError **error)
{
  g_autoptr(xmlTextReader) reader = NULL;
  g_autofree char *message = NULL;
  gint doc = -1;
  guint n_scores = 0;
  int status;
  /* Where the reader is in the current paragraph's text, and where each
   * open evidence element began: <reuse> and <stock> are evidence. */
  gboolean in_p = FALSE;
  guint32 offset = 0;
  guint32 open_at[8];
  double open_weight[8];
  guint n_open = 0;

  /* No network, no entity expansion: the file may come from anywhere. */
  reader = xmlReaderForFile (path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (reader == NULL)
    {
      g_set_error (error, BAGU_EVAL_ERROR, BAGU_EVAL_ERROR_READ, "%s: cannot be read", path);
      return FALSE;
    }
  xmlTextReaderSetStructuredErrorHandler (reader, (xmlStructuredErrorFunc) xml_error, &message);
  g_free (evidence->paragraph_scores);
  evidence->paragraph_scores = g_new0 (double, truth->paragraphs->len + 1);
  while ((status = xmlTextReaderRead (reader)) == 1)
    {
      const char *name;
      int type = xmlTextReaderNodeType (reader);

      if (in_p && (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE
                   || type == XML_READER_TYPE_WHITESPACE))
        {
          offset += g_utf8_strlen ((const char *) xmlTextReaderConstValue (reader), -1);
          continue;
        }
      if (type == XML_READER_TYPE_END_ELEMENT)
        {
          name = (const char *) xmlTextReaderConstLocalName (reader);
          if (strcmp (name, "p") == 0)
            in_p = FALSE, n_open = 0;
          else if (in_p && n_open > 0 && (strcmp (name, "reuse") == 0 || strcmp (name, "stock") == 0))
            {
              n_open--;
              if (doc >= 0)
                bagu_eval_evidence_cover_weighted (evidence, truth, doc, open_at[n_open], offset,
                                                   open_weight[n_open]);
            }
          continue;
        }
      if (type != XML_READER_TYPE_ELEMENT)
        continue;
      name = (const char *) xmlTextReaderConstLocalName (reader);
      if (in_p && (strcmp (name, "reuse") == 0 || strcmp (name, "stock") == 0)
          && !xmlTextReaderIsEmptyElement (reader) && n_open < G_N_ELEMENTS (open_at))
        {
          g_autofree char *weight = xml_attribute (reader, "weight");

          /* Evidence counts by its weight, fully when it gives none. */
          open_weight[n_open] = weight != NULL ? g_ascii_strtod (weight, NULL) : 1.0;
          open_at[n_open++] = offset;
          evidence->has_cover = TRUE;
          continue;
        }
      if (strcmp (name, "document") == 0)
        {
          g_autofree char *doc_name = xml_attribute (reader, "name");

          doc = doc_name != NULL ? bagu_eval_truth_find (truth, doc_name) : -1;
          if (doc < 0)
            evidence->n_unknown++;
        }
      else if (strcmp (name, "p") == 0 && doc >= 0)
        {
          g_autofree char *start_text = xml_attribute (reader, "start");
          g_autofree char *score_text = xml_attribute (reader, "score");
          guint32 start;
          gint para;
          char *end = NULL;
          double score;

          if (!parse_uint (start_text, &start))
            continue;
          in_p = !xmlTextReaderIsEmptyElement (reader);
          offset = start;
          n_open = 0;
          if (score_text == NULL)
            continue;
          score = g_ascii_strtod (score_text, &end);
          if (end == score_text || *end != '\0' || !(score >= 0 && score <= 1))
            {
              g_set_error (error, BAGU_EVAL_ERROR, BAGU_EVAL_ERROR_FORMAT,
                           "%s: score '%s' is not a number from 0 to 1", path, score_text);
              return FALSE;
            }
          para = paragraph_at (truth, doc, start);
          if (para < 0)
            {
              evidence->n_clipped++;
              continue;
            }
          evidence->paragraph_scores[para] = score;
          n_scores++;
        }
    }
  if (status < 0)
    {
      g_set_error (error, BAGU_EVAL_ERROR, BAGU_EVAL_ERROR_FORMAT, "%s: %s", path,
                   message != NULL ? message : "not well-formed XML");
      return FALSE;
    }
  if (n_scores == 0)
    {
      g_clear_pointer (&evidence->paragraph_scores, g_free);
      g_set_error (error, BAGU_EVAL_ERROR, BAGU_EVAL_ERROR_FORMAT,
                   "%s: no paragraph of the truth has a score (<p start=… score=…>)", path);
      return FALSE;
    }
  return TRUE;
}

/* --- the baseline --------------------------------------------------- */

#define MULTI_DOC 0x80000000u

typedef struct {
  guint32 i, j;   /* starts of the same n-gram in a and in b */
} Seed;

static gint
compare_seeds (gconstpointer x, gconstpointer y)
{
  const Seed *a = x, *b = y;
  gint64 da = (gint64) a->j - a->i;
  gint64 db = (gint64) b->j - b->i;

  if (da != db)
    return da < db ? -1 : 1;
  return a->i < b->i ? -1 : a->i > b->i;
}

static gint
compare_passages_by_a (gconstpointer x, gconstpointer y)
{
  const BaguEvalPassage *a = x, *b = y;

  if (a->a_start != b->a_start)
    return a->a_start < b->a_start ? -1 : 1;
  return a->b_start < b->b_start ? -1 : a->b_start > b->b_start;
}

static inline guint32
distance (guint32 x, guint32 y)
{
  return x > y ? x - y : y - x;
}

/* Exact common strings of a and b, at least n long, joined across small
 * gaps on both sides into passages. */
static void
baseline_pair (const BaguEvalTruth *truth, guint n, guint32 a, guint32 b,
               BaguKeyTable *index, const guint32 *chain, GArray *seeds, GArray *runs,
               GArray *out)
{
  const BaguEvalDoc *db = doc_at (truth, b);
  BaguNgramRoll roll;
  guint first_out = out->len;

  g_array_set_size (seeds, 0);
  g_array_set_size (runs, 0);
  bagu_ngram_roll_init (&roll, n);
  for (guint32 j = 0; j < db->n_chars; j++)
    {
      guint64 h;
      guint32 *head;

      if (db->text[j] == '\n')
        {
          bagu_ngram_roll_reset (&roll);
          continue;
        }
      if (!bagu_ngram_roll_push (&roll, db->text[j], &h))
        continue;
      head = bagu_key_table_lookup (index, h, FALSE);
      if (head == NULL)
        continue;
      for (guint32 pos = *head, k = 0; pos != 0 && k < MAX_SEED_POSITIONS; pos = chain[pos - 1], k++)
        {
          Seed s = { pos - 1, j + 1 - n };

          g_array_append_val (seeds, s);
        }
    }
  bagu_ngram_roll_clear (&roll);
  if (seeds->len == 0)
    return;
  g_array_sort (seeds, compare_seeds);
  for (guint k = 0; k < seeds->len; )
    {
      const Seed *s = &g_array_index (seeds, Seed, k);
      guint m = k + 1;
      BaguEvalPassage run;

      while (m < seeds->len
             && g_array_index (seeds, Seed, m).i == g_array_index (seeds, Seed, m - 1).i + 1
             && g_array_index (seeds, Seed, m).j == g_array_index (seeds, Seed, m - 1).j + 1)
        m++;
      run.a = a;
      run.b = b;
      run.a_start = s->i;
      run.b_start = s->j;
      run.a_end = g_array_index (seeds, Seed, m - 1).i + n;
      run.b_end = g_array_index (seeds, Seed, m - 1).j + n;
      g_array_append_val (runs, run);
      k = m;
    }
  g_array_sort (runs, compare_passages_by_a);
  for (guint k = 0; k < runs->len; k++)
    {
      const BaguEvalPassage *run = &g_array_index (runs, BaguEvalPassage, k);
      gboolean joined = FALSE;

      /* Join the run to a recent passage it continues on both sides. */
      for (guint back = out->len; back > first_out && back + 8 > out->len; back--)
        {
          BaguEvalPassage *p = &g_array_index (out, BaguEvalPassage, back - 1);

          if (distance (run->a_start, p->a_end) <= BAGU_EVAL_BASELINE_GAP
              && distance (run->b_start, p->b_end) <= BAGU_EVAL_BASELINE_GAP)
            {
              p->a_end = MAX (p->a_end, run->a_end);
              p->b_end = MAX (p->b_end, run->b_end);
              joined = TRUE;
              break;
            }
        }
      if (!joined)
        g_array_append_val (out, *run);
    }
}

BaguEvalEvidence *
bagu_eval_baseline (const BaguEvalTruth *truth, guint n, const BaguEvalCases *cases)
{
  BaguEvalEvidence *evidence = bagu_eval_evidence_new (truth);
  BaguKeyTable table;
  BaguNgramRoll roll;
  gsize total = 0;

  g_return_val_if_fail (n > 0, evidence);
  for (guint d = 0; d < truth->docs->len; d++)
    total += doc_at (truth, d)->n_chars;
  bagu_key_table_init (&table, total);
  bagu_ngram_roll_init (&roll, n);

  /* Which n-grams occur in two documents or more: each key remembers the
   * first document and gets MULTI_DOC when another has it too. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint d = 0; d < truth->docs->len; d++)
      {
        const BaguEvalDoc *doc = doc_at (truth, d);
        guint8 *cover = evidence->cover[d];
        guint32 marked = 0;

        bagu_ngram_roll_reset (&roll);
        for (guint32 i = 0; i < doc->n_chars; i++)
          {
            guint64 h;
            guint32 *value;

            if (doc->text[i] == '\n')
              {
                bagu_ngram_roll_reset (&roll);
                continue;
              }
            if (!bagu_ngram_roll_push (&roll, doc->text[i], &h))
              continue;
            if (pass == 0)
              {
                value = bagu_key_table_lookup (&table, h, TRUE);
                if (*value == 0)
                  *value = d + 1;
                else if ((*value & ~MULTI_DOC) != d + 1)
                  *value |= MULTI_DOC;
              }
            else
              {
                value = bagu_key_table_lookup (&table, h, FALSE);
                if (value != NULL && (*value & MULTI_DOC))
                  {
                    guint32 from = MAX (i + 1 - n, marked);

                    memset (cover + from, BAGU_EVAL_FULL, i + 1 - from);
                    marked = i + 1;
                  }
              }
          }
      }
  evidence->has_cover = TRUE;
  bagu_key_table_clear (&table);

  if (cases != NULL)
    {
      g_autoptr(GArray) seeds = g_array_new (FALSE, FALSE, sizeof (Seed));
      g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (BaguEvalPassage));
      guint k = 0;

      evidence->has_passages = TRUE;
      /* The sample lists pairs by their first document: index it once. */
      while (k < cases->pair_list->len)
        {
          guint32 a = g_array_index (cases->pair_list, guint64, k) >> 32;
          const BaguEvalDoc *da = doc_at (truth, a);
          g_autofree guint32 *chain = g_new0 (guint32, da->n_chars + 1);
          BaguKeyTable index;

          bagu_key_table_init (&index, da->n_chars);
          bagu_ngram_roll_reset (&roll);
          /* Each n-gram's positions, the last first, chained through @chain. */
          for (guint32 i = 0; i < da->n_chars; i++)
            {
              guint64 h;

              if (da->text[i] == '\n')
                {
                  bagu_ngram_roll_reset (&roll);
                  continue;
                }
              if (bagu_ngram_roll_push (&roll, da->text[i], &h))
                {
                  guint32 *head = bagu_key_table_lookup (&index, h, TRUE);
                  guint32 start = i + 1 - n;

                  chain[start] = *head;
                  *head = start + 1;
                }
            }
          for (; k < cases->pair_list->len && (g_array_index (cases->pair_list, guint64, k) >> 32) == a; k++)
            {
              guint32 b = (guint32) g_array_index (cases->pair_list, guint64, k);

              baseline_pair (truth, n, a, b, &index, chain, seeds, runs, evidence->passages);
            }
          bagu_key_table_clear (&index);
        }
    }
  bagu_ngram_roll_clear (&roll);
  return evidence;
}

/* --- scores --------------------------------------------------------- */

BaguEvalLabel
bagu_eval_label (const BaguEvalThresholds *thresholds, double share)
{
  if (share >= thresholds->template_min)
    return BAGU_EVAL_LABEL_TEMPLATE;
  if (share < thresholds->specific_max)
    return BAGU_EVAL_LABEL_SPECIFIC;
  return BAGU_EVAL_LABEL_MIXED;
}

/* The content characters of [start, end) covered, each counted by the
 * weight of its evidence. */
static double
covered_content (const BaguEvalDoc *doc, const guint8 *cover, guint32 start, guint32 end)
{
  guint64 n = 0;

  for (guint32 i = start; i < end; i++)
    if (bagu_is_content (doc->text[i]))
      n += cover[i];
  return (double) n / BAGU_EVAL_FULL;
}

typedef struct {
  guint32 start, end;
} Interval;

static gint
compare_intervals (gconstpointer x, gconstpointer y)
{
  const Interval *a = x, *b = y;

  return a->start < b->start ? -1 : a->start > b->start;
}

/* Content characters in the union of @intervals (which it sorts). */
static guint32
union_content (const BaguEvalDoc *doc, GArray *intervals)
{
  guint32 total = 0;
  guint32 cur_start = 0, cur_end = 0;
  gboolean open = FALSE;

  g_array_sort (intervals, compare_intervals);
  for (guint i = 0; i < intervals->len; i++)
    {
      const Interval *v = &g_array_index (intervals, Interval, i);

      if (open && v->start <= cur_end)
        cur_end = MAX (cur_end, v->end);
      else
        {
          if (open)
            total += content_in (doc, cur_start, cur_end);
          cur_start = v->start;
          cur_end = v->end;
          open = TRUE;
        }
    }
  if (open)
    total += content_in (doc, cur_start, cur_end);
  return total;
}

static inline gboolean
overlap (guint32 s1, guint32 e1, guint32 s2, guint32 e2, Interval *out)
{
  out->start = MAX (s1, s2);
  out->end = MIN (e1, e2);
  return out->start < out->end;
}

/* |s ⊓ r| summed over the partners of one passage, both sides; *n_partners
 * counts those that detect it (overlap on both sides). */
static guint32
matched_content (const BaguEvalTruth *truth, const BaguEvalPassage *x,
                 const BaguEvalPassage *partners, guint n, guint *n_partners,
                 GArray *ia, GArray *ib)
{
  g_array_set_size (ia, 0);
  g_array_set_size (ib, 0);
  *n_partners = 0;
  for (guint k = 0; k < n; k++)
    {
      const BaguEvalPassage *y = &partners[k];
      Interval va, vb;

      if (overlap (x->a_start, x->a_end, y->a_start, y->a_end, &va)
          && overlap (x->b_start, x->b_end, y->b_start, y->b_end, &vb))
        {
          g_array_append_val (ia, va);
          g_array_append_val (ib, vb);
          (*n_partners)++;
        }
    }
  return union_content (doc_at (truth, x->a), ia) + union_content (doc_at (truth, x->b), ib);
}

static guint32
passage_content (const BaguEvalTruth *truth, const BaguEvalPassage *p)
{
  return content_in (doc_at (truth, p->a), p->a_start, p->a_end)
         + content_in (doc_at (truth, p->b), p->b_start, p->b_end);
}

static void
score_passages (const BaguEvalTruth *truth, const BaguEvalEvidence *evidence,
                const BaguEvalCases *cases, BaguEvalScores *scores)
{
  guint n_pairs = cases->pair_list->len;
  g_autofree guint *det_first = g_new0 (guint, n_pairs + 2);
  g_autofree BaguEvalPassage *dets = NULL;
  g_autoptr(GArray) ia = g_array_new (FALSE, FALSE, sizeof (Interval));
  g_autoptr(GArray) ib = g_array_new (FALSE, FALSE, sizeof (Interval));
  double recall_sum = 0, precision_sum = 0;
  guint64 granularity_sum = 0;
  guint n_dets = 0;

  /* Group the detections of sampled pairs by pair (a counting sort). */
  for (guint i = 0; i < evidence->passages->len; i++)
    {
      const BaguEvalPassage *p = &g_array_index (evidence->passages, BaguEvalPassage, i);
      guint64 key = pair_key (p->a, p->b);
      gpointer index = g_hash_table_lookup (cases->pairs, &key);

      if (index != NULL)
        det_first[GPOINTER_TO_UINT (index)]++;
    }
  for (guint p = 0; p < n_pairs; p++)
    det_first[p + 1] += det_first[p];
  n_dets = det_first[n_pairs];
  dets = g_new (BaguEvalPassage, n_dets + 1);
  {
    g_autofree guint *fill = g_memdup2 (det_first, sizeof (guint) * (n_pairs + 1));

    for (guint i = 0; i < evidence->passages->len; i++)
      {
        const BaguEvalPassage *p = &g_array_index (evidence->passages, BaguEvalPassage, i);
        guint64 key = pair_key (p->a, p->b);
        gpointer index = g_hash_table_lookup (cases->pairs, &key);

        if (index != NULL)
          dets[fill[GPOINTER_TO_UINT (index) - 1]++] = *p;
      }
  }

  for (guint p = 0; p < n_pairs; p++)
    {
      const BaguEvalPassage *pair_cases = &g_array_index (cases->cases, BaguEvalPassage,
                                                          g_array_index (cases->case_first, guint, p));
      guint n_cases = g_array_index (cases->case_first, guint, p + 1)
                      - g_array_index (cases->case_first, guint, p);
      const BaguEvalPassage *pair_dets = dets + det_first[p];
      guint n_pair_dets = det_first[p + 1] - det_first[p];

      for (guint k = 0; k < n_cases; k++)
        {
          guint n_detecting;
          guint32 size = passage_content (truth, &pair_cases[k]);
          guint32 got = matched_content (truth, &pair_cases[k], pair_dets, n_pair_dets,
                                         &n_detecting, ia, ib);

          if (size > 0)
            recall_sum += (double) got / size;
          if (n_detecting > 0)
            {
              scores->n_detected_cases++;
              granularity_sum += n_detecting;
            }
        }
      for (guint k = 0; k < n_pair_dets; k++)
        {
          guint n_detected;
          guint32 size = passage_content (truth, &pair_dets[k]);
          guint32 got = matched_content (truth, &pair_dets[k], pair_cases, n_cases,
                                         &n_detected, ia, ib);

          if (size > 0)
            precision_sum += (double) got / size;
        }
    }
  scores->has_passages = TRUE;
  scores->n_cases = cases->cases->len;
  scores->n_detections = n_dets;
  scores->passage_recall = scores->n_cases > 0 ? recall_sum / scores->n_cases : 0.0;
  scores->passage_precision = n_dets > 0 ? precision_sum / n_dets : 0.0;
  scores->granularity = scores->n_detected_cases > 0
                        ? (double) granularity_sum / scores->n_detected_cases : 1.0;
  if (scores->passage_precision + scores->passage_recall > 0)
    {
      double f1 = 2 * scores->passage_precision * scores->passage_recall
                  / (scores->passage_precision + scores->passage_recall);

      scores->plagdet = f1 / log2 (1 + scores->granularity);
    }
}

void
bagu_eval_score (const BaguEvalTruth *truth, const BaguEvalEvidence *evidence,
                 const BaguEvalCases *cases, const BaguEvalThresholds *thresholds,
                 BaguEvalScores *scores)
{
  double abs_sum = 0;

  memset (scores, 0, sizeof *scores);
  if (evidence->has_cover)
    {
      for (guint i = 0; i < truth->sentences->len; i++)
        {
          const BaguEvalSentence *s = &g_array_index (truth->sentences, BaguEvalSentence, i);
          const BaguEvalDoc *doc = doc_at (truth, s->doc);
          guint32 all = content_in (doc, s->start, s->end);
          double covered = covered_content (doc, evidence->cover[s->doc], s->start, s->end);
          gboolean predicted = all > 0 && covered * 2 >= all;

          if (predicted && s->is_template)
            scores->tp++;
          else if (predicted)
            scores->fp++;
          else if (s->is_template)
            scores->fn++;
          else
            scores->tn++;
        }
      scores->has_sentences = TRUE;
      scores->precision = scores->tp + scores->fp > 0 ? (double) scores->tp / (scores->tp + scores->fp) : 0.0;
      scores->recall = scores->tp + scores->fn > 0 ? (double) scores->tp / (scores->tp + scores->fn) : 0.0;
      scores->f1 = scores->precision + scores->recall > 0
                   ? 2 * scores->precision * scores->recall / (scores->precision + scores->recall) : 0.0;
    }
  if (evidence->has_cover || evidence->paragraph_scores != NULL)
    {
      for (guint i = 0; i < truth->paragraphs->len; i++)
        {
          const BaguEvalParagraph *p = &g_array_index (truth->paragraphs, BaguEvalParagraph, i);
          const BaguEvalDoc *doc = doc_at (truth, p->doc);
          double score;

          if (evidence->paragraph_scores != NULL)
            score = evidence->paragraph_scores[i];
          else
            {
              guint32 all = content_in (doc, p->start, p->end);

              score = all > 0 ? covered_content (doc, evidence->cover[p->doc], p->start, p->end) / all : 0.0;
            }
          abs_sum += fabs (score - p->share);
          if (bagu_eval_label (thresholds, score) == bagu_eval_label (thresholds, p->share))
            scores->n_correct++;
        }
      scores->has_paragraphs = TRUE;
      scores->n_paragraphs = truth->paragraphs->len;
      scores->accuracy = scores->n_paragraphs > 0 ? (double) scores->n_correct / scores->n_paragraphs : 0.0;
      scores->mae = scores->n_paragraphs > 0 ? abs_sum / scores->n_paragraphs : 0.0;
    }
  if (evidence->has_passages && cases != NULL)
    score_passages (truth, evidence, cases, scores);
}
