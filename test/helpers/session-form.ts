// The organiser's session form as tests fill it in: a keynote in English with wall times in the event’s zone, a room,
// and the people on it with their role and answer.
// Example: await organiser.post(`/admin/events/${id}/agenda`, { ...token, ...sessionFormFields({ title: 'Opening', room: rooms[0], from: '2027-03-27 09:00', to: '2027-03-27 09:45', people: [] }) })
export interface SessionPersonLine {
  speakerId: string;
  role: string;
  answer: string;
}

export interface SessionFormInput {
  title: string;
  abstract?: string;
  /** The room’s id. */
  roomId: string;
  from: string;
  to: string;
  status?: string;
  people: SessionPersonLine[];
}

export function sessionFormFields(s: SessionFormInput): Record<string, string> {
  const fields: Record<string, string> = {
    type: 'keynote',
    titleEn: s.title,
    titleZh: '',
    abstractEn: s.abstract ?? '',
    abstractZh: '',
    roomId: s.roomId,
    trackId: '',
    startsAt: s.from,
    endsAt: s.to,
    language: 'en',
    interpretation: '',
    capacity: '',
    status: s.status ?? 'scheduled',
  };
  s.people.forEach((p, i) => Object.assign(fields, { [`person${i + 1}`]: p.speakerId, [`role${i + 1}`]: p.role, [`answer${i + 1}`]: p.answer }));
  return fields;
}
