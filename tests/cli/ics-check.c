/* Read an iCalendar file back with libical, as calendar programs do:
 * print the number of events, then each event's start, end and summary,
 * one per line. Exit 1 when the file does not parse. */
#include <stdio.h>
#include <stdlib.h>

#include <libical/ical.h>

int main(int argc, char **argv)
{
    FILE *f;
    char *text;
    long size;
    icalcomponent *cal, *ev;
    int events = 0;

    if (argc != 2 || !(f = fopen(argv[1], "rb")))
        return 2;
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fseek(f, 0, SEEK_SET);
    text = malloc((size_t)size + 1);
    if (!text || fread(text, 1, (size_t)size, f) != (size_t)size)
        return 2;
    text[size] = '\0';
    fclose(f);
    cal = icalparser_parse_string(text);
    free(text);
    if (!cal || icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT)
        return 1;
    for (ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
         ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
        events++;
    printf("%d\n", events);
    for (ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
         ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
        printf("%s %s %s\n",
               icaltime_as_ical_string(icalcomponent_get_dtstart(ev)),
               icaltime_as_ical_string(icalcomponent_get_dtend(ev)),
               icalcomponent_get_summary(ev));
    icalcomponent_free(cal);
    return 0;
}
