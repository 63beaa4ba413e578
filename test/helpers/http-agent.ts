// A browser-like client over app.inject: keeps cookies, reads the CSRF token from the page it loaded, submits forms.
// Example: const agent = new HttpAgent(app); await agent.submit('/sign-in', { email, password });
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

export class HttpAgent {
  readonly app: FastifyInstance;
  readonly cookies = new Map<string, string>();
  lang: string;
  /** Extra headers sent with every request (e.g. a fixed user agent). */
  headers: Record<string, string>;
  remoteAddress: string;

  constructor(app: FastifyInstance, options: { lang?: string; remoteAddress?: string; headers?: Record<string, string> } = {}) {
    this.app = app;
    this.lang = options.lang ?? 'en';
    // Each agent is a different person on a different network, as in real use (rate limits count per address).
    this.remoteAddress = options.remoteAddress ?? randomPrivateAddress();
    this.headers = options.headers ?? {};
  }

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  #remember(res: LightMyRequestResponse): void {
    for (const cookie of res.cookies as { name: string; value: string; expires?: Date; maxAge?: number }[]) {
      const gone = cookie.value === '' || (cookie.expires && cookie.expires.getTime() <= Date.now()) || cookie.maxAge === 0;
      if (gone) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({ method: 'GET', url, remoteAddress: this.remoteAddress, headers: { 'accept-language': this.lang, ...this.headers, cookie: this.cookieHeader, ...headers } });
    this.#remember(res);
    return res;
  }

  /** Posts a form; a list value repeats the field (checkboxes). */
  async post(url: string, fields: Record<string, string | readonly string[]> = {}, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const payload = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) for (const one of [value].flat()) payload.append(name, one);
    const res = await this.app.inject({
      method: 'POST',
      url,
      remoteAddress: this.remoteAddress,
      headers: { 'accept-language': this.lang, 'content-type': 'application/x-www-form-urlencoded', ...this.headers, cookie: this.cookieHeader, ...headers },
      payload: payload.toString(),
    });
    this.#remember(res);
    return res;
  }

  /** Loads `page`, then posts `fields` to `action` (default: the page) with the page's CSRF token and hidden fields. */
  async submit(page: string, fields: Record<string, string | readonly string[]>, action = page): Promise<LightMyRequestResponse> {
    const res = await this.get(page);
    if (res.statusCode !== 200) throw new Error(`GET ${page} → ${res.statusCode}`);
    return this.post(action, { ...hiddenFields(res.body, action), ...fields });
  }

  /** Follows a 303 once and returns the page it leads to. */
  async follow(res: LightMyRequestResponse): Promise<LightMyRequestResponse> {
    const location = res.headers.location;
    if (!location) throw new Error(`no redirect (status ${res.statusCode})`);
    return this.get(String(location));
  }
}

/** The hidden inputs of the form posting to `action` (or of the first form): _csrf, _started, next … */
export function hiddenFields(html: string, action?: string): Record<string, string> {
  const forms = [...html.matchAll(/<form\b[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)];
  // Of several forms to the same address (a page's GET form beside its POST form), the one that posts (has a CSRF token).
  const same = forms.filter((f) => decode(f[1]!) === action);
  const form = same.find((f) => /name="_csrf"/.test(f[2]!)) ?? same[0] ?? forms.find((f) => /name="_csrf"/.test(f[2]!));
  const source = form?.[2] ?? html;
  const fields: Record<string, string> = {};
  for (const m of source.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[m[1]!] = decode(m[2]!);
  return fields;
}

/** Like hiddenFields, but a name given several times (ticked ids) keeps every value: a page that posts a form again. */
export function hiddenFieldLists(html: string, action: string): Record<string, string[]> {
  const form = [...html.matchAll(/<form\b[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)].find((f) => decode(f[1]!) === action);
  const fields: Record<string, string[]> = {};
  for (const m of (form?.[2] ?? '').matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) (fields[m[1]!] ??= []).push(decode(m[2]!));
  return fields;
}

export function csrfTokenIn(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token on the page');
  return m[1]!;
}

export function randomPrivateAddress(): string {
  const octet = () => Math.floor(Math.random() * 254) + 1;
  return `10.${octet()}.${octet()}.${octet()}`;
}

function decode(text: string): string {
  return text.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x3D;/g, '=').replace(/&#x2F;/g, '/').replace(/&#x60;/g, '`');
}
