// Parses urlencoded form bodies, refusing invalid UTF-8 instead of silently keeping "%FF" or "�" in the data, and
// NUL, which is no text and which PostgreSQL cannot store (it would fail later as a server error).
// Example: parseFormBody('name=%E5%BC%A0') → { name: '张' }; parseFormBody('name=%FF') throws a 422 AppError
import { parse } from 'fast-querystring';
import { AppError } from './errors.ts';

// 422: the body arrived whole, but what it says cannot be used.
const badEncoding = () => new AppError(422, 'errors.badEncoding');

export function parseFormBody(body: string): Record<string, unknown> {
  // Raw bytes that were not UTF-8 arrive as U+FFFD after decoding the buffer.
  if (body.includes('\uFFFD') || body.includes('\u0000')) throw badEncoding();
  for (const part of body.split(/[&=]/)) {
    if (!part.includes('%')) continue;
    let decoded: string;
    try {
      decoded = decodeURIComponent(part.replace(/\+/g, ' '));
    } catch {
      throw badEncoding();
    }
    if (decoded.includes('\u0000')) throw badEncoding();
  }
  return parse(body) as Record<string, unknown>;
}
