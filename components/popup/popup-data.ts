/**
 * What the popup shows and where it comes from: one precomputed summary (utils/db/summary.ts) read from storage.local
 * with the settings, no scan of the catalog and no round trip to the background; only the diagnostic of a blog tab
 * is asked for, after the first render.
 */
import { useEffect, useState } from 'preact/hooks';
import { useServices } from '@/components/context';
import type { Platform } from '@/components/platform';
import type { ReaderApi, SeriesSummary } from '@/utils/db/api';
import type { ArticleRecord, ReadingRecord } from '@/utils/db/model';
import type { PopupSummary } from '@/utils/db/summary';
import { isBlogHost } from '@/utils/site/hosts';

export type Diagnostic = { at: number; url: string; message: string };

export interface PopupData {
  /** In list order: followed first, then by newest article. */
  series: SeriesSummary[];
  continueReading: (ArticleRecord & { reading: ReadingRecord }) | null;
  /** Reading states or follows exist: there is something to export. */
  hasReaderData: boolean;
}

export function fromSummary({ series, continueReading, hasReaderData }: PopupSummary): PopupData {
  return { series, continueReading, hasReaderData };
}

/**
 * The kept summary's series with the values of `next`, in the order the reader is looking at (a follow must not
 * make the row jump away); series that appeared come last, series that are gone leave.
 */
export function keepOrder(shown: SeriesSummary[], next: SeriesSummary[]): SeriesSummary[] {
  const byKey = new Map(next.map((s) => [s.key, s]));
  const kept = shown.flatMap((s) => byKey.get(s.key) ?? []);
  const known = new Set(shown.map((s) => s.key));
  return [...kept, ...next.filter((s) => !known.has(s.key))];
}

/** A page URL as the diagnostics record it, compared without its fragment. */
export function samePage(a: string, b: string): boolean {
  const strip = (url: string) => url.replace(/#.*$/, '');
  return strip(a) === strip(b);
}

/** The newest diagnostic about the active tab's page, when that tab is on the blog. */
async function activeTabDiagnostic(api: ReaderApi, platform: Platform): Promise<Diagnostic | null> {
  const url = await platform.activeTabUrl();
  if (!url || !URL.canParse(url) || !isBlogHost(new URL(url).hostname)) return null;
  return (await api.diagnostics()).find((d) => samePage(d.url, url)) ?? null;
}

/**
 * What the popup shows first: the summary read with the settings (`start`, see Platform.popupStart), or, when none
 * is kept yet (first run), the one the service builds.
 */
export async function loadPopupData(
  api: ReaderApi,
  start: Promise<{ summary: PopupSummary | null }>,
): Promise<PopupData> {
  const kept = await start.then((s) => s.summary).catch(() => null);
  return fromSummary(kept ?? (await api.popupSummary()));
}

/**
 * The popup's data: `initial` (the kept summary the entrypoint already has) in the first render, else `preloaded` or
 * loaded here; then every summary the background keeps while the popup is open (changes made here, in a tab, by sync).
 */
export function usePopupData(initial: PopupData | undefined, preloaded: Promise<PopupData> | undefined) {
  const { api, platform } = useServices();
  const [data, setData] = useState<PopupData | null>(initial ?? null);
  const [diagnostic, setDiagnostic] = useState<Diagnostic | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!initial) (preloaded ?? loadPopupData(api, platform.popupStart())).then(setData, setError);
    // The diagnostic is a hint; failing to get it must not hide the list, and the list does not wait for it.
    activeTabDiagnostic(api, platform).then(setDiagnostic, () => undefined);
  }, [api, platform, initial, preloaded]);

  useEffect(
    () =>
      platform.watchPopupSummary((summary) =>
        setData((d) => ({ ...fromSummary(summary), series: d ? keepOrder(d.series, summary.series) : summary.series })),
      ),
    [platform],
  );
  return { data, setData, diagnostic, error, setError };
}
