// Organiser Markdown as plain text (a mail's text part, calendar descriptions, schema.org descriptions): markup
// gone, what it carries kept, links as the pages allow them, raw HTML as the text it was typed as.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markdownToPlainText, type PlainTextOptions } from '../../src/lib/plain-text.ts';

const BASE = 'https://forumdesk.example.org';
const mail: PlainTextOptions = { addresses: { base: BASE } };
const line: PlainTextOptions = { layout: 'line' };

describe('markdownToPlainText', () => {
  it('keeps paragraphs, line breaks, list items and quotes, and drops emphasis, headings’ marks and link addresses', () => {
    expect(markdownToPlainText('How **open science** parks _work_ together.\n\nSee [the report](https://example.org/report).')).toBe(
      'How open science parks work together.\n\nSee the report.',
    );
    expect(markdownToPlainText('## Agenda\n\n- Opening\n- Keynote: `AI`\n\n```\ncode\n```')).toBe('Agenda\n\n- Opening\n- Keynote: AI\n\ncode');
    expect(markdownToPlainText('- Route A\n\n- Route B')).toBe('- Route A\n\n- Route B');
    expect(markdownToPlainText('1. one\n   - a\n   - b\n2. two\n\n---\n\n> Quoted\n> twice')).toBe('1. one\n   - a\n   - b\n2. two\n\n---\n\n> Quoted\n> twice');
    expect(markdownToPlainText('Line one\nline two\n\nHard  \nbreak')).toBe('Line one\nline two\n\nHard\nbreak');
    expect(markdownToPlainText('![Logo](/static/img/logo.svg) and ![Map](https://maps.example.org/a.png)')).toBe('Logo and Map');
    expect(markdownToPlainText('&copy; &amp; \\*not emphasis\\*')).toBe('© & *not emphasis*');
    expect(markdownToPlainText('')).toBe('');
    expect(markdownToPlainText('  \n\n ')).toBe('');
  });

  it('leaves raw HTML and links the pages refuse as the text typed, as the pages show them', () => {
    expect(markdownToPlainText('<script>alert(1)</script> 中关村')).toBe('<script>alert(1)</script> 中关村');
    expect(markdownToPlainText('<b>hi</b> [x](javascript:alert(1))', mail)).toBe('<b>hi</b> [x](javascript:alert(1))');
    expect(markdownToPlainText('[call](tel:+861012345678) [file](docs/x.pdf)')).toBe('[call](tel:+861012345678) [file](docs/x.pdf)');
    expect(markdownToPlainText('[call](tel:+861012345678) [file](docs/x.pdf)', mail)).toBe('[call](tel:+861012345678) [file](docs/x.pdf)');
  });

  it('writes each address after its text for a mail, this site’s made absolute, bare ones and mail addresses once', () => {
    const source = [
      '## Shuttle',
      'Buses leave at **8:00**,\nfrom the *north* gate: [map](/events/x/map), [book](https://zgc.example.org/book).',
      '- Route A\n- Route B\n  1. first stop\n  2. second stop',
      '3. three\n4. four',
      '> Quoted\n> twice',
      'Write to <forum@zgc.example.org>, [mail us](mailto:forum@zgc.example.org) or see https://zgc.example.org.',
      '```\ncode  kept\n```',
    ].join('\n\n');
    expect(markdownToPlainText(source, mail)).toBe(
      [
        'Shuttle',
        `Buses leave at 8:00,\nfrom the north gate: map <${BASE}/events/x/map>, book <https://zgc.example.org/book>.`,
        '- Route A\n- Route B\n  1. first stop\n  2. second stop',
        '3. three\n4. four',
        '> Quoted\n> twice',
        'Write to forum@zgc.example.org, mail us <forum@zgc.example.org> or see https://zgc.example.org.',
        'code  kept',
      ].join('\n\n'),
    );
    expect(markdownToPlainText('[forum@zgc.example.org](mailto:forum@zgc.example.org)', mail)).toBe('forum@zgc.example.org');
    expect(markdownToPlainText('![Logo](/static/img/logo.svg) ![](https://maps.example.org/a.png) ![a]()', mail)).toBe(
      `Logo <${BASE}/static/img/logo.svg> https://maps.example.org/a.png a`,
    );
  });

  it('puts everything on one line for machine-read descriptions, without a space where markup was', () => {
    expect(markdownToPlainText('# Hi\n\n**Bold** [link](https://x.org) & <b>tags</b>', line)).toBe('Hi Bold link & <b>tags</b>');
    expect(markdownToPlainText('See [the report](https://example.org/report).\n\n- **A**.\n- B\n\n> q\n\n    code  here', line)).toBe('See the report. A. B q code here');
    expect(markdownToPlainText('![Logo](/static/img/logo.svg) a**b**c', line)).toBe('Logo abc');
    expect(markdownToPlainText('', line)).toBe('');
  });

  it('drops an empty list item without marking what follows or taking a number', () => {
    expect(markdownToPlainText('-\n\nHello', mail)).toBe('Hello');
    expect(markdownToPlainText('- a\n-\n- b')).toBe('- a\n- b');
    expect(markdownToPlainText('1. a\n2.\n3. ![](/map.png)\n4. b')).toBe('1. a\n2. b');
  });
});

// Markdown an organiser writes: words (no markup characters of their own) in emphasis, code, links to addresses the
// pages allow, images, headings, lists, quotes and code blocks.
const word = fc.stringMatching(/^[A-Za-z\u4e00-\u9fa5]{1,10}$/);
const words = fc.array(word, { minLength: 1, maxLength: 5 }).map((ws) => ws.join(' '));
const address = fc.constantFrom('https://example.org/report', 'http://zgc.example.org/a?b=1&c=2', '/events/x/agenda', 'mailto:forum@example.org', '#day-2');
const inline = fc.oneof(
  words,
  words.map((w) => `**${w}**`),
  words.map((w) => `_${w}_`),
  words.map((w) => `\`${w}\``),
  fc.tuple(words, address).map(([w, a]) => `[${w}](${a})`),
  fc.tuple(fc.option(words, { nil: '' }), address).map(([w, a]) => `![${w}](${a})`),
  fc.constant('<https://example.org/x>'),
);
const paragraph = fc.array(inline, { minLength: 1, maxLength: 6 }).map((parts) => parts.join(' '));
const block = fc.oneof(
  paragraph,
  fc.array(paragraph, { minLength: 1, maxLength: 3 }).map((lines) => lines.join('\n')),
  fc.tuple(fc.integer({ min: 1, max: 6 }), paragraph).map(([level, text]) => `${'#'.repeat(level)} ${text}`),
  fc.array(paragraph, { minLength: 1, maxLength: 4 }).map((items) => items.map((item) => `- ${item}`).join('\n')),
  fc.tuple(fc.integer({ min: 1, max: 20 }), fc.array(paragraph, { minLength: 1, maxLength: 4 })).map(([start, items]) => items.map((item, i) => `${start + i}. ${item}`).join('\n')),
  paragraph.map((text) => `> ${text}`),
  words.map((text) => `\`\`\`\n${text}\n\`\`\``),
  fc.constant('---'),
);
const markdown = fc.array(block, { minLength: 1, maxLength: 6 }).map((blocks) => blocks.join('\n\n'));
const layouts: PlainTextOptions[] = [{}, line, mail];
const HTML_TAG = /<\/?[a-z][a-z0-9-]*(\s[^>]*)?\/?>/i;

describe('markdownToPlainText (properties)', () => {
  it('never throws, whatever the input', () => {
    const piece = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('**', '_', '`', '[', '](', ')', '![', '<', '>', '\n', '\n\n', '- ', '1. ', '> ', '# ', '```', '    ', '---', '&amp;', 'https://x.org'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.constantFrom(...layouts), (parts, options) => {
        expect(typeof markdownToPlainText(parts.join(''), options)).toBe('string');
      }),
      { numRuns: 500 },
    );
  });

  it('leaves no HTML tag and no Markdown link, image, emphasis or code mark from organiser Markdown', () => {
    fc.assert(
      fc.property(markdown, fc.constantFrom(...layouts), (source, options) => {
        const text = markdownToPlainText(source, options);
        expect(text).not.toMatch(HTML_TAG);
        expect(text).not.toMatch(/\]\(|!\[|\*\*|`|(^|\s)_\S/);
      }),
      { numRuns: 300 },
    );
  });

  it('is its own plain text again without addresses (with them, an address in <…> is a bare address the second time)', () => {
    fc.assert(
      fc.property(markdown, fc.constantFrom<PlainTextOptions>({}, line), (source, options) => {
        const once = markdownToPlainText(source, options);
        expect(markdownToPlainText(once, options)).toBe(once);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps plain words as they are in every layout', () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 20 }), fc.constantFrom(...layouts), (ws, options) => {
        expect(markdownToPlainText(ws.join(' '), options)).toBe(ws.join(' '));
      }),
    );
  });
});
