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

G_END_DECLS
