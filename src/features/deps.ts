// What every feature's routes receive from buildApp: settings, the database and the clock.
import type { Config } from '../config.ts';
import type { Database, Db } from '../db/types.ts';
import type { Clock } from '../lib/clock.ts';

export interface FeatureDeps {
  config: Config;
  database: Database;
  db: Db;
  clock: Clock;
}
