/* bagu.c: the bagu command; everything happens in libbagu. */
#include "config.h"

#include "bagu-cli.h"

int
main (int argc, char **argv)
{
  return bagu_cli_run (argc, argv);
}
