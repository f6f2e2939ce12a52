/**
 * A feature of the content script: one behaviour, the page kinds it runs on, and an init that stops everything it
 * started when the signal aborts (extension reload or update, WXT's context invalidation).
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { ReaderApi } from '@/utils/db/api';
import type { Settings } from '@/utils/db/model';
import type { StateMirror } from '@/utils/reading/state-mirror';
import type { PageReading } from '@/utils/site/types';
import type { RendererChoice } from './page-renderer';
import type { PageText } from './page-text';

export type UnderstoodReading = Exclude<PageReading, { kind: 'not-understood' }>;

export interface FeatureContext<R extends UnderstoodReading = UnderstoodReading> {
  doc: Document;
  reading: R;
  api: ReaderApi;
  settings: Settings;
  /** WXT's context: its timers and listeners die with the content script. */
  ctx: ContentScriptContext;
  signal: AbortSignal;
  /** Reading states as mirrored in storage.local, read while the page was still loading. */
  mirroredStates: StateMirror;
  /** Our UI's language (the one chosen on the options page), live. */
  text: PageText;
  /** The global renderer setting and this page's (a per-page choice wins); `settings.renderer` is this page's. */
  renderer: RendererChoice;
}

export interface Feature<K extends UnderstoodReading['kind'] = UnderstoodReading['kind']> {
  id: string;
  runsOn: readonly K[];
  isEnabled?(settings: Settings): boolean;
  init(context: FeatureContext<Extract<UnderstoodReading, { kind: K }>>): void | Promise<void>;
}

export function defineFeature<K extends UnderstoodReading['kind']>(feature: Feature<K>): Feature<K> {
  return feature;
}

/**
 * A feature as the content script's list holds it, whatever page kinds it runs on: its init takes only the context of
 * those kinds, which runFeatures guarantees by checking `runsOn` first.
 */
export type AnyFeature = Omit<Feature, 'init'> & { init(context: never): void | Promise<void> };

/** Runs the features that apply to the page; one failing feature does not stop the others. */
export async function runFeatures(features: readonly AnyFeature[], context: FeatureContext): Promise<void> {
  const applicable = features.filter(
    (feature) => feature.runsOn.includes(context.reading.kind) && (feature.isEnabled?.(context.settings) ?? true),
  );
  await Promise.all(
    applicable.map(async (feature) => {
      try {
        // The page's kind is one the feature runs on (filtered above), so this is the context its init expects.
        await feature.init(context as never);
      } catch (error) {
        if (context.signal.aborted) return; // the extension was reloaded: nothing left to do
        console.error(`[Kexue Reader] ${feature.id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }),
  );
}
