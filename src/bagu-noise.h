/* bagu-noise.h: noise and structure rules, read from data files.
 *
 * A rule file has one rule a line: KIND NAME PATTERN, separated by white
 * space, where PATTERN (the rest of the line) is a Perl-compatible regular
 * expression matched against one line of text at a time.  Blank lines and
 * lines starting with '#' are ignored.  The kinds:
 *
 *   line     the whole line is noise when PATTERN matches anywhere in it
 *   span     every match of PATTERN inside a line is noise
 *   page     a page number at the start of a line, left by a document
 *            sharing site's page breaks; group 1 is the number.  A run of
 *            such lines numbered 1, 2, 3 … that break mid-sentence is
 *            joined back into one paragraph and the numbers are noise.
 *   article  the heading of an article in a compilation (第一篇: …); group 1
 *            is the article number, in Arabic or Chinese numerals.  The
 *            match is kept out of the analysis; the rest of the line is the
 *            article's title.
 */
#pragma once

#include <glib.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

G_BEGIN_DECLS

#define BAGU_NOISE_ERROR (bagu_noise_error_quark ())
GQuark bagu_noise_error_quark (void);

typedef enum {
  BAGU_NOISE_ERROR_SYNTAX,   /* a line that is not KIND NAME PATTERN */
  BAGU_NOISE_ERROR_KIND,     /* an unknown KIND */
  BAGU_NOISE_ERROR_PATTERN,  /* a PATTERN that does not compile */
  BAGU_NOISE_ERROR_READ,     /* the file could not be read */
} BaguNoiseError;

typedef enum {
  BAGU_NOISE_RULE_LINE,
  BAGU_NOISE_RULE_SPAN,
  BAGU_NOISE_RULE_PAGE,
  BAGU_NOISE_RULE_ARTICLE,
} BaguNoiseRuleKind;

typedef struct {
  BaguNoiseRuleKind kind;
  char *name;
  GRegex *regex;
  /* The same pattern, compiled as GRegex compiles it, for the segmenter:
   * a GRegex match makes and frees its match data and checks the line's
   * UTF-8 on every call, and there are several calls a line. */
  pcre2_code *code;
} BaguNoiseRule;

typedef struct {
  GPtrArray *rules;  /* BaguNoiseRule*, in the order read */
} BaguNoiseRules;

/**
 * bagu_noise_rule_match:
 * @subject: valid UTF-8 (it is not checked), @len bytes
 * @md: match data with room for the groups of @rule
 *
 * Looks for @rule's pattern in @subject from byte @from on, as GRegex
 * would, but for a match too deep for the JIT's stack: GRegex reports
 * none, and this looks again without the JIT.
 *
 * Returns: whether it matched; where and its groups are in @md
 */
gboolean bagu_noise_rule_match (const BaguNoiseRule *rule, const char *subject, gsize len,
                                gsize from, pcre2_match_data *md);

BaguNoiseRules *bagu_noise_rules_new (void);
void bagu_noise_rules_free (BaguNoiseRules *rules);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BaguNoiseRules, bagu_noise_rules_free)

/**
 * bagu_noise_rules_add_data:
 * @data: the text of a rule file
 * @len: its length in bytes, or -1 when NUL-terminated
 * @origin: a name for error messages (a path)
 *
 * Parses rules and appends them.  On error nothing is appended, and the
 * message names @origin and the line.
 */
gboolean bagu_noise_rules_add_data (BaguNoiseRules *rules, const char *data,
                                    gssize len, const char *origin, GError **error);

gboolean bagu_noise_rules_add_file (BaguNoiseRules *rules, const char *path,
                                    GError **error);

/* Parses a page or article number: Arabic digits or Chinese numerals up to
 * 9999 (一, 十一, 二十三, 一百零五, 两千).  Returns 0 when it is neither. */
guint bagu_noise_parse_number (const char *text, gssize len);

G_END_DECLS
