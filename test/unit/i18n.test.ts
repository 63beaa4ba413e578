// Locale files: every shipped language has every key; lookup, interpolation, plurals and negotiation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOCALES, MESSAGES, isLocale, matchLocale, negotiateLocale, translate } from '../../src/i18n/index.ts';

type Tree = { [key: string]: string | Tree };
const PLURAL_FORMS = new Set(['zero', 'one', 'two', 'few', 'many', 'other']);
const isPlural = (node: Tree) => Object.keys(node).every((k) => PLURAL_FORMS.has(k)) && 'other' in node;

/** Leaf keys, with plural groups counted as one key. */
function keysOf(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) => {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string' || isPlural(value)) return [full];
    return keysOf(value, full);
  });
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}

describe('locale files', () => {
  const reference = keysOf(MESSAGES.en as Tree).sort();

  it.each(LOCALES)('%s has exactly the keys English has', (locale) => {
    expect(keysOf(MESSAGES[locale] as Tree).sort()).toEqual(reference);
  });

  // A plural group holds the forms its language uses, and English's too, so that every file has every key (what the
  // project's key check and translators read). A form the language never picks (Chinese has only "other") repeats
  // its "other" word for word: it is never shown, and so it cannot drift from the text that is.
  it.each(LOCALES)('%s plural groups hold its own forms and English\'s, the unused ones equal to "other"', (locale) => {
    const forms = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    const englishForms = new Intl.PluralRules('en').resolvedOptions().pluralCategories;
    const expected = [...new Set([...forms, ...englishForms])].sort();
    const groups = (tree: Tree, prefix = ''): [string, Record<string, string>][] =>
      Object.entries(tree).flatMap(([key, value]) => {
        const full = prefix ? `${prefix}.${key}` : key;
        if (typeof value === 'string') return [];
        return isPlural(value) ? [[full, value as Record<string, string>] as [string, Record<string, string>]] : groups(value, full);
      });
    const found = groups(MESSAGES[locale] as Tree);
    expect(found.length).toBeGreaterThan(20);
    for (const [key, group] of found) {
      // `zero` is optional in every language: an explicit form for 0, which no language's plural rule has.
      expect(Object.keys(group).filter((form) => form !== 'zero').sort(), `${locale} ${key}`).toEqual(expected);
      for (const form of Object.keys(group).filter((f) => f !== 'zero' && !(forms as string[]).includes(f))) expect(group[form], `${locale} ${key}.${form}`).toBe(group.other);
    }
  });

  // A translation may leave a placeholder out (Chinese omits the UTC offset for Beijing time), never invent one.
  it.each(LOCALES)('%s uses only placeholders English has', (locale) => {
    for (const key of reference) {
      const en = placeholders(translate('en', key, { count: 2 }));
      const other = placeholders(translate(locale, key, { count: 2 }));
      expect(other.filter((name) => !en.includes(name)), key).toEqual([]);
    }
  });

  it('has no empty strings', () => {
    for (const locale of LOCALES) {
      // Punctuation may be a lone space (between words in English) or nothing (between Chinese characters).
      for (const key of reference) if (!key.startsWith('punct.')) expect(translate(locale, key, { count: 2 }).trim(), `${locale} ${key}`).not.toBe('');
    }
  });

  it('writes the punctuation between localized pieces as each language does', () => {
    expect(['colon', 'comma', 'dateTime', 'open', 'close', 'wordSpace', 'sentence'].map((name) => translate('en', `punct.${name}`))).toEqual([': ', ', ', ', ', ' (', ')', ' ', ' ']);
    expect(['colon', 'comma', 'dateTime', 'open', 'close', 'wordSpace', 'sentence'].map((name) => translate('zh-CN', `punct.${name}`))).toEqual(['：', '，', ' ', '（', '）', '', '']);
  });
});

describe('the English interface', () => {
  const leaves = (tree: Tree, prefix = ''): [string, string][] =>
    Object.entries(tree).flatMap(([key, value]) => {
      const full = prefix ? `${prefix}.${key}` : key;
      return typeof value === 'string' ? [[full, value] as [string, string]] : leaves(value, full);
    });

  it('writes apostrophes the typographic way (organisers’, don’t), not as typewriter quotes', () => {
    const straight = leaves(MESSAGES.en as Tree).filter(([, text]) => /[A-Za-z]'(?=[\s.,;:)]|s\b|t\b|$)/.test(text));
    expect(straight.map(([key, text]) => `${key}: ${text}`)).toEqual([]);
  });
});

describe('the Chinese interface', () => {
  /** Every Chinese message with its key, plural forms included; the punctuation pieces are not messages. */
  const leaves = (tree: Tree, prefix = ''): [string, string][] =>
    Object.entries(tree).flatMap(([key, value]) => {
      const full = prefix ? `${prefix}.${key}` : key;
      return typeof value === 'string' ? [[full, value] as [string, string]] : leaves(value, full);
    });
  const messages = leaves(MESSAGES['zh-CN'] as Tree).filter(([key]) => !key.startsWith('punct.'));
  const using = (pattern: RegExp) => messages.filter(([, text]) => pattern.test(text)).map(([key, text]) => `${key}: ${text}`);

  // One term per concept. A word listed here is another name for something that already has one.
  it.each([
    ['平行论坛', 'a sub-forum is 分论坛'],
    ['分会场', 'one session is 场次, the session type is 平行会议'],
    ['日程', 'the agenda is 议程 (one session: 场次)'],
    ['类别', 'a registration category is 参会身份'],
    ['会场', 'a venue is 场馆, a room 会议室'],
    ['场地', 'a venue is 场馆'],
    ['组织方', 'the organisers are 主办方'],
    ['所有者', 'an event owner is 负责人'],
    ['嘉宾服务平台', 'the speaker portal is 演讲嘉宾平台'],
    ['胸卡', 'a badge is 胸牌'],
    ['参会证', 'a badge is 胸牌'],
    ['入场券', 'a ticket is 电子票'],
    ['参会人员', 'a participant is 参会者'],
    ['口译', 'interpretation is 同传'],
  ])('never says %s (%s)', (word) => {
    expect(using(new RegExp(word))).toEqual([]);
  });

  it('keeps session types apart from each other and from the kinds of event', () => {
    const zh = (key: string) => translate('zh-CN', key);
    expect([zh('event.kind.sub-forum'), zh('agenda.types.parallel'), zh('agenda.types.panel'), zh('agenda.types.roundtable')]).toEqual(['分论坛', '平行会议', '嘉宾对话', '圆桌会议']);
    // 圆桌 names the roundtable and nothing else (a panel's people are 对话嘉宾).
    expect(using(/圆桌/).filter((line) => !line.startsWith('agenda.types.roundtable:'))).toEqual([]);
    expect(['create', 'update', 'duplicate', 'move'].map((action) => zh(`audit.actionNames.session.${action}`))).toEqual(['添加场次', '修改场次', '复制场次', '移动场次']);
  });

  it('names the four roles of a session’s people with words that cannot be taken for one another', () => {
    const roles = ['speaker', 'moderator', 'panelist', 'host'].map((role) => translate('zh-CN', `agenda.roles.${role}`));
    expect(roles).toEqual(['演讲嘉宾', '对话主持', '对话嘉宾', '主持人']);
    // No name is a part of another (主持 beside 主持人 read as the same role).
    expect(roles.filter((a) => roles.some((b) => a !== b && b.includes(a)))).toEqual([]);
  });

  it('takes an explicit zero form for 0, then the language’s plural rule', () => {
    const say = (locale: 'en' | 'zh-CN', count: number) => translate(locale, 'agenda.conflicts.kinds.tight-change-over', { count, person: 'Li Na' });
    expect([say('en', 0), say('en', 1), say('en', 5)]).toEqual(['No time for Li Na to move between venues:', 'Only 1 minute for Li Na to move between venues:', 'Only 5 minutes for Li Na to move between venues:']);
    expect([say('zh-CN', 0), say('zh-CN', 1)]).toEqual(['Li Na在不同场馆之间没有转场时间：', 'Li Na在不同场馆之间转场仅有 1 分钟：']);
  });

  it('punctuates Chinese text the Chinese way', () => {
    const han = /[\u4e00-\u9fff]/;
    expect(using(/： /)).toEqual([]); // no space after a full-width colon
    expect(using(/ （|（ | ）/)).toEqual([]); // no space before or inside full-width brackets
    expect(using(/[()]/).filter((line) => han.test(line))).toEqual([]); // full-width brackets in Chinese text
    expect(using(/[\u4e00-\u9fff][:;,!?]|[:;,!?] [\u4e00-\u9fff]/)).toEqual([]); // and full-width colons, commas and marks
  });
});

describe('audit action names', () => {
  it('names every action the code writes to the audit log, in every language', async () => {
    const { readFile, readdir } = await import('node:fs/promises');
    const { auditActionLabel } = await import('../../src/features/audit/service.ts');
    const root = new URL('../../src/', import.meta.url);
    const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.ts'));
    const actions = new Set<string>();
    // Every dotted name in quotes after `action:`, also in a conditional (`action: x ? 'a.b' : 'a.c'`).
    for (const file of files) {
      for (const m of (await readFile(new URL(file, root), 'utf8')).matchAll(/\baction: ([^,\n}]+)/g)) {
        for (const name of m[1]!.matchAll(/'([a-zA-Z-]+(?:\.[a-zA-Z-]+)+)'/g)) actions.add(name[1]!);
      }
    }
    expect(actions.size).toBeGreaterThan(40);
    for (const locale of LOCALES) {
      for (const action of actions) {
        const label = auditActionLabel(locale, action);
        // Neither the action itself nor a key (an action whose name is also a group of others finds the group).
        expect(label, `${locale} ${action}`).not.toBe(action);
        expect(label, `${locale} ${action}`).not.toMatch(/^audit\.actionNames\./);
      }
    }
  });
});

describe('translate', () => {
  it('interpolates variables', () => {
    expect(translate('en', 'errors.unknownLanguage', { lang: 'fr' })).toBe('We do not offer the language “fr”. Choose English or 中文 (Chinese).');
  });

  it('picks plural forms by count and language', () => {
    expect(translate('en', 'home.count', { count: 1 })).toBe('1 upcoming event');
    expect(translate('en', 'home.count', { count: 4 })).toBe('4 upcoming events');
    expect(translate('en', 'home.count', { count: 0 })).toBe('0 upcoming events');
    expect(translate('zh-CN', 'home.count', { count: 1 })).toBe('1 场近期活动');
  });

  it('keeps unknown placeholders and returns the key for unknown keys', () => {
    expect(translate('en', 'errors.detail.500', {})).toContain('{requestId}');
    expect(translate('zh-CN', 'no.such.key')).toBe('no.such.key');
  });
});

describe('negotiateLocale', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['zh-TW', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['en-US,en;q=0.9', 'en'],
    ['fr-FR,fr;q=0.9,zh;q=0.5,en;q=0.4', 'zh-CN'],
    ['en;q=0.2,zh;q=0.8', 'zh-CN'],
    ['zh;q=0,en', 'en'],
    ['ar-SA', 'en'],
    ['*', 'en'],
  ])('%s → %s', (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });

  it('always returns a shipped locale for any header', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (header) => {
        expect(isLocale(negotiateLocale(header))).toBe(true);
      }),
    );
  });
});

describe('matchLocale', () => {
  it.each([
    ['zh-CN', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['ZH-cn', 'zh-CN'],
    ['zh-Hans', 'zh-CN'],
    ['zh_TW', 'zh-CN'],
    [' en ', 'en'],
    ['en-GB', 'en'],
    ['fr', undefined],
    ['', undefined],
    ['english', undefined],
    [['zh', 'en'], undefined],
    [undefined, undefined],
  ])('%j → %s', (tag, expected) => {
    expect(matchLocale(tag)).toBe(expected);
  });

  it('names a shipped language or none, for any value, and agrees with negotiateLocale on a single tag', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('zh', 'en', 'zh-Hant-HK', 'EN_us')), (tag) => {
        const match = matchLocale(tag);
        expect(match === undefined || isLocale(match)).toBe(true);
        if (match && !/[,;]/.test(tag)) expect(negotiateLocale(tag)).toBe(match);
      }),
    );
  });
});
