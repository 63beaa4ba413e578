// The zone pickers' options: cities in the reader's language, IANA names as values, sorted as the language sorts.
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/i18n/index.ts';
import { allTimeZonesByRegion, supportedTimeZones, timeZonesByRegion } from '../../src/lib/time-zones.ts';
import { zoneCityName, zoneOptionsByRegion } from '../../src/lib/zone-options.ts';

/** Each region as 'Region: value=name, …', to compare whole lists at a glance. */
const listed = (regions: ReturnType<typeof zoneOptionsByRegion>) => regions.map((r) => `${r.region}: ${r.zones.map((z) => `${z.value}=${z.name}`).join(', ')}`);

describe('zoneOptionsByRegion', () => {
  it('names the common zones by city in English, in alphabetical order', () => {
    expect(listed(zoneOptionsByRegion(timeZonesByRegion(), 'en'))).toEqual([
      'Africa: Africa/Addis_Ababa=Addis Ababa, Africa/Cairo=Cairo, Africa/Casablanca=Casablanca, Africa/Johannesburg=Johannesburg, Africa/Lagos=Lagos, Africa/Nairobi=Nairobi',
      'America: America/Bogota=Bogotá, America/Argentina/Buenos_Aires=Buenos Aires, America/Chicago=Chicago, America/Denver=Denver, America/Lima=Lima, ' +
        'America/Los_Angeles=Los Angeles, America/Mexico_City=Mexico City, America/New_York=New York, America/Santiago=Santiago, America/Sao_Paulo=São Paulo, America/Toronto=Toronto',
      'Asia: Asia/Almaty=Almaty, Asia/Bangkok=Bangkok, Asia/Dhaka=Dhaka, Asia/Dubai=Dubai, Asia/Ho_Chi_Minh=Ho Chi Minh City, Asia/Hong_Kong=Hong Kong, Asia/Jakarta=Jakarta, ' +
        'Asia/Jerusalem=Jerusalem, Asia/Karachi=Karachi, Asia/Kolkata=Kolkata, Asia/Kuala_Lumpur=Kuala Lumpur, Asia/Macau=Macao, Asia/Manila=Manila, Asia/Riyadh=Riyadh, ' +
        'Asia/Seoul=Seoul, Asia/Shanghai=Shanghai, Asia/Singapore=Singapore, Asia/Taipei=Taipei, Asia/Tashkent=Tashkent, Asia/Tehran=Tehran, Asia/Tokyo=Tokyo',
      'Australia: Australia/Perth=Perth, Australia/Sydney=Sydney',
      'Europe: Europe/Athens=Athens, Europe/Berlin=Berlin, Europe/Budapest=Budapest, Europe/Helsinki=Helsinki, Europe/Istanbul=Istanbul, Europe/Lisbon=Lisbon, ' +
        'Europe/London=London, Europe/Madrid=Madrid, Europe/Moscow=Moscow, Europe/Paris=Paris, Europe/Rome=Rome, Europe/Warsaw=Warsaw',
      'Pacific: Pacific/Auckland=Auckland',
      'UTC: UTC=UTC',
    ]);
  });

  it('names the common zones by city in Chinese, in pinyin order', () => {
    expect(listed(zoneOptionsByRegion(timeZonesByRegion(), 'zh-CN'))).toEqual([
      'Africa: Africa/Casablanca=卡萨布兰卡, Africa/Cairo=开罗, Africa/Lagos=拉各斯, Africa/Nairobi=内罗毕, Africa/Addis_Ababa=亚的斯亚贝巴, Africa/Johannesburg=约翰内斯堡',
      'America: America/Bogota=波哥大, America/Argentina/Buenos_Aires=布宜诺斯艾利斯, America/Denver=丹佛, America/Toronto=多伦多, America/Lima=利马, America/Los_Angeles=洛杉矶, ' +
        'America/Mexico_City=墨西哥城, America/New_York=纽约, America/Sao_Paulo=圣保罗, America/Santiago=圣地亚哥, America/Chicago=芝加哥',
      'Asia: Asia/Almaty=阿拉木图, Asia/Macau=澳门, Asia/Dhaka=达卡, Asia/Tehran=德黑兰, Asia/Dubai=迪拜, Asia/Tokyo=东京, Asia/Ho_Chi_Minh=胡志明市, Asia/Kuala_Lumpur=吉隆坡, ' +
        'Asia/Kolkata=加尔各答, Asia/Karachi=卡拉奇, Asia/Riyadh=利雅得, Asia/Manila=马尼拉, Asia/Bangkok=曼谷, Asia/Shanghai=上海, Asia/Seoul=首尔, Asia/Tashkent=塔什干, ' +
        'Asia/Taipei=台北, Asia/Hong_Kong=香港, Asia/Singapore=新加坡, Asia/Jakarta=雅加达, Asia/Jerusalem=耶路撒冷',
      'Australia: Australia/Perth=珀斯, Australia/Sydney=悉尼',
      'Europe: Europe/Paris=巴黎, Europe/Berlin=柏林, Europe/Budapest=布达佩斯, Europe/Helsinki=赫尔辛基, Europe/Warsaw=华沙, Europe/Lisbon=里斯本, Europe/London=伦敦, ' +
        'Europe/Rome=罗马, Europe/Madrid=马德里, Europe/Moscow=莫斯科, Europe/Athens=雅典, Europe/Istanbul=伊斯坦布尔',
      'Pacific: Pacific/Auckland=奥克兰',
      'UTC: UTC=协调世界时（UTC）',
    ]);
  });

  it('names a zone outside the table by its IANA name’s city, in Chinese too, and sorts it in', () => {
    const withFiji = timeZonesByRegion(['Pacific/Fiji', 'America/Indiana/Tell_City']);
    const region = (locale: 'en' | 'zh-CN', name: string) => listed(zoneOptionsByRegion(withFiji, locale)).find((line) => line.startsWith(`${name}: `));
    expect(region('en', 'Pacific')).toBe('Pacific: Pacific/Auckland=Auckland, Pacific/Fiji=Fiji');
    // Chinese collation puts Han characters before Latin letters.
    expect(region('zh-CN', 'Pacific')).toBe('Pacific: Pacific/Auckland=奥克兰, Pacific/Fiji=Fiji');
    expect(region('en', 'America')).toContain('America/Santiago=Santiago, America/Sao_Paulo=São Paulo, America/Indiana/Tell_City=Tell City, America/Toronto=Toronto');
    expect(region('zh-CN', 'America')).toContain('America/Chicago=芝加哥, America/Indiana/Tell_City=Tell City');
  });

  it('lists every zone for the speaker profile, once each, no two of a region named alike', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const regions = zoneOptionsByRegion(allTimeZonesByRegion(), locale);
      expect(regions.flatMap((r) => r.zones.map((z) => z.value)).sort()).toEqual([...supportedTimeZones()].sort());
      for (const { region, zones } of regions) expect(new Set(zones.map((z) => z.name)).size, `${locale} ${region}`).toBe(zones.length);
    }
    const europe = (locale: 'en' | 'zh-CN') => zoneOptionsByRegion(allTimeZonesByRegion(), locale).find((r) => r.region === 'Europe')!.zones.map((z) => z.name);
    expect(europe('en').slice(0, 6)).toEqual(['Amsterdam', 'Andorra', 'Astrakhan', 'Athens', 'Belgrade', 'Berlin']);
    // 柏林 is Bólín, after 贝尔格莱德 (Bèi'ěrgéláidé), though ICU's collation reads 柏 as bǎi.
    expect(europe('zh-CN').slice(0, 4)).toEqual(['巴黎', '贝尔格莱德', '柏林', '布达佩斯']);
    expect(europe('zh-CN').slice(-3)).toEqual(['Volgograd', 'Zagreb', 'Zurich']);
  });

  it('gives back the same options for the same list and language, without sorting again', () => {
    const all = allTimeZonesByRegion();
    expect(zoneOptionsByRegion(all, 'zh-CN')).toBe(zoneOptionsByRegion(all, 'zh-CN'));
    expect(zoneOptionsByRegion(all, 'en')).not.toBe(zoneOptionsByRegion(all, 'zh-CN'));
  });
});

describe('zoneCityName', () => {
  it('takes the table’s name, else the last part of the IANA name with spaces', () => {
    expect(['Asia/Ho_Chi_Minh', 'America/Argentina/Buenos_Aires', 'Asia/Shanghai', 'Asia/Qatar', 'UTC'].map((zone) => zoneCityName(zone, 'en'))).toEqual([
      'Ho Chi Minh City', 'Buenos Aires', 'Shanghai', 'Doha', 'UTC',
    ]);
    expect(['Asia/Ho_Chi_Minh', 'America/Argentina/Buenos_Aires', 'Asia/Shanghai', 'Asia/Qatar', 'UTC'].map((zone) => zoneCityName(zone, 'zh-CN'))).toEqual([
      '胡志明市', '布宜诺斯艾利斯', '上海', '多哈', '协调世界时（UTC）',
    ]);
    expect(['America/North_Dakota/New_Salem', 'Europe/Stockholm', 'Etc/GMT-3'].map((zone) => zoneCityName(zone, 'zh-CN'))).toEqual(['New Salem', 'Stockholm', 'GMT-3']);
  });

  it('has a name in both languages for every common zone, and only names zones the runtime knows', () => {
    const table = Object.keys(MESSAGES.en.zoneCity as Record<string, string>);
    expect(table.filter((zone) => !supportedTimeZones().has(zone))).toEqual([]);
    expect(timeZonesByRegion().flatMap((r) => r.zones).filter((zone) => !table.includes(zone))).toEqual([]);
  });
});
