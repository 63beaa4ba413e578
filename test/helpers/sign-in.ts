// Signs a test agent in through the real pages: password, then the authenticator code when the account has one.
// Example: const agent = await signedInAgent(testApp, owner);
import { expect } from 'vitest';
import { totpCode } from '../../src/features/accounts/two-factor.ts';
import type { TestUser } from '../factories/users.ts';
import type { TestApp } from './build-test-app.ts';
import { HttpAgent } from './http-agent.ts';

export async function signIn(agent: HttpAgent, t: Pick<TestApp, 'clock'>, user: TestUser): Promise<void> {
  const res = await agent.submit('/sign-in', { email: user.email, password: user.password });
  expect(res.statusCode, res.body.slice(0, 2000)).toBe(303);
  if (res.headers.location === '/sign-in/two-factor') {
    const code = await agent.submit('/sign-in/two-factor', { code: totpCode(user.totpSecret!, t.clock.now()) });
    expect(code.statusCode, code.body.slice(0, 2000)).toBe(303);
    // The same code cannot be used twice; later sign-ins in one test move on to the next 30-second step.
    t.clock.advance({ seconds: 30 });
  }
}

export async function signedInAgent(t: TestApp, user: TestUser, options: ConstructorParameters<typeof HttpAgent>[1] = {}): Promise<HttpAgent> {
  const agent = new HttpAgent(t.app, options);
  await signIn(agent, t, user);
  return agent;
}

/** A browser's cookies for the app at `baseUrl`, signed in as `user`: for a Playwright context's addCookies. */
export type BrowserCookies = { name: string; value: string; url: string }[];

/** Signs `user` in over HTTP and hands the session to browsers. Example: await context.addCookies(await signedInBrowserCookies(b.testApp, owner, b.baseUrl)); */
export async function signedInBrowserCookies(t: TestApp, user: TestUser, baseUrl: string): Promise<BrowserCookies> {
  return [...(await signedInAgent(t, user)).cookies].map(([name, value]) => ({ name, value, url: baseUrl }));
}
