// Text people type in either script, shown on a page of the other language, is marked for screen readers' voice.
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { registerHelpers } from '../../src/lib/handlebars-helpers.ts';

const hbs = Handlebars.create();
registerHelpers(hbs);
const render = (locale: string, value: string) => hbs.compile('{{ownText value}}')({ value }, { data: { root: { locale } } });

describe('ownText', () => {
  it('marks Chinese characters as Chinese on an English page, and leaves the rest as it is, escaped', () => {
    expect(render('en', '科技日报')).toBe('<span lang="zh-CN">科技日报</span>');
    expect(render('en', 'Politecnico di Milano & <Co>')).toBe('Politecnico di Milano &amp; &lt;Co&gt;');
    expect(render('zh-CN', '科技日报')).toBe('科技日报');
    expect(render('en', '<b>张江</b>')).toBe('<span lang="zh-CN">&lt;b&gt;张江&lt;/b&gt;</span>');
  });
});
