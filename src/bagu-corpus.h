/* bagu-corpus.h: the corpus model that the pipeline stages fill in.
 *
 * Ownership: a BaguCorpus owns everything reachable from it; every pointer
 * handed out by the accessors here is (transfer none) and stays valid until
 * the corpus is freed.
 *
 * Offsets: `start`/`end` fields are character (code point) offsets into the
 * text of their document, end exclusive; `byte_*` fields are byte offsets into
 * the same text.  A document's text is the part of its source's decoded text
 * (byte-order mark removed, line ends as they were) between the document's
 * byte_start and byte_end. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Token ids.  Single-character tokens (CJK and other unsegmented scripts)
 * are their NFKC code point; word tokens are BAGU_TOKEN_WORD_BASE plus their
 * index in the corpus vocabulary. */
#define BAGU_TOKEN_SEP ((guint32) 0)   /* after every paragraph */
#define BAGU_TOKEN_NUM ((guint32) 1)   /* a run of digits, 3.5, 12% */
#define BAGU_TOKEN_SLOT ((guint32) 2)  /* an anonymisation placeholder: XX, *, △△ */
#define BAGU_TOKEN_WORD_BASE ((guint32) 0x110000)

#define BAGU_TOKEN_IS_WORD(t) ((t) >= BAGU_TOKEN_WORD_BASE)

typedef enum {
  BAGU_PARAGRAPHS_AUTO = 0,
  BAGU_PARAGRAPHS_LINES,   /* one paragraph per non-empty line */
  BAGU_PARAGRAPHS_BLOCKS,  /* blank-line-separated blocks of hard-wrapped text */
} BaguParagraphMode;

typedef struct {
  char *path;            /* as given on the command line or found in a directory */
  const char *encoding;  /* the encoding the bytes were decoded from (static string) */
  char *text;            /* decoded UTF-8, NUL-terminated */
  gsize text_len;        /* bytes, without the NUL */
  BaguParagraphMode mode;/* the paragraph convention detected or forced */
  guint first_doc;
  guint n_docs;
} BaguSource;

typedef struct {
  guint source;          /* index into the corpus sources */
  guint article;         /* 1-based article number in a compilation, 0 otherwise */
  gsize byte_start;      /* extent of the document in its source's text */
  gsize byte_end;
  guint32 char_start;    /* the same extent in characters of the source text */
  guint32 n_chars;       /* length of the document text in characters */
  char *title;
  guint first_paragraph;
  guint n_paragraphs;
  guint first_noise;
  guint n_noise;
} BaguDocument;

typedef struct {
  guint doc;
  guint32 start, end;            /* characters in the document text */
  guint32 byte_start, byte_end;  /* bytes in the document text */
  guint32 first_token;           /* into the corpus token arrays */
  guint32 n_tokens;              /* with the separators where noise interrupts the
                                  * paragraph, without the one that follows it */
} BaguParagraph;

typedef struct {
  guint doc;
  guint32 start, end;            /* characters in the document text */
  guint32 byte_start, byte_end;  /* bytes in the document text */
  const char *rule;              /* the rule's name, interned in the corpus */
} BaguNoise;

typedef struct {
  GPtrArray *sources;      /* BaguSource*, in sorted path order */
  GArray *documents;       /* BaguDocument */
  GArray *paragraphs;      /* BaguParagraph, in document order */
  GArray *noise;           /* BaguNoise, in document order, sorted by start */
  GStringChunk *strings;   /* interned rule names and the like */

  /* The token stream: flat arrays of n_tokens entries, a BAGU_TOKEN_SEP
   * after every paragraph and where noise interrupts one (no match runs
   * across a separator).  tok_start/tok_end are character offsets in the
   * document text of the token's paragraph. */
  guint32 *tokens;
  guint32 *tok_start;
  guint32 *tok_end;
  gsize n_tokens;
  gsize tokens_alloc;

  /* Word vocabulary: word i has token id BAGU_TOKEN_WORD_BASE + i. */
  GPtrArray *words;        /* char*, case-folded NFKC */
  GHashTable *word_ids;    /* char* -> GUINT_TO_POINTER (index + 1) */

  guint8 *boundaries;      /* made once, by bagu_corpus_boundaries() */
} BaguCorpus;

BaguCorpus *bagu_corpus_new (void);
void bagu_corpus_free (BaguCorpus *corpus);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BaguCorpus, bagu_corpus_free)

static inline BaguSource *
bagu_corpus_source (const BaguCorpus *corpus, guint i)
{
  return g_ptr_array_index (corpus->sources, i);
}

static inline BaguDocument *
bagu_corpus_document (const BaguCorpus *corpus, guint i)
{
  return &g_array_index (corpus->documents, BaguDocument, i);
}

static inline BaguParagraph *
bagu_corpus_paragraph (const BaguCorpus *corpus, guint i)
{
  return &g_array_index (corpus->paragraphs, BaguParagraph, i);
}

static inline BaguNoise *
bagu_corpus_noise (const BaguCorpus *corpus, guint i)
{
  return &g_array_index (corpus->noise, BaguNoise, i);
}

/* The document's text (transfer none, not NUL-terminated at the document end:
 * use bagu_document_text_len). */
const char *bagu_document_text (const BaguCorpus *corpus, const BaguDocument *doc);
gsize bagu_document_text_len (const BaguDocument *doc);

/* The name under which a document is reported: its source path, with "#N"
 * appended for article N of a compilation.  (transfer full) */
char *bagu_document_name (const BaguCorpus *corpus, const BaguDocument *doc);

/* Makes room for at least @extra more tokens in the token arrays. */
void bagu_corpus_reserve_tokens (BaguCorpus *corpus, gsize extra);

/* Gives back the room reserved beyond the tokens, once all are in. */
void bagu_corpus_shrink_tokens (BaguCorpus *corpus);

/* Returns the token id of a (case-folded, normalised) word, adding it to the
 * vocabulary when new. */
guint32 bagu_corpus_word_id (BaguCorpus *corpus, const char *word, gsize len);

/* The first token of every document, and n_tokens at the end: an array of
 * documents->len + 1 entries for bagu_document_of_token.  (transfer full) */
guint32 *bagu_corpus_document_starts (const BaguCorpus *corpus);

/* The document that token position @pos belongs to, by binary search in
 * @starts from bagu_corpus_document_starts. */
guint32 bagu_document_of_token (const guint32 *starts, guint32 n_docs, guint32 pos);

/* Character offsets to byte offsets in document texts: a checkpoint every
 * BAGU_CHAR_INDEX_STEP characters, so a lookup walks a few characters at
 * most instead of the text from its start. */
#define BAGU_CHAR_INDEX_STEP 32

typedef struct {
  guint32 *checkpoints;   /* byte offset of every STEP-th character, per document */
  guint32 *first;         /* per document, its first checkpoint; n_docs + 1 entries */
} BaguCharIndex;

BaguCharIndex *bagu_char_index_new (const BaguCorpus *corpus);
void bagu_char_index_free (BaguCharIndex *ci);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BaguCharIndex, bagu_char_index_free)

/* The byte offset in document @doc's text of its character @offset. */
gsize bagu_char_index_byte (const BaguCharIndex *ci, const BaguCorpus *corpus,
                            guint32 doc, guint32 offset);

/* For every token position, and one past the last, the boundary that
 * comes right before it: a clause boundary when it starts a paragraph, is
 * or follows a separator, or punctuation stands between it and the token
 * before; a sentence boundary as well at a paragraph edge or after
 * punctuation that ends a sentence (。！？；).
 * (transfer none): n_tokens + 1 flags, made at the first call and kept
 * with the corpus, which must not change after; threads may call it at
 * once, and wait for the one that makes them. */
#define BAGU_BOUNDARY_CLAUSE 1
#define BAGU_BOUNDARY_SENTENCE 2
const guint8 *bagu_corpus_boundaries (const BaguCorpus *corpus);

/* Moves everything of @piece (its sources, documents, paragraphs, noise
 * and tokens) to the end of @corpus, which then is as if they had been
 * loaded into it: word ids are those the words would have had, numbered
 * in the order they first occur.  @piece is left empty, to be freed. */
void bagu_corpus_append (BaguCorpus *corpus, BaguCorpus *piece);

/* Takes ownership of source and appends it; returns its index. */
guint bagu_corpus_add_source (BaguCorpus *corpus, BaguSource *source);
void bagu_source_free (BaguSource *source);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BaguSource, bagu_source_free)

G_END_DECLS
