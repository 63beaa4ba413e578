// Organiser Markdown as plain text for calendar descriptions: formatting marks gone, words and paragraphs kept.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markdownToPlainText } from '../../src/lib/plain-text.ts';

describe('markdownToPlainText', () => {
  it('keeps the words and paragraphs, drops emphasis and link targets, and leaves raw HTML as the text it was typed as', () => {
    expect(markdownToPlainText('How **open science** parks _work_ together.\n\nSee [the report](https://example.org/report).')).toBe(
      'How open science parks work together.\n\nSee the report.',
    );
    expect(markdownToPlainText('## Agenda\n\n- Opening\n- Keynote: `AI`\n\n```\ncode\n```')).toBe('Agenda\n\nOpening\n\nKeynote: AI\n\ncode');
    expect(markdownToPlainText('<script>alert(1)</script> 中关村')).toBe('<script>alert(1)</script> 中关村');
    expect(markdownToPlainText('Line one\nline two')).toBe('Line one\nline two');
    expect(markdownToPlainText('')).toBe('');
  });

  it('never throws and keeps plain words as they are (property)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 500 }), (text) => typeof markdownToPlainText(text) === 'string'));
    const word = fc.stringMatching(/^[A-Za-z\u4e00-\u9fa5]{1,12}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 20 }), (words) => {
        expect(markdownToPlainText(words.join(' '))).toBe(words.join(' '));
      }),
    );
  });
});
