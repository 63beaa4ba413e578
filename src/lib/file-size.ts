// A file's size as people read it beside its name: whole kilobytes under a megabyte, megabytes with one decimal above.
// Example: formatFileSize(81, 'zh-CN') → '1 KB'; formatFileSize(5_452_595, 'en') → '5.2 MB'
import { translate, type Locale } from '../i18n/index.ts';

const KB = 1024;
const MB = 1024 * KB;

export function formatFileSize(bytes: number, locale: Locale): string {
  // A small file is still "1 KB", never "0 KB"; 1023.6 KB rounds up into megabytes rather than to "1,024 KB".
  const kb = Math.max(1, Math.round(bytes / KB));
  if (kb < 1024) return translate(locale, 'fileSize.kb', { size: new Intl.NumberFormat(locale).format(kb) });
  const mb = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(bytes / MB);
  return translate(locale, 'fileSize.mb', { size: mb });
}
