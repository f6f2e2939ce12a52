/** Recent blog pages the extension did not understand, newest first. */
import { useEffect, useState } from 'preact/hooks';
import { ErrorBanner } from '@/components/common';
import { useI18n, useServices } from '@/components/context';
import type { Diagnostic } from '@/components/popup/popup-data';

const SHOWN = 50;

export function DiagnosticsSection() {
  const { api } = useServices();
  const { t, lang } = useI18n();
  const [diagnostics, setDiagnostics] = useState<Diagnostic[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api.diagnostics().then((d) => setDiagnostics(d.slice(0, SHOWN)), setError);
  }, [api]);

  const time = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <section class="kx-card" aria-labelledby="kx-diagnostics-title">
      <h2 id="kx-diagnostics-title">{t('options.diagnosticsTitle')}</h2>
      {error != null && <ErrorBanner error={error} />}
      {diagnostics?.length === 0 && <p class="kx-hint">{t('options.diagnosticsNone')}</p>}
      {diagnostics && diagnostics.length > 0 && (
        <>
          <p class="kx-hint">{t('options.diagnosticsHint')}</p>
          <ul class="kx-diagnostics">
            {diagnostics.map((d) => (
              <li key={`${d.at}-${d.url}`}>
                <time dateTime={new Date(d.at).toISOString()}>{time.format(d.at)}</time>{' '}
                <a href={d.url} target="_blank" rel="noopener noreferrer">
                  {d.url}
                </a>
                <p class="kx-diagnostic-message">{d.message}</p>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
