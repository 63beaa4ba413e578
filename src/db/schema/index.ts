// The whole schema in one object, for drizzle's relational queries and for drizzle-kit.
export * from './events.ts';
export * from './content.ts';
export * from './mail.ts';
export * from './access-tokens.ts';
export * from './accounts.ts';
export * from './agenda.ts';
export * from './registration-setup.ts';
export * from './registration.ts';
export * from './personal-agendas.ts';
export * from './registration-bulk.ts';
export * from './registration-imports.ts';
export * from './badges.ts';
export * from './check-in.ts';
export * from './calendar-invites.ts';
export * from './session-reminders.ts';
export * from './speaker-invitations.ts';
export * from './speaker-portal.ts';
