// Finds the Noto Sans CJK font the badges embed (Debian/Ubuntu package fonts-noto-cjk): Chinese names must print as
// Chinese, never as empty boxes, so a badge is refused with a clear message rather than drawn without the font.
// Example: const font = findCjkFont(); doc.registerFont('regular', font.regular.path, font.regular.face);
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface FontFace {
  /** A .ttc/.otf file. */
  path: string;
  /** The PostScript name of the face inside a collection (pdfkit picks it from a TTC by this name). */
  face: string;
}

export interface CjkFont {
  regular: FontFace;
  bold: FontFace;
}

/** Thrown when no CJK font is installed; its message says how to install one. */
export class CjkFontMissingError extends Error {
  override name = 'CjkFontMissingError';
  constructor() {
    super('Badges need the Noto Sans CJK font: install it with `sudo apt-get install fonts-noto-cjk` (Debian/Ubuntu) and try again.');
  }
}

// Where Debian, Ubuntu, Fedora and Arch put the collections; fc-match finds the rest.
const KNOWN_DIRECTORIES = ['/usr/share/fonts/opentype/noto', '/usr/share/fonts/noto-cjk', '/usr/share/fonts/google-noto-cjk', '/usr/share/fonts/OTF', '/usr/local/share/fonts'];

function fontconfigFile(pattern: string): string | undefined {
  try {
    const file = execFileSync('fc-match', ['--format=%{file}', pattern], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    // fc-match always answers with something; only a CJK collection of the weight asked for will do.
    return /NotoSansCJK-(Regular|Bold)\.ttc$/.test(file) && existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

export interface FontSearch {
  directories: readonly string[];
  /** Ask fontconfig too (off in the test that checks the message for a machine without the font). */
  fontconfig: boolean;
}

function findWeight(weight: 'Regular' | 'Bold', search: FontSearch): FontFace | undefined {
  const fileName = `NotoSansCJK-${weight}.ttc`;
  const known = search.directories.map((dir) => `${dir}/${fileName}`).find((candidate) => existsSync(candidate));
  const path = known ?? (search.fontconfig ? fontconfigFile(`Noto Sans CJK SC:style=${weight}`) : undefined);
  return path ? { path, face: `NotoSansCJKsc-${weight}` } : undefined;
}

/** The regular and bold faces (bold falls back to regular); throws CjkFontMissingError when neither is installed. */
export function locateCjkFont(search: FontSearch = { directories: KNOWN_DIRECTORIES, fontconfig: true }): CjkFont {
  const regular = findWeight('Regular', search);
  if (!regular) throw new CjkFontMissingError();
  return { regular, bold: findWeight('Bold', search) ?? regular };
}

let found: CjkFont | undefined;

/** locateCjkFont, remembered once found (installing the font later needs no restart to be noticed). */
export function findCjkFont(): CjkFont {
  found ??= locateCjkFont();
  return found;
}
