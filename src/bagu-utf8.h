/* bagu-utf8.h: counting the characters of decoded text, and checking it. */
#pragma once

#include <string.h>

#include <glib.h>

G_BEGIN_DECLS

/* The characters of the valid UTF-8 text p[0 … n_bytes): its bytes that do
 * not continue a character, counted eight at a time (a continuing byte has
 * its top bit set and the next one clear, and the bytes' flags are summed
 * by a multiplication), and the last few one at a time;
 * g_utf8_strlen steps a character at a time, and the compiler does not
 * make vector code of a test a byte at the optimisation bagu is built
 * with. */
static inline gsize
bagu_utf8_length (const char *p, gsize n_bytes)
{
  const guchar *u = (const guchar *) p;
  gsize n = n_bytes, i = 0;

  for (; i + 8 <= n_bytes; i += 8)
    {
      guint64 w;

      memcpy (&w, u + i, sizeof w);
      /* A 1 in each continuing byte, summed into the top byte. */
      w = (w & ~(w << 1) & G_GUINT64_CONSTANT (0x8080808080808080)) >> 7;
      n -= (gsize) ((w * G_GUINT64_CONSTANT (0x0101010101010101)) >> 56);
    }
  for (; i < n_bytes; i++)
    n -= (u[i] & 0xC0) == 0x80;
  return n;
}

/* Where the character @n characters on from p starts, in valid UTF-8 text
 * that ends at @end (or @end, if the text ends first).  A block of 16 bytes
 * holds 16 character starts at most: blocks whose starts are all to be
 * passed are counted whole, as bagu_utf8_length does, and only the last
 * few characters (and a short skip's all) are stepped through one at a
 * time, where g_utf8_next_char steps through every one. */
static inline const char *
bagu_utf8_skip (const char *p, const char *end, gsize n)
{
  const guchar *u = (const guchar *) p, *e = (const guchar *) end;

  while (n >= 8 && e - u >= 16)
    {
      gsize starts = bagu_utf8_length ((const char *) u, 16);

      if (starts > n)
        break;
      n -= starts;
      u += 16;
    }
  /* The rest of a character whose start was counted. */
  while (u < e && (*u & 0xC0) == 0x80)
    u++;
  for (; n > 0 && u < e; n--)
    u = (const guchar *) g_utf8_next_char (u);
  return (const char *) MIN (u, e);
}

/* Whether the eight bytes at @p are all ASCII and none is NUL: in each,
 * the top bit clear, and the low seven bits, plus 0x7F, carrying into it. */
static inline gboolean
bagu_utf8_ascii_word (const guchar *p)
{
  const guint64 low = G_GUINT64_CONSTANT (0x7F7F7F7F7F7F7F7F);
  const guint64 top = G_GUINT64_CONSTANT (0x8080808080808080);
  guint64 w;

  memcpy (&w, p, sizeof w);
  return (w & top) == 0 && (((w & low) + low) & top) == top;
}

/* g_utf8_validate_len, with what most documents are made of checked here
 * first, in fewer instructions a byte than GLib's loop takes: ASCII but
 * NUL (eight bytes at a time where a byte of it starts eight), and the
 * two- and three-byte characters that are valid whatever their
 * continuation bytes (lead bytes C2-DF, E1-EC and EE-EF), which are all
 * of Chinese text but the rare character.  From the first other
 * character on, GLib checks the rest, so the answer is GLib's. */
static inline gboolean
bagu_utf8_validate_len (const char *data, gsize len, const char **end)
{
  const guchar *p = (const guchar *) data, *e = p + len;

  while (p < e)
    {
      guchar b0 = p[0];

      if (b0 >= 0xE1 && b0 <= 0xEF && b0 != 0xED && e - p >= 3
          && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80)
        p += 3;
      else if (b0 >= 0x01 && b0 < 0x80)
        p += e - p >= 8 && bagu_utf8_ascii_word (p) ? 8 : 1;
      else if (b0 >= 0xC2 && b0 <= 0xDF && e - p >= 2 && (p[1] & 0xC0) == 0x80)
        p += 2;
      else
        return g_utf8_validate_len ((const char *) p, e - p, end);
    }
  if (end != NULL)
    *end = (const char *) e;
  return TRUE;
}

G_END_DECLS
