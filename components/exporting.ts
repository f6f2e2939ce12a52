/** Builds an export of the reader's data with utils/export and hands it to the platform as a download. */
import type { Snapshot } from '@/utils/db/model';
import { toJsonBackup } from '@/utils/export/backup';
import {
  type ExportFormat,
  type ExportOptions,
  exportFileName,
  MIME_TYPES,
  toBibtex,
  toBookmarksHtml,
  toCsv,
  toMarkdown,
} from '@/utils/export/formats';
import type { ExportScope } from '@/utils/export/rows';
import type { Translate } from '@/utils/i18n';
import type { Services } from './context';

export type { ExportFormat, ExportScope };

export const EXPORT_FORMATS: readonly ExportFormat[] = ['markdown', 'csv', 'json', 'bibtex', 'bookmarks'];

/** The file's content. A JSON backup is always complete (it is what a restore needs), whatever the scope. */
function render(snapshot: Snapshot, format: ExportFormat, options: ExportOptions & { now: Date }): string {
  switch (format) {
    case 'markdown':
      return toMarkdown(snapshot, options);
    case 'csv':
      return toCsv(snapshot, options);
    case 'json':
      return toJsonBackup(snapshot, options.now);
    case 'bibtex':
      return toBibtex(snapshot, options);
    case 'bookmarks':
      return toBookmarksHtml(snapshot, options);
  }
}

export async function exportAndDownload(
  { api, platform }: Services,
  t: Translate,
  scope: ExportScope,
  format: ExportFormat,
): Promise<void> {
  const snapshot = await api.getSnapshot();
  const now = new Date();
  const content = render(snapshot, format, {
    scope,
    now,
    labels: { title: t('extName'), noSeries: t('export.noSeries') },
  });
  platform.download(exportFileName(format, now), MIME_TYPES[format], content);
}
