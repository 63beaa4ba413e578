// A rename in the public changelog, told in the reader's language: the old title as they read it, or, when only the
// other language's title changed, that one, named.
import { describe, expect, it } from 'vitest';
import { renamedDetail } from '../../src/features/agenda/public-pages.ts';

describe('renamedDetail', () => {
  const before = { en: 'Opening', 'zh-CN': '开幕' };

  it('gives the old title in the reader’s language when that one changed', () => {
    expect(renamedDetail(before, { en: 'Opening ceremony', 'zh-CN': '开幕式' }, 'zh-CN')).toBe('原标题“开幕”');
    expect(renamedDetail(before, { en: 'Opening ceremony', 'zh-CN': '开幕' }, 'en')).toBe('Previously “Opening”');
  });

  it('names the other language when only its title changed, rather than "renamed from" the same words', () => {
    expect(renamedDetail(before, { en: 'Opening ceremony', 'zh-CN': '开幕' }, 'zh-CN')).toBe('英文标题原为“Opening”');
    expect(renamedDetail(before, { en: 'Opening', 'zh-CN': '开幕式' }, 'en')).toBe('Chinese title previously “开幕”');
  });

  it('falls back to the shown title when the other language had none before', () => {
    expect(renamedDetail({ en: 'Opening' }, { en: 'Opening', 'zh-CN': '开幕' }, 'en')).toBe('Previously “Opening”');
  });
});
