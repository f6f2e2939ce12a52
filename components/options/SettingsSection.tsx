/** Renderer, auto-read threshold and dwell, language, theme and sync. Each change is saved at once. */
import { useEffect, useState } from 'preact/hooks';
import type { Settings } from '@/utils/db/model';
import { ErrorBanner, SettingSwitch, useAction } from '@/components/common';
import { useI18n, useServices, useSettings } from '@/components/context';
import type { SyncStatus } from '@/utils/sync/engine';

/** Bounds of the auto-read inputs, in the units the user types (percent, seconds). */
export const THRESHOLD_PERCENT = { min: 50, max: 100 };
export const DWELL_SECONDS = { min: 0, max: 60 };

/** A typed number within bounds, or null. */
export function parseBounded(text: string, bounds: { min: number; max: number }): number | null {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value) || value < bounds.min || value > bounds.max) return null;
  return value;
}

interface NumberSettingProps {
  label: string;
  unit: string;
  bounds: { min: number; max: number };
  step: number;
  value: number;
  disabled: boolean;
  /** The typed text, on change (blur or Enter). */
  onCommit: (text: string) => void;
}

/** A number input with its label and unit; whole steps get the numeric keypad, fractional ones the decimal one. */
function NumberSetting({ label, unit, bounds, step, value, disabled, onCommit }: NumberSettingProps) {
  return (
    <label class="kx-field">
      <span>{label}</span>
      <input
        type="number"
        inputMode={Number.isInteger(step) ? 'numeric' : 'decimal'}
        min={bounds.min}
        max={bounds.max}
        step={step}
        value={value}
        disabled={disabled}
        onChange={(e) => onCommit(e.currentTarget.value)}
      />
      <span>{unit}</span>
    </label>
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

  /** Commits a number input (on change, i.e. on blur or Enter); out-of-range input is explained, not saved. */
  function numberField(
    text: string,
    bounds: { min: number; max: number },
    message: string,
    toSetting: (value: number) => Partial<Settings>,
  ) {
    const value = parseBounded(text, bounds);
    if (value === null) {
      setError(null);
      setInvalid(message);
      return;
    }
    save(toSetting(value));
  }

  return (
    <section class="kx-card" aria-labelledby="kx-settings-title">
      <h2 id="kx-settings-title">{t('options.settingsTitle')}</h2>

      <SettingSwitch
        checked={settings.renderer}
        disabled={busy}
        label={t('settings.renderer')}
        onToggle={(on) => save({ renderer: on })}
      />
      <p class="kx-hint">{t('settings.rendererHint')}</p>

      <fieldset>
        <legend>{t('settings.autoReadTitle')}</legend>
        <NumberSetting
          label={t('settings.threshold')}
          unit="%"
          bounds={THRESHOLD_PERCENT}
          step={1}
          value={Math.round(settings.autoReadThreshold * 100)}
          disabled={busy}
          onCommit={(text) =>
            numberField(
              text,
              THRESHOLD_PERCENT,
              t('settings.thresholdInvalid', [THRESHOLD_PERCENT.min, THRESHOLD_PERCENT.max]),
              (v) => ({ autoReadThreshold: v / 100 }),
            )
          }
        />
        <NumberSetting
          label={t('settings.dwell')}
          unit={t('settings.seconds')}
          bounds={DWELL_SECONDS}
          step={0.5}
          value={settings.autoReadDwellMs / 1000}
          disabled={busy}
          onCommit={(text) =>
            numberField(
              text,
              DWELL_SECONDS,
              t('settings.dwellInvalid', [DWELL_SECONDS.min, DWELL_SECONDS.max]),
              (v) => ({ autoReadDwellMs: Math.round(v * 1000) }),
            )
          }
        />
        <p class="kx-hint">{t('settings.autoReadHint')}</p>
      </fieldset>

      <label class="kx-field">
        <span>{t('settings.language')}</span>
        <select
          value={settings.language}
          disabled={busy}
          onChange={(e) => save({ language: e.currentTarget.value as Settings['language'] })}
        >
          <option value="browser">{t('settings.languageBrowser')}</option>
          <option value="zh-CN">简体中文</option>
          <option value="en">English</option>
        </select>
      </label>

      <label class="kx-field">
        <span>{t('settings.theme')}</span>
        <select
          value={settings.theme}
          disabled={busy}
          onChange={(e) => save({ theme: e.currentTarget.value as Settings['theme'] })}
        >
          <option value="auto">{t('settings.themeAuto')}</option>
          <option value="light">{t('settings.themeLight')}</option>
          <option value="dark">{t('settings.themeDark')}</option>
        </select>
      </label>

      <SettingSwitch
        checked={settings.sync}
        disabled={busy}
        label={t('settings.sync')}
        onToggle={(on) => save({ sync: on })}
      />
      <p class="kx-hint">{t('settings.syncHint')}</p>
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

/** How often the status line asks again while the page is open (the background syncs in its own time). */
const SYNC_STATUS_REFRESH_MS = 5000;

/** What the last sync did: in step, full (local changes stay local), or failing (local data untouched). */
function SyncStatusLine() {
  const { t, lang } = useI18n();
  const { platform } = useServices();
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      void platform.syncStatus().then(
        (next) => live && setStatus(next),
        () => undefined,
      );
    load();
    const timer = setInterval(load, SYNC_STATUS_REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [platform]);
  if (!status || status.kind === 'off') return null;
  const time = (at: number) => new Intl.DateTimeFormat(lang, { timeStyle: 'short' }).format(at);
  const text =
    status.kind === 'syncing'
      ? t('settings.syncSyncing')
      : status.kind === 'ok'
        ? t('settings.syncOk', [time(status.at), status.bytes])
        : status.kind === 'full'
          ? t('settings.syncFull', [status.bytes, status.limit])
          : t('settings.syncError', [status.message]);
  return (
    <p
      class={status.kind === 'ok' || status.kind === 'syncing' ? 'kx-hint' : 'kx-error'}
      role="status"
      data-kx-sync={status.kind}
    >
      {text}
    </p>
  );
}
