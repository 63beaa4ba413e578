// The speaker portal's pure rules: completeness, file types by their bytes, safe download names, slot wording.
import { describe, expect, it } from 'vitest';
import { completenessOf, type CompletenessInput } from '../../src/features/speaker-portal/completeness.ts';
import { attachmentHeader } from '../../src/features/speaker-portal/downloads.ts';
import { describeSlot } from '../../src/features/speaker-portal/overview.ts';
import { sniffImage } from '../../src/features/speaker-portal/photo.ts';
import { slidesFilename, sniffSlides } from '../../src/features/speaker-portal/slides.ts';

describe('completenessOf', () => {
  const full = { name: { en: 'Li Na', 'zh-CN': '李娜' }, title: { en: 'Director' }, organisation: { 'zh-CN': '中关村' }, country: 'CN', bio: { en: 'Bio.', 'zh-CN': '简介。' }, hasPhoto: true, sessionsWanted: 2, sessionsWithSlides: 2 };
  it('counts each item once and leaves slides out for someone on no session', () => {
    expect(completenessOf(full).percent).toBe(100);
    expect(completenessOf({ ...full, sessionsWithSlides: 1 })).toMatchObject({ percent: 85, slides: { done: 1, wanted: 2 } });
    const none = completenessOf({ ...full, bio: { en: 'Bio only in English' }, hasPhoto: false, sessionsWanted: 0, sessionsWithSlides: 0 });
    expect(none.items.map((i) => i.item)).toEqual(['nameBoth', 'title', 'organisation', 'country', 'bioBoth', 'photo']);
    expect(none.percent).toBe(66);
  });
  it('names the language missing from a name or bio written in one only', () => {
    const labels = (input: Partial<CompletenessInput>) => completenessOf({ ...full, ...input }).items.filter((i) => i.item === 'nameBoth' || i.item === 'bioBoth').map((i) => [i.label, i.done]);
    expect(labels({ name: { en: 'Marco Rossi' }, bio: { 'zh-CN': '简介。', en: ' ' } })).toEqual([['nameZh', false], ['bioEn', false]]);
    expect(labels({ name: { 'zh-CN': '王伟' }, bio: {} })).toEqual([['nameEn', false], ['bioBoth', false]]);
    expect(labels({})).toEqual([['nameBoth', true], ['bioBoth', true]]);
  });
  it('does not count blank text as written', () => {
    expect(completenessOf({ ...full, title: { en: '   ' }, name: { en: 'Li Na', 'zh-CN': ' ' } }).items.filter((i) => !i.done).map((i) => i.item)).toEqual(['nameBoth', 'title']);
  });
});

describe('file types by their bytes', () => {
  it('tells pictures apart whatever they are called', () => {
    expect(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniffImage(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('png');
    expect(sniffImage(Buffer.from('RIFF\x00\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe('webp');
    expect(sniffImage(Buffer.from('RIFF\x00\x00\x00\x00WAVEfmt ', 'latin1'))).toBeUndefined();
    expect(sniffImage(Buffer.from('GIF89a'))).toBeUndefined();
  });
  it('takes PDF and PowerPoint presentations, not Word files or other ZIPs', () => {
    expect(sniffSlides(Buffer.from('%PDF-1.7\n'))).toBe('pdf');
    expect(sniffSlides(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('....ppt/presentation.xml')]))).toBe('pptx');
    expect(sniffSlides(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('....word/document.xml')]))).toBeUndefined();
    expect(sniffSlides(Buffer.from('<html>%PDF-'))).toBeUndefined();
  });
});

describe('download names', () => {
  it('keeps the name, drops path and control characters, and uses the type’s own extension', () => {
    expect(slidesFilename('C:\\talks\\主旨演讲.final.PDF', 'pdf')).toBe('主旨演讲.final.pdf');
    expect(slidesFilename('../../etc/passwd', 'pdf')).toBe('passwd.pdf');
    expect(slidesFilename('.hidden.pptx', 'pptx')).toBe('hidden.pptx');
    expect(slidesFilename('"\u0000".pptx', 'pptx')).toBe('slides.pptx');
  });
  it('quotes a name safely in Content-Disposition', () => {
    expect(attachmentHeader('主旨 "演讲".pdf')).toBe(`attachment; filename="__ ____.pdf"; filename*=UTF-8''%E4%B8%BB%E6%97%A8%20%22%E6%BC%94%E8%AE%B2%22.pdf`);
  });
});

describe('describeSlot', () => {
  it('names the zone and marks a session ending on a later date there', () => {
    const start = new Date('2026-09-17T15:30:00Z');
    const end = new Date('2026-09-17T16:30:00Z');
    expect(describeSlot(start, end, 'Asia/Shanghai', 'zh-CN')).toEqual({ when: '2026年9月17日 23:30–00:30 次日', zone: '北京时间（UTC+8）' });
    expect(describeSlot(start, end, 'Europe/Rome', 'en')).toEqual({ when: '17 Sep 2026, 17:30–18:30', zone: 'Rome time (UTC+2)' });
  });
});
