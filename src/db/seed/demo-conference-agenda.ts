// The five-day world conference of science parks for the demo, shaped like an IASP World Conference: day 1 technical
// visits (bookable, fewer seats than their meeting room) and training; then opening, four plenaries, fifteen parallel
// sessions in five coloured strands across three rooms, breaks and networking, and a closing with the flag hand-over
// to the next host. Fictional people from many countries; interpretation only in rooms with booths, so the
// conflict report stays empty. Published as version 1 like the Belt and Road agenda.
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { publishAgenda } from '../../features/agenda/publish.ts';
import type { Clock } from '../../lib/clock.ts';
import type { LocalizedText } from '../../lib/localized.ts';
import type { SessionPersonRole, SessionType } from '../schema/index.ts';
import { agendaSessions, rooms, sessionPeople, speakers, tracks, venues } from '../schema/index.ts';
import type { Db } from '../types.ts';
import { DEMO_ZONE } from './demo-events.ts';

interface Person {
  name: LocalizedText;
  title: LocalizedText;
  organisation: LocalizedText;
  country: string;
  email: string;
}

const person = (en: string, zh: string, titleEn: string, titleZh: string, orgEn: string, orgZh: string, country: string, email: string): Person => ({
  name: { en, 'zh-CN': zh },
  title: { en: titleEn, 'zh-CN': titleZh },
  organisation: { en: `${orgEn} (fictional)`, 'zh-CN': `${orgZh}（虚构）` },
  country,
  email,
});

const PEOPLE = {
  zhao: person('Zhao Min', '赵敏', 'Secretary General', '秘书长', 'Beijing Science Park Association', '北京科技园区协会', 'CN', 'zhao.min@example.org'),
  wang: person('Wang Lei', '王磊', 'Deputy Mayor', '副市长', 'Beijing Municipal Government', '北京市人民政府', 'CN', 'wang.lei@example.com'),
  marquez: person('Dr. Elena Márquez', '埃琳娜·马尔克斯', 'President', '主席', 'World Association of Innovation Spaces', '世界创新空间协会', 'ES', 'elena.marquez@example.org'),
  ndlovu: person('Sipho Ndlovu', '西菲·恩德洛武', 'Chief Executive', '首席执行官', 'Cape Innovation District', '开普创新区', 'ZA', 'sipho.ndlovu@example.org'),
  chenxy: person('Dr. Chen Xiaoyu', '陈晓雨', 'Deputy Director', '副主任', 'Zhongguancun Science City Administration', '中关村科学城管委会', 'CN', 'chen.xiaoyu@example.com'),
  lindqvist: person('Prof. Hannah Lindqvist', '汉娜·林德奎斯特', 'Professor of Regional Innovation', '区域创新教授', 'Nordic Institute of Technology', '北欧理工学院', 'SE', 'hannah.lindqvist@example.org'),
  watanabe: person('Dr. Kenji Watanabe', '渡边健二', 'Director', '主任', 'Tsukuba Research Park', '筑波研究园', 'JP', 'kenji.watanabe@example.org'),
  raman: person('Dr. Priya Raman', '普丽娅·拉曼', 'Chief Economist', '首席经济学家', 'Bengaluru Innovation Council', '班加罗尔创新理事会', 'IN', 'priya.raman@example.org'),
  sun: person('Prof. Sun Wei', '孙伟', 'Dean, School of Innovation Management', '创新管理学院院长', 'Capital University of Technology', '首都理工大学', 'CN', 'sun.wei@example.com'),
  liu: person('Liu Ming', '刘明', 'Visitor Programme Manager', '参访项目经理', 'Zhongguancun Science City', '中关村科学城', 'CN', 'liu.ming@example.com'),
  // Strand chairs, one per strand, in STRANDS order.
  oliveira: person('Ana Oliveira', '安娜·奥利韦拉', 'Director of Open Innovation', '开放创新总监', 'Recife Digital Park', '累西腓数字园', 'BR', 'ana.oliveira@example.org'),
  becker: person('Thomas Becker', '托马斯·贝克尔', 'Head of Urban Planning', '城市规划主管', 'Berlin Science District', '柏林科学区', 'DE', 'thomas.becker@example.org'),
  alsuwaidi: person('Fatima Al Suwaidi', '法蒂玛·苏瓦迪', 'Economic Development Lead', '经济发展负责人', 'Gulf Science Oasis', '海湾科学绿洲', 'AE', 'fatima.alsuwaidi@example.org'),
  oconnor: person("Dr. Michael O'Connor", '迈克尔·奥康纳', 'Futures Analyst', '未来趋势分析师', 'Dublin Research Quarter', '都柏林研究区', 'IE', 'michael.oconnor@example.org'),
  park: person('Park Ji-won', '朴智媛', 'Managing Director', '董事总经理', 'Daedeok Innopolis Partners', '大德创新城伙伴公司', 'KR', 'jiwon.park@example.org'),
  // Two speakers per strand, in STRANDS order.
  gomez: person('Laura Gómez', '劳拉·戈麦斯', 'Head of Partnerships', '合作主管', 'Monterrey Technology Park', '蒙特雷科技园', 'MX', 'laura.gomez@example.org'),
  yang: person('Yang Fan', '杨帆', 'Founder', '创始人', 'Zhongguancun Open Lab', '中关村开放实验室', 'CN', 'yang.fan@example.com'),
  martin: person('Isabelle Martin', '伊莎贝尔·马丁', 'Campus Architect', '园区建筑师', 'Sophia Valley Campus', '索菲亚谷园区', 'FR', 'isabelle.martin@example.org'),
  mensah: person('Kwame Mensah', '夸梅·门萨', 'Programme Director', '项目总监', 'Accra Digital Centre', '阿克拉数字中心', 'GH', 'kwame.mensah@example.org'),
  jovanovic: person('Nikola Jovanović', '尼古拉·约万诺维奇', 'Investment Manager', '投资经理', 'Belgrade Science and Technology Park', '贝尔格莱德科技园', 'RS', 'nikola.jovanovic@example.org'),
  zhang: person('Zhang Qian', '张倩', 'Vice President', '副总裁', 'Suzhou Innovation Park', '苏州创新园', 'CN', 'zhang.qian@example.com'),
  carter: person('Emily Carter', '艾米莉·卡特', 'Senior Fellow', '高级研究员', 'Research Triangle Foundation', '研究三角基金会', 'US', 'emily.carter@example.org'),
  virtanen: person('Matti Virtanen', '马蒂·维尔塔宁', 'Head of Foresight', '前瞻研究主管', 'Otaniemi Innovation Campus', '奥塔涅米创新园区', 'FI', 'matti.virtanen@example.org'),
  hassan: person('Ahmed Hassan', '艾哈迈德·哈桑', 'Technology Transfer Manager', '技术转移经理', 'Nile Smart Village', '尼罗智慧村', 'EG', 'ahmed.hassan@example.org'),
  huang: person('Huang Jing', '黄静', 'Director of Industry Services', '产业服务总监', 'Changping Life Science Park', '昌平生命科学园', 'CN', 'huang.jing@example.com'),
} satisfies Record<string, Person>;

type PersonKey = keyof typeof PEOPLE;
type Cast = [PersonKey, SessionPersonRole][];

const STRANDS: { name: LocalizedText; colour: string; chair: PersonKey; speakers: [PersonKey, PersonKey]; titles: [string, string][] }[] = [
  {
    name: { en: 'Open innovation', 'zh-CN': '开放创新' },
    colour: '#0969da',
    chair: 'oliveira',
    speakers: ['gomez', 'yang'],
    titles: [
      ['Open labs: sharing infrastructure between companies and universities', '开放实验室：企业与高校共享基础设施'],
      ['Corporate venturing in science parks', '科技园区中的企业风险投资'],
      ['Measuring the impact of open innovation programmes', '衡量开放创新项目的成效'],
    ],
  },
  {
    name: { en: 'Urban development', 'zh-CN': '城市发展' },
    colour: '#1a7f37',
    chair: 'becker',
    speakers: ['martin', 'mensah'],
    titles: [
      ['Mixed-use innovation districts: housing, labs and public space', '混合功能创新街区：住房、实验室与公共空间'],
      ['Turning industrial sites into innovation campuses', '工业旧址改造为创新园区'],
      ['Mobility and green infrastructure for areas of innovation', '创新区域的交通与绿色基础设施'],
    ],
  },
  {
    name: { en: 'Economic development', 'zh-CN': '经济发展' },
    colour: '#9a6700',
    chair: 'alsuwaidi',
    speakers: ['jovanovic', 'zhang'],
    titles: [
      ['Attracting foreign direct investment to science parks', '吸引外商直接投资进入科技园区'],
      ['Incubators and accelerators: what works after the first three years', '孵化器与加速器：三年之后什么有效'],
      ['Financing innovation: public funds and private capital', '创新融资：公共基金与私人资本'],
    ],
  },
  {
    name: { en: 'Future trends', 'zh-CN': '未来趋势' },
    colour: '#8250df',
    chair: 'oconnor',
    speakers: ['carter', 'virtanen'],
    titles: [
      ['Artificial intelligence and the science park of 2040', '人工智能与2040年的科技园区'],
      ['Remote work and the future of innovation campuses', '远程办公与创新园区的未来'],
      ['Climate-neutral areas of innovation', '气候中和的创新区域'],
    ],
  },
  {
    name: { en: 'Technology and industry', 'zh-CN': '技术与产业' },
    colour: '#cf222e',
    chair: 'park',
    speakers: ['hassan', 'huang'],
    titles: [
      ['Life-science clusters: from lab to market', '生命科学集群：从实验室到市场'],
      ['Advanced manufacturing and pilot production lines', '先进制造与中试生产线'],
      ['Technology transfer offices as bridges to industry', '技术转移办公室：连接产业的桥梁'],
    ],
  },
];

/** The parallel slots (conference day, from, to) and which strand's next session runs in Rooms 301, 302 and 305. */
const PARALLEL_SLOTS: { day: number; from: string; to: string; strands: [number, number, number] }[] = [
  { day: 1, from: '14:00', to: '15:30', strands: [0, 1, 2] },
  { day: 1, from: '16:00', to: '17:30', strands: [3, 4, 0] },
  { day: 2, from: '11:00', to: '12:30', strands: [1, 2, 3] },
  { day: 2, from: '14:00', to: '15:30', strands: [4, 0, 1] },
  { day: 3, from: '11:00', to: '12:30', strands: [2, 3, 4] },
];
/** Room 301 has booths; the other two parallel rooms do not, so only its sessions are interpreted. */
const PARALLEL_ROOMS = ['Room 301', 'Room 302', 'Room 305'] as const;

interface SessionSpec {
  type: SessionType;
  title: [string, string];
  /** Conference day from 0, and Beijing wall times. */
  day: number;
  from: string;
  to: string;
  /** The room's English name; none for breaks and receptions. */
  room?: string;
  strand?: number;
  capacity?: number;
  language?: 'en' | 'zh';
  interpreted?: boolean;
  people?: Cast;
}

const FIXED_SESSIONS: SessionSpec[] = [
  // Day 1: technical visits leave from their meeting room; training at the Changping sub-venue.
  { type: 'site-visit', title: ['Technical visit A: Zhongguancun Science City', '技术参访A线：中关村科学城'], day: 0, from: '09:00', to: '12:30', room: 'Room 310', capacity: 40, people: [['liu', 'host']] },
  { type: 'site-visit', title: ['Technical visit B: ZGC Life Science Park, Changping', '技术参访B线：昌平中关村生命科学园'], day: 0, from: '09:00', to: '12:30', room: 'Conference Room 1', capacity: 50, people: [['huang', 'host']] },
  { type: 'site-visit', title: ['Technical visit C: Beijing Economic-Technological Development Area', '技术参访C线：北京经济技术开发区'], day: 0, from: '09:00', to: '12:30', room: 'Room 305', capacity: 45, people: [['yang', 'host']] },
  { type: 'workshop', title: ['Training: managing a science park, from strategy to services', '培训：科技园区管理，从战略到服务'], day: 0, from: '14:00', to: '17:00', room: 'Conference Room 1', capacity: 60, people: [['lindqvist', 'speaker'], ['liu', 'host']] },
  // Day 2
  { type: 'opening', title: ['Opening ceremony', '开幕式'], day: 1, from: '09:00', to: '10:00', room: 'Plenary Hall', language: 'zh', interpreted: true, people: [['zhao', 'host'], ['wang', 'speaker'], ['marquez', 'speaker']] },
  { type: 'break', title: ['Coffee break', '茶歇'], day: 1, from: '10:00', to: '10:30' },
  { type: 'plenary', title: ['Plenary 1: Areas of innovation as engines of inclusive growth', '全体会议一：创新区域驱动包容性增长'], day: 1, from: '10:30', to: '12:00', room: 'Plenary Hall', interpreted: true, people: [['lindqvist', 'speaker'], ['chenxy', 'moderator']] },
  { type: 'break', title: ['Lunch', '午餐'], day: 1, from: '12:00', to: '14:00' },
  { type: 'break', title: ['Coffee break', '茶歇'], day: 1, from: '15:30', to: '16:00' },
  { type: 'networking', title: ['Welcome reception', '欢迎酒会'], day: 1, from: '18:30', to: '20:30' },
  // Day 3
  { type: 'plenary', title: ['Plenary 2: Science parks and the next generation of research infrastructure', '全体会议二：科技园区与新一代科研基础设施'], day: 2, from: '09:00', to: '10:30', room: 'Plenary Hall', interpreted: true, people: [['watanabe', 'speaker'], ['chenxy', 'moderator']] },
  { type: 'break', title: ['Coffee break', '茶歇'], day: 2, from: '10:30', to: '11:00' },
  { type: 'break', title: ['Lunch', '午餐'], day: 2, from: '12:30', to: '14:00' },
  { type: 'networking', title: ['Speed networking for park managers', '园区管理者快速对接'], day: 2, from: '16:00', to: '17:30', room: 'Room 310' },
  // Day 4
  { type: 'plenary', title: ['Plenary 3: Talent, skills and the innovation economy', '全体会议三：人才、技能与创新经济'], day: 3, from: '09:00', to: '10:30', room: 'Plenary Hall', interpreted: true, people: [['raman', 'speaker'], ['chenxy', 'moderator']] },
  { type: 'break', title: ['Coffee break', '茶歇'], day: 3, from: '10:30', to: '11:00' },
  { type: 'networking', title: ['Conference dinner', '大会晚宴'], day: 3, from: '18:30', to: '21:00' },
  // Day 5
  { type: 'plenary', title: ['Plenary 4: The next ten years of areas of innovation', '全体会议四：创新区域的下一个十年'], day: 4, from: '09:00', to: '10:30', room: 'Plenary Hall', interpreted: true, people: [['sun', 'speaker'], ['chenxy', 'moderator'], ['marquez', 'panelist'], ['ndlovu', 'panelist']] },
  { type: 'break', title: ['Coffee break', '茶歇'], day: 4, from: '10:30', to: '11:00' },
  { type: 'other', title: ['Closing ceremony and flag hand-over to the next host city', '闭幕式暨会旗交接仪式'], day: 4, from: '11:00', to: '12:00', room: 'Plenary Hall', interpreted: true, people: [['zhao', 'host'], ['marquez', 'speaker'], ['ndlovu', 'speaker']] },
];

/** The three sessions of each strand: talks, then a panel, then a talk with a respondent; its chair moderates each. */
function parallelSessions(): SessionSpec[] {
  const next = STRANDS.map(() => 0);
  return PARALLEL_SLOTS.flatMap((slot) =>
    slot.strands.map((strandIndex, roomIndex) => {
      const strand = STRANDS[strandIndex]!;
      const n = next[strandIndex]!++;
      const [a, b] = strand.speakers;
      const roles: [SessionPersonRole, SessionPersonRole] = n === 0 ? ['speaker', 'speaker'] : n === 1 ? ['panelist', 'panelist'] : ['speaker', 'panelist'];
      return {
        type: 'parallel' as const,
        title: strand.titles[n]!,
        day: slot.day,
        from: slot.from,
        to: slot.to,
        room: PARALLEL_ROOMS[roomIndex],
        strand: strandIndex,
        interpreted: roomIndex === 0,
        people: [[strand.chair, 'moderator'], [a, roles[0]], [b, roles[1]]] satisfies Cast,
      };
    }),
  );
}

/** Every session of the demo conference, in time order. */
export const CONFERENCE_SESSIONS: SessionSpec[] = [...FIXED_SESSIONS, ...parallelSessions()].sort((x, y) => x.day - y.day || x.from.localeCompare(y.from));
export const CONFERENCE_STRANDS = STRANDS.length;

/** Writes the conference's tracks, speakers and sessions and publishes them; `firstDay` is the event's first instant. */
export async function seedDemoConferenceAgenda(tx: Db, clock: Clock, eventId: string, firstDay: Date): Promise<void> {
  const roomRows = await tx.select({ id: rooms.id, name: rooms.name }).from(rooms).innerJoin(venues, eq(venues.id, rooms.venueId)).where(eq(venues.eventId, eventId));
  const roomIds = new Map(roomRows.map((r) => [(r.name as LocalizedText).en, r.id]));
  const trackRows = await tx
    .insert(tracks)
    .values(STRANDS.map((s, position) => ({ eventId, name: s.name, colour: s.colour, position })))
    .returning({ id: tracks.id });
  const speakerRows = await tx.insert(speakers).values(Object.values(PEOPLE).map((p) => ({ eventId, ...p }))).returning({ id: speakers.id });
  const speakerIds = new Map(Object.keys(PEOPLE).map((key, i) => [key as PersonKey, speakerRows[i]!.id]));
  const start = DateTime.fromJSDate(firstDay, { zone: DEMO_ZONE }).startOf('day');
  const at = (day: number, time: string) => {
    const [hour = 0, minute = 0] = time.split(':').map(Number);
    return start.plus({ days: day }).set({ hour, minute }).toJSDate();
  };
  for (const s of CONFERENCE_SESSIONS) {
    const roomId = s.room === undefined ? null : roomIds.get(s.room);
    if (roomId === undefined) throw new Error(`demo conference: no room named ${s.room}`);
    const [row] = await tx
      .insert(agendaSessions)
      .values({
        eventId,
        type: s.type,
        title: { en: s.title[0], 'zh-CN': s.title[1] },
        roomId,
        trackId: s.strand === undefined ? null : trackRows[s.strand]!.id,
        startsAt: at(s.day, s.from),
        endsAt: at(s.day, s.to),
        language: s.language ?? 'en',
        interpretation: s.interpreted ? 'zh-en' : null,
        capacity: s.capacity ?? null,
      })
      .returning({ id: agendaSessions.id });
    const cast = s.people ?? [];
    if (cast.length > 0) {
      await tx.insert(sessionPeople).values(cast.map(([key, role], position) => ({ sessionId: row!.id, speakerId: speakerIds.get(key)!, role, status: 'accepted' as const, position })));
    }
  }
  const published = await publishAgenda(tx, clock, { actorId: null, requestId: null }, { id: eventId, parentId: null });
  if (published.blockedBy) throw new Error(`demo conference agenda: ${published.blockedBy} hard conflicts block publishing`);
}
