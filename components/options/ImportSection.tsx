/**
 * Import a JSON backup: the file is validated first (an invalid one shows what is wrong with it, in the reader's
 * language, and nothing else happens), then a preview of what merge or replace would change; replace needs an explicit
 * confirmation. Applied in one call. Every new file starts from Merge, the choice that loses nothing.
 */
import { useState } from 'preact/hooks';
import { useAction } from '@/components/common';
import { useI18n, useServices, useSettings } from '@/components/context';
import type { ImportPlan, Snapshot } from '@/utils/db/model';
import { errorMessage } from '@/utils/error-message';
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

/** The chosen file, its plan in the chosen mode, and what choosing, applying and cancelling do. */
function useImport() {
  const { api } = useServices();
  const { reload } = useSettings();
  const action = useAction();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [mode, setMode] = useState<Mode>('merge');
  const [replaceConfirmed, setReplaceConfirmed] = useState(false);
  const [done, setDone] = useState(false);
  const plan = loaded ? planImport(loaded.current, loaded.backup, mode) : null;

  const startOver = () => {
    setLoaded(null);
    setMode('merge');
    setReplaceConfirmed(false);
  };
  const chooseFile = (file: File | undefined) =>
    action.run(async () => {
      startOver();
      setDone(false);
      if (!file) return;
      // Refuse a huge file before reading it into memory (parseBackup checks the text again).
      if (file.size > MAX_BACKUP_BYTES) throw new ImportError('tooLarge', 'The file is too large.');
      const backup = parseBackup(await file.text());
      // Only a valid backup gets as far as the database: the current data is read for the preview.
      const current = await api.getSnapshot();
      setLoaded({ fileName: file.name, backup, current });
    });
  const apply = () =>
    action.run(async () => {
      if (!plan) return;
      await api.applyImport(plan);
      startOver();
      setDone(true);
      await reload();
    });
  const chooseMode = (next: Mode) => {
    setMode(next);
    if (next === 'merge') setReplaceConfirmed(false);
  };
  const cancel = () => {
    setLoaded(null);
    setMode('merge');
    action.setError(null);
  };
  return {
    ...action,
    loaded,
    plan,
    mode,
    replaceConfirmed,
    done,
    chooseFile,
    apply,
    chooseMode,
    setReplaceConfirmed,
    cancel,
  };
}

export function ImportSection() {
  const { t } = useI18n();
  const state = useImport();
  const { busy, error, loaded, plan } = state;
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
            void state.chooseFile(input.files?.[0]).then(() => {
              // Choosing the same file again must fire change again.
              input.value = '';
            });
          }}
        />
      </label>
      {loaded && plan && <ImportPreview loaded={loaded} plan={plan} state={state} />}
      {state.done && <p role="status">{t('import.done')}</p>}
      {error != null && (
        <p class="kx-error" role="alert">
          {importErrorText(t, error)}
        </p>
      )}
    </section>
  );
}

/** One of the two import modes, chosen through the import's state. */
function ModeChoice({ value, label, state }: { value: Mode; label: string; state: ReturnType<typeof useImport> }) {
  return (
    <label class="kx-switch">
      <input
        type="radio"
        name="kx-import-mode"
        value={value}
        checked={state.mode === value}
        onChange={() => state.chooseMode(value)}
      />
      <span>{label}</span>
    </label>
  );
}

const kept = (snapshot: Pick<Snapshot, 'reading'>) => snapshot.reading.filter((r) => r.state !== 'unread').length;

/** What the file holds, the mode, what it would change, and for Replace, what would be lost and its confirmation. */
function ImportPreview({
  loaded,
  plan,
  state,
}: {
  loaded: Loaded;
  plan: ImportPlan;
  state: ReturnType<typeof useImport>;
}) {
  const { t, lang } = useI18n();
  const { mode, busy } = state;
  const date = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  const { articles } = loaded.backup.data;
  const nothingToDo = isEmptyPlan(plan);
  return (
    <div class="kx-import-preview" aria-live="polite">
      <p>
        {t('import.fileInfo', [
          loaded.fileName,
          date.format(new Date(loaded.backup.exportedAt)),
          articles.length,
          kept(loaded.backup.data),
        ])}
      </p>
      <fieldset>
        <legend>{t('import.mode')}</legend>
        <ModeChoice value="merge" label={t('import.modeMerge')} state={state} />
        <ModeChoice value="replace" label={t('import.modeReplace')} state={state} />
      </fieldset>
      <h3>{t('import.previewTitle')}</h3>
      {nothingToDo ? <p role="status">{t('import.nothing')}</p> : <PlanSummary plan={plan} />}
      {plan.mode === 'replace' && <ReplaceWarning current={loaded.current} state={state} />}
      <div class="kx-toolbar">
        <button
          type="button"
          class="kx-primary"
          disabled={busy || nothingToDo || (plan.mode === 'replace' && !state.replaceConfirmed)}
          onClick={state.apply}
        >
          {t(mode === 'replace' ? 'import.applyReplace' : 'import.applyMerge')}
        </button>
        <button type="button" disabled={busy} onClick={state.cancel}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}

function PlanSummary({ plan }: { plan: ImportPlan }) {
  const { t } = useI18n();
  return (
    <ul class="kx-preview" data-kx-import-preview>
      <li>{t('import.previewArticles', [plan.summary.articlesAdded])}</li>
      <li>{t('import.previewStates', [plan.summary.statesChanged])}</li>
      <li>{t('import.previewFollows', [plan.summary.followsAdded])}</li>
      <li>{t('import.previewCorrections', [plan.summary.correctionsAdded])}</li>
      {plan.settings && <li>{t('import.previewSettings')}</li>}
    </ul>
  );
}

function ReplaceWarning({ current, state }: { current: Snapshot; state: ReturnType<typeof useImport> }) {
  const { t } = useI18n();
  return (
    <div role="alert">
      <p class="kx-error">
        {t('import.replaceWarning', [current.articles.length, kept(current), current.follows.length])}
      </p>
      <label class="kx-switch">
        <input
          type="checkbox"
          checked={state.replaceConfirmed}
          onChange={(e) => state.setReplaceConfirmed(e.currentTarget.checked)}
        />
        <span>{t('import.replaceConfirm')}</span>
      </label>
    </div>
  );
}
