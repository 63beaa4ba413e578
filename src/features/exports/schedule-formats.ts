// A frab schedule written as schedule.xml and as schedule.json, in the shapes the voc/schedule schemas describe
// (test/fixtures/voc-schedule holds the schemas the tests check them against).
import { xmlText } from '../../lib/xml.ts';
import type { Schedule, ScheduleEvent } from './schedule.ts';

const GENERATOR = { name: 'Forum Desk', version: '0.1.0' };

function element(name: string, value: string | number, indent: string): string {
  return `${indent}<${name}>${xmlText(value)}</${name}>\n`;
}

function eventXml(e: ScheduleEvent): string {
  const i = '        ';
  const persons = e.persons.map((p) => `${i}  <person id="${p.id}">${xmlText(p.name)}</person>\n`).join('');
  return (
    `      <event guid="${e.guid}" id="${e.id}">\n` +
    element('date', e.date, i) +
    element('start', e.start, i) +
    element('duration', e.duration, i) +
    element('room', e.room, i) +
    element('slug', e.slug, i) +
    element('url', e.url, i) +
    element('title', e.title, i) +
    `${i}<subtitle></subtitle>\n` +
    element('track', e.track ?? '', i) +
    element('type', e.type, i) +
    element('language', e.language, i) +
    element('abstract', e.abstract, i) +
    element('description', e.description, i) +
    `${i}<persons>\n${persons}${i}</persons>\n` +
    `${i}<links></links>\n` +
    `      </event>\n`
  );
}

export function scheduleXml(schedule: Schedule): string {
  const c = schedule.conference;
  const days = schedule.days
    .map(
      (day) =>
        `  <day index="${day.index}" date="${day.date}" start="${day.start}" end="${day.end}">\n` +
        day.rooms
          .map((room) => `    <room name="${xmlText(room.name)}"${room.guid ? ` guid="${room.guid}"` : ''}>\n${room.events.map(eventXml).join('')}    </room>\n`)
          .join('') +
        `  </day>\n`,
    )
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<schedule>\n` +
    `  <generator name="${GENERATOR.name}" version="${GENERATOR.version}"/>\n` +
    element('version', schedule.version, '  ') +
    `  <conference>\n` +
    element('acronym', c.acronym, '    ') +
    element('title', c.title, '    ') +
    element('start', c.start, '    ') +
    element('end', c.end, '    ') +
    element('days', c.daysCount, '    ') +
    element('timeslot_duration', c.timeslotDuration, '    ') +
    element('base_url', c.baseUrl, '    ') +
    element('time_zone_name', c.timeZoneName, '    ') +
    `  </conference>\n` +
    days +
    `</schedule>\n`
  );
}

/** The schedule.json document: rooms keyed by name per day, people as frab persons ({ id, public_name }). */
export function scheduleJson(schedule: Schedule) {
  const c = schedule.conference;
  return {
    $schema: 'https://c3voc.de/schedule/schema.json',
    generator: GENERATOR,
    schedule: {
      version: schedule.version,
      base_url: c.baseUrl,
      conference: {
        acronym: c.acronym,
        title: c.title,
        start: c.start,
        end: c.end,
        daysCount: c.daysCount,
        timeslot_duration: c.timeslotDuration,
        time_zone_name: c.timeZoneName,
        url: c.url,
        rooms: schedule.rooms.flatMap((r) => (r.guid ? [{ name: r.name, guid: r.guid }] : [])),
        tracks: schedule.tracks.map((t) => ({ name: t.name, color: t.colour })),
        days: schedule.days.map((day) => ({
          index: day.index,
          date: day.date,
          day_start: day.start,
          day_end: day.end,
          rooms: Object.fromEntries(
            day.rooms.map((room) => [
              room.name,
              room.events.map((e) => ({
                id: e.id,
                guid: e.guid,
                date: e.date,
                // This schema version asks for the start as a full date-time (the XML keeps frab's HH:mm).
                start: e.date,
                duration: e.duration,
                room: e.room,
                slug: e.slug,
                url: e.url,
                title: e.title,
                subtitle: '',
                track: e.track,
                type: e.type,
                language: e.language,
                abstract: e.abstract,
                description: e.description,
                persons: e.persons.map((p) => ({ id: p.id, public_name: p.name })),
                links: [],
              })),
            ]),
          ),
        })),
      },
    },
  };
}
