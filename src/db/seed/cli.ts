// `npm run seed` loads demo data into an empty database; `npm run seed -- --reset` wipes events first and reloads.
import { ConfigError, loadConfig } from '../../config.ts';
import { systemClock } from '../../lib/clock.ts';
import { createMailRenderer } from '../../features/mail/render.ts';
import { startJobs } from '../../jobs/boss.ts';
import { createDb, DatabaseUnreachableError } from '../client.ts';
import { migrateDb } from '../migrate.ts';
import { demoUsersText, seedDemoData, seedDemoDataIfEmpty, wipeDemoData, type DemoSeedResult } from './demo.ts';

async function main(): Promise<void> {
  const reset = process.argv.includes('--reset');
  const config = loadConfig();
  const database = await createDb(config);
  try {
    await migrateDb(database);
    // Demo mails are queued with the events; the server's worker delivers them (to the outbox without SMTP_URL).
    const jobs = await startJobs(database, { supervise: false });
    const mail = { config, renderer: createMailRenderer(), jobs };
    let written: DemoSeedResult;
    try {
      if (reset) {
        await wipeDemoData(database.db);
        written = await seedDemoData(database.db, systemClock, mail);
      } else {
        written = await seedDemoDataIfEmpty(database.db, systemClock, mail);
      }
    } finally {
      await jobs.stop(2000);
    }
    process.stdout.write(
      written.events > 0
        ? `Loaded ${written.events} demo events into ${database.location}.\n${demoUsersText(written.users)}`
        : `The database already holds events; nothing loaded. Use "npm run seed -- --reset" to wipe and reload.\n`,
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof DatabaseUnreachableError;
  process.stderr.write(`Seeding failed: ${known ? (error as Error).message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
