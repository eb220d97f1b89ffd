/* bagu-noise.c: reading noise and structure rule files. */
#include "config.h"

#include <string.h>

#include "bagu-noise.h"
#include "bagu-parallel.h"

BAGU_DEFINE_QUARK (bagu-noise-error-quark, bagu_noise_error)

static void
rule_free (BaguNoiseRule *rule)
{
  g_free (rule->name);
  if (rule->regex != NULL)
    g_regex_unref (rule->regex);
  pcre2_code_free (rule->code);
  g_free (rule);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BaguNoiseRule, rule_free)

/* @pattern with the options GRegex gives a pattern compiled without
 * flags (UTF-8 with Unicode properties, so that \d and \s take in
 * fullwidth digits and the ideographic space; any newline; \R any
 * Unicode newline) and, as G_REGEX_OPTIMIZE does, for the JIT where there
 * is one (where not, the interpreter matches the same). */
static pcre2_code *
compile_pattern (const char *pattern, GError **error)
{
  pcre2_compile_context *context = pcre2_compile_context_create (NULL);
  pcre2_code *code;
  int code_error;
  PCRE2_SIZE offset;

  pcre2_set_newline (context, PCRE2_NEWLINE_ANY);
  pcre2_set_bsr (context, PCRE2_BSR_UNICODE);
  code = pcre2_compile ((PCRE2_SPTR) pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP,
                        &code_error, &offset, context);
  pcre2_compile_context_free (context);
  if (code == NULL)
    {
      PCRE2_UCHAR message[256];

      if (pcre2_get_error_message (code_error, message, sizeof message) < 0)
        g_strlcpy ((char *) message, "unknown error", sizeof message);
      g_set_error (error, BAGU_NOISE_ERROR, BAGU_NOISE_ERROR_PATTERN,
                   "bad pattern: %s at offset %" G_GSIZE_FORMAT, (const char *) message,
                   (gsize) offset);
      return NULL;
    }
  (void) pcre2_jit_compile (code, PCRE2_JIT_COMPLETE);
  return code;
}

gboolean
bagu_noise_rule_match (const BaguNoiseRule *rule, const char *subject, gsize len, gsize from,
                       pcre2_match_data *md)
{
  int rc = pcre2_match (rule->code, (PCRE2_SPTR) subject, len, from, PCRE2_NO_UTF_CHECK, md, NULL);

  if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
    rc = pcre2_match (rule->code, (PCRE2_SPTR) subject, len, from,
                      PCRE2_NO_UTF_CHECK | PCRE2_NO_JIT, md, NULL);
  return rc >= 0;
}

BaguNoiseRules *
bagu_noise_rules_new (void)
{
  BaguNoiseRules *rules = g_new0 (BaguNoiseRules, 1);

  rules->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) rule_free);
  return rules;
}

void
bagu_noise_rules_free (BaguNoiseRules *rules)
{
  if (rules == NULL)
    return;
  g_ptr_array_unref (rules->rules);
  g_free (rules);
}

static gboolean
parse_kind (const char *word, BaguNoiseRuleKind *kind)
{
  static const struct { const char *name; BaguNoiseRuleKind kind; } kinds[] = {
    { "line", BAGU_NOISE_RULE_LINE },
    { "span", BAGU_NOISE_RULE_SPAN },
    { "page", BAGU_NOISE_RULE_PAGE },
    { "article", BAGU_NOISE_RULE_ARTICLE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (strcmp (word, kinds[i].name) == 0)
      {
        *kind = kinds[i].kind;
        return TRUE;
      }
  return FALSE;
}

/* Splits off the next white-space separated word of *cursor. */
static char *
next_word (const char **cursor)
{
  const char *p = *cursor;
  const char *start;

  while (*p == ' ' || *p == '\t')
    p++;
  start = p;
  while (*p != '\0' && *p != ' ' && *p != '\t')
    p++;
  *cursor = p;
  return p > start ? g_strndup (start, p - start) : NULL;
}

static BaguNoiseRule *
parse_rule (const char *line, GError **error)
{
  const char *cursor = line;
  g_autofree char *kind_word = next_word (&cursor);
  g_autoptr(BaguNoiseRule) rule = g_new0 (BaguNoiseRule, 1);
  g_autoptr(GError) local_error = NULL;
  const char *pattern;

  rule->name = next_word (&cursor);
  while (*cursor == ' ' || *cursor == '\t')
    cursor++;
  pattern = cursor;
  if (kind_word == NULL || rule->name == NULL || *pattern == '\0')
    {
      g_set_error_literal (error, BAGU_NOISE_ERROR, BAGU_NOISE_ERROR_SYNTAX,
                           "expected KIND NAME PATTERN");
      return NULL;
    }
  if (!parse_kind (kind_word, &rule->kind))
    {
      g_set_error (error, BAGU_NOISE_ERROR, BAGU_NOISE_ERROR_KIND,
                   "unknown rule kind '%s' (expected line, span, page or article)",
                   kind_word);
      return NULL;
    }
  rule->regex = g_regex_new (pattern, G_REGEX_OPTIMIZE, 0, &local_error);
  if (rule->regex == NULL)
    {
      g_set_error (error, BAGU_NOISE_ERROR, BAGU_NOISE_ERROR_PATTERN,
                   "bad pattern: %s", local_error->message);
      return NULL;
    }
  rule->code = compile_pattern (pattern, error);
  if (rule->code == NULL)
    return NULL;
  if ((rule->kind == BAGU_NOISE_RULE_PAGE || rule->kind == BAGU_NOISE_RULE_ARTICLE)
      && g_regex_get_capture_count (rule->regex) < 1)
    {
      g_set_error (error, BAGU_NOISE_ERROR, BAGU_NOISE_ERROR_PATTERN,
                   "a %s rule needs a group that captures the number", kind_word);
      return NULL;
    }
  return g_steal_pointer (&rule);
}

gboolean
bagu_noise_rules_add_data (BaguNoiseRules *rules, const char *data, gssize len,
                           const char *origin, GError **error)
{
  g_autoptr(GPtrArray) parsed = g_ptr_array_new_with_free_func ((GDestroyNotify) rule_free);
  g_auto(GStrv) lines = NULL;
  g_autofree char *copy = NULL;

  if (len < 0)
    len = strlen (data);
  if (!g_utf8_validate_len (data, len, NULL))
    {
      g_set_error (error, BAGU_NOISE_ERROR, BAGU_NOISE_ERROR_SYNTAX,
                   "%s: not valid UTF-8", origin);
      return FALSE;
    }
  copy = g_strndup (data, len);
  if (strlen (copy) != (gsize) len)
    {
      g_set_error (error, BAGU_NOISE_ERROR, BAGU_NOISE_ERROR_SYNTAX,
                   "%s: contains a NUL byte", origin);
      return FALSE;
    }
  lines = g_strsplit (copy, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      gsize n = strlen (line);
      BaguNoiseRule *rule;

      if (n > 0 && line[n - 1] == '\r')
        line[--n] = '\0';
      g_strchug (line);
      if (line[0] == '\0' || line[0] == '#')
        continue;
      rule = parse_rule (line, error);
      if (rule == NULL)
        {
          g_prefix_error (error, "%s:%u: ", origin, i + 1);
          return FALSE;
        }
      g_ptr_array_add (parsed, rule);
    }

  g_ptr_array_extend_and_steal (rules->rules, g_steal_pointer (&parsed));
  return TRUE;
}

gboolean
bagu_noise_rules_add_file (BaguNoiseRules *rules, const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize len;
  g_autoptr(GError) local_error = NULL;

  if (!g_file_get_contents (path, &data, &len, &local_error))
    {
      g_set_error (error, BAGU_NOISE_ERROR, BAGU_NOISE_ERROR_READ,
                   "%s: %s", path, local_error->message);
      return FALSE;
    }
  return bagu_noise_rules_add_data (rules, data, len, path, error);
}

/* The value of one Chinese numeral character, or -1. */
static int
chinese_digit (gunichar c)
{
  switch (c)
    {
    case 0x96F6: case 0x3007: return 0;  /* 零 〇 */
    case 0x4E00: return 1;               /* 一 */
    case 0x4E8C: case 0x4E24: return 2;  /* 二 两 */
    case 0x4E09: return 3;
    case 0x56DB: return 4;
    case 0x4E94: return 5;
    case 0x516D: return 6;
    case 0x4E03: return 7;
    case 0x516B: return 8;
    case 0x4E5D: return 9;
    default: return -1;
    }
}

static int
chinese_unit (gunichar c)
{
  switch (c)
    {
    case 0x5341: return 10;    /* 十 */
    case 0x767E: return 100;   /* 百 */
    case 0x5343: return 1000;  /* 千 */
    default: return -1;
    }
}

guint
bagu_noise_parse_number (const char *text, gssize len)
{
  const char *end;
  guint total = 0;
  int pending = -1;   /* a digit waiting for its unit */
  gboolean any = FALSE;

  if (len < 0)
    len = strlen (text);
  end = text + len;
  if (len > 0 && g_ascii_isdigit (text[0]))
    {
      for (const char *p = text; p < end; p++)
        {
          if (!g_ascii_isdigit (*p) || total > 100000)
            return 0;
          total = total * 10 + (*p - '0');
        }
      return total;
    }
  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      int digit = chinese_digit (c);
      int unit = chinese_unit (c);

      if (digit >= 0)
        pending = digit;
      else if (unit > 0)
        {
          /* 十 alone at the start means 10, as in 十一. */
          total += (pending < 0 ? 1 : pending) * unit;
          pending = -1;
        }
      else
        return 0;
      any = TRUE;
    }
  if (pending > 0)
    total += pending;
  return any && total < 10000 ? total : 0;
}
