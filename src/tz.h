/*
 * tz.h: IANA time zones read from TZif files, without touching the
 * process-wide TZ (no setenv, tzset, mktime or localtime anywhere).
 */
#ifndef PAGEFEED_TZ_H
#define PAGEFEED_TZ_H

#include <time.h>

struct tz;

/*
 * Loads zone NAME ("Europe/London") from the system zoneinfo directory
 * (/usr/share/zoneinfo, overridable by the TZDIR environment variable).
 * NULL, "UTC", "Etc/UTC" and "GMT" give UTC without reading files.
 * Returns the zone or NULL with *cause set (caller frees), e.g.
 * "unknown time zone 'Europe/Lodon'".
 */
struct tz	*tz_load(const char *name, char **cause);
void		 tz_free(struct tz *);	/* accepts NULL */
const char	*tz_name(const struct tz *);
/* Offset from UTC in seconds in effect at instant t.  A NULL zone is UTC. */
long		 tz_offset_at(const struct tz *, time_t t);
/*
 * Converts a wall-clock time in the zone (tm_year..tm_sec as from strptime,
 * other fields ignored) to UTC.  A NULL zone is UTC.  Ambiguous times take
 * the offset in effect before the transition: the earlier instant in an
 * overlap, standard time in a spring-forward gap (so 01:30 in a 01:00-02:00
 * gap becomes 02:30 summer time).  Years 1..9999, seconds 0..60, hour 24
 * only as 24:00:00.  Returns 0, or -1 when the fields are out of range.
 */
int		 tz_local_to_utc(const struct tz *, const struct tm *, time_t *out);

#endif
