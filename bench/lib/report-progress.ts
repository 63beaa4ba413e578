// Progress lines go to stderr, so stdout carries only the result tables.

/** Example: reportProgress('home: measuring L0 hello'); */
export function reportProgress(message: string): void {
  process.stderr.write(`· ${message}\n`);
}
