/* migrate.h: pagefeed migrate, a store copied between SQLite and PostgreSQL. */
#ifndef PAGEFEED_MIGRATE_H
#define PAGEFEED_MIGRATE_H

/* argv[0] is "migrate".  Returns the exit status: 0, 1 failed, 2 usage. */
int	 migrate_main(int argc, char *argv[]);

#endif
