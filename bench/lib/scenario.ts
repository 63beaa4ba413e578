// The shape of a scenario and of what it hands back, shared by run.ts, the scenarios, the printer and the JSON file.
import type { AppData } from './app-server.ts';
import type { BenchSettings } from './bench-settings.ts';
import type { Measurement } from './measure-load.ts';

export interface BenchContext {
  settings: BenchSettings;
  /** The app's data for load scenarios (PostgreSQL with BENCH_DATABASE_URL, else embedded), migrated and seeded once per run. */
  appData(): Promise<AppData>;
  /** An embedded-PGlite DATA_DIR, migrated and seeded once per run. */
  embeddedAppData(): Promise<AppData>;
}

export interface MeasuredRow extends Measurement {
  /** This row's req/s divided by the baseline's; absent on baseline rows. */
  ratio?: number;
}

/** One measurement of the mail scenario: messages delivered per second and commit → SMTP acceptance latency. */
export interface MailRow {
  target: string;
  messages: number;
  /** How many the SMTP server accepted within the time limit. */
  delivered: number;
  /** Absent when the sending was paced on purpose (idle latency). */
  perSecond?: number;
  p50Ms: number;
  p99Ms: number;
}

export type ScenarioResult =
  | { kind: 'load'; name: string; title: string; rows: MeasuredRow[]; goals?: string[] }
  | { kind: 'skipped'; name: string; reason: string }
  | { kind: 'cold-start'; name: string; title: string; runsMs: number[]; medianMs: number }
  | { kind: 'mail'; name: string; title: string; rows: MailRow[]; goals: string[] };

export interface Scenario {
  /** What `npm run bench <name>` takes. */
  name: string;
  run(context: BenchContext): Promise<ScenarioResult>;
}

/** The app's row, with its ratio to the baseline's req/s. */
export function compareWithBaseline(app: Measurement, baseline: Measurement): MeasuredRow {
  return { ...app, ratio: baseline.reqPerSec > 0 ? app.reqPerSec / baseline.reqPerSec : 0 };
}
