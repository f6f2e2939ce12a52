/** The popup's footer: the math renderer switch and, when there is something to export, a quick export. */
import { ErrorBanner, SettingSwitch, useAction } from '@/components/common';
import { useI18n, useServices, useSettings } from '@/components/context';
import type { ExportFormat } from '@/components/exporting';

export function PopupFooter({ canExport }: { canExport: boolean }) {
  const { t } = useI18n();
  const services = useServices();
  const { settings, update } = useSettings();
  const { busy, error, run } = useAction();

  // The exporters (and the backup schema they pull in) load on first use: the popup must open fast.
  const quickExport = (format: ExportFormat) =>
    run(async () => (await import('@/components/exporting')).exportAndDownload(services, t, 'all', format));

  return (
    <footer class="kx-popup-footer">
      <SettingSwitch
        checked={settings.renderer}
        disabled={busy}
        label={t('settings.renderer')}
        onToggle={(on) => void run(() => update({ renderer: on }))}
      />
      <p class="kx-hint">{t('settings.rendererHint')}</p>
      {canExport && (
        <fieldset class="kx-toolbar kx-group" aria-label={t('popup.quickExport')}>
          <button type="button" disabled={busy} onClick={() => quickExport('markdown')}>
            {t('popup.exportMarkdown')}
          </button>
          <button type="button" disabled={busy} onClick={() => quickExport('csv')}>
            {t('popup.exportCsv')}
          </button>
        </fieldset>
      )}
      {error != null && <ErrorBanner error={error} />}
    </footer>
  );
}
