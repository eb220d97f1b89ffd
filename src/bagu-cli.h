/* bagu-cli.h: the bagu command line, callable in-process. */
#pragma once

/* Runs bagu with the given arguments (argv[0] is the program name) and
 * returns a BaguExit code.  Prints to stdout and stderr. */
int bagu_cli_run (int argc, char **argv);
