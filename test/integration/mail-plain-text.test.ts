// Plain-text mails put every link alone on its line, after its label ("查看活动：" then the link), so mail clients
// auto-link it whole: right after a full-width colon many do not, or take the colon in. HTML mails keep their links.
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../src/i18n/index.ts';
import { MAIL_TEMPLATES, createMailRenderer, type MailTemplate } from '../../src/features/mail/render.ts';

const BASE = 'https://forumdesk.example.org';
const event = {
  title: { en: 'Belt and Road Innovation Forum', 'zh-CN': '一带一路创新论坛' },
  slug: 'belt-and-road-2027',
  timezone: 'Asia/Shanghai',
  startsAt: new Date('2027-03-29T01:00:00Z'),
  endsAt: new Date('2027-03-30T09:30:00Z'),
  contactEmail: 'forum@zgc.example.org',
};
const session = { startsAt: new Date('2027-03-29T01:00:00Z'), endsAt: new Date('2027-03-29T01:45:00Z') };
const link = `${BASE}/sign-in/q8Zc2kV0`;
const sessionUrl = `${BASE}/events/belt-and-road-2027/sessions/01900000-0000-7000-8000-000000000001`;

/** Each template with the data its callers give it, and the links its text must carry (in this order). */
const MAILS: Record<MailTemplate, { data: Record<string, unknown>; variant?: string; links: string[] }> = {
  'event-invitation': { data: { note: 'Simultaneous interpretation throughout.' }, links: [`${BASE}/events/belt-and-road-2027`] },
  message: { data: { subjectLine: 'Programme', paragraphs: ['See you in Beijing.'] }, links: [] },
  'sign-in-link': { data: { link, email: 'li.na@example.org', minutes: 30 }, links: [link] },
  'password-reset': { data: { link, email: 'li.na@example.org', minutes: 30 }, links: [link] },
  'email-change': { data: { link, email: 'li.na@example.org', hours: 24 }, links: [link] },
  'email-changed': { data: { oldEmail: 'li.na@example.org', newEmail: 'na.li@example.org' }, links: [] },
  'team-invitation': { data: { link, email: 'li.na@example.org', role: 'organiser', days: 7 }, links: [link] },
  'team-role-changed': { data: { link: `${BASE}/admin/events/01900000-0000-7000-8000-000000000001`, role: 'owner' }, links: [`${BASE}/admin/events/01900000-0000-7000-8000-000000000001`] },
  'my-agenda-link': { data: { link, hours: 24 }, links: [link] },
  registration: {
    data: { kind: 'confirmed', withTicket: true, ticketCode: 'K7PQ-3M9X', sessions: [{ title: { en: 'Opening keynote', 'zh-CN': '开幕主旨演讲' }, ...session }], manageUrl: `${BASE}/r/manage/T0k3n` },
    variant: 'confirmed',
    links: [`${BASE}/r/manage/T0k3n`],
  },
  'speaker-invite': { data: { reason: 'new', title: 'Opening keynote', ...session, location: 'Room 301', role: 'Speaker', sessionUrl, portalUrl: `${BASE}/speaker` }, variant: 'request', links: [sessionUrl, `${BASE}/speaker`] },
  'session-reminder': { data: { title: 'Opening keynote', ...session, location: 'Room 301', role: 'Speaker', sessionUrl }, variant: '24h', links: [sessionUrl] },
  'speaker-invitation': {
    data: { sessions: [{ title: 'Opening keynote', role: 'Speaker', room: 'Room 301', ...session }], acceptUrl: `${BASE}/speaker-invitations/T0k3n/accept`, declineUrl: `${BASE}/speaker-invitations/T0k3n/decline`, days: 14 },
    variant: 'invitation',
    links: [`${BASE}/speaker-invitations/T0k3n/accept`, `${BASE}/speaker-invitations/T0k3n/decline`],
  },
  'speaker-sign-in-link': { data: { link, email: 'li.na@example.org', minutes: 30 }, links: [link] },
};

const renderer = createMailRenderer();
const render = (template: MailTemplate, locale: (typeof LOCALES)[number]) =>
  renderer.render({ template, locale, subjectVariant: MAILS[template].variant, recipientName: locale === 'en' ? 'Li Na' : '李娜', event, data: MAILS[template].data, baseUrl: BASE });

describe('links in plain-text mails', () => {
  it.each(MAIL_TEMPLATES.flatMap((template) => LOCALES.map((locale) => [template, locale] as const)))('%s (%s): each link alone on its line, after a line ending in its label’s colon, and a link in the HTML too', (template, locale) => {
    const { text, html } = render(template, locale);
    const lines = text.split('\n');
    const withLinks = lines.map((line, index) => ({ line, index })).filter(({ line }) => line.includes('://'));
    expect(withLinks.map(({ line }) => line)).toEqual(MAILS[template].links);
    for (const { index } of withLinks) expect(lines[index - 1]).toMatch(locale === 'en' ? /[^\s:]:$/ : /[^\s：]：$/);
    for (const url of MAILS[template].links) expect(html).toContain(`href="${url}"`);
  });

  it('lays the Chinese speaker invitation’s answers out as label, link, blank line', () => {
    expect(render('speaker-invitation', 'zh-CN').text).toContain(
      ['只有点击页面上的按钮后才会生效。', '', '接受：', `${BASE}/speaker-invitations/T0k3n/accept`, '', '谢绝：', `${BASE}/speaker-invitations/T0k3n/decline`, ''].join('\n'),
    );
    expect(render('speaker-invitation', 'en').text).toContain(['a button there.', '', 'Accept:', `${BASE}/speaker-invitations/T0k3n/accept`, '', 'Decline:', `${BASE}/speaker-invitations/T0k3n/decline`, ''].join('\n'));
    expect(render('event-invitation', 'zh-CN').text).toContain(`查看活动：\n${BASE}/events/belt-and-road-2027\n`);
    expect(render('speaker-invite', 'zh-CN').text).toContain(`您的角色：Speaker\n\n场次页面：\n${sessionUrl}\n\n`);
    // Not every speaker got an invitation mail (one put on a session by the organisers did not): the event's contact first.
    expect(render('speaker-invite', 'en').text).toContain(
      '\n\nAccept or Decline in your calendar app does not reach the organisers: to change your answer, write to them at forum@zgc.example.org (or use the link in an invitation mail, if you received one).\n',
    );
    expect(renderer.render({ template: 'speaker-invite', locale: 'zh-CN', recipientName: '李娜', event: { ...event, contactEmail: null }, data: MAILS['speaker-invite'].data, baseUrl: BASE }).text).toContain(
      '\n\n在日历应用中点击“接受”或“拒绝”不会通知主办方。如需更改答复，请联系主办方（如收到过邀请邮件，也可使用其中的链接）。\n',
    );
    expect(render('speaker-invite', 'zh-CN').text).toContain(
      `\n\n在日历应用中点击“接受”或“拒绝”不会通知主办方。如需更改答复，请发送邮件至 forum@zgc.example.org（如收到过邀请邮件，也可使用其中的链接）。\n在演讲嘉宾平台查看您的场次：\n${BASE}/speaker\n\n`,
    );
  });
});

describe('plain-text mails and buttons', () => {
  // A button is only in the HTML part: the text must point to its link. ("…press a button there" in the speaker
  // invitation is about the page the link opens, which has buttons.)
  const ABOUT_THE_PAGE = /press a button there|点击页面上的按钮/g;
  const variants = [
    ...MAIL_TEMPLATES.map((template) => ({ template, data: MAILS[template].data, variant: MAILS[template].variant })),
    { template: 'registration' as const, data: { ...MAILS.registration.data, kind: 'already-registered' }, variant: 'already-registered' },
  ];
  it.each(variants.flatMap((v) => LOCALES.map((locale) => [v.variant ? `${v.template}/${v.variant}` : v.template, locale, v] as const)))('%s (%s): the text speaks of a link, never of a button', (_name, locale, v) => {
    const { text } = renderer.render({ template: v.template, locale, subjectVariant: v.variant, recipientName: 'Li Na', event, data: v.data, baseUrl: BASE });
    expect(text.replace(ABOUT_THE_PAGE, '')).not.toMatch(/button|按钮/i);
  });

  it('says where the sign-in links are, in both languages', () => {
    expect(render('sign-in-link', 'en').text).toContain('Use the link below to sign in to Forum Desk.');
    expect(render('sign-in-link', 'zh-CN').text).toContain('请通过下方链接登录 Forum Desk。');
    expect(render('speaker-sign-in-link', 'en').text).toContain('Use the link below to sign in to the Forum Desk speaker portal,');
    expect(render('speaker-sign-in-link', 'zh-CN').text).toContain('请通过下方链接登录 Forum Desk 演讲嘉宾平台，完善个人资料并上传照片和演示文稿。');
  });
});
