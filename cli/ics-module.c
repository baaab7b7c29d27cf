/* The iCalendar writer module (ics.h): the only code of cancu that calls
 * libical, opened by the programs that write calendars. */
#include <stdlib.h>

#include <libical/ical.h>

#include "cli/ics.h"

/* An all-day date for iCalendar from ISO "YYYY-MM-DD". */
static struct icaltimetype ical_date(const char *iso)
{
    struct icaltimetype t = icaltime_from_string(iso);

    t.is_date = 1;
    return t;
}

static char *calendar(const cli_ics_event_t *events, size_t count)
{
    icalcomponent *cal = icalcomponent_vanew(
        ICAL_VCALENDAR_COMPONENT, icalproperty_new_version("2.0"),
        icalproperty_new_prodid("-//cancu//plan deadlines//VI"), NULL);
    char *text;

    for (size_t i = 0; i < count; i++) {
        const cli_ics_event_t *e = &events[i];
        /* An all-day event ends the day after its last day. */
        struct icaltimetype last = ical_date(e->end);
        icalcomponent *ev;

        icaltime_adjust(&last, 1, 0, 0, 0);
        ev = icalcomponent_vanew(
            ICAL_VEVENT_COMPONENT, icalproperty_new_uid(e->uid),
            icalproperty_new_summary(e->summary),
            icalproperty_new_description(e->description),
            icalproperty_new_dtstart(ical_date(e->start)),
            icalproperty_new_dtend(last),
            icalproperty_new_categories(e->category), NULL);
        icalcomponent_add_component(cal, ev);
    }
    text = icalcomponent_as_ical_string_r(cal);
    icalcomponent_free(cal);
    return text;
}

static void free_text(char *text)
{
    free(text);
}

static const cli_ics_module_t module = {CLI_ICS_ABI, sizeof module, calendar,
                                        free_text};

__attribute__((visibility("default"))) const cli_ics_module_t *
cancu_ics_module(int abi)
{
    return abi == CLI_ICS_ABI ? &module : NULL;
}
