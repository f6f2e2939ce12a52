/** Small pieces shared by the popup and the options page. */
import type { ComponentChildren } from 'preact';
import { useCallback, useState } from 'preact/hooks';
import type { ArticleRecord, ReadingRecord } from '@/utils/db/model';
import type { Translate } from '@/utils/i18n';
import { useI18n, useServices } from './context';
import { articleUrl } from './urls';

/** The message of a rejected api call (the service's messages are meant for the user). */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

export function ErrorBanner({ error }: { error: unknown }) {
  const { t } = useI18n();
  return (
    <p class="kx-error" role="alert">
      {t('common.error', [errorMessage(error)])}
    </p>
  );
}

/** A real link (keyboard, middle click, copy link) that opens in a new tab through the platform. */
export function ExternalLink({
  href,
  children,
  class: className,
}: {
  href: string;
  children: ComponentChildren;
  class?: string;
}) {
  const { platform } = useServices();
  return (
    <a
      class={className}
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      onClick={(event) => {
        // Plain clicks go through the platform (a popup can't navigate itself); modified clicks keep the browser's way.
        if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        platform.openTab(href);
      }}
    >
      {children}
    </a>
  );
}

export function ArticleLink({ article }: { article: Pick<ArticleRecord, 'id' | 'title'> }) {
  return <ExternalLink href={articleUrl(article.id)}>{article.title || article.id}</ExternalLink>;
}

/** Read and in-progress shares of a series as one bar; the numbers are in the accessible name. */
export function ProgressBar({
  read,
  reading,
  total,
  label,
}: {
  read: number;
  reading: number;
  total: number;
  label: string;
}) {
  const share = (n: number) => (total > 0 ? `${(100 * n) / total}%` : '0%');
  return (
    <div
      class="kx-progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={read}
      aria-valuetext={label}
    >
      <span class="kx-progress-read" style={{ width: share(read) }} />
      <span class="kx-progress-reading" style={{ width: share(reading) }} />
    </div>
  );
}

export function progressLabel(t: Translate, read: number, reading: number, total: number): string {
  const base = t('common.readOfTotal', [read, total]);
  return reading > 0 ? `${base} · ${t('common.inProgressCount', [reading])}` : base;
}

export function stateLabel(t: Translate, reading: ReadingRecord | null): string {
  if (!reading || reading.state === 'unread') return t('common.stateUnread');
  if (reading.state === 'read') return t('common.stateRead');
  return t('common.stateReading', [Math.round(reading.progress * 100)]);
}

/** A part number as the series shows it: `3`, `3上`. */
export function partLabel(article: Pick<ArticleRecord, 'part' | 'subpart'>): string {
  if (article.part == null) return '';
  return `${article.part}${article.subpart ?? ''}`;
}

/**
 * Runs user actions one at a time, keeping the last error to show (cleared by the next success). `run` and `setError`
 * keep their identity across renders (biome.jsonc tells the hooks rule so): effects need not list them.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async (action: () => Promise<void>): Promise<boolean> => {
    setBusy(true);
    try {
      await action();
      setError(null);
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, setError };
}

/** A checkbox for a boolean setting: it keeps showing the saved value until the change has been saved. */
export function SettingSwitch({
  checked,
  disabled,
  label,
  onToggle,
}: {
  checked: boolean;
  disabled: boolean;
  label: string;
  onToggle(on: boolean): void;
}) {
  return (
    <label class="kx-switch">
      <input
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(e) => {
          const on = e.currentTarget.checked;
          e.currentTarget.checked = checked;
          onToggle(on);
        }}
      />
      <span>{label}</span>
    </label>
  );
}
