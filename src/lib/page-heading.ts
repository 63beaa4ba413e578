// The name of a rendered page for its <title>: the title a route gives, else the text of the page's own <h1>, so
// every tab and every screen reader's page list says which page it is without each route repeating its heading.
// Example: pageHeading(undefined, '<main><h1>Participants <span>(24)</span></h1>…') → 'Participants (24)'
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#39;': "'", '&#x3D;': '=', '&#x60;': '`', '&nbsp;': ' ' };

export function pageHeading(given: unknown, body: unknown): string {
  if (typeof given === 'string' && given.trim() !== '') return given.trim();
  if (typeof body !== 'string') return '';
  const heading = /<h1\b[^>]*>([\s\S]*?)<\/h1>/i.exec(body)?.[1];
  if (!heading) return '';
  return heading
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(?:amp|lt|gt|quot|#x27|#39|#x3D|#x60|nbsp);/g, (entity) => ENTITIES[entity]!)
    .replace(/\s+/g, ' ')
    .trim();
}
