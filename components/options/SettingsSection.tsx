/** Renderer, auto-read threshold and dwell, language, theme and sync. Each change is saved at once. */
import { useState } from 'preact/hooks';
import { ErrorBanner, SettingSwitch, useAction } from '@/components/common';
import { useI18n, useSettings } from '@/components/context';
import type { Settings } from '@/utils/db/model';
import { AutoReadFields } from './AutoReadFields';
import { SyncStatusLine } from './SyncStatusLine';

/** A labelled choice among fixed values, saved on change. */
function SettingSelect<V extends string>({
  label,
  value,
  choices,
  disabled,
  onChoose,
}: {
  label: string;
  value: V;
  choices: [V, string][];
  disabled: boolean;
  onChoose(value: V): void;
}) {
  return (
    <label class="kx-field">
      <span>{label}</span>
      <select value={value} disabled={disabled} onChange={(e) => onChoose(e.currentTarget.value as V)}>
        {choices.map(([choice, text]) => (
          <option key={choice} value={choice}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A switch for an on/off setting, with its hint below. */
function BooleanSetting({
  name,
  label,
  hint,
  busy,
  save,
}: {
  name: 'renderer' | 'sync';
  label: string;
  hint: string;
  busy: boolean;
  save(patch: Partial<Settings>): void;
}) {
  const { settings } = useSettings();
  return (
    <>
      <SettingSwitch checked={settings[name]} disabled={busy} label={label} onToggle={(on) => save({ [name]: on })} />
      <p class="kx-hint">{hint}</p>
    </>
  );
}

export function SettingsSection() {
  const { t } = useI18n();
  const { settings, update } = useSettings();
  const { busy, error, run, setError } = useAction();
  const [invalid, setInvalid] = useState<string | null>(null);

  const save = (patch: Partial<Settings>) => {
    setInvalid(null);
    void run(() => update(patch));
  };
  const explain = (message: string) => {
    setError(null);
    setInvalid(message);
  };

  return (
    <section class="kx-card" aria-labelledby="kx-settings-title">
      <h2 id="kx-settings-title">{t('options.settingsTitle')}</h2>
      <BooleanSetting
        name="renderer"
        label={t('settings.renderer')}
        hint={t('settings.rendererHint')}
        busy={busy}
        save={save}
      />
      <AutoReadFields disabled={busy} onValid={save} onInvalid={explain} />
      <SettingSelect
        label={t('settings.language')}
        value={settings.language}
        choices={[
          ['browser', t('settings.languageBrowser')],
          ['zh-CN', '简体中文'],
          ['en', 'English'],
        ]}
        disabled={busy}
        onChoose={(language) => save({ language })}
      />
      <SettingSelect
        label={t('settings.theme')}
        value={settings.theme}
        choices={[
          ['auto', t('settings.themeAuto')],
          ['light', t('settings.themeLight')],
          ['dark', t('settings.themeDark')],
        ]}
        disabled={busy}
        onChoose={(theme) => save({ theme })}
      />
      <BooleanSetting name="sync" label={t('settings.sync')} hint={t('settings.syncHint')} busy={busy} save={save} />
      {settings.sync && <SyncStatusLine />}
      {invalid && (
        <p class="kx-error" role="alert">
          {invalid}
        </p>
      )}
      {error != null && <ErrorBanner error={error} />}
    </section>
  );
}
