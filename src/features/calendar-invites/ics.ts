// The iCalendar file of one speaker's invitation to one session (iTIP, RFC 5546): METHOD:REQUEST to put it in their
// calendar or update it, METHOD:CANCEL to take it out, with the UID and SEQUENCE that tie the mails together.
// Times are UTC instants (…Z): given a zone, ical-generator would shift a plain Date by the server's own offset.
// Example: buildInviteIcs({ method: 'REQUEST', uid, sequence: 0, stamp: clock.now(), … })
import { icalText } from '../../lib/ical-text.ts';
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { InviteMethod } from '../../db/schema/index.ts';
import type { Locale } from '../../i18n/index.ts';

export interface InviteIcsInput {
  method: InviteMethod;
  uid: string;
  sequence: number;
  /** DTSTAMP: when this mail was made. */
  stamp: Date;
  startsAt: Date;
  endsAt: Date;
  title: string;
  location: string;
  description: string;
  url: string;
  /** The mail's own From address (no-reply), named after the event: nobody reads replies there, so none are asked for. */
  organizer: { name: string; email: string };
  attendee: { name: string; email: string; accepted: boolean };
  locale: Locale;
  /** The event's IANA zone, named for the apps (X-WR-TIMEZONE); the times themselves are instants. */
  timezone: string;
}

export function buildInviteIcs(input: InviteIcsInput): string {
  const calendar = ical({
    prodId: { company: 'Forum Desk', product: 'Speaker invitations', language: input.locale === 'zh-CN' ? 'ZH' : 'EN' },
    method: input.method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  calendar.createEvent({
    id: input.uid,
    sequence: input.sequence,
    stamp: input.stamp,
    start: input.startsAt,
    end: input.endsAt,
    summary: input.title,
    description: input.description || null,
    location: input.location || null,
    url: input.url,
    status: input.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: input.organizer.name, email: input.organizer.email },
    attendees: [
      {
        name: input.attendee.name,
        email: input.attendee.email,
        role: ICalAttendeeRole.REQ,
        status: input.attendee.accepted ? ICalAttendeeStatus.ACCEPTED : ICalAttendeeStatus.NEEDSACTION,
        // RSVP=FALSE: an Accept/Decline from a calendar app would go to the no-reply ORGANIZER and change nothing;
        // speakers answer through their invitation link, as the mail says.
        rsvp: false,
      },
    ],
  });
  return icalText(calendar, [['X-WR-TIMEZONE', input.timezone]]);
}
