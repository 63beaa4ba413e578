// An organiser's Markdown message in a mail: links of this site made absolute in the HTML part, and a plain-text part
// a person reads without tripping over markup, every address kept.
import { describe, expect, it } from 'vitest';
import { markdownToMailText } from '../../src/lib/markdown-mail-text.ts';
import { renderMarkdown } from '../../src/lib/markdown.ts';

const BASE = 'https://forumdesk.example.org';

describe('Markdown in a mail', () => {
  it('makes this site’s relative links and images absolute in the HTML, and leaves other links alone', () => {
    expect(renderMarkdown('[agenda](/events/x/agenda) [site](https://zgc.example.org) ![map](/files/map.png)', { linkBase: BASE })).toBe(
      `<p><a href="${BASE}/events/x/agenda" rel="nofollow noopener">agenda</a> <a href="https://zgc.example.org" rel="nofollow noopener">site</a> <img src="${BASE}/files/map.png" alt="map"></p>\n`,
    );
    // Pages resolve relative links themselves.
    expect(renderMarkdown('[agenda](/events/x/agenda)')).toBe('<p><a href="/events/x/agenda" rel="nofollow noopener">agenda</a></p>\n');
  });

  it('writes the text part without markup: paragraphs, line breaks, lists, quotes, and each address after its text', () => {
    const source = [
      '## Shuttle',
      'Buses leave at **8:00**,\nfrom the *north* gate: [map](/events/x/map), [book](https://zgc.example.org/book).',
      '- Route A\n- Route B\n  1. first stop\n  2. second stop',
      '3. three\n4. four',
      '> Quoted\n> twice',
      'Write to <forum@zgc.example.org>, [mail us](mailto:forum@zgc.example.org) or see https://zgc.example.org.',
      '```\ncode  kept\n```',
    ].join('\n\n');
    expect(markdownToMailText(source, BASE)).toBe(
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
  });

  it('keeps raw HTML and refused links as the text typed', () => {
    expect(markdownToMailText('<b>hi</b> [x](javascript:alert(1))', BASE)).toBe('<b>hi</b> [x](javascript:alert(1))');
    // What the HTML part refuses (markdown.ts) stays as typed here too, not as a link.
    expect(markdownToMailText('[call](tel:+861012345678) [file](docs/x.pdf)', BASE)).toBe('[call](tel:+861012345678) [file](docs/x.pdf)');
    // A mail address shown as its own text is not repeated.
    expect(markdownToMailText('[forum@zgc.example.org](mailto:forum@zgc.example.org)', BASE)).toBe('forum@zgc.example.org');
  });
});
