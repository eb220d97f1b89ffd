/* bagu-memory.c: arrays with room reserved up to a known bound. */
#include "config.h"

#include "bagu-memory.h"

GArray *
bagu_array_new (gboolean clear, guint element_size, gsize reserved)
{
  reserved = MIN (reserved, ((gsize) 1 << 30) / element_size);
  return g_array_sized_new (FALSE, clear, element_size, (guint) reserved);
}
