// home: GET / of the real app against L0, a bare Fastify "hello", one after the other in the same run.
import { describeAppServer } from '../lib/app-server.ts';
import { describeL0Server } from '../lib/baseline-servers.ts';
import { type LoadRequest, measureLoad } from '../lib/measure-load.ts';
import { reportProgress } from '../lib/report-progress.ts';
import { type Scenario, compareWithBaseline } from '../lib/scenario.ts';
import { withServer } from '../lib/spawn-server.ts';

const GET_HOME: LoadRequest = { path: '/', expectStatus: 200 };

export const homeScenario: Scenario = {
  name: 'home',
  async run({ settings, appData }) {
    const data = await appData();
    const load = `${settings.durationSeconds} s after ${settings.warmupSeconds} s warm-up, ${settings.connections} connections`;
    reportProgress(`home: measuring L0 hello (${load})`);
    const baseline = await withServer(describeL0Server(), (server) => measureLoad(server, GET_HOME, settings));
    reportProgress(`home: measuring the app (${load})`);
    const app = await withServer(describeAppServer(data), (server) => measureLoad(server, GET_HOME, settings));
    const database = data.databaseUrl ? 'PostgreSQL' : 'embedded PGlite';
    return {
      kind: 'load',
      name: 'home',
      title: `home: GET / of the app (on ${database}) vs L0, ${load}`,
      rows: [baseline, compareWithBaseline(app, baseline)],
    };
  },
};
