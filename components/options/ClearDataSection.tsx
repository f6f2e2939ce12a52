/** Clear all data: asks for confirmation and offers a backup first. */
import { useState } from 'preact/hooks';
import { ErrorBanner, useAction } from '@/components/common';
import { useI18n, useServices, useSettings } from '@/components/context';
import { exportAndDownload } from '@/components/exporting';

/** `onCleared`: the rest of the page forgets what it held about the old data (a backup being imported). */
export function ClearDataSection({ onCleared }: { onCleared?(): void }) {
  const services = useServices();
  const { t } = useI18n();
  const { reload } = useSettings();
  const { busy, error, run } = useAction();
  const [step, setStep] = useState<'idle' | 'confirming' | 'cleared'>('idle');

  const backup = () => run(() => exportAndDownload(services, t, 'all', 'json'));
  const clear = () =>
    run(async () => {
      await services.api.clearAll();
      setStep('cleared');
      onCleared?.();
      await reload();
    });

  return (
    <section class="kx-card kx-danger-zone" aria-labelledby="kx-clear-title">
      <h2 id="kx-clear-title">{t('options.clearTitle')}</h2>
      {step === 'confirming' ? (
        <div role="alertdialog" aria-labelledby="kx-clear-question" aria-describedby="kx-clear-warning">
          <p id="kx-clear-question">
            <strong>{t('options.clearQuestion')}</strong>
          </p>
          <p id="kx-clear-warning">{t('options.clearWarning')}</p>
          <div class="kx-toolbar">
            <button type="button" disabled={busy} onClick={backup}>
              {t('options.clearBackupFirst')}
            </button>
            <button type="button" class="kx-danger" disabled={busy} onClick={clear}>
              {t('options.clearConfirm')}
            </button>
            <button type="button" disabled={busy} onClick={() => setStep('idle')}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <>
          {step === 'cleared' && <p role="status">{t('options.cleared')}</p>}
          <p class="kx-hint">{t('options.clearHint')}</p>
          <button type="button" class="kx-danger" onClick={() => setStep('confirming')}>
            {t('options.clearStart')}
          </button>
        </>
      )}
      {error != null && <ErrorBanner error={error} />}
    </section>
  );
}
