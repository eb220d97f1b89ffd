/* bagu-phrases.c: closed repeats with their document frequency, from the
 * LCP intervals of the index. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "bagu-phrases.h"

#define NONE G_MAXUINT32

/* An LCP interval that is closed to the right: every one-token extension
 * loses a document. */
typedef struct {
  guint32 lcp, lb, rb, df;
} Candidate;

/* A node y = a·w of the suffix tree, recorded for the node w its suffix
 * link leads to: w is not closed to the left when df(y) == df(w).  row is
 * a suffix array row inside w (filled in after the walk), depth = |w|. */
typedef struct {
  guint32 depth, row, df;
} LeftRecord;

typedef struct {
  const BaguIndex *index;
  const guint32 *doc_starts;
  guint32 n_docs;
  guint32 *last_row;       /* per document, the last row seen, or NONE */
  guint min_length, min_docs;
  GArray *candidates;
  GArray *left;
} Walk;

/* value[0]: rows of the interval whose document already occurred in an
 * earlier row of it (duplicates); value[1]: the largest df of a child. */
enum { DUPLICATES = 0, MAX_CHILD_DF = 1 };

static void
on_leaf (guint32 i, BaguInterval *stack, guint depth, gpointer user_data)
{
  Walk *w = user_data;
  guint32 doc = bagu_document_of_token (w->doc_starts, w->n_docs, w->index->sa[i]);
  guint32 j = w->last_row[doc];
  guint a = 0, b = depth;

  w->last_row[doc] = i;
  if (j == NONE)
    return;
  /* Rows j and i have the same document: count the duplicate once, in
   * their lowest common interval, the deepest open one that contains j.
   * Its ancestors inherit the count when it closes. */
  while (b - a > 1)
    {
      guint mid = a + (b - a) / 2;

      if (stack[mid].lb <= j)
        a = mid;
      else
        b = mid;
    }
  stack[a].value[DUPLICATES]++;
}

static void
on_close (BaguInterval *node, BaguInterval *parent, gpointer user_data)
{
  Walk *w = user_data;
  guint32 df = node->rb - node->lb + 1 - node->value[DUPLICATES];

  if (parent != NULL)
    {
      parent->value[DUPLICATES] += node->value[DUPLICATES];
      parent->value[MAX_CHILD_DF] = MAX (parent->value[MAX_CHILD_DF], df);
    }
  if (df < w->min_docs || node->lcp < w->min_length)
    return;
  if (node->value[MAX_CHILD_DF] < df)
    {
      Candidate c = { node->lcp, node->lb, node->rb, df };
      g_array_append_val (w->candidates, c);
    }
  if (node->lcp > w->min_length)
    {
      /* Row filled in later: the row of the suffix one token further. */
      LeftRecord r = { node->lcp - 1, w->index->sa[node->lb] + 1, df };
      g_array_append_val (w->left, r);
    }
}

static int
compare_left (gconstpointer a, gconstpointer b)
{
  const LeftRecord *x = a, *y = b;

  if (x->depth != y->depth)
    return x->depth < y->depth ? -1 : 1;
  return x->row < y->row ? -1 : x->row > y->row;
}

static int
compare_candidates (gconstpointer a, gconstpointer b)
{
  const Candidate *x = a, *y = b;

  if (x->lcp != y->lcp)
    return x->lcp < y->lcp ? -1 : 1;
  return x->lb < y->lb ? -1 : x->lb > y->lb;
}

/* Drops the candidates w for which some a·w has as many documents. */
static void
close_left (const BaguIndex *index, GArray *candidates, GArray *left)
{
  g_autofree guint32 *isa = NULL;
  guint kept = 0;
  guint r = 0;

  if (left->len > 0)
    {
      isa = g_new (guint32, index->n);
      for (guint32 i = 0; i < index->n; i++)
        isa[index->sa[i]] = i;
      for (guint k = 0; k < left->len; k++)
        {
          LeftRecord *rec = &g_array_index (left, LeftRecord, k);
          rec->row = isa[rec->row];
        }
      g_clear_pointer (&isa, g_free);
    }
  g_array_sort (left, compare_left);
  g_array_sort (candidates, compare_candidates);

  /* Intervals of one depth are disjoint: one merge pass matches them. */
  for (guint k = 0; k < candidates->len; k++)
    {
      Candidate c = g_array_index (candidates, Candidate, k);
      gboolean open_left = FALSE;

      while (r < left->len && compare_left (&g_array_index (left, LeftRecord, r),
                                            &(LeftRecord) { c.lcp, c.lb, 0 }) < 0)
        r++;
      for (guint q = r; q < left->len; q++)
        {
          const LeftRecord *rec = &g_array_index (left, LeftRecord, q);

          if (rec->depth != c.lcp || rec->row > c.rb)
            break;
          if (rec->df == c.df)
            open_left = TRUE;
        }
      if (!open_left)
        g_array_index (candidates, Candidate, kept++) = c;
    }
  g_array_set_size (candidates, kept);
}

/* Byte offset of character offset @chars of a document's text, walking
 * from a known (byte, char) point before it. */
static gsize
byte_at (const char *text, gsize from_byte, guint32 from_char, guint32 chars)
{
  const char *p = text + from_byte;

  for (guint32 c = from_char; c < chars; c++)
    p = g_utf8_next_char (p);
  return p - text;
}

/* Whether the text between two tokens (or at a paragraph edge) is a clause
 * boundary: some punctuation in it. */
static gboolean
gap_is_boundary (const char *text, gsize b0, gsize b1)
{
  for (const char *p = text + b0; p < text + b1; p = g_utf8_next_char (p))
    if (g_unichar_ispunct (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

typedef struct {
  char *form;
  guint count;
  guint first;   /* order of first appearance, for ties */
} Form;

/* Counts a string in a table of forms. */
static void
count_form (GHashTable *table, char *form)
{
  Form *f = g_hash_table_lookup (table, form);

  if (f != NULL)
    {
      f->count++;
      g_free (form);
      return;
    }
  f = g_new0 (Form, 1);
  f->form = form;
  f->count = 1;
  f->first = g_hash_table_size (table);
  g_hash_table_insert (table, form, f);
}

static void
form_free (gpointer p)
{
  Form *f = p;

  g_free (f->form);
  g_free (f);
}

static int
compare_forms (gconstpointer a, gconstpointer b)
{
  const Form *x = *(Form *const *) a, *y = *(Form *const *) b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return x->first < y->first ? -1 : x->first > y->first;
}

/* The forms of a table, most common first. */
static GPtrArray *
sorted_forms (GHashTable *table)
{
  GPtrArray *forms = g_ptr_array_sized_new (g_hash_table_size (table));
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (forms, value);
  g_ptr_array_sort (forms, compare_forms);
  return forms;
}

/* Reads the sampled occurrences of a phrase in the text: its most common
 * written form, its boundary score and the fills of its slots. */
static void
describe (const BaguCorpus *corpus, const guint32 *doc_starts, BaguPhrase *phrase,
          const BaguOccurrence *occ)
{
  const guint32 *tokens = corpus->tokens;
  guint n = MIN (phrase->count, BAGU_PHRASES_SAMPLE);
  g_autoptr(GHashTable) forms = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, form_free);
  g_autoptr(GPtrArray) slot_fills = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  g_autoptr(GPtrArray) ranked = NULL;
  guint boundaries = 0;

  for (guint32 k = 0; k < phrase->length; k++)
    if (tokens[occ[0].pos + k] == BAGU_TOKEN_NUM || tokens[occ[0].pos + k] == BAGU_TOKEN_SLOT)
      g_ptr_array_add (slot_fills, g_hash_table_new_full (g_str_hash, g_str_equal, NULL, form_free));
  phrase->n_slots = slot_fills->len;

  for (guint i = 0; i < n; i++)
    {
      const BaguOccurrence *o = &occ[i];
      const BaguDocument *doc = bagu_corpus_document (corpus, o->doc);
      const char *text = bagu_document_text (corpus, doc);
      guint32 last = o->pos + phrase->length - 1;
      guint32 para_lo = doc->first_paragraph, para_hi = doc->first_paragraph + doc->n_paragraphs;
      const BaguParagraph *para;
      GString *form = g_string_new (NULL);
      gsize at_byte;
      guint32 at_char;
      guint slot = 0;

      /* The paragraph holding the occurrence, to walk its text from. */
      while (para_hi - para_lo > 1)
        {
          guint32 mid = para_lo + (para_hi - para_lo) / 2;

          if (bagu_corpus_paragraph (corpus, mid)->first_token <= o->pos)
            para_lo = mid;
          else
            para_hi = mid;
        }
      para = bagu_corpus_paragraph (corpus, para_lo);
      at_byte = para->byte_start;
      at_char = para->start;

      /* Left edge: the paragraph start, a separator, or punctuation. */
      if (o->pos == para->first_token || tokens[o->pos - 1] == BAGU_TOKEN_SEP)
        boundaries++;
      else
        {
          gsize b0 = byte_at (text, at_byte, at_char, corpus->tok_end[o->pos - 1]);
          gsize b1 = byte_at (text, b0, corpus->tok_end[o->pos - 1], corpus->tok_start[o->pos]);

          if (gap_is_boundary (text, b0, b1))
            boundaries++;
          at_byte = b0;
          at_char = corpus->tok_end[o->pos - 1];
        }

      for (guint32 t = o->pos; t <= last; t++)
        {
          gsize s0 = byte_at (text, at_byte, at_char, corpus->tok_start[t]);
          gsize s1 = byte_at (text, s0, corpus->tok_start[t], corpus->tok_end[t]);

          /* The text between tokens is kept as written: 、 and ， stay. */
          if (t > o->pos)
            g_string_append_len (form, text + at_byte, s0 - at_byte);
          if (tokens[t] == BAGU_TOKEN_NUM || tokens[t] == BAGU_TOKEN_SLOT)
            {
              g_string_append (form, tokens[t] == BAGU_TOKEN_NUM ? "<NUM>" : "<SLOT>");
              count_form (g_ptr_array_index (slot_fills, slot++), g_strndup (text + s0, s1 - s0));
            }
          else
            g_string_append_len (form, text + s0, s1 - s0);
          at_byte = s1;
          at_char = corpus->tok_end[t];
        }

      /* Right edge. */
      if (tokens[last + 1] == BAGU_TOKEN_SEP)
        boundaries++;
      else
        {
          gsize b1 = byte_at (text, at_byte, at_char, corpus->tok_start[last + 1]);

          if (gap_is_boundary (text, at_byte, b1))
            boundaries++;
        }
      count_form (forms, g_string_free (form, FALSE));
    }

  ranked = sorted_forms (forms);
  phrase->text = g_strdup (((Form *) ranked->pdata[0])->form);
  phrase->boundary = (double) boundaries / (2.0 * n);
  if (slot_fills->len > 0)
    {
      phrase->fills = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
      for (guint s = 0; s < slot_fills->len; s++)
        {
          g_autoptr(GPtrArray) seen = sorted_forms (g_ptr_array_index (slot_fills, s));
          GPtrArray *fills = g_ptr_array_new_with_free_func (g_free);

          for (guint f = 0; f < seen->len; f++)
            g_ptr_array_add (fills, g_strdup (((Form *) seen->pdata[f])->form));
          g_ptr_array_add (phrase->fills, fills);
        }
    }
}

static int
compare_occurrences (gconstpointer a, gconstpointer b)
{
  const BaguOccurrence *x = a, *y = b;

  if (x->doc != y->doc)
    return x->doc < y->doc ? -1 : 1;
  return x->start < y->start ? -1 : x->start > y->start;
}

/* Clause-like phrases (boundary near 1), long ones and widely shared ones
 * rank first; a fragment cut mid-clause keeps a fifth of its weight. */
static double
phrase_score (const BaguPhrase *p)
{
  return (0.2 + 0.8 * p->boundary) * log2 (1.0 + p->df) * p->length;
}

static int
compare_by_score (gconstpointer a, gconstpointer b)
{
  const BaguPhrase *x = a, *y = b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  if (x->df != y->df)
    return x->df > y->df ? -1 : 1;
  if (x->length != y->length)
    return x->length > y->length ? -1 : 1;
  /* Deterministic whatever the hash tables did: by first occurrence. */
  return x->first_occurrence < y->first_occurrence ? -1 : x->first_occurrence > y->first_occurrence;
}

static int
compare_by_df (gconstpointer a, gconstpointer b)
{
  const BaguPhrase *x = a, *y = b;

  if (x->df != y->df)
    return x->df > y->df ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

static int
compare_by_length (gconstpointer a, gconstpointer b)
{
  const BaguPhrase *x = a, *y = b;

  if (x->length != y->length)
    return x->length > y->length ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

BaguPhraseSet *
bagu_phrases_find (const BaguCorpus *corpus, const BaguIndex *index,
                   const BaguPhraseOptions *options)
{
  BaguPhraseSet *set = g_new0 (BaguPhraseSet, 1);
  g_autofree guint32 *doc_starts = bagu_corpus_document_starts (corpus);
  g_autofree guint32 *last_row = NULL;
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_autoptr(GArray) left = g_array_new (FALSE, FALSE, sizeof (LeftRecord));
  BaguIntervalVisitor visitor = { on_leaf, on_close };
  Walk walk = { 0 };

  set->phrases = g_array_new (FALSE, TRUE, sizeof (BaguPhrase));
  set->occurrences = g_array_new (FALSE, FALSE, sizeof (BaguOccurrence));
  if (index->n == 0 || corpus->documents->len == 0)
    return set;

  last_row = g_new (guint32, corpus->documents->len);
  memset (last_row, 0xff, corpus->documents->len * sizeof (guint32));
  walk.index = index;
  walk.doc_starts = doc_starts;
  walk.n_docs = corpus->documents->len;
  walk.last_row = last_row;
  walk.min_length = MAX (options->min_length, 1);
  walk.min_docs = MAX (options->min_docs, 2);
  walk.candidates = candidates;
  walk.left = left;
  bagu_index_visit (index, &visitor, &walk);
  close_left (index, candidates, left);

  for (guint k = 0; k < candidates->len; k++)
    {
      const Candidate *c = &g_array_index (candidates, Candidate, k);
      BaguPhrase phrase = { 0 };
      BaguOccurrence *occ;

      phrase.length = c->lcp;
      phrase.df = c->df;
      phrase.count = c->rb - c->lb + 1;
      phrase.first_occurrence = set->occurrences->len;
      for (guint32 row = c->lb; row <= c->rb; row++)
        {
          guint32 pos = index->sa[row];
          BaguOccurrence o = {
            bagu_document_of_token (doc_starts, walk.n_docs, pos),
            corpus->tok_start[pos],
            corpus->tok_end[pos + c->lcp - 1],
            pos,
          };
          g_array_append_val (set->occurrences, o);
        }
      occ = &g_array_index (set->occurrences, BaguOccurrence, phrase.first_occurrence);
      qsort (occ, phrase.count, sizeof (BaguOccurrence), compare_occurrences);
      describe (corpus, doc_starts, &phrase, occ);
      phrase.score = phrase_score (&phrase);
      g_array_append_val (set->phrases, phrase);
    }

  g_array_sort (set->phrases, compare_by_score);
  for (guint i = 0; i < set->phrases->len; i++)
    bagu_phrase_set_get (set, i)->id = i + 1;
  return set;
}

void
bagu_phrase_set_sort (BaguPhraseSet *set, BaguPhraseSort sort)
{
  switch (sort)
    {
    case BAGU_PHRASE_SORT_DF:
      g_array_sort (set->phrases, compare_by_df);
      break;
    case BAGU_PHRASE_SORT_LENGTH:
      g_array_sort (set->phrases, compare_by_length);
      break;
    case BAGU_PHRASE_SORT_SCORE:
    default:
      g_array_sort (set->phrases, compare_by_score);
      break;
    }
}

void
bagu_phrase_set_free (BaguPhraseSet *set)
{
  if (set == NULL)
    return;
  for (guint i = 0; i < set->phrases->len; i++)
    {
      BaguPhrase *p = bagu_phrase_set_get (set, i);

      g_free (p->text);
      if (p->fills != NULL)
        g_ptr_array_unref (p->fills);
    }
  g_array_unref (set->phrases);
  g_array_unref (set->occurrences);
  g_free (set);
}
