/** Export a scope of the reading list in one of the formats. */
import { useEffect, useState } from 'preact/hooks';
import { ErrorBanner, useAction } from '@/components/common';
import { useI18n, useServices } from '@/components/context';
import { EXPORT_FORMATS, type ExportFormat, type ExportScope, exportAndDownload } from '@/components/exporting';
import type { SeriesSummary } from '@/utils/db/api';
import type { MessageKey } from '@/utils/i18n';

type ScopeChoice = Exclude<ExportScope, object> | 'series';

const SCOPES: [ScopeChoice, MessageKey][] = [
  ['all', 'export.scopeAll'],
  ['read', 'export.scopeRead'],
  ['unread', 'export.scopeUnread'],
  ['reading', 'export.scopeReading'],
  ['followed', 'export.scopeFollowed'],
  ['series', 'export.scopeSeries'],
];

const FORMAT_LABELS: Record<ExportFormat, MessageKey> = {
  markdown: 'export.formatMarkdown',
  csv: 'export.formatCsv',
  json: 'export.formatJson',
  bibtex: 'export.formatBibtex',
  bookmarks: 'export.formatBookmarks',
};

export function ExportSection() {
  const services = useServices();
  const { t } = useI18n();
  const { busy, error, run } = useAction();
  const [scope, setScope] = useState<ScopeChoice>('all');
  const [format, setFormat] = useState<ExportFormat>('markdown');
  const [series, setSeries] = useState<SeriesSummary[]>([]);
  const [seriesKey, setSeriesKey] = useState('');
  const [loadedSeries, setLoadedSeries] = useState(false);

  useEffect(() => {
    // Only the "one series" scope needs the list; it is one call, made when that scope is chosen.
    if (scope !== 'series' || loadedSeries) return;
    void run(async () => {
      const list = await services.api.listSeries();
      setSeries(list);
      setLoadedSeries(true);
      setSeriesKey((key) => key || list[0]?.key || '');
    });
  }, [scope, loadedSeries, services.api]);

  const canExport = scope !== 'series' || seriesKey !== '';
  const download = () =>
    run(() => exportAndDownload(services, t, scope === 'series' ? { series: seriesKey } : scope, format));

  return (
    <section class="kx-card" aria-labelledby="kx-export-title">
      <h2 id="kx-export-title">{t('options.exportTitle')}</h2>
      <label class="kx-field">
        <span>{t('export.scope')}</span>
        <select value={scope} onChange={(e) => setScope(e.currentTarget.value as ScopeChoice)}>
          {SCOPES.map(([value, label]) => (
            <option key={value} value={value}>
              {t(label)}
            </option>
          ))}
        </select>
      </label>
      {scope === 'series' && loadedSeries && series.length === 0 && <p class="kx-hint">{t('export.noSeriesYet')}</p>}
      {scope === 'series' && series.length > 0 && (
        <label class="kx-field">
          <span>{t('export.series')}</span>
          <select value={seriesKey} onChange={(e) => setSeriesKey(e.currentTarget.value)}>
            {series.map((s) => (
              <option key={s.key} value={s.key}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label class="kx-field">
        <span>{t('export.format')}</span>
        <select value={format} onChange={(e) => setFormat(e.currentTarget.value as ExportFormat)}>
          {EXPORT_FORMATS.map((f) => (
            <option key={f} value={f}>
              {t(FORMAT_LABELS[f])}
            </option>
          ))}
        </select>
      </label>
      {format === 'json' && <p class="kx-hint">{t('export.jsonIsComplete')}</p>}
      <button type="button" class="kx-primary" disabled={busy || !canExport} onClick={download}>
        {t('export.download')}
      </button>
      {error != null && <ErrorBanner error={error} />}
    </section>
  );
}
