// A door's card and counts as the reader sees them: texts in their language, times in the event's zone. The page
// and the JSON endpoints share it, so the scanner script shows exactly what the page without JavaScript shows.
import { Type } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import { translate, type Locale } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/datetime.ts';
import { pickLocalized } from '../../lib/localized.ts';
import type { CategoryCount } from './queries.ts';
import type { TicketCard } from './service.ts';
import { mayUndoAtDoor } from './undo-window.ts';

export const ShownCard = Type.Object({
  person: Type.Union([
    Type.Object({
      registrationId: Type.String(),
      name: Type.String(),
      nameZh: Type.Union([Type.String(), Type.Null()]),
      organisation: Type.String(),
      category: Type.String(),
      status: Type.String(),
      statusText: Type.String(),
    }),
    Type.Null(),
  ]),
  warnings: Type.Array(Type.Object({ code: Type.String(), text: Type.String() })),
  checkIn: Type.Union([
    Type.Object({
      id: Type.String(),
      at: Type.String(),
      atText: Type.String(),
      door: Type.String(),
      /** Whether the card offers Undo, as a small second action: only at the door that made it, soon after (undo-window.ts). */
      undoable: Type.Boolean(),
    }),
    Type.Null(),
  ]),
  /** Whether one tap admits the person: nothing stands in the way. */
  admissible: Type.Boolean(),
  /** A ticket of another event (no person shown): the card's heading says so. */
  otherEvent: Type.Boolean(),
});
export type ShownCard = Static<typeof ShownCard>;

/** Where and when the card is shown: the door asking (null when it named none) and the time now. */
export interface CardViewer {
  door: string | null;
  now: Date;
}

export function showCard(card: TicketCard, locale: Locale, zone: string, viewer: CardViewer): ShownCard {
  const atText = card.checkIn ? formatDateTime(card.checkIn.at, zone, locale) : '';
  const otherEvent = pickLocalized(card.otherEvent, locale)?.text ?? '';
  return {
    person: card.person && {
      registrationId: card.person.registrationId,
      name: card.person.name,
      nameZh: card.person.nameZh,
      organisation: card.person.organisation,
      category: pickLocalized(card.person.categoryName, locale)?.text ?? '',
      status: card.person.status,
      statusText: translate(locale, `registration.statuses.${card.person.status}`),
    },
    warnings: card.warnings.map((code) => ({ code, text: translate(locale, `checkIn.warnings.${code}`, { time: atText, door: card.checkIn?.door ?? '', event: otherEvent }) })),
    checkIn: card.checkIn && { id: card.checkIn.id, at: card.checkIn.at.toISOString(), atText, door: card.checkIn.door, undoable: mayUndoAtDoor(card.checkIn, viewer.door, viewer.now) },
    admissible: card.warnings.length === 0,
    otherEvent: card.warnings.includes('other-event'),
  };
}

export const ShownCounts = Type.Object({
  categories: Type.Array(Type.Object({ categoryId: Type.String(), name: Type.String(), checkedIn: Type.Integer(), expected: Type.Integer() })),
  total: Type.Object({ checkedIn: Type.Integer(), expected: Type.Integer() }),
});
export type ShownCounts = Static<typeof ShownCounts>;

export function showCounts(counts: CategoryCount[], locale: Locale): ShownCounts {
  return {
    categories: counts.map((c) => ({ categoryId: c.categoryId, name: pickLocalized(c.name, locale)?.text ?? '', checkedIn: c.checkedIn, expected: c.expected })),
    total: { checkedIn: counts.reduce((n, c) => n + c.checkedIn, 0), expected: counts.reduce((n, c) => n + c.expected, 0) },
  };
}
