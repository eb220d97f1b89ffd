/* bagu-phrases.c: closed repeats with their document frequency, from the
 * LCP intervals of the index. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "bagu-memory.h"
#include "bagu-parallel.h"
#include "bagu-phrases.h"
#include "bagu-radix.h"
#include "bagu-rank.h"
#include "bagu-utf8.h"

#define NONE G_MAXUINT32

/* An LCP interval that is closed to the right: every one-token extension
 * loses a document. */
typedef struct {
  guint32 lcp, lb, rb, df;
} Candidate;

/* A node y = a·w of the suffix tree, recorded for the node w its suffix
 * link leads to: w is not closed to the left when df(y) == df(w).  Only
 * nodes closed to the right need recording: if df(a·w) == df(w) for a w
 * closed to the right, then a·w is a node closed to the right too (an
 * extension a·w·b of as many documents would give w·b as many as w).
 * pos is the suffix one token into y; row, its suffix array row, is a row
 * inside w; depth = |w|. */
typedef struct {
  guint32 depth, pos, row, df;
} LeftRecord;

typedef struct {
  const BaguIndex *index;
  BaguDocLookup docs;
  guint32 *last_row;       /* per document, the last row seen, or NONE */
  guint min_length, min_docs;
  GArray *candidates;
} Walk;

/* value[0]: rows of the interval whose document already occurred in an
 * earlier row of it (duplicates); value[1]: the largest df of a child. */
enum { DUPLICATES = 0, MAX_CHILD_DF = 1 };

#define LEAF_AHEAD 16

/* Whether row @i is in an interval of @min_length tokens or more: shares
 * as many with the row before or the row after. */
static inline gboolean
in_deep_interval (const BaguIndex *index, guint32 i, guint min_length)
{
  return index->lcp[i] >= min_length || (i + 1 < index->n && index->lcp[i + 1] >= min_length);
}

static void
on_leaf (guint32 i, BaguInterval *stack, guint depth, gpointer user_data)
{
  Walk *w = user_data;
  const BaguIndex *index = w->index;
  guint32 doc, j;
  guint a = 0, b = depth;

  /* The rows are visited in order, their positions far apart: the rank
   * words of the row LEAF_AHEAD on are fetched now. */
  if (i + LEAF_AHEAD < index->n && in_deep_interval (index, i + LEAF_AHEAD, w->min_length))
    bagu_doc_lookup_prefetch (&w->docs, index->sa[i + LEAF_AHEAD]);
  /* Only the intervals of min_length tokens or more can be candidates,
   * and a row in none of them counts in none of them: its document is
   * not looked up.  It is then not the last row seen of its document.  A
   * row of a deep interval whose last row of the same document was such
   * a row is counted with an earlier one or none: outside the interval
   * either way (the interval's rows are contiguous and that row is not
   * among them), as before, so the duplicates counted in deep intervals
   * stay the same.  Only shallower intervals count differently (fewer
   * duplicates), and their documents matter only to their parents'
   * MAX_CHILD_DF, shallow too: no candidate changes. */
  if (!in_deep_interval (index, i, w->min_length))
    return;
  doc = bagu_doc_lookup (&w->docs, index->sa[i]);
  j = w->last_row[doc];
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
  if (node->value[MAX_CHILD_DF] >= df)
    return;   /* some child has every document: not closed to the right */
  {
    Candidate c = { node->lcp, node->lb, node->rb, df };
    g_array_append_val (w->candidates, c);
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

/* Parts of a stage over the whole index: a few a thread on large ones. */
static guint
index_parts (const BaguIndex *index)
{
  return index->n < 1024 ? 1 : 4 * bagu_parallel_threads ();
}

/* The rows of the wanted positions, in parts of the suffix array: each
 * position is in one row, so the parts write different records. */
typedef struct {
  const BaguIndex *index;
  const BaguRank *wanted;
  const guint32 *first;     /* per wanted position, its first record */
  LeftRecord *recs;
  guint n_parts;
} RowJob;

static void
find_rows (guint part, gpointer data)
{
  RowJob *job = data;
  const guint32 *sa = job->index->sa;
  guint32 n = job->index->n;
  guint32 end = (guint32) ((guint64) n * (part + 1) / job->n_parts);

  for (guint32 i = (guint32) ((guint64) n * part / job->n_parts); i < end; i++)
    {
      guint32 pos = sa[i];
      guint32 k;

      /* The rows' positions are far apart: the rank words of the row
       * LEAF_AHEAD on are fetched, and half the way later, for a wanted
       * one, its first record's place. */
      if (i + LEAF_AHEAD < end)
        bagu_rank_prefetch (job->wanted, sa[i + LEAF_AHEAD]);
      if (i + LEAF_AHEAD / 2 < end && bagu_rank_has (job->wanted, sa[i + LEAF_AHEAD / 2]))
        __builtin_prefetch (&job->first[bagu_rank_of (job->wanted, sa[i + LEAF_AHEAD / 2])]);

      if (!bagu_rank_has (job->wanted, pos))
        continue;
      k = bagu_rank_of (job->wanted, pos);
      for (guint32 r = job->first[k]; r < job->first[k + 1]; r++)
        job->recs[r].row = i;
    }
}

/* Drops the candidates w for which some a·w has as many documents.  The
 * nodes a·w to look at are candidates themselves (see LeftRecord). */
static void
close_left (const BaguIndex *index, GArray *candidates, guint min_length)
{
  g_autoptr(GArray) left = bagu_array_new (FALSE, sizeof (LeftRecord), candidates->len);
  LeftRecord *recs;
  guint kept = 0, n_left = 0;
  guint r = 0;

  /* A record at most a candidate, written in place (millions of them). */
  g_array_set_size (left, candidates->len);
  recs = (LeftRecord *) left->data;
  for (guint k = 0; k < candidates->len; k++)
    {
      const Candidate *c = &g_array_index (candidates, Candidate, k);

      if (c->lcp > min_length)
        recs[n_left++] = (LeftRecord) { c->lcp - 1, index->sa[c->lb] + 1, 0, c->df };
    }
  g_array_set_size (left, n_left);

  /* The rows of the recorded positions, in one pass over the suffix array
   * with the set of positions wanted: cheaper than an inverse suffix array
   * of the whole corpus.  first[k] is the first record of the k-th
   * distinct position. */
  bagu_radix_sort (left->data, left->len, sizeof (LeftRecord),
                   (const gsize[]) { G_STRUCT_OFFSET (LeftRecord, pos) }, 1);
  recs = (LeftRecord *) left->data;
  {
    g_autofree guint32 *distinct = g_new (guint32, left->len + 1);
    g_autofree guint32 *first = g_new (guint32, left->len + 1);
    guint n_distinct = 0;
    BaguRank wanted;
    RowJob job;

    for (guint k = 0; k < left->len; k++)
      if (k == 0 || recs[k].pos != recs[k - 1].pos)
        {
          distinct[n_distinct] = recs[k].pos;
          first[n_distinct++] = k;
        }
    first[n_distinct] = left->len;
    bagu_rank_init (&wanted, index->n_tokens, distinct, n_distinct);
    job = (RowJob) { index, &wanted, first, recs, index_parts (index) };
    bagu_parallel_run (job.n_parts, find_rows, &job);
    bagu_rank_clear (&wanted);
  }
  bagu_radix_sort (left->data, left->len, sizeof (LeftRecord),
                   (const gsize[]) { G_STRUCT_OFFSET (LeftRecord, row),
                                     G_STRUCT_OFFSET (LeftRecord, depth) }, 2);
  /* By depth, then row: the walk closes the intervals of one depth, which
   * are disjoint, from the first row to the last, and the parts follow
   * each other, so a stable sort by depth alone leaves them by row. */
  bagu_radix_sort (candidates->data, candidates->len, sizeof (Candidate),
                   (const gsize[]) { G_STRUCT_OFFSET (Candidate, lcp) }, 1);

  /* Intervals of one depth are disjoint: one merge pass matches them. */
  for (guint k = 0; k < candidates->len; k++)
    {
      Candidate c = g_array_index (candidates, Candidate, k);
      gboolean open_left = FALSE;

      while (r < left->len && compare_left (&g_array_index (left, LeftRecord, r),
                                            &(LeftRecord) { c.lcp, 0, c.lb, 0 }) < 0)
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

typedef struct {
  const char *text;  /* where a sample read it */
  gsize len;
  guint count;
  guint32 first;   /* the earliest token position it was seen at, for ties */
} Form;

/* The distinct strings of a sample, at most BAGU_PHRASES_SAMPLE: a table
 * of that size is searched faster than it is hashed.  The strings stay
 * where the samples read them; only those kept are copied. */
typedef struct {
  Form forms[BAGU_PHRASES_SAMPLE];
  guint n;
} Forms;

/* Counts a string seen at token position pos.  Texts hold no NUL (ingest
 * refuses them), so strings of one length and bytes are the same. */
static void
count_form (Forms *table, const char *form, gsize len, guint32 pos)
{
  for (guint i = 0; i < table->n; i++)
    if (table->forms[i].len == len && memcmp (table->forms[i].text, form, len) == 0)
      {
        table->forms[i].count++;
        table->forms[i].first = MIN (table->forms[i].first, pos);
        return;
      }
  g_assert (table->n < BAGU_PHRASES_SAMPLE);
  table->forms[table->n++] = (Form) { form, len, 1, pos };
}

static int
compare_forms (gconstpointer a, gconstpointer b)
{
  const Form *x = a, *y = b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return x->first < y->first ? -1 : x->first > y->first;
}

/* One sampled occurrence of a phrase of a batch being described, with
 * what its reader needs of the phrase: the samples are read in the order
 * of the text, and their phrases' records, one of hundreds of thousands,
 * would be read at random. */
typedef struct {
  guint32 pos;       /* its first token */
  guint32 length;    /* its phrase's tokens */
  guint32 n_slots;   /* its phrase's slots */
  guint32 result;    /* its place among the results: first[phrase] + sample */
  gsize fill;        /* its first fill: first_fill[phrase] + sample × n_slots */
} Sample;

/* A string a sample read: a written form, kept in its part's buffer, or
 * the text of a slot, in the document. */
typedef struct {
  const char *text;
  gsize len;
} Span;

typedef struct {
  const BaguPhraseSet *set;
  const guint32 *ids;
  Sample *samples;          /* in the order of the token stream */
  gsize n_samples;
  guint32 *first;           /* per phrase of the batch: its first sample's
                             * result, first[n] the end */
  gsize *first_fill;        /* per phrase: its first fill, the slots of
                             * each sample together */
  Span *forms;              /* per result */
  guint32 *pos;             /* per result: where the sample starts */
  Span *fills;
  GString **buffers;        /* per part of the samples: their forms */
  guint n_parts;
  gsize n;
} DescribeJob;

/* Reads samples of one part: each occurrence's text as written (、 and ，
 * between tokens stay).  The text of a phrase without slots is read where
 * it is; one with slots is copied, in runs up to each slot, which is
 * written as its kind. */
#define IN_PLACE G_MAXSIZE
/* Samples ahead whose results a reader fetches (see below). */
#define SAMPLES_AHEAD 16

/* The document of token @pos, at or after @doc: the last one that starts
 * at or before it, as bagu_document_of_token finds. */
static inline guint32
document_from (const guint32 *starts, guint32 n_docs, guint32 doc, guint32 pos)
{
  while (doc + 1 < n_docs && starts[doc + 1] <= pos)
    doc++;
  return doc;
}

static void
read_samples (guint part, gpointer data)
{
  DescribeJob *job = data;
  const BaguCorpus *corpus = job->set->corpus;
  const guint32 *tokens = corpus->tokens;
  gsize lo = job->n_samples * part / job->n_parts, hi = job->n_samples * (part + 1) / job->n_parts;
  GString *buffer = job->buffers[part] = g_string_new (NULL);
  /* Per sample: where its copy starts and ends in the buffer; the start
   * is IN_PLACE when it is read where it is. */
  g_autofree gsize *offsets = g_new (gsize, 2 * (hi - lo) + 1);
  const guint32 *doc_starts = job->set->doc_starts;
  guint32 n_docs = corpus->documents->len;
  /* The samples' documents, found by walking on from the last one's:
   * the samples are in the order of the text. */
  guint32 last_doc = lo < hi ? bagu_document_of_token (doc_starts, n_docs, job->samples[lo].pos)
                             : 0;

  for (gsize i = lo; i < hi; i++)
    {
      const Sample *s = &job->samples[i];
      guint32 pos = s->pos;
      guint32 doc = last_doc = document_from (doc_starts, n_docs, last_doc, pos);
      const char *text = bagu_document_text (corpus, bagu_corpus_document (corpus, doc));
      guint32 c = corpus->tok_start[pos];
      const char *end = text + bagu_document_text_len (bagu_corpus_document (corpus, doc));
      const char *p = text + bagu_char_index_byte (job->set->chars, corpus, doc, c);
      const char *s0 = p, *s1 = p;
      const char *run = p;
      Span *fill = job->fills + s->fill;

      /* The samples are in the order of the text and their results in
       * that of the phrases: where a sample a few on writes is fetched. */
      if (i + SAMPLES_AHEAD < hi)
        {
          __builtin_prefetch (&job->forms[job->samples[i + SAMPLES_AHEAD].result], 1);
          __builtin_prefetch (&job->pos[job->samples[i + SAMPLES_AHEAD].result], 1);
        }

      offsets[2 * (i - lo)] = buffer->len;
      if (s->n_slots == 0)
        {
          guint32 c0 = c;

          /* Its text ends where its last character does: found from the
           * tokens alone, then reached in one skip. */
          for (guint32 t = pos; t < pos + s->length; t++)
            if (corpus->tok_start[t] >= c)
              c = corpus->tok_end[t];
          p = bagu_utf8_skip (p, end, c - c0);
        }
      else
        /* One walk through the occurrence's text, token by token. */
        for (guint32 t = pos; t < pos + s->length; t++)
          {
            gboolean is_slot = tokens[t] == BAGU_TOKEN_NUM || tokens[t] == BAGU_TOKEN_SLOT;

            /* One character can give several tokens (㍿ → 株式会社, ㎡ → m 2):
             * the first of them copies it, the others add nothing. */
            if (corpus->tok_start[t] >= c)
              {
                s0 = p = bagu_utf8_skip (p, end, corpus->tok_start[t] - c);
                s1 = p = bagu_utf8_skip (p, end, corpus->tok_end[t] - corpus->tok_start[t]);
                c = corpus->tok_end[t];
                if (is_slot)
                  {
                    g_string_append_len (buffer, run, s0 - run);
                    g_string_append (buffer, tokens[t] == BAGU_TOKEN_NUM ? "<NUM>" : "<SLOT>");
                    run = s1;
                  }
              }
            if (is_slot)
              *fill++ = (Span) { s0, s1 - s0 };
          }
      if (s->n_slots == 0)
        {
          job->forms[s->result] = (Span) { run, p - run };
          offsets[2 * (i - lo)] = IN_PLACE;
        }
      else
        g_string_append_len (buffer, run, p - run);
      offsets[2 * (i - lo) + 1] = buffer->len;
      job->pos[s->result] = pos;
    }
  /* The buffer has stopped moving. */
  for (gsize i = lo; i < hi; i++)
    if (offsets[2 * (i - lo)] != IN_PLACE)
      job->forms[job->samples[i].result] = (Span) {
        buffer->str + offsets[2 * (i - lo)], offsets[2 * (i - lo) + 1] - offsets[2 * (i - lo)]
      };
}

/* The distinct strings of @n samples, most common first, then the one
 * seen first in the text (no two forms were first seen at one place).
 * They are BAGU_PHRASES_SAMPLE at most: sorted by insertion, where qsort
 * would cost more to call than to run, for every phrase of a table. */
static void
rank_forms (Forms *table, const Span *spans, gsize stride, const guint32 *pos, guint n)
{
  table->n = 0;
  for (guint k = 0; k < n; k++)
    count_form (table, spans[k * stride].text, spans[k * stride].len, pos[k]);
  for (guint i = 1; i < table->n; i++)
    {
      Form f = table->forms[i];
      guint at = i;

      while (at > 0 && compare_forms (&f, &table->forms[at - 1]) < 0)
        {
          table->forms[at] = table->forms[at - 1];
          at--;
        }
      table->forms[at] = f;
    }
}

/* Counts the forms the samples of one part's phrases read. */
static void
count_samples (guint part, gpointer data)
{
  DescribeJob *job = data;

  for (gsize j = job->n * part / job->n_parts; j < job->n * (part + 1) / job->n_parts; j++)
    {
      BaguPhrase *phrase = bagu_phrase_set_get (job->set, job->ids[j]);
      guint n = job->first[j + 1] - job->first[j];
      const guint32 *pos = job->pos + job->first[j];
      const Span *fills = job->fills + job->first_fill[j];
      Forms table;

      if (n == 0)
        continue;
      /* The phrase's text is its most common form; a slot keeps them all. */
      rank_forms (&table, job->forms + job->first[j], 1, pos, n);
      phrase->text = g_strndup (table.forms[0].text, table.forms[0].len);
      if (phrase->n_slots == 0)
        continue;
      phrase->fills = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
      for (guint slot = 0; slot < phrase->n_slots; slot++)
        {
          GPtrArray *forms;

          rank_forms (&table, fills + slot, phrase->n_slots, pos, n);
          forms = g_ptr_array_new_full (table.n, g_free);
          for (guint i = 0; i < table.n; i++)
            g_ptr_array_add (forms, g_strndup (table.forms[i].text, table.forms[i].len));
          g_ptr_array_add (phrase->fills, forms);
        }
    }
}

/* Below this many samples, a batch is read on the calling thread alone. */
#define DESCRIBE_THREADED 1024

void
bagu_phrases_describe (const BaguPhraseSet *set, const guint32 *ids, gsize n)
{
  DescribeJob job = { set, ids };
  gsize n_fills = 0;

  job.n = n;
  job.first = g_new (guint32, n + 1);
  job.first_fill = g_new (gsize, n + 1);
  job.first[0] = 0;
  for (gsize j = 0; j < n; j++)
    {
      const BaguPhrase *p = bagu_phrase_set_get (set, ids[j]);
      guint m = p->text != NULL ? 0 : MIN (p->count, BAGU_PHRASES_SAMPLE);

      job.first[j + 1] = job.first[j] + m;
      job.first_fill[j] = n_fills;
      n_fills += (gsize) m * p->n_slots;
    }
  job.n_samples = job.first[n];
  if (job.n_samples == 0)
    goto out;
  job.samples = g_new (Sample, job.n_samples);
  for (gsize j = 0, i = 0; j < n; j++)
    {
      const BaguPhrase *p = bagu_phrase_set_get (set, ids[j]);
      guint m = job.first[j + 1] - job.first[j];

      /* Spread the sample over all the rows. */
      for (guint k = 0; k < m; k++)
        job.samples[i++] = (Sample) { set->index->sa[p->lb + (guint64) k * p->count / m],
                                      p->length, p->n_slots, job.first[j] + k,
                                      job.first_fill[j] + (gsize) k * p->n_slots };
    }
  /* In the order of the text, the samples of all the phrases read the
   * corpus once from start to end, where one phrase after another would
   * read it at random. */
  bagu_radix_sort (job.samples, job.n_samples, sizeof (Sample),
                   (const gsize[]) { G_STRUCT_OFFSET (Sample, pos) }, 1);
  job.forms = g_new (Span, job.n_samples);
  job.pos = g_new (guint32, job.n_samples);
  job.fills = g_new (Span, n_fills + 1);
  job.n_parts = job.n_samples < DESCRIBE_THREADED ? 1 : 4 * bagu_parallel_threads ();
  job.buffers = g_new0 (GString *, job.n_parts);
  bagu_parallel_run (job.n_parts, read_samples, &job);
  bagu_parallel_run (job.n_parts, count_samples, &job);
  for (guint k = 0; k < job.n_parts; k++)
    g_string_free (job.buffers[k], TRUE);
  g_free (job.buffers);
  g_free (job.samples);
  g_free (job.forms);
  g_free (job.pos);
  g_free (job.fills);
out:
  g_free (job.first);
  g_free (job.first_fill);
}

void
bagu_phrase_describe (const BaguPhraseSet *set, BaguPhrase *phrase)
{
  guint32 id = phrase - (BaguPhrase *) set->phrases->data;

  /* Writers ask again for every phrase they have described in a block. */
  if (phrase->text == NULL)
    bagu_phrases_describe (set, &id, 1);
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
phrase_score (double boundary, guint32 df, guint32 length)
{
  return (0.2 + 0.8 * boundary) * log2 (1.0 + df) * length;
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
  /* Deterministic: by suffix array row. */
  return x->lb < y->lb ? -1 : x->lb > y->lb;
}

/* The candidates, in the order of their length and then of their row,
 * are ranked in the order of compare_by_score before any phrase is made:
 * each phrase is then written once, in its place, where sorting the
 * phrases would move hundreds of thousands of records of 64 bytes.  The
 * keys are sorted by radix, least significant first: the length, the
 * documents and the score falling (a double's bits, made to order as
 * unsigned integers); the sort is stable, so phrases equal in all three
 * keep the order of their rows. */
typedef struct {
  guint32 length, df, score_lo, score_hi;
  guint32 from;          /* the candidate */
} ScoreKey;

/* What the phrase of a candidate is made of beside the candidate. */
typedef struct {
  double boundary;
  double score;          /* phrase_score */
  guint32 n_slots;
} Measure;

static void
rank_by_score (ScoreKey *keys, const Candidate *candidates, const Measure *measures, gsize n)
{
  guint32 max_length = 0, max_df = 0;

  for (gsize i = 0; i < n; i++)
    {
      g_assert (i == 0 || candidates[i - 1].lcp < candidates[i].lcp
                || (candidates[i - 1].lcp == candidates[i].lcp
                    && candidates[i - 1].lb < candidates[i].lb));
      max_length = MAX (max_length, candidates[i].lcp);
      max_df = MAX (max_df, candidates[i].df);
    }
  for (gsize i = 0; i < n; i++)
    {
      double score = measures[i].score;
      guint64 bits;

      /* 0.0 and -0.0 compare equal: one key for both. */
      if (score == 0)
        score = 0.0;
      memcpy (&bits, &score, sizeof bits);
      bits = bits >> 63 ? ~bits : bits | G_GUINT64_CONSTANT (1) << 63;
      bits = ~bits;   /* falling */
      keys[i] = (ScoreKey) { max_length - candidates[i].lcp, max_df - candidates[i].df,
                             (guint32) bits, (guint32) (bits >> 32), (guint32) i };
    }
  bagu_radix_sort (keys, n, sizeof (ScoreKey),
                   (const gsize[]) { G_STRUCT_OFFSET (ScoreKey, length),
                                     G_STRUCT_OFFSET (ScoreKey, df),
                                     G_STRUCT_OFFSET (ScoreKey, score_lo),
                                     G_STRUCT_OFFSET (ScoreKey, score_hi) }, 4);
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

guint32
bagu_phrase_occurrences (const BaguPhraseSet *set, const BaguPhrase *phrase, GArray *out)
{
  const BaguCorpus *corpus = set->corpus;

  g_array_set_size (out, 0);
  for (guint32 row = phrase->lb; row <= phrase->rb; row++)
    {
      guint32 pos = set->index->sa[row];
      BaguOccurrence o = {
        bagu_document_of_token (set->doc_starts, corpus->documents->len, pos),
        corpus->tok_start[pos],
        corpus->tok_end[pos + phrase->length - 1],
        pos,
      };
      g_array_append_val (out, o);
    }
  g_array_sort (out, compare_occurrences);
  return out->len;
}

/* The walk in parts of the suffix array cut where the LCP is 0: no
 * interval but the root spans two, so each part finds its candidates on
 * its own, and in the order one walk of the whole would. */
typedef struct {
  const BaguCorpus *corpus;
  const BaguIndex *index;
  const BaguDocLookup *docs;
  guint min_length, min_docs;
  guint32 *bounds;          /* rows of the parts: n_parts + 1 */
  GArray **candidates;      /* per part */
} WalkJob;

static void
walk_part (guint part, gpointer data)
{
  WalkJob *job = data;
  guint32 n_docs = job->corpus->documents->len;
  g_autofree guint32 *last_row = g_new (guint32, n_docs);
  BaguIntervalVisitor visitor = { on_leaf, on_close };
  Walk walk = { job->index, *job->docs, last_row, job->min_length, job->min_docs,
                g_array_new (FALSE, FALSE, sizeof (Candidate)) };

  memset (last_row, 0xff, n_docs * sizeof (guint32));
  bagu_index_visit_rows (job->index, job->bounds[part], job->bounds[part + 1], &visitor, &walk);
  job->candidates[part] = walk.candidates;
}

/* A candidate by its first row. */
typedef struct {
  guint32 lb, candidate;
} RowOrder;

/* The phrases of the candidates: first what each is made of beside its
 * interval (measure_part), then, once ranked, each in its place
 * (place_part). */
typedef struct {
  const BaguCorpus *corpus;
  const BaguIndex *index;
  const guint8 *flags;
  const Candidate *candidates;
  const RowOrder *by_row;
  Measure *measures;
  const ScoreKey *keys;
  BaguPhrase *phrases;
  guint n, n_parts;
} MakeJob;

/* Runs @body with @row each row of candidate @c that its boundaries are
 * read at: up to BAGU_PHRASES_BOUNDARY_SAMPLE of them, spread over its
 * rows (row lb + ⌊i × count / n⌋ for the i-th of n), stepped without a
 * division. */
#define FOR_BOUNDARY_SAMPLE(c, row, body) \
  G_STMT_START { \
    guint32 count_ = (c)->rb - (c)->lb + 1; \
    guint32 n_ = MIN (count_, BAGU_PHRASES_BOUNDARY_SAMPLE); \
    guint32 step_ = count_ / n_, extra_ = count_ % n_, row = (c)->lb, rem_ = 0; \
    for (guint32 i_ = 0; i_ < n_; i_++) \
      { \
        body; \
        row += step_; \
        rem_ += extra_; \
        if (rem_ >= n_) \
          { \
            row++; \
            rem_ -= n_; \
          } \
      } \
  } G_STMT_END

/* The candidates are measured in the order of their first rows
 * (job->by_row), not in their own: the rows read then run on through the
 * suffix array, and nested intervals share them.  The places in the text
 * they point at are far apart: those of the candidate MAKE_AHEAD on are
 * fetched, and the candidate and its measure twice as far. */
#define MAKE_AHEAD 4

static void
measure_part (guint part, gpointer data)
{
  MakeJob *job = data;
  const BaguIndex *index = job->index;
  const guint32 *sa = index->sa;
  const guint32 *tokens = job->corpus->tokens;
  const guint8 *flags = job->flags;
  const RowOrder *by_row = job->by_row;
  guint end = (guint) ((guint64) job->n * (part + 1) / job->n_parts);

  for (guint i = (guint) ((guint64) job->n * part / job->n_parts); i < end; i++)
    {
      guint32 k = by_row[i].candidate;
      const Candidate *c = &job->candidates[k];
      guint boundaries = 0, n_slots = 0;
      guint32 n = MIN (c->rb - c->lb + 1, BAGU_PHRASES_BOUNDARY_SAMPLE);
      double boundary;

      if (i + 2 * MAKE_AHEAD < end)
        {
          __builtin_prefetch (&job->candidates[by_row[i + 2 * MAKE_AHEAD].candidate]);
          __builtin_prefetch (&job->measures[by_row[i + 2 * MAKE_AHEAD].candidate], 1);
        }
      if (i + MAKE_AHEAD < end)
        {
          const Candidate *ahead = &job->candidates[by_row[i + MAKE_AHEAD].candidate];

          __builtin_prefetch (&tokens[sa[ahead->lb]]);
          FOR_BOUNDARY_SAMPLE (ahead, row, {
            __builtin_prefetch (&flags[sa[row]]);
            __builtin_prefetch (&flags[sa[row] + ahead->lcp]);
          });
        }
      /* The token after the last is a separator or has a boundary before
       * it: the stream always ends with a separator. */
      FOR_BOUNDARY_SAMPLE (c, row, {
        boundaries += (flags[sa[row]] & BAGU_BOUNDARY_CLAUSE)
                      + (flags[sa[row] + c->lcp] & BAGU_BOUNDARY_CLAUSE);
      });
      for (guint32 t = sa[c->lb]; t < sa[c->lb] + c->lcp; t++)
        n_slots += tokens[t] == BAGU_TOKEN_NUM || tokens[t] == BAGU_TOKEN_SLOT;
      boundary = (double) boundaries / (2.0 * n);
      job->measures[k] = (Measure) { boundary, phrase_score (boundary, c->df, c->lcp), n_slots };
    }
}

/* Place i takes the phrase of candidate keys[i].from, fetched ahead. */
#define PLACE_AHEAD 8

static void
place_part (guint part, gpointer data)
{
  MakeJob *job = data;
  guint end = (guint) ((guint64) job->n * (part + 1) / job->n_parts);

  for (guint i = (guint) ((guint64) job->n * part / job->n_parts); i < end; i++)
    {
      guint32 from = job->keys[i].from;
      const Candidate *c = &job->candidates[from];
      const Measure *m = &job->measures[from];

      if (i + PLACE_AHEAD < end)
        {
          __builtin_prefetch (&job->candidates[job->keys[i + PLACE_AHEAD].from]);
          __builtin_prefetch (&job->measures[job->keys[i + PLACE_AHEAD].from]);
        }
      job->phrases[i] = (BaguPhrase) {
        .id = i + 1,
        .length = c->lcp,
        .df = c->df,
        .count = c->rb - c->lb + 1,
        .lb = c->lb,
        .rb = c->rb,
        .n_slots = m->n_slots,
        .boundary = m->boundary,
        .score = m->score,
      };
    }
}

BaguPhraseSet *
bagu_phrases_find (const BaguCorpus *corpus, const BaguIndex *index,
                   const BaguPhraseOptions *options)
{
  BaguPhraseSet *set;
  g_autoptr(GArray) candidates = NULL;
  g_autofree GArray **parts = NULL;
  g_autofree guint32 *bounds = NULL;
  g_autofree Measure *measures = NULL;
  g_autofree ScoreKey *keys = NULL;
  g_autofree RowOrder *by_row = NULL;
  gsize total = 0, at;
  BaguDocLookup docs;
  guint n_parts = index_parts (index);
  WalkJob walk;
  MakeJob make;

  /* An index of repeats holds no shorter phrase. */
  g_return_val_if_fail (MAX (options->min_length, 1) >= index->min_length, NULL);
  set = g_new0 (BaguPhraseSet, 1);
  set->phrases = g_array_new (FALSE, TRUE, sizeof (BaguPhrase));
  set->corpus = corpus;
  set->index = index;
  set->doc_starts = bagu_corpus_document_starts (corpus);
  set->chars = bagu_char_index_new (corpus);
  if (index->n == 0 || corpus->documents->len == 0)
    return set;

  bounds = g_new (guint32, n_parts + 1);
  bounds[0] = 0;
  for (guint p = 1; p < n_parts; p++)
    {
      guint32 r = MAX ((guint32) ((guint64) index->n * p / n_parts), bounds[p - 1]);

      while (r < index->n && index->lcp[r] != 0)
        r++;
      bounds[p] = r;
    }
  bounds[n_parts] = index->n;
  parts = g_new0 (GArray *, n_parts);
  bagu_doc_lookup_init (&docs, set->doc_starts, corpus->documents->len);
  walk = (WalkJob) { corpus, index, &docs, MAX (options->min_length, 1),
                     MAX (options->min_docs, 2), bounds, parts };
  bagu_parallel_run (n_parts, walk_part, &walk);
  bagu_doc_lookup_clear (&docs);
  /* The parts joined onto the first, grown once to hold them all, each
   * let go once it is copied: no array of them all beside the parts. */
  candidates = parts[0];
  for (guint p = 1; p < n_parts; p++)
    total += parts[p]->len;
  at = candidates->len;
  g_array_set_size (candidates, (guint) (at + total));
  for (guint p = 1; p < n_parts; p++)
    {
      /* An empty part, or an empty whole, may have no data at all. */
      if (parts[p]->len > 0)
        memcpy ((Candidate *) candidates->data + at, parts[p]->data,
                parts[p]->len * sizeof (Candidate));
      at += parts[p]->len;
      g_clear_pointer (&parts[p], g_array_unref);
    }
  close_left (index, candidates, walk.min_length);

  measures = g_new (Measure, candidates->len);
  keys = g_new (ScoreKey, candidates->len);
  by_row = g_new (RowOrder, candidates->len);
  for (guint k = 0; k < candidates->len; k++)
    by_row[k] = (RowOrder) { g_array_index (candidates, Candidate, k).lb, k };
  bagu_radix_sort (by_row, candidates->len, sizeof (RowOrder),
                   (const gsize[]) { G_STRUCT_OFFSET (RowOrder, lb) }, 1);
  make = (MakeJob) { corpus, index, bagu_corpus_boundaries (corpus),
                     (const Candidate *) candidates->data, by_row, measures, keys, NULL,
                     candidates->len, n_parts };
  bagu_parallel_run (n_parts, measure_part, &make);
  g_clear_pointer (&by_row, g_free);
  rank_by_score (keys, make.candidates, measures, candidates->len);
  /* Every field of every phrase is written: no clearing. */
  g_array_unref (set->phrases);
  set->phrases = bagu_array_new (FALSE, sizeof (BaguPhrase), candidates->len);
  g_array_set_size (set->phrases, candidates->len);
  make.phrases = (BaguPhrase *) set->phrases->data;
  bagu_parallel_run (n_parts, place_part, &make);
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
bagu_phrase_forget (BaguPhrase *phrase)
{
  g_clear_pointer (&phrase->text, g_free);
  g_clear_pointer (&phrase->fills, g_ptr_array_unref);
}

void
bagu_phrase_set_free (BaguPhraseSet *set)
{
  if (set == NULL)
    return;
  for (guint i = 0; i < set->phrases->len; i++)
    bagu_phrase_forget (bagu_phrase_set_get (set, i));
  g_array_unref (set->phrases);
  g_free (set->doc_starts);
  bagu_char_index_free (set->chars);
  g_free (set);
}
