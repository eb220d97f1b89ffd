/* tests/test-util.h: small helpers shared by the CMocka unit tests. */
#pragma once

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <glib.h>

/* The path of a file in the source tree (transfer full). */
static inline char *
test_srcpath (const char *first, ...)
{
  va_list ap;
  GPtrArray *parts = g_ptr_array_new ();
  char *path;

  g_ptr_array_add (parts, (gpointer) TEST_SRCDIR);
  g_ptr_array_add (parts, (gpointer) first);
  va_start (ap, first);
  for (const char *p = va_arg (ap, const char *); p != NULL; p = va_arg (ap, const char *))
    g_ptr_array_add (parts, (gpointer) p);
  va_end (ap);
  g_ptr_array_add (parts, NULL);
  path = g_build_filenamev ((char **) parts->pdata);
  g_ptr_array_free (parts, TRUE);
  return path;
}

/* The five sample documents, in sorted order. */
static const char *const test_samples[] = {
  "000_cde10974dd315319.txt",
  "001_894489832352a9b2.txt",
  "002_eef47a82924a2744.txt",
  "003_ed1b43c7f12bdb89.txt",
  "004_28473338c6d0f06c.txt",
};

#define assert_error_matches(err, error_domain, error_code) \
  do { \
    assert_non_null (err); \
    assert_int_equal ((err)->domain, (error_domain)); \
    assert_int_equal ((err)->code, (error_code)); \
  } while (0)
