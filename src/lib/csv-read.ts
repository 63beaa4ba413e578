// Reads CSV text as spreadsheets write it (RFC 4180: quoted fields with doubled quotes, line breaks inside quotes,
// CRLF or LF rows), with the separator found from the first lines (comma, semicolon or tab), and says where it is
// malformed instead of guessing.
// Example: readCsv('E-mail,姓\r\nli@example.cn,李\r\n') → { rows: [['E-mail', '姓'], ['li@example.cn', '李']] }
export type CsvProblem = { problem: 'unclosed-quote' | 'text-after-quote'; line: number };

const SEPARATORS = [',', ';', '\t'] as const;

/** Lines the separator is looked for on: a title line above the headings ("2027年特邀嘉宾名单") holds none. */
const SEPARATOR_LINES = 10;

/**
 * The separator that one of the first lines uses most often, outside quotes (a comma when none is used); a tie goes
 * to the comma, then the semicolon.
 */
function separatorOf(text: string): string {
  const most = new Map<string, number>(SEPARATORS.map((s) => [s, 0]));
  let counts = new Map<string, number>(SEPARATORS.map((s) => [s, 0]));
  const endLine = () => {
    for (const [s, n] of counts) most.set(s, Math.max(most.get(s)!, n));
    counts = new Map(SEPARATORS.map((s) => [s, 0]));
  };
  let quoted = false;
  let lines = 0;
  for (let i = 0; i < text.length && lines < SEPARATOR_LINES; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endLine();
      lines++;
    } else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  endLine();
  let best = ',';
  for (const [s, n] of most) if (n > most.get(best)!) best = s;
  return best;
}

/**
 * Every record as its fields, the header included. A quote inside an unquoted field is kept as a letter (Excel
 * writes such files); a quoted field that never closes, or text right after a closing quote, is refused with the
 * line it starts on.
 */
export function readCsv(text: string): { rows: string[][] } | CsvProblem {
  const separator = separatorOf(text);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let line = 1;
  let quoteLine = 0;
  let state: 'start' | 'plain' | 'quoted' | 'closed' = 'start';
  const endField = () => {
    row.push(field);
    field = '';
    state = 'start';
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (state === 'quoted') {
      if (c === '"') {
        if (text[i + 1] === '"') (field += '"'), i++;
        else state = 'closed';
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === separator) endField();
    else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
    } else if (state === 'closed') return { problem: 'text-after-quote', line };
    else if (c === '"' && state === 'start') {
      state = 'quoted';
      quoteLine = line;
    } else {
      field += c;
      state = 'plain';
    }
  }
  if (state === 'quoted') return { problem: 'unclosed-quote', line: quoteLine };
  if (field !== '' || row.length > 0 || state === 'closed') endRow();
  return { rows };
}
