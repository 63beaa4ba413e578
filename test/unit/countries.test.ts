// Country and region lists for forms: Chinese readers get them in pinyin order, polyphones read as in the name.
import { describe, expect, it } from 'vitest';
import { COUNTRY_CODES, countryOptions } from '../../src/lib/countries.ts';

const names = (locale: 'en' | 'zh-CN') => countryOptions(locale).map((c) => c.name);

describe('countryOptions', () => {
  it('lists China, then Hong Kong, Macao and Taiwan first in Chinese, the rest by pinyin: Ā-ěr-bā-ní-yà first', () => {
    expect(countryOptions('zh-CN').slice(0, 4)).toEqual([{ code: 'CN', name: '中国' }, { code: 'HK', name: '中国香港' }, { code: 'MO', name: '中国澳门' }, { code: 'TW', name: '中国台湾' }]);
    expect(names('zh-CN').slice(4, 12)).toEqual(['阿尔巴尼亚', '阿尔及利亚', '阿富汗', '阿根廷', '阿拉伯联合酋长国', '阿鲁巴', '阿曼', '阿塞拜疆']);
    expect(countryOptions('zh-CN').slice(4, 7).map((c) => c.code)).toEqual(['AL', 'DZ', 'AF']);
    expect(names('zh-CN').slice(-3)).toEqual(['直布罗陀', '智利', '中非共和国']);
  });

  it('sorts 秘鲁 as Bìlǔ, between 比利时 and 冰岛, not as mì beside 密克罗尼西亚', () => {
    const zh = names('zh-CN');
    expect(zh.slice(zh.indexOf('比利时'), zh.indexOf('比利时') + 3)).toEqual(['比利时', '秘鲁', '冰岛']);
    expect(zh.slice(zh.indexOf('孟加拉国'), zh.indexOf('孟加拉国') + 2)).toEqual(['孟加拉国', '密克罗尼西亚']);
  });

  it('orders English names alphabetically, accents as their letter, and lists every code once in each language', () => {
    expect(names('en').slice(0, 4)).toEqual(['Afghanistan', 'Åland Islands', 'Albania', 'Algeria']);
    // English keeps plain alphabetical order: China among the Cs, Hong Kong among the Hs.
    const en = countryOptions('en').map((c) => c.code);
    expect(en.indexOf('CN')).toBe(en.indexOf('CL') + 1);
    expect(en.indexOf('HK')).toBe(en.indexOf('HN') + 1);
    for (const locale of ['en', 'zh-CN'] as const) expect(countryOptions(locale).map((c) => c.code).sort()).toEqual([...COUNTRY_CODES].sort());
  });
});
