// One plain HTTP request over node:http (cheap to load, so it does not skew a cold-start time); resolves to the status.
import http from 'node:http';

export interface PlainRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

const TIMEOUT_MS = 10_000;

/** Example: const status = await sendRequest('http://127.0.0.1:3000/'); */
export function sendRequest(url: string, { method = 'GET', headers = {}, body }: PlainRequest = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers, agent: false, timeout: TIMEOUT_MS }, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode ?? 0));
      response.once('error', reject);
    });
    request.once('timeout', () => request.destroy(new Error(`no answer from ${url} within ${TIMEOUT_MS / 1000} s`)));
    request.once('error', reject);
    request.end(body);
  });
}
