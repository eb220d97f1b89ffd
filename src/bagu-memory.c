/* bagu-memory.c: large arrays backed by huge pages where the system allows. */
#include "config.h"

#include <string.h>
#include <sys/mman.h>

#include "bagu-memory.h"

#define HUGE_PAGE ((gsize) 2 << 20)

void
bagu_memory_advise (gpointer data, gsize size)
{
#ifdef MADV_HUGEPAGE
  guintptr start = ((guintptr) data + HUGE_PAGE - 1) & ~(guintptr) (HUGE_PAGE - 1);
  guintptr end = ((guintptr) data + size) & ~(guintptr) (HUGE_PAGE - 1);

  /* Only a hint: where huge pages are off the call fails, harmlessly. */
  if (data != NULL && end > start)
    (void) madvise ((void *) start, end - start, MADV_HUGEPAGE);
#else
  (void) data, (void) size;
#endif
}

gpointer
bagu_memory_new (gsize size)
{
  gpointer data = g_malloc (size);

  if (size >= 2 * HUGE_PAGE)
    bagu_memory_advise (data, size);
  return data;
}

GArray *
bagu_array_new (gboolean clear, guint element_size, gsize reserved)
{
  GArray *array;

  reserved = MIN (reserved, ((gsize) 1 << 30) / element_size);
  array = g_array_sized_new (FALSE, clear, element_size, (guint) reserved);
  if (reserved * element_size >= 2 * HUGE_PAGE)
    bagu_memory_advise (array->data, reserved * element_size);
  return array;
}

gpointer
bagu_memory_new0 (gsize size)
{
  gpointer data;

  if (size < 2 * HUGE_PAGE)
    return g_malloc0 (size);
  /* calloc may write the zeros itself, before the advice could count. */
  data = g_malloc (size);
  bagu_memory_advise (data, size);
  memset (data, 0, size);
  return data;
}
