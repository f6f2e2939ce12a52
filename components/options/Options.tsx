/** The options page: settings, export, import, reading history, diagnostics and clearing all data. */
import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '@/components/context';
import { ClearDataSection } from './ClearDataSection';
import { DiagnosticsSection } from './DiagnosticsSection';
import { ExportSection } from './ExportSection';
import { HistorySection } from './HistorySection';
import { ImportSection } from './ImportSection';
import { SettingsSection } from './SettingsSection';

export function Options() {
  const { t } = useI18n();
  // Bumped when all data is cleared: the import starts over (no file, Merge).
  const [cleared, setCleared] = useState(0);
  useEffect(() => {
    document.title = t('options.title');
  }, [t]);
  return (
    <main class="kx-options">
      <header>
        <h1>{t('options.title')}</h1>
        <a class="kx-welcome-link" href="welcome.html">
          {t('welcome.link')}
        </a>
      </header>
      <SettingsSection />
      <ExportSection />
      <ImportSection key={cleared} />
      <HistorySection />
      <DiagnosticsSection />
      <ClearDataSection onCleared={() => setCleared((n) => n + 1)} />
    </main>
  );
}
