/**
 * Import a JSON backup: the file is validated first (an invalid one shows what is wrong with it, in the reader's
 * language, and nothing else happens), then a preview of what merge or replace would change; replace needs an explicit
 * confirmation. Applied in one call. Every new file starts from Merge, the choice that loses nothing.
 */
import { useState } from 'preact/hooks';
import { errorMessage, useAction } from '@/components/common';
import { useI18n, useServices, useSettings } from '@/components/context';
import type { ImportPlan, Snapshot } from '@/utils/db/model';
import type { Backup } from '@/utils/export/backup';
import { ImportError, isEmptyPlan, MAX_BACKUP_BYTES, parseBackup, planImport } from '@/utils/export/import';
import type { Translate } from '@/utils/i18n';

type Mode = ImportPlan['mode'];

/** What went wrong, said for the reader: the file's problem, or the database's message when saving failed. */
export function importErrorText(t: Translate, error: unknown): string {
  if (!(error instanceof ImportError)) return t('import.errorApply', [errorMessage(error)]);
  switch (error.problem) {
    case 'tooLarge':
      return t('import.tooLarge', [MAX_BACKUP_BYTES / 1024 / 1024]);
    case 'notText':
    case 'notJson':
      return t('import.errorNotJson');
    case 'notBackup':
      return t('import.errorNotBackup');
    case 'version':
      return t('import.errorVersion');
    case 'damaged':
      return t('import.errorDamaged', [error.where ?? '']);
  }
}

interface Loaded {
  fileName: string;
  backup: Backup;
  current: Snapshot;
}

export function ImportSection() {
  const { api } = useServices();
  const { t, lang } = useI18n();
  const { reload } = useSettings();
  const { busy, error, run, setError } = useAction();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [mode, setMode] = useState<Mode>('merge');
  const [replaceConfirmed, setReplaceConfirmed] = useState(false);
  const [done, setDone] = useState(false);

  const plan = loaded ? planImport(loaded.current, loaded.backup, mode) : null;

  const chooseFile = (file: File | undefined) =>
    run(async () => {
      setLoaded(null);
      setDone(false);
      setMode('merge');
      setReplaceConfirmed(false);
      if (!file) return;
      // Refuse a huge file before reading it into memory (parseBackup checks the text again).
      if (file.size > MAX_BACKUP_BYTES) throw new ImportError('tooLarge', 'The file is too large.');
      const backup = parseBackup(await file.text());
      // Only a valid backup gets as far as the database: the current data is read for the preview.
      const current = await api.getSnapshot();
      setLoaded({ fileName: file.name, backup, current });
    });

  const apply = () =>
    run(async () => {
      if (!plan) return;
      await api.applyImport(plan);
      setLoaded(null);
      setMode('merge');
      setReplaceConfirmed(false);
      setDone(true);
      await reload();
    });

  const exportedAt = loaded ? new Date(loaded.backup.exportedAt) : null;
  const date = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  const nothingToDo = plan !== null && isEmptyPlan(plan);
  const needsConfirmation = plan?.mode === 'replace' && !replaceConfirmed;

  return (
    <section class="kx-card" aria-labelledby="kx-import-title">
      <h2 id="kx-import-title">{t('options.importTitle')}</h2>
      <p class="kx-hint">{t('import.hint')}</p>
      <label class="kx-field">
        <span>{t('import.chooseFile')}</span>
        <input
          type="file"
          accept="application/json,.json"
          disabled={busy}
          onChange={(e) => {
            const input = e.currentTarget;
            void chooseFile(input.files?.[0]).then(() => {
              // Choosing the same file again must fire change again.
              input.value = '';
            });
          }}
        />
      </label>

      {loaded && plan && exportedAt && (
        <div class="kx-import-preview" aria-live="polite">
          <p>
            {t('import.fileInfo', [
              loaded.fileName,
              date.format(exportedAt),
              loaded.backup.data.articles.length,
              loaded.backup.data.reading.filter((r) => r.state !== 'unread').length,
            ])}
          </p>
          <fieldset>
            <legend>{t('import.mode')}</legend>
            <label class="kx-switch">
              <input
                type="radio"
                name="kx-import-mode"
                value="merge"
                checked={mode === 'merge'}
                onChange={() => (setMode('merge'), setReplaceConfirmed(false))}
              />
              <span>{t('import.modeMerge')}</span>
            </label>
            <label class="kx-switch">
              <input
                type="radio"
                name="kx-import-mode"
                value="replace"
                checked={mode === 'replace'}
                onChange={() => setMode('replace')}
              />
              <span>{t('import.modeReplace')}</span>
            </label>
          </fieldset>

          <h3>{t('import.previewTitle')}</h3>
          {nothingToDo ? (
            <p role="status">{t('import.nothing')}</p>
          ) : (
            <ul class="kx-preview" data-kx-import-preview>
              <li>{t('import.previewArticles', [plan.summary.articlesAdded])}</li>
              <li>{t('import.previewStates', [plan.summary.statesChanged])}</li>
              <li>{t('import.previewFollows', [plan.summary.followsAdded])}</li>
              <li>{t('import.previewCorrections', [plan.summary.correctionsAdded])}</li>
              {plan.settings && <li>{t('import.previewSettings')}</li>}
            </ul>
          )}

          {plan.mode === 'replace' && (
            <div role="alert">
              <p class="kx-error">
                {t('import.replaceWarning', [
                  loaded.current.articles.length,
                  loaded.current.reading.filter((r) => r.state !== 'unread').length,
                  loaded.current.follows.length,
                ])}
              </p>
              <label class="kx-switch">
                <input
                  type="checkbox"
                  checked={replaceConfirmed}
                  onChange={(e) => setReplaceConfirmed(e.currentTarget.checked)}
                />
                <span>{t('import.replaceConfirm')}</span>
              </label>
            </div>
          )}

          <div class="kx-toolbar">
            <button
              type="button"
              class="kx-primary"
              disabled={busy || nothingToDo || needsConfirmation}
              onClick={apply}
            >
              {t(mode === 'replace' ? 'import.applyReplace' : 'import.applyMerge')}
            </button>
            <button type="button" disabled={busy} onClick={() => (setLoaded(null), setMode('merge'), setError(null))}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}

      {done && <p role="status">{t('import.done')}</p>}
      {error != null && (
        <p class="kx-error" role="alert">
          {importErrorText(t, error)}
        </p>
      )}
    </section>
  );
}
