/* bagu-tokenize.h: paragraphs to the flat token stream of the corpus.
 *
 * Text is NFKC-normalised on the fly.  A CJK character (or one of another
 * unsegmented script) is one token; a run of letters of an alphabetic script
 * is one case-folded word token; a run of digits (with decimal points, digit
 * group commas and a trailing %) is BAGU_TOKEN_NUM; an anonymisation
 * placeholder (X, XX, xxx, *, ＊, --, _, ××, △△, ○○ …) is BAGU_TOKEN_SLOT.
 * Punctuation, symbols and white space are not tokens.  Inside a word, an
 * apostrophe (don't, don’t) or a hyphen between letters (co-operate) joins
 * it.  One character may give several tokens (NFKC turns ㍿ into 株式会社);
 * they all carry that character's offsets. */
#pragma once

#include <glib.h>
#include "bagu-corpus.h"

G_BEGIN_DECLS

/**
 * bagu_tokenize_span:
 * @corpus: receives the tokens (and new words in its vocabulary)
 * @text: a document's text
 * @byte_start: where to start, in bytes of @text
 * @byte_end: where to stop
 * @char_start: the character offset of @byte_start in @text
 * @skip: (array length=n_skip) (nullable): noise spans of the document,
 *   sorted by start; text inside them produces no token
 *
 * Appends the tokens of text[byte_start, byte_end) to the corpus token
 * arrays with their character offsets in @text.  No separator is appended.
 * @byte_start, @byte_end and the bounds of the skip spans must fall on
 * character boundaries.
 *
 * Returns: the number of tokens appended
 */
guint32 bagu_tokenize_span (BaguCorpus *corpus, const char *text,
                            gsize byte_start, gsize byte_end, guint32 char_start,
                            const BaguNoise *skip, guint n_skip);

/**
 * bagu_tokenize_document:
 *
 * Tokenizes every paragraph of document @doc_index, filling in their
 * first_token and n_tokens and appending a BAGU_TOKEN_SEP after each.
 * Noise inside a paragraph produces no token; a BAGU_TOKEN_SEP (with the
 * noise's start as its offsets) stands between the tokens before and after
 * it.
 */
void bagu_tokenize_document (BaguCorpus *corpus, guint doc_index);

/**
 * bagu_token_to_string:
 *
 * Returns: (transfer full): "<NUM>", "<SLOT>", "<SEP>", the character or the word
 */
char *bagu_token_to_string (const BaguCorpus *corpus, guint32 token);

G_END_DECLS
