/** The auto-read threshold and dwell inputs: typed in percent and seconds, saved as the settings' units. */

import { useI18n, useSettings } from '@/components/context';
import type { Settings } from '@/utils/db/model';

/** Bounds of the auto-read inputs, in the units the user types (percent, seconds). */
export const THRESHOLD_PERCENT = { min: 50, max: 100 };
export const DWELL_SECONDS = { min: 0, max: 60 };

interface Bounds {
  min: number;
  max: number;
}

/** A typed number within bounds, or null. */
export function parseBounded(text: string, bounds: Bounds): number | null {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value) || value < bounds.min || value > bounds.max) return null;
  return value;
}

interface NumberSettingProps {
  label: string;
  unit: string;
  bounds: Bounds;
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

/**
 * `onValid` saves a patch; `onInvalid` explains out-of-range input, which is not saved. Both inputs commit on change
 * (blur or Enter).
 */
export function AutoReadFields({
  disabled,
  onValid,
  onInvalid,
}: {
  disabled: boolean;
  onValid(patch: Partial<Settings>): void;
  onInvalid(message: string): void;
}) {
  const { t } = useI18n();
  const { settings } = useSettings();
  const commit = (text: string, bounds: Bounds, message: string, toSetting: (value: number) => Partial<Settings>) => {
    const value = parseBounded(text, bounds);
    if (value === null) onInvalid(message);
    else onValid(toSetting(value));
  };
  return (
    <fieldset>
      <legend>{t('settings.autoReadTitle')}</legend>
      <NumberSetting
        label={t('settings.threshold')}
        unit="%"
        bounds={THRESHOLD_PERCENT}
        step={1}
        value={Math.round(settings.autoReadThreshold * 100)}
        disabled={disabled}
        onCommit={(text) =>
          commit(
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
        disabled={disabled}
        onCommit={(text) =>
          commit(text, DWELL_SECONDS, t('settings.dwellInvalid', [DWELL_SECONDS.min, DWELL_SECONDS.max]), (v) => ({
            autoReadDwellMs: Math.round(v * 1000),
          }))
        }
      />
      <p class="kx-hint">{t('settings.autoReadHint')}</p>
    </fieldset>
  );
}
