/* bagu-templates.c: finding templates and samples at run time. */
#include "config.h"

#include "bagu-templates.h"

/* The environment wins; then the installed copy; then, so that a freshly
 * built bagu runs before `make install`, the source tree it was built from. */
static char *
find (const char *env, const char *installed, const char *uninstalled, const char *name)
{
  const char *dir = g_getenv (env);
  g_autofree char *path = NULL;

  if (dir != NULL && *dir != '\0')
    return g_build_filename (dir, name, NULL);
  path = g_build_filename (installed, name, NULL);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&path);
  g_autofree char *fallback = g_build_filename (uninstalled, name, NULL);
  if (g_file_test (fallback, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&fallback);
  return g_steal_pointer (&path);
}

char *
bagu_templates_path (const char *name)
{
  return find ("BAGU_TEMPLATES_DIR", BAGU_PKGDATADIR, BAGU_SRCDIR "/templates", name);
}

char *
bagu_samples_dir (void)
{
  return find ("BAGU_SAMPLES_DIR", BAGU_PKGDATADIR "/samples", BAGU_SRCDIR "/samples", "");
}
