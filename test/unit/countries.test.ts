// Country and region lists for forms: Chinese readers get them in pinyin order, polyphones read as in the name; and
// a country as people write it in a spreadsheet or a filter ('USA', 'England', '香港', 'PRC') read as its code.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COUNTRY_ALIASES } from '../../src/lib/country-aliases.ts';
import { COUNTRY_CODES, countryCodeFromText, countryName, countryOptions } from '../../src/lib/countries.ts';

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

describe('countryCodeFromText', () => {
  const written: [string, string][] = [
    ['USA', 'US'], ['U.S.A.', 'US'], ['U.S.', 'US'], ['United States of America', 'US'], ['United States', 'US'], ['America', 'US'], ['美国', 'US'],
    ['UK', 'GB'], ['U.K.', 'GB'], ['England', 'GB'], ['Scotland', 'GB'], ['Wales', 'GB'], ['Northern Ireland', 'GB'], ['Great Britain', 'GB'], ['Britain', 'GB'], ['英国', 'GB'], ['英格兰', 'GB'],
    ['Hong Kong', 'HK'], ['Hong Kong SAR', 'HK'], ['Hong Kong, China', 'HK'], ['香港', 'HK'], ['中国香港', 'HK'], ['香港特别行政区', 'HK'],
    ['Taiwan', 'TW'], ['Taiwan, China', 'TW'], ['Chinese Taipei', 'TW'], ['台湾', 'TW'], ['臺灣', 'TW'], ['中国台湾', 'TW'],
    ['Macau', 'MO'], ['Macao', 'MO'], ['澳门', 'MO'], ['中国澳门', 'MO'],
    ['Turkey', 'TR'], ['Türkiye', 'TR'], ['Turkiye', 'TR'], ['土耳其', 'TR'],
    ['Viet Nam', 'VN'], ['Vietnam', 'VN'], ['越南', 'VN'],
    ['PRC', 'CN'], ['P.R.C.', 'CN'], ['P.R. China', 'CN'], ['PR China', 'CN'], ["People's Republic of China", 'CN'], ['People’s Republic of China', 'CN'], ['Mainland China', 'CN'], ['China (Mainland)', 'CN'],
    ['中华人民共和国', 'CN'], ['中国大陆', 'CN'], ['中国（大陆）', 'CN'], ['中国内地', 'CN'], ['中国', 'CN'], ['China', 'CN'],
    ['Korea', 'KR'], ['South Korea', 'KR'], ['Republic of Korea', 'KR'], ['Korea, Republic of', 'KR'], ['韩国', 'KR'], ['南韩', 'KR'], ['大韩民国', 'KR'],
    ['North Korea', 'KP'], ['DPRK', 'KP'], ['朝鲜', 'KP'],
    ['Russia', 'RU'], ['Russian Federation', 'RU'], ['俄罗斯', 'RU'], ['俄罗斯联邦', 'RU'],
    ['UAE', 'AE'], ['U.A.E.', 'AE'], ['United Arab Emirates', 'AE'], ['阿联酋', 'AE'], ['阿拉伯联合酋长国', 'AE'],
    ['Czech Republic', 'CZ'], ['Czechia', 'CZ'], ['捷克', 'CZ'],
    ['Holland', 'NL'], ['The Netherlands', 'NL'], ['Netherlands', 'NL'], ['荷兰', 'NL'],
    ['Iran', 'IR'], ['Islamic Republic of Iran', 'IR'], ['伊朗', 'IR'],
    ['Laos', 'LA'], ['Lao PDR', 'LA'], ['老挝', 'LA'],
    ['Syria', 'SY'], ['Syrian Arab Republic', 'SY'], ['叙利亚', 'SY'],
    ['Ivory Coast', 'CI'], ["Cote d'Ivoire", 'CI'], ['Côte d’Ivoire', 'CI'], ['科特迪瓦', 'CI'],
    ['Deutschland', 'DE'], ['Federal Republic of Germany', 'DE'], ['德意志联邦共和国', 'DE'],
    ['DR Congo', 'CD'], ['Republic of the Congo', 'CG'], ['Burma', 'MM'], ['Swaziland', 'SZ'], ['Macedonia', 'MK'], ['East Timor', 'TL'], ['Palestine', 'PS'], ['Vatican', 'VA'],
    ['St. Lucia', 'LC'], ['Saint Kitts and Nevis', 'KN'], ['Bosnia & Herzegovina', 'BA'], ['Bosnia and Herzegovina', 'BA'], ['Trinidad & Tobago', 'TT'], ['the Gambia', 'GM'], ['The Bahamas', 'BS'],
  ];

  it('reads each name people write as its code', () => {
    expect(written.filter(([text, code]) => countryCodeFromText(text) !== code)).toEqual([]);
  });

  it('ignores case, spaces, punctuation, accents and full-width forms', () => {
    for (const text of ['usa', ' u s a ', 'U.S.A', 'ＵＳＡ', 'Ｕ．Ｓ．Ａ．', 'united-states-of-america', 'UNITED STATES OF AMERICA']) expect(countryCodeFromText(text), text).toBe('US');
    for (const text of ['香 港', '中国 香港', '中国·香港', '中国-香港', '（香港）']) expect(countryCodeFromText(text), text).toBe('HK');
    expect(countryCodeFromText('TURKIYE')).toBe('TR');
  });

  it('knows no country by a name that is none, nor by one that names two (Congo)', () => {
    for (const text of ['', ' ', 'Atlantis', 'Narnia', 'Congo', 'Europe', 'Asia', '亚洲', 'the', '&', 'St.']) expect(countryCodeFromText(text), text).toBeUndefined();
  });

  it('reads every alias it lists as the country it is listed under, none taken by another country', () => {
    for (const [code, aliases] of Object.entries(COUNTRY_ALIASES)) for (const alias of aliases) expect(countryCodeFromText(alias), alias).toBe(code);
  });

  it('never throws, and answers a known code or nothing (fuzz)', () => {
    const codes = new Set(COUNTRY_CODES);
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.constantFrom('USA', '香港', 'ＵＫ', 'the', '\u0000', '\ud800')), (text) => {
        const code = countryCodeFromText(text);
        expect(code === undefined || codes.has(code)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('reads the English and Chinese name of every country and region as its own code, however it is cased and spaced (fuzz)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...COUNTRY_CODES), fc.constantFrom('en' as const, 'zh-CN' as const), fc.boolean(), fc.constantFrom('', ' ', '  ', '\t'), (code, locale, upper, pad) => {
        const name = countryName(code, locale);
        expect(countryCodeFromText(`${pad}${upper ? name.toUpperCase() : name.toLowerCase()}${pad}`)).toBe(code);
      }),
      { numRuns: 1000 },
    );
    for (const code of COUNTRY_CODES) for (const locale of ['en', 'zh-CN'] as const) expect(countryCodeFromText(countryName(code, locale)), `${code} ${locale}`).toBe(code);
  });
});
