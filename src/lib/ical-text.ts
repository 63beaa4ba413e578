// A calendar from ical-generator as RFC 5545 wants its text: calendar properties before the first component, and
// every line (the last one too) ended by CRLF. ical-generator writes a calendar's X- properties after its events
// and leaves the last line open, which strict readers take as a calendar without its time-zone hint.
// Example: icalText(calendar, [['X-WR-TIMEZONE', 'Asia/Shanghai']])
import type { ICalCalendar } from 'ical-generator';

/** The calendar's text with `properties` (short ASCII names and values) right after its own properties. */
export function icalText(calendar: ICalCalendar, properties: [name: string, value: string][] = []): string {
  const text = calendar.toString();
  const lines = properties.map(([name, value]) => `${name}:${value}\r\n`).join('');
  const firstComponent = text.search(/\r\nBEGIN:(?!VCALENDAR)/);
  const at = firstComponent === -1 ? text.lastIndexOf('\r\nEND:VCALENDAR') : firstComponent;
  const placed = `${text.slice(0, at + 2)}${lines}${text.slice(at + 2)}`;
  return placed.endsWith('\r\n') ? placed : `${placed}\r\n`;
}
