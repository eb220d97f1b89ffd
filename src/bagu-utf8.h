/* bagu-utf8.h: counting the characters of decoded text. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The characters of the valid UTF-8 text p[0 … n_bytes): its bytes that do
 * not continue a character.  One test a byte, which the compiler turns
 * into vector code; g_utf8_strlen steps a character at a time. */
static inline gsize
bagu_utf8_length (const char *p, gsize n_bytes)
{
  const guchar *u = (const guchar *) p;
  gsize n = 0;

  for (gsize i = 0; i < n_bytes; i++)
    n += (u[i] & 0xC0) != 0x80;
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

G_END_DECLS
