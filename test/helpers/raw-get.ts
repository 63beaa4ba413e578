// A GET over a real socket with the body as sent (no decompression), as a browser's network layer receives it: for
// what only a listening server does (the front door), which app.inject never reaches.
// Example: const { status, headers, body } = await rawGet(port, '/events/x/agenda', { 'accept-encoding': 'br' });
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

export function rawGet(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
