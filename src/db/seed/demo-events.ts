// The demo events: the real structure of the forums Forum Desk serves (fictional details), dated relative to today.
// Example: const events = buildDemoEvents(new Date());
import { DateTime } from 'luxon';
import type { LocalizedText } from '../../lib/localized.ts';
import type { events } from '../schema/index.ts';

/** Every demo event is in Beijing. */
export const DEMO_ZONE = 'Asia/Shanghai';

type NewEvent = typeof events.$inferInsert;
interface DemoRoom {
  name: LocalizedText;
  floor?: string;
  capacity?: number;
  interpretationBooths?: boolean;
}
interface DemoVenue {
  name: LocalizedText;
  address: LocalizedText;
  rooms: DemoRoom[];
}
export interface DemoEvent extends Omit<NewEvent, 'id' | 'parentId'> {
  key: string;
  parentKey?: string;
  venues?: DemoVenue[];
}

/** Wall time in Beijing on the day `days` after `base`, as an instant. */
function beijing(base: DateTime, days: number, time: string): Date {
  const [hour = 0, minute = 0] = time.split(':').map(Number);
  return base.plus({ days }).set({ hour, minute, second: 0, millisecond: 0 }).toJSDate();
}

/** The demo events, built around `now` so that the first one is always about a month away. */
export function buildDemoEvents(now: Date): DemoEvent[] {
  const today = DateTime.fromJSDate(now, { zone: DEMO_ZONE }).startOf('day');
  const zgcStart = 60;
  const year = today.plus({ days: zgcStart }).year;
  const confYear = today.plus({ days: 120 }).year;

  return [
    {
      key: 'roadshow',
      kind: 'roadshow',
      slug: `link-the-globe-roadshow-${today.plus({ days: 30 }).toFormat('yyyy-LL')}`,
      title: { en: '“Link the Globe, Collaborative Innovation” Project Roadshow', 'zh-CN': '“链接全球 协同创新”项目路演' },
      summary: {
        en: 'Twelve shortlisted cross-border technology projects pitch to investors and a five-member jury (8 minutes pitch, 7 minutes questions).',
        'zh-CN': '12个入围的跨境科技项目向投资人和五人评审团路演（8分钟陈述，7分钟答辩）。',
      },
      description: {
        en: 'Projects from partner countries of the Belt and Road Initiative present in a fixed order. The jury scores each pitch on a weighted rubric; the highest and lowest scores are dropped and results are announced on the spot.',
        'zh-CN': '来自“一带一路”合作国家的项目按固定顺序路演。评审团依据加权评分表打分，去掉一个最高分和一个最低分后取平均，现场公布结果。',
      },
      startsAt: beijing(today, 30, '14:00'),
      endsAt: beijing(today, 30, '17:30'),
      status: 'published',
      contactEmail: 'roadshow@forumdesk.example.org',
      venues: [
        {
          name: { en: 'Zhongguancun Exhibition Center', 'zh-CN': '中关村展示中心' },
          address: { en: '1 Zhongguancun East Road, Haidian District, Beijing', 'zh-CN': '北京市海淀区中关村东路1号' },
          rooms: [{ name: { en: 'Roadshow Hall', 'zh-CN': '路演厅' }, floor: '2F', capacity: 180 }],
        },
      ],
    },
    {
      key: 'matchmaking',
      kind: 'matchmaking',
      slug: `st-diplomats-matchmaking-${today.plus({ days: 45 }).toFormat('yyyy-LL')}`,
      title: { en: 'Science and Technology Diplomats Innovation Resources Matchmaking Day', 'zh-CN': '科技外交官创新资源对接会' },
      summary: {
        en: 'Science counsellors from seven embassies brief on their countries, then meet Chinese companies, universities and institutes in 20-minute 1:1 meetings.',
        'zh-CN': '七国驻华使馆科技参赞介绍本国创新资源，随后与中国企业、高校和科研院所开展20分钟一对一洽谈。',
      },
      description: {
        en: 'Morning: country briefings by science counsellors of the UAE, Qatar, Italy, Serbia, Belarus, Cuba and Saudi Arabia. Afternoon: requested 1:1 meetings at numbered tables, with interpreters where languages differ.',
        'zh-CN': '上午：阿联酋、卡塔尔、意大利、塞尔维亚、白俄罗斯、古巴、沙特阿拉伯驻华使馆科技参赞作国别推介。下午：按预约在编号洽谈桌开展一对一洽谈，语言不同时配备翻译。',
      },
      startsAt: beijing(today, 45, '09:00'),
      endsAt: beijing(today, 45, '17:00'),
      status: 'published',
      contactEmail: 'matchmaking@forumdesk.example.org',
      venues: [
        {
          name: { en: 'Beijing International Technology Cooperation Center', 'zh-CN': '北京国际技术合作中心' },
          address: { en: '8 Beichen East Road, Chaoyang District, Beijing', 'zh-CN': '北京市朝阳区北辰东路8号' },
          rooms: [
            { name: { en: 'Briefing Hall', 'zh-CN': '推介厅' }, floor: '1F', capacity: 240, interpretationBooths: true },
            { name: { en: 'Matchmaking Area (30 tables)', 'zh-CN': '洽谈区（30张洽谈桌）' }, floor: '1F', capacity: 120 },
          ],
        },
      ],
    },
    {
      key: 'zgc',
      kind: 'forum',
      slug: `zgc-forum-${year}`,
      title: { en: `Zhongguancun Forum ${year}`, 'zh-CN': `${year}中关村论坛年会` },
      summary: {
        en: 'The annual national platform for global science and technology innovation exchange and cooperation: five days, five sections, about twenty sub-forums.',
        'zh-CN': '面向全球科技创新交流合作的国家级平台：为期五天，设五大板块、约二十场分论坛。',
      },
      description: {
        en: 'Opening ceremony and plenary in Changchun Hall, followed by sub-forums, technology trading, releases of reports and signing ceremonies of cooperation agreements. Opening and keynote sessions have simultaneous interpretation between Chinese and English.',
        'zh-CN': '长春厅举行开幕式暨全体会议，随后举办分论坛、技术交易、成果发布和合作协议签约仪式。开幕式和主旨演讲提供中英同声传译。',
      },
      startsAt: beijing(today, zgcStart, '09:00'),
      endsAt: beijing(today, zgcStart + 4, '18:00'),
      status: 'published',
      contactEmail: 'forum@forumdesk.example.org',
      venues: [
        {
          name: { en: 'ZGC International Innovation Center', 'zh-CN': '中关村国际创新中心' },
          address: { en: 'Haidian District, Beijing', 'zh-CN': '北京市海淀区' },
          rooms: [
            { name: { en: 'Changchun Hall', 'zh-CN': '长春厅' }, floor: '1F', capacity: 1200, interpretationBooths: true },
            { name: { en: 'Multi-function Hall', 'zh-CN': '多功能厅' }, floor: '2F', capacity: 400, interpretationBooths: true },
            { name: { en: 'Meeting Room 301', 'zh-CN': '301会议室' }, floor: '3F', capacity: 120 },
            { name: { en: 'Meeting Room 302', 'zh-CN': '302会议室' }, floor: '3F', capacity: 80 },
          ],
        },
      ],
    },
    {
      key: 'belt-and-road',
      parentKey: 'zgc',
      kind: 'sub-forum',
      slug: `zgc-forum-${year}-belt-and-road`,
      title: {
        en: 'Belt and Road Science and Technology Innovation Cooperation Forum',
        'zh-CN': '“一带一路”科技创新合作论坛',
      },
      summary: {
        en: 'Ministers, ambassadors and science diplomats on joint laboratories, technology transfer and talent exchange, with a signing ceremony and the release of an annual report.',
        'zh-CN': '部长、大使和科技外交官共话联合实验室、技术转移与人才交流，举行合作协议签约仪式并发布年度报告。',
      },
      description: {
        en: 'Opening, keynotes, a roundtable of science counsellors, the signing ceremony of cooperation agreements and the release of the Belt and Road S&T cooperation report. Simultaneous interpretation Chinese ↔ English throughout.',
        'zh-CN': '开幕致辞、主旨演讲、科技参赞圆桌对话、合作协议签约仪式及“一带一路”科技合作报告发布。全程中英同声传译。',
      },
      startsAt: beijing(today, zgcStart + 2, '09:00'),
      endsAt: beijing(today, zgcStart + 2, '17:30'),
      status: 'published',
      contactEmail: 'belt-and-road@forumdesk.example.org',
      venues: [
        {
          name: { en: 'ZGC International Innovation Center', 'zh-CN': '中关村国际创新中心' },
          address: { en: 'Haidian District, Beijing', 'zh-CN': '北京市海淀区' },
          rooms: [{ name: { en: 'Multi-function Hall', 'zh-CN': '多功能厅' }, floor: '2F', capacity: 400, interpretationBooths: true }],
        },
      ],
    },
    {
      key: 'future-industries',
      parentKey: 'zgc',
      kind: 'sub-forum',
      slug: `zgc-forum-${year}-future-industries`,
      title: { en: 'Future Industries Sub-forum', 'zh-CN': '未来产业分论坛' },
      summary: { 'zh-CN': '聚焦人工智能、生命科学与量子信息等未来产业。' },
      startsAt: beijing(today, zgcStart + 3, '13:30'),
      endsAt: beijing(today, zgcStart + 3, '17:30'),
      status: 'draft',
    },
    {
      key: 'conference',
      kind: 'conference',
      slug: `innovation-spaces-conference-${confYear}`,
      title: {
        en: `World Conference of Science Parks and Areas of Innovation ${confYear}`,
        'zh-CN': `${confYear}世界科技园区与创新区域大会`,
      },
      summary: {
        en: 'Five days of technical visits, training, 4 plenaries and 15 parallel forums in 5 strands, for about 800 participants from science parks and areas of innovation worldwide. Working language: English.',
      },
      description: {
        en: 'Day 1: technical visits on three routes and a training course, partly at the sub-venue in the ZGC Life Science Park in Changping. Day 2: opening ceremony at the China National Convention Center. Parallel forums run in five strands: open innovation, urban development, economic development, future trends, and technology & industry. Day 5 closes with the hand-over of the conference flag to the next host city.',
      },
      startsAt: beijing(today, 120, '09:00'),
      endsAt: beijing(today, 124, '17:00'),
      status: 'published',
      contactEmail: 'conference@forumdesk.example.org',
      venues: [
        {
          name: { en: 'China National Convention Center', 'zh-CN': '国家会议中心' },
          address: { en: '7 Tianchen East Road, Chaoyang District, Beijing', 'zh-CN': '北京市朝阳区天辰东路7号' },
          rooms: [
            { name: { en: 'Plenary Hall', 'zh-CN': '大会堂' }, floor: '3F', capacity: 2000, interpretationBooths: true },
            { name: { en: 'Room 301', 'zh-CN': '301会议室' }, floor: '3F', capacity: 300, interpretationBooths: true },
            { name: { en: 'Room 302', 'zh-CN': '302会议室' }, floor: '3F', capacity: 200 },
            { name: { en: 'Room 305', 'zh-CN': '305会议室' }, floor: '3F', capacity: 150 },
            { name: { en: 'Room 310', 'zh-CN': '310会议室' }, floor: '3F', capacity: 100 },
          ],
        },
        {
          name: { en: 'ZGC Life Science Park (sub-venue)', 'zh-CN': '中关村生命科学园（分会场）' },
          address: { en: 'Changping District, Beijing', 'zh-CN': '北京市昌平区' },
          rooms: [{ name: { en: 'Conference Room 1', 'zh-CN': '第一会议室' }, floor: '1F', capacity: 160 }],
        },
      ],
    },
    {
      key: 'training',
      kind: 'training',
      slug: `international-technology-transfer-training-${confYear}`,
      title: { en: 'International Technology Transfer Training Course', 'zh-CN': '国际技术转移培训班' },
      summary: { en: 'A two-week course for technology managers from partner countries.', 'zh-CN': '面向合作国家技术经理人的两周培训课程。' },
      startsAt: beijing(today, 150, '09:00'),
      endsAt: beijing(today, 163, '17:00'),
      status: 'draft',
    },
    {
      key: 'past-week',
      kind: 'innovation-week',
      slug: `china-italy-innovation-week-${today.minus({ days: 40 }).year}`,
      title: { en: 'China–Italy Innovation Week', 'zh-CN': '中意创新合作周' },
      summary: { en: 'Bilateral innovation week (already held).', 'zh-CN': '双边创新合作周（已举办）。' },
      startsAt: beijing(today, -44, '09:00'),
      endsAt: beijing(today, -40, '17:00'),
      status: 'published',
    },
  ];
}
