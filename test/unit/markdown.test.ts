import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/lib/markdown.ts';

describe('organiser Markdown', () => {
  it('renders emphasis, lists and links with rel="nofollow noopener", demoting headings below the page headings', () => {
    expect(renderMarkdown('# About\n\n**Opening** by [ZGC](https://www.zgcforum.com.cn)\n\n- one\n- two')).toBe(
      '<h3>About</h3>\n<p><strong>Opening</strong> by <a href="https://www.zgcforum.com.cn" rel="nofollow noopener">ZGC</a></p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n',
    );
  });

  it('shows raw HTML as text, so a script in an abstract never runs', () => {
    expect(renderMarkdown('Hi <script>alert(1)</script> <img src=x onerror=alert(1)>')).toBe(
      '<p>Hi &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;</p>\n',
    );
  });

  it('refuses javascript:, data: and protocol-relative links, leaving them as text', () => {
    expect(renderMarkdown('[a](javascript:alert(1)) [b](data:text/html,x) [c](//evil.example)')).toBe(
      '<p>[a](javascript:alert(1)) [b](data:text/html,x) [c](//evil.example)</p>\n',
    );
  });

  it('links an image of another site (the pages would not load it), and shows one of this site', () => {
    expect(renderMarkdown('![Venue map](https://maps.example.org/cncc.png "CNCC")')).toBe('<p><a href="https://maps.example.org/cncc.png" rel="nofollow noopener">Venue map</a></p>\n');
    expect(renderMarkdown('![](https://maps.example.org/a.png?x=1&y=2)')).toBe('<p><a href="https://maps.example.org/a.png?x=1&amp;y=2" rel="nofollow noopener">https://maps.example.org/a.png?x=1&amp;y=2</a></p>\n');
    expect(renderMarkdown('![Logo](/static/img/logo.svg)')).toBe('<p><img src="/static/img/logo.svg" alt="Logo"></p>\n');
    expect(renderMarkdown('![x](javascript:alert(1))')).toBe('<p>![x](javascript:alert(1))</p>\n');
    expect(renderMarkdown('![a]()')).toBe('<p>a</p>\n');
  });

  it('makes this site’s relative links and images absolute for a mail, and leaves other links alone', () => {
    const base = 'https://forumdesk.example.org';
    expect(renderMarkdown('[agenda](/events/x/agenda) [site](https://zgc.example.org) ![map](/files/map.png)', { linkBase: base })).toBe(
      `<p><a href="${base}/events/x/agenda" rel="nofollow noopener">agenda</a> <a href="https://zgc.example.org" rel="nofollow noopener">site</a> <img src="${base}/files/map.png" alt="map"></p>\n`,
    );
    // Pages resolve relative links themselves.
    expect(renderMarkdown('[agenda](/events/x/agenda)')).toBe('<p><a href="/events/x/agenda" rel="nofollow noopener">agenda</a></p>\n');
  });

  it('never emits a tag or an attribute that could run script, whatever the input (property)', () => {
    const pieces = fc.constantFrom('<script>', '</script>', '<img src=x onerror=y>', '![a](https://x.example/i.png)', '![a](//x.example/i.png)', '![a](', '[x](javascript:y)', '[x](JaVaScRiPt:y)', '<a href="javascript:y">', '**', '\n\n', '`', '> ', '# ', 'onload=', '"', "'", ' ');
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string()), { maxLength: 30 }), (parts) => {
        const html = renderMarkdown(parts.join(''));
        expect(html).not.toMatch(/<(script|iframe|object|svg|style)\b/i);
        // An image only from this site.
        expect(html).not.toMatch(/<img(?![^>]*\ssrc="\/(?!\/))/i);
        expect(html).not.toMatch(/href="(?!https?:|mailto:|\/|#)/i);
        expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+=/i);
      }),
      { numRuns: 500 },
    );
  });
});
