/* bagu-templates.h: finding the files bagu renders with and matches against. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * bagu_templates_path:
 * @name: a file name in templates/, such as "noise.rules"
 *
 * The file is looked up in $BAGU_TEMPLATES_DIR when that is set (running
 * from a build tree, tests), else in the installed data directory.
 *
 * Returns: (transfer full): the path; it may not exist
 */
char *bagu_templates_path (const char *name);

/**
 * bagu_samples_dir:
 *
 * The sample corpus analysed when no path is given: $BAGU_SAMPLES_DIR when
 * set, else the installed copy.
 *
 * Returns: (transfer full): a directory path
 */
char *bagu_samples_dir (void);

G_END_DECLS
