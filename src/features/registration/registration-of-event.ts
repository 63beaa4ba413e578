// The event and one of its registrations, for the organisers' pages of that registration (its detail, correction and
// cancellation pages). A registration of another event is as unknown as a made-up id: 404 either way.
// Example: const { event, registration } = await loadRegistrationOfEvent(db, request.params.eventId, request.params.registrationId);
import type { Db } from '../../db/types.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import { getEventById } from '../events/service.ts';
import { findRegistration } from './queries.ts';

export async function loadRegistrationOfEvent(db: Db, eventId: string, registrationId: string) {
  const event = await getEventById(db, eventId);
  const registration = isUuid(registrationId) ? await findRegistration(db, registrationId.toLowerCase()) : undefined;
  if (!registration || registration.eventId !== event.id) throw new NotFoundError('registration');
  return { event, registration };
}
