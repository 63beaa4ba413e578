// A local SMTP server for the mail benchmark: accepts everything and notes when each Message-ID was accepted.
// Example: const sink = await startSmtpSink(); … sink.acceptedAt.get('<id@host>') → performance.now() at acceptance
import { performance } from 'node:perf_hooks';
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  /** smtp://127.0.0.1:<port> for SMTP_URL. */
  url: string;
  /** Message-ID → performance.now() when the server answered 250 to its DATA. */
  acceptedAt: Map<string, number>;
  /** Messages accepted, Message-ID or not (a duplicate delivery counts twice here and once in acceptedAt). */
  received(): number;
  /** Resolves once `count` distinct Message-IDs were accepted, or with false after `timeoutMs`. */
  waitFor(count: number, timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

const MESSAGE_ID = /^message-id:\s*(<[^>\r\n]+>)/im;
const HEADER_END = '\r\n\r\n';

export async function startSmtpSink(): Promise<SmtpSink> {
  const acceptedAt = new Map<string, number>();
  let received = 0;
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    maxClients: 100,
    onData(stream, _session, callback) {
      // Only the header block is kept, and only until it is complete: no MIME parsing.
      let head = '';
      let headDone = false;
      stream.on('data', (chunk: Buffer) => {
        if (headDone) return;
        head += chunk.toString('latin1');
        const end = head.indexOf(HEADER_END);
        if (end >= 0) {
          head = head.slice(0, end);
          headDone = true;
        }
      });
      stream.on('end', () => {
        const id = MESSAGE_ID.exec(head)?.[1];
        received++;
        if (id && !acceptedAt.has(id)) acceptedAt.set(id, performance.now());
        callback();
        for (const wake of waiters) wake();
      });
      stream.on('error', (error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    acceptedAt,
    received: () => received,
    waitFor(count, timeoutMs) {
      return new Promise((resolve) => {
        const check = () => {
          if (acceptedAt.size < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(true);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          resolve(false);
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
