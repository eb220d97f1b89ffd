/* bagu-corpus.c: the corpus model: allocation, accessors, vocabulary. */
#include "config.h"

#include <pthread.h>
#include <string.h>

#include "bagu-corpus.h"
#include "bagu-utf8.h"

BaguCorpus *
bagu_corpus_new (void)
{
  BaguCorpus *corpus = g_new0 (BaguCorpus, 1);

  corpus->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) bagu_source_free);
  corpus->documents = g_array_new (FALSE, TRUE, sizeof (BaguDocument));
  corpus->paragraphs = g_array_new (FALSE, TRUE, sizeof (BaguParagraph));
  corpus->noise = g_array_new (FALSE, TRUE, sizeof (BaguNoise));
  corpus->strings = g_string_chunk_new (1024);
  corpus->words = g_ptr_array_new ();
  corpus->word_ids = g_hash_table_new (g_str_hash, g_str_equal);
  return corpus;
}

void
bagu_corpus_free (BaguCorpus *corpus)
{
  if (corpus == NULL)
    return;
  for (guint i = 0; i < corpus->documents->len; i++)
    g_free (bagu_corpus_document (corpus, i)->title);
  g_ptr_array_unref (corpus->sources);
  g_array_unref (corpus->documents);
  g_array_unref (corpus->paragraphs);
  g_array_unref (corpus->noise);
  g_string_chunk_free (corpus->strings);
  g_free (corpus->tokens);
  g_free (corpus->tok_start);
  g_free (corpus->tok_end);
  g_free (corpus->boundaries);
  g_hash_table_unref (corpus->word_ids);
  /* The words themselves live in corpus->strings. */
  g_ptr_array_unref (corpus->words);
  g_free (corpus);
}

void
bagu_source_free (BaguSource *source)
{
  if (source == NULL)
    return;
  g_free (source->path);
  g_free (source->text);
  g_free (source);
}

void
bagu_corpus_append (BaguCorpus *corpus, BaguCorpus *piece)
{
  guint first_source = corpus->sources->len;
  guint first_doc = corpus->documents->len;
  guint first_paragraph = corpus->paragraphs->len;
  guint first_noise = corpus->noise->len;
  guint32 first_token = corpus->n_tokens;
  g_autofree guint32 *word_id = g_new (guint32, piece->words->len + 1);

  /* The piece's words in the order it met them: the new ones among them
   * are numbered after the corpus's, in that order. */
  for (guint w = 0; w < piece->words->len; w++)
    {
      const char *word = g_ptr_array_index (piece->words, w);

      word_id[w] = bagu_corpus_word_id (corpus, word, strlen (word));
    }

  for (guint s = 0; s < piece->sources->len; s++)
    {
      BaguSource *source = g_steal_pointer (&piece->sources->pdata[s]);

      source->first_doc += first_doc;
      g_ptr_array_add (corpus->sources, source);
    }
  g_ptr_array_set_size (piece->sources, 0);
  for (guint d = 0; d < piece->documents->len; d++)
    {
      BaguDocument doc = *bagu_corpus_document (piece, d);

      doc.source += first_source;
      doc.first_paragraph += first_paragraph;
      doc.first_noise += first_noise;
      g_array_append_val (corpus->documents, doc);
    }
  /* The titles now belong to the corpus. */
  g_array_set_size (piece->documents, 0);
  for (guint p = 0; p < piece->paragraphs->len; p++)
    {
      BaguParagraph para = *bagu_corpus_paragraph (piece, p);

      para.doc += first_doc;
      para.first_token += first_token;
      g_array_append_val (corpus->paragraphs, para);
    }
  g_array_set_size (piece->paragraphs, 0);
  for (guint n = 0; n < piece->noise->len; n++)
    {
      BaguNoise noise = *bagu_corpus_noise (piece, n);

      noise.doc += first_doc;
      noise.rule = g_string_chunk_insert_const (corpus->strings, noise.rule);
      g_array_append_val (corpus->noise, noise);
    }
  g_array_set_size (piece->noise, 0);

  bagu_corpus_reserve_tokens (corpus, piece->n_tokens);
  for (gsize t = 0; t < piece->n_tokens; t++)
    {
      guint32 token = piece->tokens[t];

      corpus->tokens[first_token + t] = BAGU_TOKEN_IS_WORD (token)
                                        ? word_id[token - BAGU_TOKEN_WORD_BASE] : token;
    }
  memcpy (corpus->tok_start + first_token, piece->tok_start, piece->n_tokens * sizeof (guint32));
  memcpy (corpus->tok_end + first_token, piece->tok_end, piece->n_tokens * sizeof (guint32));
  corpus->n_tokens += piece->n_tokens;
  piece->n_tokens = 0;
}

guint
bagu_corpus_add_source (BaguCorpus *corpus, BaguSource *source)
{
  g_ptr_array_add (corpus->sources, source);
  return corpus->sources->len - 1;
}

const char *
bagu_document_text (const BaguCorpus *corpus, const BaguDocument *doc)
{
  return bagu_corpus_source (corpus, doc->source)->text + doc->byte_start;
}

gsize
bagu_document_text_len (const BaguDocument *doc)
{
  return doc->byte_end - doc->byte_start;
}

char *
bagu_document_name (const BaguCorpus *corpus, const BaguDocument *doc)
{
  const BaguSource *source = bagu_corpus_source (corpus, doc->source);

  if (doc->article == 0)
    return g_strdup (source->path);
  return g_strdup_printf ("%s#%u", source->path, doc->article);
}

void
bagu_corpus_reserve_tokens (BaguCorpus *corpus, gsize extra)
{
  gsize want = corpus->n_tokens + extra;
  gsize alloc = corpus->tokens_alloc;

  if (want <= alloc)
    return;
  if (alloc < 4096)
    alloc = 4096;
  while (alloc < want)
    alloc *= 2;
  corpus->tokens = g_renew (guint32, corpus->tokens, alloc);
  corpus->tok_start = g_renew (guint32, corpus->tok_start, alloc);
  corpus->tok_end = g_renew (guint32, corpus->tok_end, alloc);
  corpus->tokens_alloc = alloc;
}

void
bagu_corpus_shrink_tokens (BaguCorpus *corpus)
{
  gsize n = MAX (corpus->n_tokens, 1);

  corpus->tokens = g_renew (guint32, corpus->tokens, n);
  corpus->tok_start = g_renew (guint32, corpus->tok_start, n);
  corpus->tok_end = g_renew (guint32, corpus->tok_end, n);
  corpus->tokens_alloc = n;
}

guint32
bagu_corpus_word_id (BaguCorpus *corpus, const char *word, gsize len)
{
  char stackbuf[128];
  g_autofree char *heapbuf = NULL;
  char *key;
  gpointer value;
  char *copy;

  /* The lookup key needs a NUL; avoid an allocation for ordinary words. */
  if (len < sizeof stackbuf)
    key = stackbuf;
  else
    key = heapbuf = g_malloc (len + 1);
  memcpy (key, word, len);
  key[len] = '\0';

  value = g_hash_table_lookup (corpus->word_ids, key);
  if (value != NULL)
    return BAGU_TOKEN_WORD_BASE + GPOINTER_TO_UINT (value) - 1;

  copy = g_string_chunk_insert_len (corpus->strings, word, len);
  g_ptr_array_add (corpus->words, copy);
  g_hash_table_insert (corpus->word_ids, copy, GUINT_TO_POINTER (corpus->words->len));
  return BAGU_TOKEN_WORD_BASE + corpus->words->len - 1;
}

guint32 *
bagu_corpus_document_starts (const BaguCorpus *corpus)
{
  guint n_docs = corpus->documents->len;
  guint32 *starts = g_new (guint32, n_docs + 1);

  starts[n_docs] = corpus->n_tokens;
  /* A document without paragraphs starts where the next one does. */
  for (guint d = n_docs; d-- > 0;)
    {
      const BaguDocument *doc = bagu_corpus_document (corpus, d);

      starts[d] = doc->n_paragraphs > 0
                  ? bagu_corpus_paragraph (corpus, doc->first_paragraph)->first_token
                  : starts[d + 1];
    }
  return starts;
}

guint32
bagu_document_of_token (const guint32 *starts, guint32 n_docs, guint32 pos)
{
  guint32 a = 0, b = n_docs;

  /* The last document whose start is at or before pos: that is the one
   * with tokens, when empty documents share its start. */
  while (b - a > 1)
    {
      guint32 mid = a + (b - a) / 2;

      if (starts[mid] <= pos)
        a = mid;
      else
        b = mid;
    }
  return a;
}

BaguCharIndex *
bagu_char_index_new (const BaguCorpus *corpus)
{
  BaguCharIndex *ci = g_new0 (BaguCharIndex, 1);
  guint n_docs = corpus->documents->len;
  gsize total = 0;

  ci->first = g_new (guint32, n_docs + 1);
  for (guint d = 0; d < n_docs; d++)
    {
      ci->first[d] = total;
      total += bagu_corpus_document (corpus, d)->n_chars / BAGU_CHAR_INDEX_STEP + 1;
    }
  ci->first[n_docs] = total;
  ci->checkpoints = g_new (guint32, total);
  for (guint d = 0; d < n_docs; d++)
    {
      const BaguDocument *doc = bagu_corpus_document (corpus, d);
      const char *text = bagu_document_text (corpus, doc);
      const char *end = text + bagu_document_text_len (doc);
      guint32 *cp = ci->checkpoints + ci->first[d];
      const char *p = text;

      for (guint32 k = 0; k <= doc->n_chars / BAGU_CHAR_INDEX_STEP; k++)
        {
          cp[k] = p - text;
          p = bagu_utf8_skip (p, end, BAGU_CHAR_INDEX_STEP);
        }
    }
  return ci;
}

void
bagu_char_index_free (BaguCharIndex *ci)
{
  if (ci == NULL)
    return;
  g_free (ci->checkpoints);
  g_free (ci->first);
  g_free (ci);
}

gsize
bagu_char_index_byte (const BaguCharIndex *ci, const BaguCorpus *corpus,
                      guint32 doc, guint32 offset)
{
  const BaguDocument *d = bagu_corpus_document (corpus, doc);
  const char *text = bagu_document_text (corpus, d);
  const char *p = text + ci->checkpoints[ci->first[doc] + offset / BAGU_CHAR_INDEX_STEP];

  return bagu_utf8_skip (p, text + bagu_document_text_len (d), offset % BAGU_CHAR_INDEX_STEP)
         - text;
}

static gboolean
ends_sentence (gunichar c)
{
  switch (c)
    {
    case 0x3002: /* 。 */ case 0xFF01: /* ！ */ case 0xFF1F: /* ？ */
    case 0xFF1B: /* ； */ case 0xFF0E: /* ． */ case 0x2026: /* … */
    case '.': case '!': case '?': case ';':
      return TRUE;
    default:
      return FALSE;
    }
}

/* One pass over the text, so that boundary tests cost a lookup. */
static guint8 *
boundary_flags (const BaguCorpus *corpus)
{
  const guint8 edge = BAGU_BOUNDARY_CLAUSE | BAGU_BOUNDARY_SENTENCE;
  guint8 *flags = g_new0 (guint8, corpus->n_tokens + 1);

  for (guint i = 0; i < corpus->paragraphs->len; i++)
    {
      const BaguParagraph *para = bagu_corpus_paragraph (corpus, i);
      const char *text = bagu_document_text (corpus, bagu_corpus_document (corpus, para->doc));
      const char *p = text + para->byte_start;
      guint32 c = para->start;
      guint32 end = para->first_token + para->n_tokens;

      flags[para->first_token] = edge;
      for (guint32 t = para->first_token; t <= end; t++)
        {
          /* Walk the text from the previous token's end to this token. */
          guint32 gap_start = t > para->first_token ? corpus->tok_end[t - 1] : para->start;

          if (corpus->tokens[t] == BAGU_TOKEN_SEP)
            {
              flags[t] = edge;
              if (t + 1 <= end)
                flags[t + 1] = edge;
            }
          for (; c < gap_start; c++)
            p = g_utf8_next_char (p);
          for (; c < corpus->tok_start[t]; c++, p = g_utf8_next_char (p))
            {
              gunichar ch = g_utf8_get_char (p);

              if (ends_sentence (ch))
                flags[t] |= edge;
              else if (g_unichar_ispunct (ch))
                flags[t] |= BAGU_BOUNDARY_CLAUSE;
            }
        }
    }
  return flags;
}

/* The threads that ask for the boundaries meet under a POSIX mutex, which
 * thread checkers see through (GLib's once-only initialisation is built
 * without them, and its hand-over would look like a race). */
static pthread_mutex_t boundaries_lock = PTHREAD_MUTEX_INITIALIZER;

const guint8 *
bagu_corpus_boundaries (const BaguCorpus *corpus)
{
  /* A cache: the corpus itself does not change. */
  BaguCorpus *self = (BaguCorpus *) corpus;
  const guint8 *flags;

  pthread_mutex_lock (&boundaries_lock);
  if (self->boundaries == NULL)
    self->boundaries = boundary_flags (corpus);
  flags = self->boundaries;
  pthread_mutex_unlock (&boundaries_lock);
  return flags;
}
