// A real SMTP server on a free local port that parses every message it receives, so tests read mail as a person would.
// Example: const mail = await startSmtpCatcher(); … const [message] = await mail.waitFor(1);
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SmtpCatcher {
  /** smtp://127.0.0.1:<port> for SMTP_URL. */
  url: string;
  messages: ParsedMail[];
  /** Resolves once at least `count` messages arrived, or rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  /** The first message (received or still to come) addressed to `address`; rejects after `timeoutMs`. */
  waitForTo(address: string, timeoutMs?: number): Promise<ParsedMail>;
  /** Messages addressed to `address` so far. */
  to(address: string): ParsedMail[];
  clear(): void;
  close(): Promise<void>;
}

export interface SmtpCatcherOptions {
  /** Return an SMTP reply code and text to refuse a recipient (e.g. [550, '5.1.1 No such user']). */
  rejectRecipient?: (address: string) => [number, string] | undefined;
  /** Return a reply code and text to refuse a message after DATA (e.g. [451, '4.3.0 Try again later']). */
  rejectMessage?: (count: number) => [number, string] | undefined;
  /** Called with the raw DATA before the server answers; a test can kill the sender here. */
  beforeAccept?: (raw: Buffer) => void | Promise<void>;
}

function addressedTo(message: ParsedMail, address: string): boolean {
  const to = Array.isArray(message.to) ? message.to : message.to ? [message.to] : [];
  return to.some((group) => group.value.some((mailbox) => mailbox.address?.toLowerCase() === address.toLowerCase()));
}

function smtpError(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

export async function startSmtpCatcher(options: SmtpCatcherOptions = {}): Promise<SmtpCatcher> {
  let attempts = 0;
  const messages: ParsedMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const refusal = options.rejectRecipient?.(address.address);
      callback(refusal ? smtpError(refusal[0], refusal[1]) : undefined);
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        attempts += 1;
        const refusal = options.rejectMessage?.(attempts);
        if (refusal) return callback(smtpError(refusal[0], refusal[1]));
        const raw = Buffer.concat(chunks);
        await options.beforeAccept?.(raw);
        simpleParser(raw)
        .then((parsed) => {
          messages.push(parsed);
          for (const wake of waiters) wake();
          callback();
        })
        .catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor(count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve([...messages]);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} mail(s), got ${messages.length} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    waitForTo(address, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find((m) => addressedTo(m, address));
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no mail to ${address} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    to: (address) => messages.filter((m) => addressedTo(m, address)),
    clear() {
      messages.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
