// The whole schema in one object, for drizzle's relational queries and for drizzle-kit.
export * from './events.ts';
export * from './content.ts';
export * from './mail.ts';
export * from './access-tokens.ts';
export * from './accounts.ts';
export * from './agenda.ts';
export * from './registration.ts';
export * from './personal-agendas.ts';
export * from './calendar-invites.ts';
