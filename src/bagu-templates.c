/* bagu-templates.c: finding templates and samples at run time. */
#include "config.h"

#include "bagu-templates.h"

char *
bagu_templates_path (const char *name)
{
  const char *dir = g_getenv ("BAGU_TEMPLATES_DIR");

  if (dir == NULL || *dir == '\0')
    dir = BAGU_PKGDATADIR;
  return g_build_filename (dir, name, NULL);
}

char *
bagu_samples_dir (void)
{
  const char *dir = g_getenv ("BAGU_SAMPLES_DIR");

  if (dir != NULL && *dir != '\0')
    return g_strdup (dir);
  return g_build_filename (BAGU_PKGDATADIR, "samples", NULL);
}
