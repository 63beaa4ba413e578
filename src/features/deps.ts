// What every feature's routes receive from buildApp: settings, the database and the clock.
import type { Config } from '../config.ts';
import type { Database, Db } from '../db/types.ts';
import type { Jobs } from '../jobs/boss.ts';
import type { Clock } from '../lib/clock.ts';
import type { MailContext } from './mail/service.ts';

export interface FeatureDeps {
  config: Config;
  database: Database;
  db: Db;
  clock: Clock;
  jobs: Jobs;
  mail: MailContext;
}
